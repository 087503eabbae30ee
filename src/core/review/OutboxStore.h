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
    QString leaseOwner; // 'sending': the process instance that claimed it
    QDateTime leaseUntil; // 'sending': until then only the owner may act on the row
    QDateTime recheckAfter; // 'unknown': not looked up (nor sent again) before this

    // A send in progress (inside its lease) must not be reconciled and repeated by anyone: its POST may
    // still be on its way, retried by its owner. Past the lease, a 'sending' row is one whose process died
    // mid-send. Rows claimed before leases existed count from updatedAt.
    static constexpr int kLegacyLeaseSecs = 600;
    bool leaseHeld(const QDateTime& now) const;
    // An 'unknown' outcome inside its re-check pause.
    bool inRecheckPause(const QDateTime& now) const;
};

QString outboxStateName(OutboxRow::State state);

// The reply_outbox table; synchronous, for database worker threads.
class OutboxStore final {
public:
    explicit OutboxStore(storage::Database& db);
    // The draft's outbox row: the existing one, else a new one written from the draft, which must be
    // 'approved' (Conflict otherwise: nothing but an approved draft is ever queued).
    Result<OutboxRow> queueApproved(const QString& draftId);
    Result<std::optional<OutboxRow>> forDraft(const QString& draftId);
    // Every row not yet sent (for Recovery), oldest first.
    Result<QList<OutboxRow>> unsent(int limit = 500);
    // Takes the row for one send attempt: only if it is still as `row` says (state and attempts), so two
    // senders (a double click, two machines) cannot both send. Conflict otherwise. The claimer holds the
    // lease until `leaseUntil`.
    Result<OutboxRow> claim(const OutboxRow& row, const QString& owner, const QDateTime& leaseUntil);
    // Sent: the outbox row, the draft and the audit entry move together. Recording it again is a no-op.
    Status recordSent(const OutboxRow& row, qint64 chatwootMessageId, const QString& actor);
    // The POST's outcome is unknown: look again (and maybe send) not before `recheckAfter`. Only while the
    // row is still as `row` says (its version): a row someone else took over is left alone.
    Status recordUnknown(const OutboxRow& row, const QString& error, const QDateTime& recheckAfter);
    // A definite refusal, or a stale conversation: needs a person. Same version rule.
    Status recordFailed(const OutboxRow& row, const QString& error);

private:
    storage::Database& m_db;
};

} // namespace cx::review
