#pragma once

#include "foundation/Result.h"

class QSqlError;
class QSqlQuery;

namespace cx::storage {

// Maps a driver error to a typed cx::Error. A guard trigger's "cx_guard(<field>): reason" becomes
// ErrorKind::Conflict with field = <field>. A CHECK violation on a constraint named ck_<column> becomes
// ErrorKind::Invalid with field = <column>; unique violations become Conflict; a lost connection Unavailable.
Error toError(const QSqlError& error, const QString& context = {});
Error toError(const QSqlQuery& query, const QString& context = {});

// True for "the server went away / cannot be reached" errors (worth queueing and retrying later).
bool isConnectionError(const QSqlError& error);

} // namespace cx::storage
