#include "JobQueue.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>

namespace cx::ingest {

using storage::toError;

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::ingest::JobQueue", text); // lupdate's context for this file
}

constexpr const char* kColumns
    = "id, kind, dedupe_key, account_id, conversation_id, message_id, payload, state, "
      "attempts, last_error, created_ms";

Job readJob(const QSqlQuery& q)
{
    Job j;
    j.id = q.value(0).toLongLong();
    j.kind = jobKindFromName(q.value(1).toString()).value_or(Job::Kind::Draft);
    j.dedupeKey = q.value(2).toString();
    j.accountId = q.value(3).toLongLong();
    j.conversationId = q.value(4).toLongLong();
    j.messageId = q.value(5).toLongLong();
    j.payload = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    j.state = q.value(7).toString();
    j.attempts = q.value(8).toInt();
    j.lastError = q.value(9).toString();
    j.createdMs = q.value(10).toLongLong();
    return j;
}

QString columns()
{
    return QString::fromLatin1(kColumns);
}
} // namespace

QString jobKindName(Job::Kind kind)
{
    switch (kind) {
    case Job::Kind::Draft:
        return QStringLiteral("draft");
    case Job::Kind::AgentReplied:
        return QStringLiteral("agent_replied");
    case Job::Kind::CloseDrafts:
        return QStringLiteral("close_drafts");
    case Job::Kind::CheckConversation:
        return QStringLiteral("check_conversation");
    }
    return QStringLiteral("draft");
}

std::optional<Job::Kind> jobKindFromName(const QString& name)
{
    for (Job::Kind k :
        { Job::Kind::Draft, Job::Kind::AgentReplied, Job::Kind::CloseDrafts, Job::Kind::CheckConversation })
        if (jobKindName(k) == name)
            return k;
    return std::nullopt;
}

JobQueue::JobQueue(storage::Database& db)
    : m_db(db)
{
}

Result<qint64> JobQueue::enqueue(QSqlDatabase& connection, const Job& job)
{
    const qint64 now = Clock::nowMSecs();
    QSqlQuery q(connection);
    q.prepare(
        QStringLiteral("INSERT INTO service_jobs (kind, dedupe_key, account_id, conversation_id, "
                       "message_id, payload, state, attempts, run_after_ms, created_ms) "
                       "VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING"));
    q.addBindValue(jobKindName(job.kind));
    q.addBindValue(job.dedupeKey);
    q.addBindValue(job.accountId);
    q.addBindValue(job.conversationId);
    q.addBindValue(job.messageId);
    q.addBindValue(QString::fromUtf8(QJsonDocument(job.payload).toJson(QJsonDocument::Compact)));
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return toError(q, tr("adding a job"));
    // The id of the row holding the key, new or old (RETURNING gives nothing on conflict).
    QSqlQuery id(connection);
    id.prepare(QStringLiteral("SELECT id FROM service_jobs WHERE dedupe_key = ?"));
    id.addBindValue(job.dedupeKey);
    if (!id.exec() || !id.next())
        return toError(id, tr("reading a job's id"));
    return id.value(0).toLongLong();
}

Result<qint64> JobQueue::enqueue(const Job& job)
{
    QSqlDatabase c = m_db.connection();
    return enqueue(c, job);
}

Result<qint64> JobQueue::enqueueAgain(const Job& job)
{
    QSqlDatabase c = m_db.connection();
    auto id = enqueue(c, job);
    if (!id)
        return id;
    QSqlQuery q(c);
    q.prepare(QStringLiteral("UPDATE service_jobs SET state = 'queued', attempts = 0, run_after_ms = ?, "
                             "finished_ms = NULL, last_error = NULL WHERE id = ? AND state = 'done'"));
    q.addBindValue(Clock::nowMSecs());
    q.addBindValue(id.value());
    if (!q.exec())
        return toError(q, tr("re-queueing a job"));
    return id;
}

Result<std::optional<Job>> JobQueue::claim(const QString& owner, qint64 leaseMs)
{
    const qint64 now = Clock::nowMSecs();
    // PostgreSQL: SKIP LOCKED lets concurrent claimers pass over a row another transaction is taking, so two
    // instances never get the same job and neither waits. SQLite has no row locks: the statement is atomic
    // and one instance is supported.
    const QString lock = m_db.dialect() == storage::Dialect::Postgres
        ? QStringLiteral(" FOR UPDATE SKIP LOCKED")
        : QString();
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE service_jobs SET state = 'running', lease_owner = ?, lease_until_ms = ?, "
                       "attempts = attempts + 1 WHERE id = (SELECT id FROM service_jobs WHERE "
                       "(state = 'queued' AND run_after_ms <= ?) OR (state = 'running' AND "
                       "lease_until_ms < ?) ORDER BY run_after_ms, id LIMIT 1")
        + lock + QStringLiteral(") RETURNING ") + columns());
    q.addBindValue(owner);
    q.addBindValue(now + leaseMs);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return toError(q, tr("claiming a job"));
    if (!q.next())
        return std::optional<Job> {};
    return std::optional<Job> { readJob(q) };
}

Status JobQueue::renew(qint64 id, const QString& owner, qint64 leaseMs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE service_jobs SET lease_until_ms = ? WHERE id = ? AND state = 'running' "
                             "AND lease_owner = ?"));
    q.addBindValue(Clock::nowMSecs() + leaseMs);
    q.addBindValue(id);
    q.addBindValue(owner);
    if (!q.exec())
        return toError(q, tr("renewing a lease"));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::NotFound, tr("job %1 is no longer leased to %2").arg(id).arg(owner));
    return Ok {};
}

Status JobQueue::complete(qint64 id, const QString& owner)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE service_jobs SET state = 'done', lease_owner = NULL, lease_until_ms = NULL, "
                       "finished_ms = ?, last_error = NULL WHERE id = ? AND state = 'running' AND "
                       "lease_owner = ?"));
    q.addBindValue(Clock::nowMSecs());
    q.addBindValue(id);
    q.addBindValue(owner);
    if (!q.exec())
        return toError(q, tr("completing a job"));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict, tr("job %1 is no longer leased to %2").arg(id).arg(owner));
    return Ok {};
}

Result<bool> JobQueue::fail(
    qint64 id, const QString& owner, const QString& reason, int maxAttempts, qint64 backoffMs)
{
    QSqlQuery q(m_db.connection());
    const qint64 now = Clock::nowMSecs();
    q.prepare(QStringLiteral(
        "UPDATE service_jobs SET state = CASE WHEN attempts >= ? THEN 'parked' ELSE "
        "'queued' END, run_after_ms = ?, lease_owner = NULL, lease_until_ms = NULL, "
        "last_error = ?, finished_ms = CASE WHEN attempts >= ? THEN CAST(? AS BIGINT) ELSE NULL END "
        "WHERE id = ? AND state = 'running' AND lease_owner = ? RETURNING state"));
    q.addBindValue(maxAttempts);
    q.addBindValue(now + backoffMs);
    q.addBindValue(reason);
    q.addBindValue(maxAttempts);
    q.addBindValue(now);
    q.addBindValue(id);
    q.addBindValue(owner);
    if (!q.exec())
        return toError(q, tr("recording a failed job"));
    if (!q.next())
        return makeError(ErrorKind::Conflict, tr("job %1 is no longer leased to %2").arg(id).arg(owner));
    return q.value(0).toString() == QLatin1String("parked");
}

Status JobQueue::release(qint64 id, const QString& owner)
{
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE service_jobs SET state = 'queued', lease_owner = NULL, lease_until_ms = NULL, "
                       "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, run_after_ms = ? "
                       "WHERE id = ? AND state = 'running' AND lease_owner = ?"));
    q.addBindValue(Clock::nowMSecs());
    q.addBindValue(id);
    q.addBindValue(owner);
    if (!q.exec())
        return toError(q, tr("releasing a job"));
    return Ok {};
}

Status JobQueue::retry(qint64 id)
{
    auto job = get(id);
    if (!job)
        return job.error();
    if (job->state == QLatin1String("running") || job->state == QLatin1String("done"))
        return makeError(ErrorKind::Conflict,
            tr("job %1 is %2; only parked or queued jobs can be retried").arg(id).arg(job->state));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE service_jobs SET state = 'queued', attempts = 0, run_after_ms = ?, "
                             "finished_ms = NULL WHERE id = ? AND state IN ('parked', 'queued')"));
    q.addBindValue(Clock::nowMSecs());
    q.addBindValue(id);
    if (!q.exec())
        return toError(q, tr("re-queueing a job"));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict, tr("job %1 changed meanwhile; try again").arg(id));
    return Ok {};
}

Result<Job> JobQueue::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + columns() + QStringLiteral(" FROM service_jobs WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return toError(q, tr("reading a job"));
    if (!q.next())
        return makeError(ErrorKind::NotFound, tr("no job with id %1").arg(id), QStringLiteral("ID"));
    return readJob(q);
}

Result<JobQueue::Counts> JobQueue::counts()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT state, COUNT(*) FROM service_jobs GROUP BY state")))
        return toError(q, tr("counting jobs"));
    Counts c;
    while (q.next()) {
        const QString s = q.value(0).toString();
        const int n = q.value(1).toInt();
        if (s == QLatin1String("queued"))
            c.queued = n;
        else if (s == QLatin1String("running"))
            c.running = n;
        else if (s == QLatin1String("done"))
            c.done = n;
        else if (s == QLatin1String("parked"))
            c.parked = n;
    }
    return c;
}

Result<QList<Job>> JobQueue::parked(int limit)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + columns()
        + QStringLiteral(" FROM service_jobs WHERE state = 'parked' ORDER BY id LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return toError(q, tr("listing parked jobs"));
    QList<Job> jobs;
    while (q.next())
        jobs.append(readJob(q));
    return jobs;
}

Result<qint64> JobQueue::oldestDueAgeMs()
{
    const qint64 now = Clock::nowMSecs();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "SELECT MIN(run_after_ms) FROM service_jobs WHERE state = 'queued' AND run_after_ms <= ?"));
    q.addBindValue(now);
    if (!q.exec() || !q.next())
        return toError(q, tr("reading the queue's lag"));
    if (q.value(0).isNull())
        return qint64 { 0 };
    return qMax<qint64>(0, now - q.value(0).toLongLong());
}

qint64 JobQueue::backoffMs(int attempt, qint64 baseMs, qint64 maxMs)
{
    qint64 delay = baseMs;
    for (int i = 1; i < attempt && delay < maxMs; ++i)
        delay *= 2;
    return qMin(delay, maxMs);
}

} // namespace cx::ingest
