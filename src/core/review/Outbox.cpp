#include "Outbox.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/DbCall.h"

#include <QCoreApplication>

namespace cx::review {

namespace {
Error crashed()
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("simulated crash (test fault point)"));
}
} // namespace

Outbox::Outbox(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
{
}

void Outbox::deliver(const QString& draftId, const QString& actor, QObject* context, Callback done)
{
    dbCall<Result<std::optional<OutboxRow>>>(
        m_db, context, [draftId](storage::Database& db) { return OutboxStore(db).forDraft(draftId); },
        [this, actor, context, done, draftId](Result<std::optional<OutboxRow>> row) {
            if (!row)
                return done(row.error());
            if (!row.value())
                return done(makeError(ErrorKind::NotFound,
                    QCoreApplication::translate(
                        "Review", "No approved reply is waiting to be sent for draft %1.")
                        .arg(draftId)));
            const OutboxRow r = *row.value();
            if (r.state == OutboxRow::State::Sent)
                return done(Delivery { r.chatwootMessageId, true, r.attempts });
            if (r.isSendInFlight(Clock::nowUtc()) || m_inFlight.contains(r.draftId))
                return done(makeError(ErrorKind::Conflict,
                    QCoreApplication::translate(
                        "Review", "This reply is being sent right now; it will not be sent twice."),
                    QStringLiteral("outbox")));
            if (r.attempts > 0)
                reconcileThenSend(r, actor, context, done);
            else
                send(r, actor, context, done);
        });
}

void Outbox::reconcileThenSend(const OutboxRow& row, const QString& actor, QObject* context, Callback done)
{
    chatwoot::RecentSince since;
    since.afterMessageId = row.lastKnownMessageId;
    m_client->findRecentOutgoing(row.conversationId, row.content, since, context,
        [this, row, actor, context, done](Result<std::optional<chatwoot::Message>> found) {
            if (!found) {
                // Cannot tell whether the reply arrived: do not send; the row keeps its state for a later
                // retry.
                return done(makeError(found.error().kind,
                    QCoreApplication::translate("Review",
                        "Could not check whether the reply already reached Chatwoot (%1). Nothing was sent; "
                        "retry.")
                        .arg(found.error().message)));
            }
            if (found.value()) {
                qCInfo(lcReview) << "reply for draft" << row.draftId << "was already in Chatwoot as message"
                                 << found.value()->id;
                return record(row, found.value()->id, true, actor, context, done);
            }
            send(row, actor, context, done);
        });
}

void Outbox::send(const OutboxRow& row, const QString& actor, QObject* context, Callback done)
{
    dbCall<Result<OutboxRow>>(
        m_db, context, [row](storage::Database& db) { return OutboxStore(db).claim(row); },
        [this, actor, context, done](Result<OutboxRow> claimed) {
            if (!claimed)
                return done(claimed.error());
            const OutboxRow r = claimed.value();
            m_inFlight.insert(r.draftId);
            Callback finish = [this, id = r.draftId, done](Result<Delivery> result) {
                m_inFlight.remove(id);
                done(std::move(result));
            };
            m_client->sendPublicReply(r.conversationId, r.content, context,
                [this, r, actor, context, done = finish](Result<chatwoot::Message> sent) {
                    if (sent) {
                        if (m_fault == FaultPoint::AfterPostBeforeRecord)
                            return done(crashed());
                        return record(r, sent->id, false, actor, context, done);
                    }
                    const Error error = sent.error();
                    if (chatwoot::isOutcomeUnknown(error) || error.kind == ErrorKind::Server) {
                        // It may have arrived. Look (a read is safe to repeat); only then decide.
                        dbCall<Status>(
                            m_db, context,
                            [r, error](storage::Database& db) {
                                return OutboxStore(db).recordProblem(
                                    r, OutboxRow::State::Unknown, error.message);
                            },
                            [this, r, actor, context, done, error](Status) {
                                OutboxRow unknown = r;
                                unknown.state = OutboxRow::State::Unknown;
                                chatwoot::RecentSince since;
                                since.afterMessageId = r.lastKnownMessageId;
                                m_client->findRecentOutgoing(r.conversationId, r.content, since, context,
                                    [this, unknown, actor, context, done, error](
                                        Result<std::optional<chatwoot::Message>> found) {
                                        if (found && found.value())
                                            return record(
                                                unknown, found.value()->id, true, actor, context, done);
                                        const QString why = found
                                            ? QCoreApplication::translate("Review",
                                                "The reply did not reach Chatwoot (%1). It was not sent; "
                                                "retry to send it.")
                                                  .arg(error.message)
                                            : QCoreApplication::translate("Review",
                                                "Chatwoot did not confirm the reply (%1) and could not be "
                                                "checked. "
                                                "Retry: CX Pilot checks before sending again.")
                                                  .arg(error.message);
                                        const auto state
                                            = found ? OutboxRow::State::Failed : OutboxRow::State::Unknown;
                                        dbCall<Status>(
                                            m_db, context,
                                            [unknown, state, why](storage::Database& db) {
                                                return OutboxStore(db).recordProblem(unknown, state, why);
                                            },
                                            [done, error, why](Status) {
                                                Error e = error;
                                                e.message = why;
                                                done(e);
                                            });
                                    });
                            });
                        return;
                    }
                    // A definite refusal (401, 404, 422, 429): nothing was posted.
                    dbCall<Status>(
                        m_db, context,
                        [r, error](storage::Database& db) {
                            return OutboxStore(db).recordProblem(r, OutboxRow::State::Failed, error.message);
                        },
                        [done, error](Status) { done(error); });
                });
        });
}

void Outbox::record(const OutboxRow& row, qint64 messageId, bool reconciled, const QString& actor,
    QObject* context, Callback done)
{
    dbCall<Status>(
        m_db, context,
        [row, messageId, actor](
            storage::Database& db) { return OutboxStore(db).recordSent(row, messageId, actor); },
        [row, messageId, reconciled, done](Status st) {
            if (!st)
                return done(st.error());
            done(Delivery { messageId, reconciled, row.attempts });
        });
}

} // namespace cx::review
