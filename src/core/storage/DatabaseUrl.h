#pragma once

#include "foundation/Result.h"

#include <QString>

namespace cx::storage {

enum class Dialect { Sqlite, Postgres };

// sqlite:///absolute/path.db, sqlite://relative.db, sqlite::memory: or
// postgresql://user:password@host:port/database (postgres:// accepted).
struct DatabaseUrl {
    Dialect dialect = Dialect::Sqlite;
    QString path; // SQLite file
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;

    static Result<DatabaseUrl> parse(const QString& text);
    // For logs and the UI: the password is never shown.
    QString redacted() const;
    QString driverName() const;
};

} // namespace cx::storage
