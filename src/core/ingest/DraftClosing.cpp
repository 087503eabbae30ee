#include "DraftClosing.h"

#include "foundation/Clock.h"
#include "review/AuditLog.h"
#include "review/DraftStore.h"
#include "storage/Database.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace cx::ingest {

Result<int> closeWaitingDrafts(storage::Database& db, qint64 accountId, qint64 conversationId,
    qint64 beforeMessageId, const QString& reason, const QString& actor, bool replyByPerson)
{
    int closed = 0;
    const Status st = db.transaction([&](QSqlDatabase&) -> Status {
        review::DraftStore drafts(db);
        if (replyByPerson && beforeMessageId > 0)
            if (auto marked
                = drafts.markAnsweredByPerson(accountId, conversationId, beforeMessageId, Clock::nowUtc());
                !marked)
                return marked.error();
        auto waiting = drafts.waitingInConversation(accountId, conversationId);
        if (!waiting)
            return waiting.error();
        for (const review::DraftRecord& d : waiting.value()) {
            if (beforeMessageId > 0 && d.messageId >= beforeMessageId)
                continue;
            if (Status s = drafts.markSuperseded(d.id); !s)
                return s;
            auto a = review::AuditLog(db).append({ actor, QStringLiteral("draft.superseded"),
                QStringLiteral("draft"), d.id, review::draftStateName(d.state), QStringLiteral("superseded"),
                QJsonObject { { QStringLiteral("reason"), reason } } });
            if (!a)
                return a.error();
            ++closed;
        }
        return Ok {};
    });
    if (!st)
        return st.error();
    return closed;
}

Result<ClaimRecovery> recoverAbandonedClaim(storage::Database& db, qint64 accountId, qint64 conversationId,
    qint64 messageId, qint64 postedNoteId, const QString& actor)
{
    ClaimRecovery outcome = ClaimRecovery::None;
    const Status st = db.transaction([&](QSqlDatabase& c) -> Status {
        review::DraftStore drafts(db);
        auto live = drafts.liveDraftFor(accountId, conversationId, messageId);
        if (!live)
            return live.error();
        if (!live.value() || live.value()->state != review::DraftState::Drafted)
            return Ok {};
        const review::DraftRecord& d = *live.value();
        if (d.content.text.isEmpty()) {
            QSqlQuery q(c);
            q.prepare(
                QStringLiteral("DELETE FROM drafts WHERE id = ? AND state = 'drafted' AND draft_text = ''"));
            q.addBindValue(d.id);
            if (!q.exec())
                return storage::toError(
                    q, QCoreApplication::translate("Jobs", "clearing an abandoned claim"));
        } else if (postedNoteId > 0) {
            if (Status s = drafts.markNoted(d.id, postedNoteId); !s)
                return s;
            auto a = review::AuditLog(db).append({ actor, QStringLiteral("draft.noted"),
                QStringLiteral("draft"), d.id, QStringLiteral("drafted"), QStringLiteral("noted"),
                QJsonObject { { QStringLiteral("note_message_id"), postedNoteId },
                    { QStringLiteral("recovered"), true } } });
            if (!a)
                return a.error();
            outcome = ClaimRecovery::Noted;
            return Ok {};
        } else {
            if (Status s = drafts.markSuperseded(d.id); !s)
                return s;
            auto a = review::AuditLog(db).append({ actor, QStringLiteral("draft.superseded"),
                QStringLiteral("draft"), d.id, QStringLiteral("drafted"), QStringLiteral("superseded"),
                QJsonObject {
                    { QStringLiteral("reason"), QStringLiteral("abandoned before its note was posted") } } });
            if (!a)
                return a.error();
        }
        outcome = ClaimRecovery::Cleared;
        return Ok {};
    });
    if (!st)
        return st.error();
    return outcome;
}

} // namespace cx::ingest
