#pragma once

#include "foundation/Result.h"
#include "storage/DatabaseUrl.h"

#include <QSet>
#include <QSqlDatabase>

namespace cx::storage {

// Applies the versioned migrations shipped under :/sql/<dialect>/NNNN_name.sql, in order, each in its own
// transaction, recording them in schema_version. Every migration not recorded there is applied (also one
// numbered below the highest applied). Re-running is a no-op. Concurrent migrators on PostgreSQL
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
    // The highest applied version (0 on an empty database), and the set of all applied ones.
    static Result<int> currentVersion(QSqlDatabase& db);
    static Result<QSet<int>> appliedVersions(QSqlDatabase& db);
};

} // namespace cx::storage
