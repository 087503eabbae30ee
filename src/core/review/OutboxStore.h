#pragma once

#include "foundation/Result.h"

#include <QDateTime>
#include <QString>

namespace cx::storage {
class Database;
}

namespace cx::review {

// One public reply waiting to be sent, or sent (reply_outbox).
struct OutboxRow {
    enum class State { Pending, Sending, Unknown, Sent, Failed };
    QString id;
    QString draftId;
    QString sendKey; // unique: one outbox row, hence one reply, per draft
    qint64 accountId = 0;
    qint64 conversationId = 0;
    QString content;
    QString contentHash;
    State state = State::Pending;
    int attempts = 0;
    qint64 lastKnownMessageId = 0; // reconciliation looks for our reply after this message
    qint64 chatwootMessageId = 0;
    QString lastError;
    QString approvedBy;
    QDateTime approvedAt;
    QDateTime updatedAt;

    // A send in progress (claimed less than `leaseSecs` ago) must not be reconciled and repeated: its POST
    // may still be on its way. Past the lease, a 'sending' row is one whose process died mid-send.
    static constexpr int kSendLeaseSecs = 120;
    bool isSendInFlight(const QDateTime& now) const;
};

QString outboxStateName(OutboxRow::State state);

// The reply_outbox table; synchronous, for database worker threads.
class OutboxStore final {
public:
    explicit OutboxStore(storage::Database& db);
    // Writes the row for an approved draft, or returns the existing one (the send key is the draft).
    Result<OutboxRow> create(const OutboxRow& row);
    Result<std::optional<OutboxRow>> forDraft(const QString& draftId);
    // Takes the row for one send attempt: only if it is still as `row` says (state and attempts), so two
    // senders (a double click, two machines) cannot both send. Conflict otherwise.
    Result<OutboxRow> claim(const OutboxRow& row);
    // Sent: the outbox row, the draft and the audit entry move together.
    Status recordSent(const OutboxRow& row, qint64 chatwootMessageId, const QString& actor);
    Status recordProblem(const OutboxRow& row, OutboxRow::State state, const QString& error);

private:
    storage::Database& m_db;
};

} // namespace cx::review
