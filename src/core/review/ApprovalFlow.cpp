#include "ApprovalFlow.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/AuditLog.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "review/Outbox.h"
#include "review/OutboxStore.h"
#include "storage/Database.h"

#include <QCoreApplication>

namespace cx::review {

namespace {
Error crashed()
{
    return makeError(ErrorKind::Cancelled, QStringLiteral("simulated crash (test fault point)"));
}

QJsonObject gradesJson(const Grades& g)
{
    return { { QStringLiteral("tone"), g.tone }, { QStringLiteral("accuracy"), g.accuracy },
        { QStringLiteral("policy"), g.policy } };
}
} // namespace

ApprovalFlow::ApprovalFlow(
    std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, Options options, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_options(std::move(options))
    , m_outbox(new Outbox(m_db, client, this))
{
}

ApprovalFlow::~ApprovalFlow() = default;

void ApprovalFlow::setFaultPoint(FaultPoint point)
{
    m_fault = point;
    m_outbox->setFaultPoint(point);
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
    }
    return {};
}

void ApprovalFlow::approveAndSendReply(const QString& draftId, const QString& finalText, const QVariant& tone,
    const QVariant& accuracy, const QVariant& policy, const QString& reviewerName, QObject* context,
    Callback done)
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

    const Grades g = grades.value();
    const QString who = reviewer.value();
    const QString body = text.value();
    dbCall<Result<bool>>(
        m_db, context,
        [draftId, g, who, body](storage::Database& db) -> Result<bool> {
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
                // The same person approving again (a double click, a retry) continues their approval.
                if (draft->state == DraftState::Approved && draft->reviewedBy == who) {
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
        },
        [this, draftId, who, context, done](Result<bool> approved) {
            if (!approved)
                return done(approved.error());
            qCInfo(lcReview) << "draft" << draftId << (approved.value() ? "approval resumed" : "approved");
            if (m_fault == FaultPoint::AfterApproval)
                return done(crashed());
            queueAndSend(draftId, who, context, done);
        });
}

void ApprovalFlow::queueAndSend(const QString& draftId, const QString& actor, QObject* context, Callback done)
{
    dbCall<Result<OutboxRow>>(
        m_db, context,
        [draftId](storage::Database& db) -> Result<OutboxRow> {
            auto draft = DraftStore(db).get(draftId);
            if (!draft)
                return draft.error();
            if (draft->state != DraftState::Approved && draft->state != DraftState::Sent)
                return makeError(ErrorKind::Conflict,
                    QCoreApplication::translate("Review", "Draft %1 is %2: only an approved draft is sent.")
                        .arg(draftId, draftStateName(draft->state)),
                    QStringLiteral("state"));
            OutboxRow row;
            row.draftId = draftId;
            row.accountId = draft->accountId;
            row.conversationId = draft->conversationId;
            row.content = draft->finalText;
            row.lastKnownMessageId = draft->messageId; // our reply can only come after the customer's message
            row.approvedBy = draft->reviewedBy;
            row.approvedAt = draft->approvedAt;
            return OutboxStore(db).create(row);
        },
        [this, draftId, actor, context, done](Result<OutboxRow> row) {
            if (!row)
                return done(row.error());
            if (m_fault == FaultPoint::AfterOutboxWrite)
                return done(crashed());
            m_outbox->deliver(
                draftId, actor, context, [this, draftId, context, done](Result<Outbox::Delivery> sent) {
                    if (!sent)
                        return done(sent.error());
                    Outcome outcome;
                    outcome.stage = Stage::Sent;
                    outcome.chatwootMessageId = sent->chatwootMessageId;
                    outcome.reconciled = sent->reconciled;
                    if (m_fault == FaultPoint::DuringSignalSave)
                        return done(crashed());
                    saveSignal(draftId, outcome, context, done);
                });
        });
}

void ApprovalFlow::saveSignal(const QString& draftId, Outcome outcome, QObject* context, Callback done)
{
    const double threshold = m_options.editRatioThreshold;
    auto queue = m_options.signalQueue;
    auto hook = m_beforeSignalSave;
    dbCall<Result<Outcome>>(
        m_db, context,
        [draftId, outcome, threshold, queue, hook](storage::Database& db) -> Result<Outcome> {
            Outcome result = outcome;
            auto draft = DraftStore(db).get(draftId);
            if (!draft) {
                if (draft.error().kind != ErrorKind::Unavailable)
                    return draft.error();
            }
            if (draft) {
                const DraftRecord& d = draft.value();
                if (!d.grades)
                    return makeError(ErrorKind::Internal, QStringLiteral("reviewed draft without grades"));
                const bool sent = d.state == DraftState::Sent;
                LearningSignal signal = captureLearningSignal(d, sent ? d.finalText : QString(), *d.grades,
                    d.reviewedBy, sent, d.rejectionReason, threshold);
                if (hook)
                    hook();
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
            }
            return draft.error();
        },
        [done](Result<Outcome> result) { done(std::move(result)); });
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
    const Grades g = grades.value();
    const QString who = reviewer.value();
    dbCall<Status>(
        m_db, context,
        [draftId, g, who, why](storage::Database& db) {
            return db.transaction([&](QSqlDatabase&) -> Status {
                DraftStore drafts(db);
                auto draft = drafts.get(draftId);
                if (!draft)
                    return draft.error();
                if (Status moved = drafts.markRejected(draftId, g, who, why, Clock::nowUtc()); !moved)
                    return moved;
                QJsonObject details = gradesJson(g);
                details.insert(QStringLiteral("reason"), why);
                auto audit
                    = AuditLog(db).append({ who, QStringLiteral("draft.rejected"), QStringLiteral("draft"),
                        draftId, draftStateName(draft->state), QStringLiteral("rejected"), details });
                if (!audit)
                    return audit.error();
                return Ok {};
            });
        },
        [this, draftId, context, done](Status st) {
            if (!st)
                return done(st.error());
            Outcome outcome;
            outcome.stage = Stage::Approved; // i.e. reviewed; nothing sent
            saveSignal(draftId, outcome, context, done);
        });
}

void ApprovalFlow::resume(const QString& draftId, QObject* context, Callback done)
{
    dbCall<Result<std::pair<DraftRecord, int>>>(
        m_db, context,
        [draftId](storage::Database& db) -> Result<std::pair<DraftRecord, int>> {
            auto draft = DraftStore(db).get(draftId);
            if (!draft)
                return draft.error();
            auto signalCount = SignalStore(db).countForDraft(draftId);
            if (!signalCount)
                return signalCount.error();
            return std::pair { draft.value(), signalCount.value() };
        },
        [this, draftId, context, done](Result<std::pair<DraftRecord, int>> state) {
            if (!state)
                return done(state.error());
            const auto& [draft, signalCount] = state.value();
            switch (draft.state) {
            case DraftState::Approved:
                return queueAndSend(draftId, draft.reviewedBy, context, done);
            case DraftState::Sent:
            case DraftState::Rejected: {
                Outcome outcome;
                outcome.stage = draft.state == DraftState::Sent ? Stage::Sent : Stage::Approved;
                outcome.chatwootMessageId = draft.sentMessageId;
                if (signalCount > 0) {
                    outcome.stage = Stage::SignalSaved;
                    return done(outcome);
                }
                return saveSignal(draftId, outcome, context, done);
            }
            default:
                return done(makeError(ErrorKind::Conflict,
                    QCoreApplication::translate("Review", "Draft %1 is %2: there is nothing to resume.")
                        .arg(draftId, draftStateName(draft.state)),
                    QStringLiteral("state")));
            }
        });
}

void ApprovalFlow::flushQueuedSignals(QObject* context, std::function<void(Result<int>)> done)
{
    auto queue = m_options.signalQueue;
    if (!queue)
        return done(0);
    auto db = m_db;
    dbCall<Result<int>>(
        queue, context, [db](storage::Database& local) { return SignalQueue(local).flushTo(*db); },
        std::move(done));
}

} // namespace cx::review
