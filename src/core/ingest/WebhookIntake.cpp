#include "WebhookIntake.h"

#include "chatwoot/WebhookParser.h"
#include "drafting/DraftNote.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "ingest/SqliteBusyWait.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QSqlQuery>

namespace cx::ingest {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::ingest::WebhookIntake", text); // lupdate's context for this file
}

IntakeResult result(IntakeResult::Outcome outcome, int status, const QString& reason)
{
    IntakeResult r;
    r.outcome = outcome;
    r.httpStatus = status;
    r.reason = reason;
    return r;
}

// The work an event asks for, if any. Keys make a job out of each piece of work once.
std::optional<Job> jobFor(const chatwoot::WebhookEvent& event, const chatwoot::WebhookAction& action,
    const QString& deliveryKey, QString& ignoreReason)
{
    using Kind = chatwoot::WebhookAction::Kind;
    Job job;
    job.accountId = event.accountId;
    job.conversationId = event.message ? event.message->conversationId : event.conversation.id;
    const QString scope = QStringLiteral("%1:%2").arg(job.accountId).arg(job.conversationId);
    switch (action.kind) {
    case Kind::Draft:
        job.kind = Job::Kind::Draft;
        job.messageId = event.message->id;
        job.dedupeKey = QStringLiteral("draft:%1:%2").arg(scope).arg(job.messageId);
        return job;
    case Kind::AgentReplied:
        job.kind = Job::Kind::AgentReplied;
        job.messageId = event.message->id;
        job.payload.insert(
            QStringLiteral("sender_type"), chatwoot::senderTypeName(event.message->sender.type));
        job.dedupeKey = QStringLiteral("replied:%1:%2").arg(scope).arg(job.messageId);
        return job;
    case Kind::CloseDrafts:
        job.kind = Job::Kind::CloseDrafts;
        job.payload.insert(QStringLiteral("reason"), action.reason);
        job.dedupeKey = QStringLiteral("close:%1:%2").arg(scope, deliveryKey);
        return job;
    case Kind::Ignore:
        break;
    }
    // Reopened (or back to pending): the unanswered customer message gets a draft if it has none.
    const bool active = event.conversation.status == chatwoot::ConversationStatus::Open
        || event.conversation.status == chatwoot::ConversationStatus::Pending;
    if (event.type == chatwoot::WebhookEventType::ConversationStatusChanged && active) {
        job.kind = Job::Kind::CheckConversation;
        job.dedupeKey = QStringLiteral("check:%1:%2").arg(scope, deliveryKey);
        return job;
    }
    if (event.message && event.message->isPrivate
        && drafting::DraftNote::isOwnDraftNote(event.message->content))
        ignoreReason = QStringLiteral("our own draft note");
    else
        ignoreReason = action.reason;
    return std::nullopt;
}
} // namespace

QString intakeOutcomeName(IntakeResult::Outcome outcome)
{
    switch (outcome) {
    case IntakeResult::Outcome::Queued:
        return QStringLiteral("queued");
    case IntakeResult::Outcome::Ignored:
        return QStringLiteral("ignored");
    case IntakeResult::Outcome::Replay:
        return QStringLiteral("replay");
    case IntakeResult::Outcome::Rejected:
        return QStringLiteral("rejected");
    case IntakeResult::Outcome::Unavailable:
        return QStringLiteral("unavailable");
    }
    return QStringLiteral("rejected");
}

WebhookIntake::WebhookIntake(std::shared_ptr<storage::Database> db, Options options)
    : m_db(std::move(db))
    , m_options(std::move(options))
    , m_verifier(m_options.verifier, nullptr) // the ledger is the database, written below in one transaction
{
}

QString WebhookIntake::deliveryKey(const chatwoot::WebhookRequest& request)
{
    if (!request.deliveryId.isEmpty())
        return QString::fromUtf8(request.deliveryId);
    return QStringLiteral("sha256:")
        + QString::fromLatin1(QCryptographicHash::hash(request.body, QCryptographicHash::Sha256).toHex());
}

IntakeResult WebhookIntake::receive(const chatwoot::WebhookRequest& request)
{
    const chatwoot::WebhookVerdict verdict = m_verifier.verify(request);
    if (verdict.action == chatwoot::WebhookVerdict::Action::Reject)
        return result(IntakeResult::Outcome::Rejected, verdict.httpStatus, verdict.reason);
    Result<chatwoot::WebhookEvent> event = chatwoot::WebhookParser::parse(verdict.payload);
    if (!event)
        return result(IntakeResult::Outcome::Rejected, 400, event.error().message);
    // Chatwoot's conversation events carry no account (Conversation#webhook_data is the EventDataPresenter's
    // push_data: neither "account" nor "account_id"); they come from the account this webhook belongs to.
    if (event.value().accountId == 0)
        event.value().accountId = m_options.accountId;

    const QString key = deliveryKey(request);
    QString ignoreReason;
    std::optional<Job> job;
    if (m_options.accountId > 0 && event->accountId != m_options.accountId)
        ignoreReason = tr("delivery for account %1, this service serves account %2")
                           .arg(event->accountId)
                           .arg(m_options.accountId);
    else
        job = jobFor(
            *event, chatwoot::WebhookParser::decide(*event, m_options.draftingEnabled), key, ignoreReason);

    const QString bodyHash
        = QString::fromLatin1(QCryptographicHash::hash(request.body, QCryptographicHash::Sha256).toHex());
    bool replay = false;
    qint64 jobId = 0;
    auto record = [&](QSqlDatabase& c) -> Status {
        QSqlQuery q(c);
        q.prepare(QStringLiteral("INSERT INTO webhook_deliveries (delivery_id, event, received_at, outcome, "
                                 "body_sha256) VALUES (?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING"));
        q.addBindValue(key);
        q.addBindValue(event->eventName);
        q.addBindValue(storage::toSqlTime(Clock::nowUtc(), m_db->dialect()));
        q.addBindValue(job ? QStringLiteral("queued") : QStringLiteral("ignored: ") + ignoreReason);
        q.addBindValue(bodyHash);
        if (!q.exec())
            return storage::toError(q, tr("recording the delivery"));
        if (q.numRowsAffected() == 0) {
            replay = true;
            return Ok {}; // nothing written
        }
        if (!job)
            return Ok {};
        auto id = JobQueue::enqueue(c, *job);
        if (!id)
            return id.error();
        jobId = id.value();
        QSqlQuery link(c);
        link.prepare(QStringLiteral("UPDATE webhook_deliveries SET job_id = ? WHERE delivery_id = ?"));
        link.addBindValue(jobId);
        link.addBindValue(key);
        if (!link.exec())
            return storage::toError(link, tr("linking the delivery to its job"));
        return Ok {};
    };
    useFineSqliteBusyWait(m_db->connection());
    Status st = m_db->transaction(record);
    if (!st && (st.error().kind == ErrorKind::Unavailable || st.error().kind == ErrorKind::Database)) {
        // The server went away and may be back: one fresh connection, one more try.
        if (m_db->reconnect()) {
            useFineSqliteBusyWait(m_db->connection());
            st = m_db->transaction(record);
        }
    }
    if (!st) {
        qCWarning(lcWebhook) << "delivery not recorded:" << st.error().toString();
        return result(IntakeResult::Outcome::Unavailable, 503,
            tr("The delivery could not be recorded (database unavailable); nothing was stored."));
    }
    IntakeResult r;
    r.deliveryKey = key;
    r.event = event->eventName;
    r.httpStatus = 200;
    if (replay) {
        r.outcome = IntakeResult::Outcome::Replay;
        r.reason = tr("Delivery %1 was already received; not processed again.").arg(key);
    } else if (job) {
        r.outcome = IntakeResult::Outcome::Queued;
        r.jobId = jobId;
        r.reason = tr("accepted: %1 job %2").arg(jobKindName(job->kind)).arg(jobId);
    } else {
        r.outcome = IntakeResult::Outcome::Ignored;
        r.reason = tr("accepted, nothing to do: %1").arg(ignoreReason);
    }
    return r;
}

} // namespace cx::ingest
