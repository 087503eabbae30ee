#include "ServiceRetention.h"

#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace cx::ingest {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::ingest::ServiceRetention", text); // lupdate's context
}

// One batch in its own transaction; the number of rows deleted.
Result<qint64> deleteBatch(
    storage::Database& db, const QString& sql, const QVariant& cutoff, int batch, const QString& what)
{
    qint64 deleted = 0;
    Status st = db.transaction([&](QSqlDatabase& c) -> Status {
        QSqlQuery q(c);
        q.prepare(sql);
        q.addBindValue(cutoff);
        q.addBindValue(batch);
        if (!q.exec())
            return storage::toError(q, what);
        deleted = q.numRowsAffected();
        return Ok {};
    });
    if (!st)
        return st.error();
    return deleted;
}
} // namespace

ServiceRetention::ServiceRetention(storage::Database& db)
    : m_db(db)
{
}

Result<ServiceRetention::Pruned> ServiceRetention::prune(const QDateTime& cutoff, int batch)
{
    // A delivery whose job row is missing (deleted by an earlier prune while a late duplicate of the same
    // message was being recorded) is finished history too.
    const QString deliveries = QStringLiteral(
        "DELETE FROM webhook_deliveries WHERE delivery_id IN (SELECT d.delivery_id FROM webhook_deliveries d "
        "LEFT JOIN service_jobs j ON j.id = d.job_id WHERE d.received_at < ? AND (d.job_id IS NULL OR "
        "j.id IS NULL OR j.state = 'done') LIMIT ?)");
    // state = 'done' outside the sub-select too: PostgreSQL re-checks it on a row re-queued meanwhile
    // (JobQueue::enqueueAgain), so such a job is kept.
    const QString jobs = QStringLiteral(
        "DELETE FROM service_jobs WHERE state = 'done' AND id IN (SELECT j.id FROM service_jobs j WHERE "
        "j.state = 'done' AND j.finished_ms < ? AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE "
        "d.job_id = j.id) LIMIT ?)");
    Pruned pruned;
    for (;;) {
        auto n = deleteBatch(m_db, deliveries, storage::toSqlTime(cutoff, m_db.dialect()), batch,
            tr("pruning webhook deliveries"));
        if (!n)
            return n.error();
        pruned.deliveries += n.value();
        if (n.value() < batch)
            break;
    }
    for (;;) {
        auto n = deleteBatch(m_db, jobs, cutoff.toMSecsSinceEpoch(), batch, tr("pruning finished jobs"));
        if (!n)
            return n.error();
        pruned.jobs += n.value();
        if (n.value() < batch)
            break;
    }
    return pruned;
}

} // namespace cx::ingest
