#include "ApprovalFlow.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/AuditLog.h"
#include "review/Await.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "review/Outbox.h"
#include "review/OutboxStore.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUuid>

#include <atomic>

namespace cx::review {

namespace {
QJsonObject gradesJson(const Grades& g)
{
    return { { QStringLiteral("tone"), g.tone }, { QStringLiteral("accuracy"), g.accuracy },
        { QStringLiteral("policy"), g.policy } };
}

// The lease owner: this process and this flow (the in-flight bookkeeping that lets an owner act inside its
// own lease lives in one flow's outbox, so two flows in one process must not share an id).
ApprovalFlow::Options withInstanceId(ApprovalFlow::Options o)
{
    static std::atomic<int> flows { 0 };
    if (o.instanceId.isEmpty())
        o.instanceId = QStringLiteral("%1/%2").arg(ApprovalFlow::processInstanceId()).arg(++flows);
    return o;
}

Outbox::Settings outboxSettings(const ApprovalFlow::Options& o)
{
    return { o.instanceId, o.recheckPauseMs, o.leaseMarginMs };
}

// The learning signal of a reviewed draft; `d.state` says whether it was sent.
LearningSignal signalFor(const DraftRecord& d, double threshold)
{
    const bool sent = d.state == DraftState::Sent;
    return captureLearningSignal(
        d, sent ? d.finalText : QString(), *d.grades, d.reviewedBy, sent, d.rejectionReason, threshold);
}
} // namespace

ApprovalFlow::ApprovalFlow(
    std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, Options options, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_options(withInstanceId(std::move(options)))
    , m_outbox(new Outbox(m_db, client, outboxSettings(m_options), this))
{
}

ApprovalFlow::~ApprovalFlow() = default;

QString ApprovalFlow::processInstanceId()
{
    static const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return id;
}

QString ApprovalFlow::stageName(Stage stage)
{
    switch (stage) {
    case Stage::Approved:
        return QStringLiteral("approved");
    case Stage::Queued:
        return QStringLiteral("queued");
    case Stage::Sent:
        return QStringLiteral("sent");
    case Stage::SignalSaved:
        return QStringLiteral("signal-saved");
    case Stage::SignalQueued:
        return QStringLiteral("signal-queued");
    case Stage::OutcomeUnknown:
        return QStringLiteral("outcome-unknown");
    }
    return {};
}

void ApprovalFlow::finish(QCoro::Task<Result<Outcome>>&& task, QObject* context, Callback done)
{
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    QCoro::connect(std::move(task), this, [ctx, hadContext, done](Result<Outcome> result) {
        if (!hadContext || ctx)
            done(std::move(result));
    });
}

void ApprovalFlow::approveAndSendReply(const QString& draftId, const QString& finalText, const QVariant& tone,
    const QVariant& accuracy, const QVariant& policy, const QString& reviewer, QObject* context,
    Callback done)
{
    approveAndSendReply(draftId, finalText, tone, accuracy, policy, reviewer, context, std::move(done), {});
}

void ApprovalFlow::approveAndSendReply(const QString& draftId, const QString& finalText, const QVariant& tone,
    const QVariant& accuracy, const QVariant& policy, const QString& reviewerName, QObject* context,
    Callback done, SendOptions send)
{
    // Everything a person must supply is checked before anything is written.
    auto grades = parseGrades(tone, accuracy, policy);
    if (!grades)
        return done(grades.error());
    auto reviewer = validateReviewer(reviewerName);
    if (!reviewer)
        return done(reviewer.error());
    auto text = validateFinalText(finalText);
    if (!text)
        return done(text.error());
    finish(
        approveTask(draftId, grades.value(), reviewer.value(), text.value(), send), context, std::move(done));
}

QCoro::Task<Result<ApprovalFlow::Outcome>> ApprovalFlow::approveTask(
    QString draftId, Grades g, QString who, QString body, SendOptions send)
{
    auto approving = onDatabase<Result<bool>>(
        m_db, this, [draftId, g, who, body](storage::Database& db) -> Result<bool> {
            bool resumed = false;
            Status st = db.transaction([&](QSqlDatabase&) -> Status {
                DraftStore drafts(db);
                auto draft = drafts.get(draftId);
                if (!draft)
                    return draft.error();
                if (draft->kind != QLatin1String("cx_reply"))
                    return makeError(ErrorKind::Invalid,
                        QCoreApplication::translate("Review", "Only reply drafts can be approved and sent."),
                        QStringLiteral("kind"));
                // The same person approving again (a double click, a retry, a re-confirm after a stale
                // warning) continues their approval; anyone else gets the conflict naming who approved it.
                if ((draft->state == DraftState::Approved || draft->state == DraftState::Sent)
                    && draft->reviewedBy == who) {
                    resumed = true;
                    return Ok {};
                }
                const QDateTime now = Clock::nowUtc();
                if (Status moved = drafts.markApproved(draftId, g, who, body, now); !moved)
                    return moved;
                QJsonObject details = gradesJson(g);
                details.insert(QStringLiteral("final_text_sha256"), AuditLog::textHash(body));
                details.insert(QStringLiteral("edited"), body != draft->content.text);
                auto audit
                    = AuditLog(db).append({ who, QStringLiteral("draft.approved"), QStringLiteral("draft"),
                        draftId, draftStateName(draft->state), QStringLiteral("approved"), details });
                if (!audit)
                    return audit.error();
                return Ok {};
            });
            if (!st)
                return st.error();
            return resumed;
        });
    auto approved = co_await approving;
    if (!approved)
        co_return approved.error();
    qCInfo(lcReview) << "draft" << draftId << (approved.value() ? "approval resumed" : "approved");
    auto sending = queueAndSend(draftId, who, send);
    co_return co_await sending;
}

QCoro::Task<Result<ApprovalFlow::Outcome>> ApprovalFlow::queueAndSend(
    QString draftId, QString actor, SendOptions send)
{
    auto queueing = onDatabase<Result<DraftRecord>>(
        m_db, this, [draftId](storage::Database& db) -> Result<DraftRecord> {
            auto row = OutboxStore(db).queueApproved(draftId);
            if (!row)
                return row.error();
            return DraftStore(db).get(draftId);
        });
    // The outbox row (written now unless it exists), and the draft as it is before the POST: if the database
    // goes away right after Chatwoot took the reply, the learning signal is still built from it.
    auto queued = co_await queueing;
    if (!queued)
        co_return queued.error();
    DraftRecord draft = queued.value();

    auto delivering = m_outbox->deliver(draftId, actor, send.confirmStale);
    auto delivered = co_await delivering;
    if (!delivered)
        co_return delivered.error();
    const Outbox::Delivery& d = delivered.value();
    Outcome outcome;
    outcome.chatwootMessageId = d.chatwootMessageId;
    outcome.reconciled = d.reconciled;
    outcome.note = d.note;
    if (d.outcomeUnknown) {
        outcome.stage = Stage::OutcomeUnknown;
        outcome.recheckAt = d.recheckAt;
        co_return outcome;
    }
    outcome.stage = Stage::Sent;
    if (d.recorded) {
        auto saving = saveSignal(draftId, outcome);
        co_return co_await saving;
    }

    // Sent, but the database could not record it: keep the signal locally (Recovery records the send from
    // Chatwoot when the database is back; the signal is stored once, keyed by the draft).
    const QString sentNote = QCoreApplication::translate("Review",
        "The reply was sent. The database could not record it (%1); CX Pilot records it when the database is "
        "back.")
                                 .arg(d.note);
    auto queue = m_options.signalQueue;
    if (!queue || !draft.grades)
        co_return makeError(ErrorKind::Unavailable, sentNote);
    draft.state = DraftState::Sent;
    draft.sentMessageId = d.chatwootMessageId;
    draft.sentAt = Clock::nowUtc();
    const LearningSignal signal = signalFor(draft, m_options.editRatioThreshold);
    auto keeping = onDatabase<Status>(queue, this,
        [signal, why = d.note](storage::Database& local) { return SignalQueue(local).enqueue(signal, why); });
    auto kept = co_await keeping;
    if (!kept)
        co_return makeError(ErrorKind::Unavailable, sentNote + QLatin1Char(' ') + kept.error().message);
    outcome.stage = Stage::SignalQueued;
    outcome.note = sentNote;
    co_return outcome;
}

QCoro::Task<Result<ApprovalFlow::Outcome>> ApprovalFlow::saveSignal(QString draftId, Outcome outcome)
{
    const double threshold = m_options.editRatioThreshold;
    auto queue = m_options.signalQueue;
    auto saving = onDatabase<Result<Outcome>>(
        m_db, this, [draftId, outcome, threshold, queue](storage::Database& db) -> Result<Outcome> {
            Outcome result = outcome;
            auto draft = DraftStore(db).get(draftId);
            if (!draft)
                return draft.error();
            if (!draft->grades)
                return makeError(ErrorKind::Internal, QStringLiteral("reviewed draft without grades"));
            const LearningSignal signal = signalFor(draft.value(), threshold);
            Status saved = SignalStore(db).saveLearningSignal(signal);
            if (saved) {
                result.stage = Stage::SignalSaved;
                return result;
            }
            if (saved.error().kind != ErrorKind::Unavailable || !queue)
                return saved.error();
            // The database went away between reading the draft and saving: keep the signal locally.
            if (Status q = SignalQueue(*queue).enqueue(signal, saved.error().message); !q)
                return q.error();
            result.stage = Stage::SignalQueued;
            result.note = saved.error().message;
            return result;
        });
    co_return co_await saving;
}

void ApprovalFlow::rejectAndCaptureLearning(const QString& draftId, const QVariant& tone,
    const QVariant& accuracy, const QVariant& policy, const QString& reason, const QString& reviewerName,
    QObject* context, Callback done)
{
    auto grades = parseGrades(tone, accuracy, policy);
    if (!grades)
        return done(grades.error());
    auto reviewer = validateReviewer(reviewerName);
    if (!reviewer)
        return done(reviewer.error());
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return done(makeError(ErrorKind::Invalid,
            QCoreApplication::translate(
                "Review", "A rejection needs a reason: it is what the drafter learns from."),
            QStringLiteral("reason")));
    finish(rejectTask(draftId, grades.value(), reviewer.value(), why), context, std::move(done));
}

QCoro::Task<Result<ApprovalFlow::Outcome>> ApprovalFlow::rejectTask(
    QString draftId, Grades g, QString who, QString why)
{
    auto rejecting = onDatabase<Status>(m_db, this, [draftId, g, who, why](storage::Database& db) {
        return db.transaction([&](QSqlDatabase&) -> Status {
            DraftStore drafts(db);
            auto draft = drafts.get(draftId);
            if (!draft)
                return draft.error();
            if (Status moved = drafts.markRejected(draftId, g, who, why, Clock::nowUtc()); !moved)
                return moved;
            QJsonObject details = gradesJson(g);
            details.insert(QStringLiteral("reason"), why);
            auto audit = AuditLog(db).append({ who, QStringLiteral("draft.rejected"), QStringLiteral("draft"),
                draftId, draftStateName(draft->state), QStringLiteral("rejected"), details });
            if (!audit)
                return audit.error();
            return Ok {};
        });
    });
    auto rejected = co_await rejecting;
    if (!rejected)
        co_return rejected.error();
    Outcome outcome;
    outcome.stage = Stage::Approved; // i.e. reviewed; nothing sent
    auto saving = saveSignal(draftId, outcome);
    co_return co_await saving;
}

void ApprovalFlow::resume(const QString& draftId, QObject* context, Callback done)
{
    resume(draftId, context, std::move(done), {});
}

void ApprovalFlow::resume(const QString& draftId, QObject* context, Callback done, SendOptions send)
{
    finish(resumeTask(draftId, send), context, std::move(done));
}

QCoro::Task<Result<ApprovalFlow::Outcome>> ApprovalFlow::resumeTask(QString draftId, SendOptions send)
{
    auto reading = onDatabase<Result<std::pair<DraftRecord, int>>>(
        m_db, this, [draftId](storage::Database& db) -> Result<std::pair<DraftRecord, int>> {
            auto draft = DraftStore(db).get(draftId);
            if (!draft)
                return draft.error();
            auto signalCount = SignalStore(db).countForDraft(draftId);
            if (!signalCount)
                return signalCount.error();
            return std::pair { draft.value(), signalCount.value() };
        });
    auto state = co_await reading;
    if (!state)
        co_return state.error();
    const DraftRecord draft = state->first; // (no structured bindings in coroutines: GCC 12 miscompiles them)
    const int signalCount = state->second;
    switch (draft.state) {
    case DraftState::Approved: {
        auto sending = queueAndSend(draftId, draft.reviewedBy, send);
        co_return co_await sending;
    }
    case DraftState::Sent:
    case DraftState::Rejected: {
        Outcome outcome;
        outcome.stage = draft.state == DraftState::Sent ? Stage::Sent : Stage::Approved;
        outcome.chatwootMessageId = draft.sentMessageId;
        if (signalCount > 0) {
            outcome.stage = Stage::SignalSaved;
            co_return outcome;
        }
        auto saving = saveSignal(draftId, outcome);
        co_return co_await saving;
    }
    default:
        co_return makeError(ErrorKind::Conflict,
            QCoreApplication::translate("Review", "Draft %1 is %2: there is nothing to resume.")
                .arg(draftId, draftStateName(draft.state)),
            QStringLiteral("state"));
    }
}

void ApprovalFlow::flushQueuedSignals(QObject* context, std::function<void(Result<int>)> done)
{
    auto queue = m_options.signalQueue;
    if (!queue)
        return done(0);
    auto db = m_db;
    QPointer<QObject> ctx(context);
    auto* watcher = new QFutureWatcher<Result<int>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, ctx, done] {
        watcher->deleteLater();
        if (ctx)
            done(watcher->result());
    });
    watcher->setFuture(
        queue->run<Result<int>>([queue, db](QSqlDatabase&) { return SignalQueue(*queue).flushTo(*db); }));
}

} // namespace cx::review
