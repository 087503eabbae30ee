#include "Outbox.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/Await.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

// Why coroutines: this path used to be six levels of nested callbacks, and the states it could stop in
// (claimed but not posted, posted but not recorded, unknown but reported as "not sent") hid in that pyramid.
// As one sequence, every step and every way out of it is on the page, in order.

namespace cx::review {

namespace {
QString clockTime(const QDateTime& t)
{
    return QLocale().toString(t.toLocalTime().time(), QLocale::ShortFormat);
}

// A refusal that proves nothing was applied and that repeating the same POST will not fix.
bool isDefiniteRefusal(const Error& e)
{
    if (chatwoot::isOutcomeUnknown(e))
        return false;
    return e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus != 408 && e.httpStatus != 429;
}
} // namespace

Outbox::Outbox(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, Settings settings,
    QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_settings(std::move(settings))
{
}

qint64 Outbox::leaseMs() const
{
    // The lease outlasts the POST's whole retry window (every attempt running into the transfer timeout, every
    // wait the longest the policy allows, capped Retry-After included), plus a margin.
    return m_client->worstCaseRetryWindowMs() + m_settings.leaseMarginMs;
}

QCoro::Task<Result<Outbox::Delivery>> Outbox::deliver(QString draftId, QString actor, bool confirmStale)
{
    auto reading = onDatabase<Result<std::optional<OutboxRow>>>(
        m_db, this, [draftId](storage::Database& db) { return OutboxStore(db).forDraft(draftId); });
    // 1. Read the row.
    auto read = co_await reading;
    if (!read)
        co_return read.error();
    if (!read.value())
        co_return makeError(ErrorKind::NotFound,
            QCoreApplication::translate("Review", "No approved reply is waiting to be sent for draft %1.")
                .arg(draftId));
    OutboxRow row = *read.value();

    // 2. Already sent: done, nothing goes out.
    if (row.state == OutboxRow::State::Sent) {
        Delivery done;
        done.chatwootMessageId = row.chatwootMessageId;
        done.reconciled = true;
        done.attempts = row.attempts;
        co_return done;
    }

    // 3. Someone holds the send lease (another process, or this one with its POST on the wire): only the
    //    lease owner may act on the row until the lease runs out.
    const QDateTime now = Clock::nowUtc();
    const bool ownLease = row.leaseOwner == m_settings.instanceId && !m_inFlight.contains(draftId);
    if (m_inFlight.contains(draftId) || (row.leaseHeld(now) && !ownLease))
        co_return makeError(ErrorKind::Conflict,
            QCoreApplication::translate(
                "Review", "This reply is being sent right now; it will not be sent twice."),
            QStringLiteral("outbox"));

    // 4. An unknown outcome inside its re-check pause: Chatwoot may still apply the first POST. Wait.
    if (row.inRecheckPause(now)) {
        Delivery waiting;
        waiting.outcomeUnknown = true;
        waiting.attempts = row.attempts;
        waiting.recheckAt = row.recheckAfter;
        waiting.note = QCoreApplication::translate("Review",
            "Chatwoot has not confirmed the reply yet. CX Pilot checks the conversation at "
            "%1 and sends it only if it is not there.")
                           .arg(clockTime(row.recheckAfter));
        co_return waiting;
    }

    // 5. A POST may have been made before (any attempt, an unknown outcome): look in Chatwoot first. This
    //    comes before the stale check on purpose: a reply that did arrive is recorded, not refused.
    if (row.attempts > 0 || row.state == OutboxRow::State::Unknown) {
        chatwoot::RecentSince since;
        since.afterMessageId = row.lastKnownMessageId;
        auto looking = awaitCallback<Result<std::optional<chatwoot::Message>>>([&](auto deliverResult) {
            m_client->findRecentOutgoing(row.conversationId, row.content, since, this, deliverResult);
        });
        auto found = co_await looking;
        if (!found) {
            if (row.state != OutboxRow::State::Unknown && row.state != OutboxRow::State::Sending)
                co_return makeError(found.error().kind,
                    QCoreApplication::translate("Review",
                        "Could not check whether the reply already reached Chatwoot (%1). Nothing was "
                        "sent now; CX Pilot tries again.")
                        .arg(found.error().message),
                    found.error().field, found.error().httpStatus);
            // Cannot tell: keep it unknown and look again after another pause. Never "not sent".
            const QDateTime recheck = Clock::nowUtc().addMSecs(m_settings.recheckPauseMs);
            const OutboxRow version = row;
            auto noting = onDatabase<Status>(
                m_db, this, [version, recheck, e = found.error()](storage::Database& db) {
                    return OutboxStore(db).recordUnknown(version, e.message, recheck);
                });
            (void)co_await noting;
            Delivery unknown;
            unknown.outcomeUnknown = true;
            unknown.attempts = row.attempts;
            unknown.recheckAt = recheck;
            unknown.note = QCoreApplication::translate("Review",
                "Could not check whether the reply reached Chatwoot (%1). CX Pilot checks "
                "again at %2 before anything is sent.")
                               .arg(found.error().message, clockTime(recheck));
            co_return unknown;
        }
        if (found.value()) {
            qCInfo(lcReview) << "reply for draft" << draftId << "was already in Chatwoot as message"
                             << found.value()->id;
            auto recording = record(row, found.value()->id, true, actor);
            co_return co_await recording;
        }
    }

    // 6. Stale check: a newer public reply by someone else, or a resolved/snoozed conversation, refuses the
    //    send until a person confirms it. The draft stays 'approved' and the row 'failed' with the reason
    //    (Recovery lists it under "needs attention"); nothing is superseded automatically, because only the
    //    reviewer can tell whether the reply still makes sense.
    if (!confirmStale) {
        auto checking = staleReason(row);
        auto stale = co_await checking;
        if (!stale)
            co_return makeError(stale.error().kind,
                QCoreApplication::translate("Review",
                    "Could not check the conversation in Chatwoot before sending (%1). Nothing was sent "
                    "yet; CX Pilot tries again.")
                    .arg(stale.error().message),
                stale.error().field, stale.error().httpStatus);
        if (stale.value()) {
            const QString why = *stale.value();
            const OutboxRow version = row;
            auto holding = onDatabase<Status>(m_db, this,
                [version, why](storage::Database& db) { return OutboxStore(db).recordFailed(version, why); });
            auto held = co_await holding;
            if (!held)
                co_return held.error();
            qCInfo(lcReview) << "draft" << draftId << "not sent, stale:" << why;
            co_return makeError(ErrorKind::Conflict, why, QStringLiteral("stale"));
        }
    }

    // 7. Claim the row with a lease that outlasts the POST's whole retry window.
    const QString owner = m_settings.instanceId;
    const QDateTime leaseUntil = Clock::nowUtc().addMSecs(leaseMs());
    const OutboxRow version = row;
    auto claiming
        = onDatabase<Result<OutboxRow>>(m_db, this, [version, owner, leaseUntil](storage::Database& db) {
              return OutboxStore(db).claim(version, owner, leaseUntil);
          });
    auto claimed = co_await claiming;
    if (!claimed)
        co_return claimed.error();
    row = claimed.value();

    // 8. POST.
    m_inFlight.insert(draftId);
    auto posting = awaitCallback<Result<chatwoot::Message>>([&](auto deliverResult) {
        m_client->sendPublicReply(row.conversationId, row.content, this, deliverResult);
    });
    auto sent = co_await posting;
    m_inFlight.remove(draftId);

    // 9. Record what happened.
    if (sent) {
        auto recording = record(row, sent->id, false, actor);
        co_return co_await recording;
    }
    const Error error = sent.error();
    if (isDefiniteRefusal(error)) {
        const OutboxRow claimedRow = row;
        auto refusing = onDatabase<Status>(m_db, this, [claimedRow, error](storage::Database& db) {
            return OutboxStore(db).recordFailed(claimedRow, error.message);
        });
        (void)co_await refusing;
        co_return error;
    }
    // Timeout, dropped connection, 5xx, 429 after every retry: it may have been applied (or may still be).
    const QDateTime recheck = Clock::nowUtc().addMSecs(m_settings.recheckPauseMs);
    const OutboxRow claimedRow = row;
    auto noting = onDatabase<Status>(m_db, this, [claimedRow, error, recheck](storage::Database& db) {
        return OutboxStore(db).recordUnknown(claimedRow, error.message, recheck);
    });
    auto noted = co_await noting;
    qCWarning(lcReview) << "outcome of the reply for draft" << draftId << "unknown:" << error.message;
    Delivery unknown;
    unknown.outcomeUnknown = true;
    unknown.attempts = row.attempts;
    unknown.recheckAt = recheck;
    unknown.note = QCoreApplication::translate("Review",
        "Chatwoot did not confirm the reply (%1). It may have reached the customer: CX Pilot "
        "checks the conversation at %2 and sends it only if it is not there.")
                       .arg(error.message, clockTime(recheck));
    if (!noted)
        unknown.note += QLatin1Char(' ') + noted.error().message;
    co_return unknown;
}

QCoro::Task<Result<std::optional<QString>>> Outbox::staleReason(OutboxRow row)
{
    auto fetching = awaitCallback<Result<chatwoot::ConversationHistory>>(
        [&](auto deliverResult) { m_client->fetchConversation(row.conversationId, this, deliverResult); });
    auto history = co_await fetching;
    if (!history)
        co_return history.error();
    switch (history->conversation.status) {
    case chatwoot::ConversationStatus::Resolved:
        co_return std::optional<QString>(
            QCoreApplication::translate("Review", "The conversation was resolved in Chatwoot."));
    case chatwoot::ConversationStatus::Snoozed:
        co_return std::optional<QString>(
            QCoreApplication::translate("Review", "The conversation is snoozed in Chatwoot."));
    default:
        break;
    }
    const QString ours = row.content.trimmed();
    const QList<chatwoot::Message>& messages = history->messages;
    for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
        if (it->id <= row.lastKnownMessageId)
            break;
        if (it->isPublicOutgoing() && it->content.trimmed() != ours)
            co_return std::optional<QString>(it->createdAt.isValid()
                    ? QCoreApplication::translate(
                        "Review", "The customer was already answered in Chatwoot at %1.")
                          .arg(clockTime(it->createdAt))
                    : QCoreApplication::translate(
                        "Review", "The customer was already answered in Chatwoot."));
    }
    co_return std::optional<QString> {};
}

QCoro::Task<Result<Outbox::Delivery>> Outbox::record(
    OutboxRow row, qint64 messageId, bool reconciled, QString actor)
{
    auto recording = onDatabase<Status>(m_db, this, [row, messageId, actor](storage::Database& db) {
        return OutboxStore(db).recordSent(row, messageId, actor);
    });
    auto st = co_await recording;
    Delivery d;
    d.chatwootMessageId = messageId;
    d.reconciled = reconciled;
    d.attempts = row.attempts;
    if (!st) {
        // Chatwoot has the reply; only the record is missing. The row keeps its lease (ours), so this process
        // (Recovery) records it as soon as the database answers again, by finding the reply.
        qCWarning(lcReview) << "reply for draft" << row.draftId << "sent as" << messageId
                            << "but not recorded:" << st.error().message;
        if (st.error().kind != ErrorKind::Unavailable && st.error().kind != ErrorKind::Database)
            co_return st.error();
        d.recorded = false;
        d.note = st.error().message;
    }
    co_return d;
}

} // namespace cx::review
