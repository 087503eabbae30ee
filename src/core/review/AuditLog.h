#pragma once

#include "foundation/Result.h"
#include "review/AuditChain.h"

#include <QJsonObject>

#include <functional>

namespace cx::storage {
class Database;
}

namespace cx::review {

// The append-only audit log in the database, as a hash chain (review/AuditChain.h). append() must run inside
// the transaction that makes the change it records, so a change and its audit entry land together or not at
// all. Appenders serialise (PostgreSQL advisory transaction lock; SQLite's write lock), so seq has no gaps
// and each entry links to the one before.
class AuditLog final {
public:
    explicit AuditLog(storage::Database& db);

    struct Change {
        QString actor;
        QString action; // e.g. "draft.approved"
        QString entityType; // "draft", "outbox", ...
        QString entityId;
        QString fromState;
        QString toState;
        QJsonObject details; // grades, the final text's hash, ...
    };
    Result<AuditEntry> append(const Change& change);

    // The whole log in memory: for small logs and tests. verify() and exportJsonl() stream instead.
    Result<QList<AuditEntry>> readAll();
    // Calls visit for every entry in seq order until it returns false. Reads `batch` rows per query (keyset
    // pagination on seq), so memory is bounded by one batch whatever the log's size, on both dialects.
    Status forEach(const std::function<bool(const AuditEntry&)>& visit, int batch = 2000);
    // Streams the log through a ChainVerifier (memory bounded by one batch); the result carries the number
    // of entries checked and the head hash.
    Result<ChainCheck> verify();
    // Writes every entry as JSON lines to `path`, streaming. Returns the number of entries.
    Result<qint64> exportJsonl(const QString& path);

    // The SHA-256 of a text, for details (the final text is recorded by its hash, not its content).
    static QString textHash(const QString& text);

private:
    storage::Database& m_db;
};

} // namespace cx::review
