#pragma once

#include "foundation/Result.h"

#include <QDateTime>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// Retention of the service's history: webhook_deliveries and service_jobs would otherwise grow by one row
// per delivery and per job forever. Only finished history goes: a delivery received before the cutoff whose
// job is done (or that made no job), then a done job finished before the cutoff that no delivery refers to
// any more. Parked, queued and running jobs, and their deliveries, are never deleted (parked jobs wait for
// `cxpilotd retry`). A delivery replayed after its row is gone is recorded and queued again; the drafts'
// unique key (one draft per customer message) still keeps it to one draft and one note. On PostgreSQL the
// cxpilot_service login may delete exactly these rows (migration 0008's restrictive policies).
class ServiceRetention final {
public:
    struct Pruned {
        qint64 deliveries = 0;
        qint64 jobs = 0;
    };

    explicit ServiceRetention(storage::Database& db);

    // Deletes in transactions of at most `batch` rows each, so a SQLite write lock is never held for long
    // (the intake's acknowledgements wait for it).
    Result<Pruned> prune(const QDateTime& cutoff, int batch = 500);

private:
    storage::Database& m_db;
};

} // namespace cx::ingest
