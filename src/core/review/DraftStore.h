#pragma once

#include "foundation/Result.h"
#include "review/DraftRecord.h"

#include <QSqlDatabase>

namespace cx::storage {
class Database;
}

namespace cx::review {

// The drafts table. Synchronous: call it on a database worker thread (Database::run) or inside a transaction.
// State changes are conditional updates (WHERE state = expected), so two processes cannot both move a draft:
// the loser gets ErrorKind::Conflict.
class DraftStore final {
public:
    explicit DraftStore(storage::Database& db);

    // Claims the customer message: inserts the draft (id generated when empty). Conflict when a live draft
    // for the same (account, conversation, message) exists — another process got there first.
    Result<DraftRecord> insert(DraftRecord draft);
    Result<DraftRecord> get(const QString& id);
    Result<std::optional<DraftRecord>> liveDraftFor(
        qint64 accountId, qint64 conversationId, qint64 messageId);
    // Drafts waiting for review (drafted or noted), oldest first.
    Result<QList<DraftRecord>> pending(int limit = 500);
    // Live (drafted/noted) drafts of a conversation for messages before `messageId`.
    Result<QList<DraftRecord>> waitingInConversation(qint64 accountId, qint64 conversationId);
    // For Recovery: approved drafts that never got their outbox row, and sent or rejected drafts whose
    // learning signal is missing.
    Result<QStringList> approvedWithoutOutbox(int limit = 200);
    Result<QStringList> reviewedWithoutSignal(int limit = 200);

    Status updateContent(const QString& id, const DraftContent& content);
    Status markNoted(const QString& id, qint64 noteMessageId);
    Status markReviewOpened(const QString& id, const QDateTime& at);
    // noted -> approved with the grades, the reviewer and the final text. Conflict (naming who approved it)
    // when the draft is no longer 'noted'.
    Status markApproved(const QString& id, const Grades& grades, const QString& reviewer,
        const QString& finalText, const QDateTime& at);
    Status markSent(const QString& id, qint64 chatwootMessageId, const QDateTime& at);
    Status markRejected(const QString& id, const Grades& grades, const QString& reviewer,
        const QString& reason, const QDateTime& at);
    Status markSuperseded(const QString& id, const QString& byDraftId = {});
    // A person's public reply (Chatwoot message `replyMessageId`) was seen in the conversation: its rejected
    // drafts for earlier customer messages now count as answered by hand (drafts.manual_reply_at = at), once.
    // A reply CX Pilot itself sent (some draft's sent_message_id) is not a person's manual reply. Returns how
    // many drafts were marked.
    Result<int> markAnsweredByPerson(
        qint64 accountId, qint64 conversationId, qint64 replyMessageId, const QDateTime& at);
    // Records which draft replaced a superseded one (the replacement can only be inserted after the old one
    // stepped aside, because a message has one live draft).
    Status linkSuperseded(const QString& id, const QString& byDraftId);

private:
    Status transition(const QString& id, const QList<DraftState>& from, const QString& setClause,
        const QVariantList& values);
    QSqlDatabase connection();
    Result<QStringList> ids(const QString& sql, int limit);

    storage::Database& m_db;
};

} // namespace cx::review
