#pragma once

#include <QDateTime>
#include <QVariant>

namespace cx::storage {

enum class Dialect;

// Times go to the database as UTC: ISO-8601 text with milliseconds and 'Z' on SQLite (sorts and works with
// date()), timestamptz on PostgreSQL. A null QDateTime becomes SQL NULL.
QVariant toSqlTime(const QDateTime& time, Dialect dialect);
QDateTime fromSqlTime(const QVariant& value);

} // namespace cx::storage
