#include "ServiceState.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"

#include <QSqlQuery>

namespace cx::ingest {

using storage::toError;

ServiceState::ServiceState(storage::Database& db)
    : m_db(db)
{
}

Result<qint64> ServiceState::lastSweepMs()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT value FROM service_state WHERE key = 'last_sweep_ms'")))
        return toError(q);
    return q.next() ? q.value(0).toString().toLongLong() : qint64 { 0 };
}

Status ServiceState::setLastSweepMs(qint64 ms)
{
    QSqlQuery q(m_db.connection());
    // The comparison is numeric on both dialects (the value is a decimal text).
    q.prepare(QStringLiteral(
        "INSERT INTO service_state (key, value, updated_ms) VALUES ('last_sweep_ms', ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_ms = excluded.updated_ms "
        "WHERE CAST(service_state.value AS BIGINT) < CAST(excluded.value AS BIGINT)"));
    q.addBindValue(QString::number(ms));
    q.addBindValue(Clock::nowMSecs());
    if (!q.exec())
        return toError(q);
    return Ok {};
}

Status ServiceState::heartbeat(const QString& instanceId, const QString& host, qint64 startedMs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("INSERT INTO service_instances (instance_id, host, started_ms, seen_ms) VALUES "
                       "(?, ?, ?, ?) ON CONFLICT (instance_id) DO UPDATE SET seen_ms = excluded.seen_ms"));
    q.addBindValue(instanceId);
    q.addBindValue(host);
    q.addBindValue(startedMs);
    q.addBindValue(Clock::nowMSecs());
    if (!q.exec())
        return toError(q);
    return Ok {};
}

Result<qint64> ServiceState::lastHeartbeatMs()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT MAX(seen_ms) FROM service_instances")) || !q.next())
        return toError(q);
    return q.value(0).isNull() ? qint64 { 0 } : q.value(0).toLongLong();
}

} // namespace cx::ingest
