#pragma once

#include "foundation/Result.h"

#include <QString>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// State shared by every service instance (service_state, service_instances). Synchronous.
class ServiceState final {
public:
    explicit ServiceState(storage::Database& db);

    // The time (Unix ms) the last catch-up sweep started that completed; 0 when there was none.
    Result<qint64> lastSweepMs();
    // Moves it forward only (two instances sweeping never move it back).
    Status setLastSweepMs(qint64 ms);

    // This instance is alive (desktops: "a service has been seen recently").
    Status heartbeat(const QString& instanceId, const QString& host, qint64 startedMs);
    // The newest heartbeat of any instance (Unix ms), 0 when none.
    Result<qint64> lastHeartbeatMs();

private:
    storage::Database& m_db;
};

} // namespace cx::ingest
