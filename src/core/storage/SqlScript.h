#pragma once

#include <QString>
#include <QStringList>

namespace cx::storage {

// Splits an SQL script into statements at top-level semicolons: not inside quotes, comments,
// dollar-quoted bodies ($$ ... $$, $tag$ ... $tag$) or a CREATE TRIGGER's BEGIN ... END block (SQLite).
QStringList splitSqlScript(const QString& script);

} // namespace cx::storage
