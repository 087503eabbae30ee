#pragma once

#include "foundation/Result.h"
#include "storage/DatabaseUrl.h"

#include <QSqlDatabase>

namespace cx::storage {

// Applies the versioned migrations shipped under :/sql/<dialect>/NNNN_name.sql, in order, each in its own
// transaction, recording them in schema_version. Re-running is a no-op. Concurrent migrators on PostgreSQL
// serialise on an advisory lock; on SQLite on BEGIN IMMEDIATE.
class Migrator final {
public:
    struct Migration {
        int version;
        QString name;
        QString path;
    };

    static QList<Migration> available(Dialect dialect);
    static int latestVersion(Dialect dialect);
    // Returns the schema version after migrating.
    static Result<int> migrate(QSqlDatabase& db, Dialect dialect);
    static Result<int> currentVersion(QSqlDatabase& db);
};

} // namespace cx::storage
