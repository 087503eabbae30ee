#pragma once

#include "foundation/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// One unit of the service's work (table service_jobs, migration 0007).
struct Job {
    enum class Kind { Draft, AgentReplied, CloseDrafts, CheckConversation };
    qint64 id = 0;
    Kind kind = Kind::Draft;
    QString dedupeKey; // one job per key: two deliveries of one customer message are one job
    qint64 accountId = 0;
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QJsonObject payload;
    QString state; // queued, running, done, parked
    int attempts = 0;
    QString lastError;
    qint64 createdMs = 0;
};

QString jobKindName(Job::Kind kind);
std::optional<Job::Kind> jobKindFromName(const QString& name);

// The durable job queue. Synchronous: call it on a database worker thread or inside a transaction.
// PostgreSQL: any number of workers claim with SELECT ... FOR UPDATE SKIP LOCKED and hold a lease; a worker
// that dies loses its lease when lease_until passes and another claims the job again. SQLite: one instance
// (the write lock of BEGIN IMMEDIATE serialises claims).
class JobQueue final {
public:
    struct Counts {
        int queued = 0;
        int running = 0;
        int done = 0;
        int parked = 0;
    };

    explicit JobQueue(storage::Database& db);

    // Adds a job on `connection` (pass the transaction's, so the job lands with its delivery). Returns the
    // job's id: the new one, or that of the job already holding the key (nothing is added then).
    static Result<qint64> enqueue(QSqlDatabase& connection, const Job& job);
    Result<qint64> enqueue(const Job& job);
    // Like enqueue, but a job with the key that is already done is queued again (attempts reset): a
    // conversation reopened after its draft was closed needs the same customer message drafted again.
    Result<qint64> enqueueAgain(const Job& job);

    // Leases the next due job (queued and due, or running with an expired lease) to `owner` until now +
    // leaseMs, counting the attempt. Empty when nothing is due.
    Result<std::optional<Job>> claim(const QString& owner, qint64 leaseMs);
    // Extends the lease of a job this owner still holds. NotFound when the lease was lost.
    Status renew(qint64 id, const QString& owner, qint64 leaseMs);
    // running -> done (only by the lease holder).
    Status complete(qint64 id, const QString& owner);
    // A failed attempt: queued again after backoffMs, or parked with the reason once attempts reach
    // maxAttempts. Returns true when parked.
    Result<bool> fail(
        qint64 id, const QString& owner, const QString& reason, int maxAttempts, qint64 backoffMs);
    // Gives a leased job back untouched (shutdown): queued at once, the attempt not counted.
    Status release(qint64 id, const QString& owner);
    // parked (or queued) -> queued now, attempts reset. NotFound for an unknown id, Conflict when the job is
    // running or done.
    Status retry(qint64 id);

    Result<Job> get(qint64 id);
    Result<Counts> counts();
    Result<QList<Job>> parked(int limit = 100);
    // Milliseconds the oldest due job has waited (0 when none): the queue's lag.
    Result<qint64> oldestDueAgeMs();

    // Exponential backoff for attempt n (1-based): base * 2^(n-1), at most maxMs.
    static qint64 backoffMs(int attempt, qint64 baseMs = 2000, qint64 maxMs = 300000);

private:
    storage::Database& m_db;
};

} // namespace cx::ingest
