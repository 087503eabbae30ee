#include "Recovery.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/ApprovalFlow.h"
#include "review/Await.h"
#include "review/DraftStore.h"
#include "review/OutboxStore.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QPointer>

#include <qcoro/qcorotask.h>

namespace cx::review {

namespace {
using Outcome = Result<ApprovalFlow::Outcome>;

// What one pass has to look at, read in one go.
struct Work {
    QStringList approvedWithoutRow;
    QList<OutboxRow> unsent;
    QStringList withoutSignal;
};

// A transient failure: the next pass tries again; no person is needed.
bool isTransient(const Error& e)
{
    switch (e.kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::Server:
    case ErrorKind::RateLimited:
    case ErrorKind::Unavailable:
    case ErrorKind::Tls:
        return true;
    default:
        return false;
    }
}

void attention(Recovery::Report& report, const QString& draftId, const QString& sentence)
{
    if (report.needsAttentionDraftIds.contains(draftId))
        return;
    report.needsAttentionDraftIds.append(draftId);
    report.needsAttention.append(sentence);
}

QCoro::Task<Result<Recovery::Report>> runPass(
    std::shared_ptr<storage::Database> db, QPointer<ApprovalFlow> flow, QObject* owner)
{
    Recovery::Report report;

    // 1. The local signal queue first: a queued signal is the original (graded at review time); saving a
    //    fresh one for the same draft later is then a no-op.
    auto flushing
        = awaitCallback<Result<int>>([&](auto deliver) { flow->flushQueuedSignals(owner, deliver); });
    auto flushed = co_await flushing;
    if (flushed)
        report.signalsFlushed = flushed.value();
    else
        qCWarning(lcReview) << "recovery: the signal queue could not be flushed:" << flushed.error().message;

    auto reading = onDatabase<Result<Work>>(db, owner, [](storage::Database& d) -> Result<Work> {
        Work w;
        auto approved = DraftStore(d).approvedWithoutOutbox();
        if (!approved)
            return approved.error();
        w.approvedWithoutRow = approved.value();
        auto unsent = OutboxStore(d).unsent();
        if (!unsent)
            return unsent.error();
        w.unsent = unsent.value();
        auto missing = DraftStore(d).reviewedWithoutSignal();
        if (!missing)
            return missing.error();
        w.withoutSignal = missing.value();
        return w;
    });
    auto work = co_await reading;
    if (!work)
        co_return work.error();

    // 2. Sends: approved drafts without a row, and rows not sent yet.
    QStringList toSend = work->approvedWithoutRow;
    const QDateTime now = Clock::nowUtc();
    for (const OutboxRow& row : work->unsent) {
        if (row.state == OutboxRow::State::Failed) {
            // A definite refusal or a stale conversation: a person decides (retry, or confirm anyway).
            attention(report, row.draftId,
                row.lastError.isEmpty()
                    ? QCoreApplication::translate("Review", "The reply could not be sent.")
                    : row.lastError);
            continue;
        }
        if (row.inRecheckPause(now)) {
            ++report.waiting;
            continue;
        }
        toSend.append(row.draftId);
    }
    for (const QString& draftId : toSend) {
        if (!flow)
            co_return makeError(ErrorKind::Cancelled, QStringLiteral("the approval flow is gone"));
        auto resuming = awaitCallback<Outcome>([&](auto deliver) { flow->resume(draftId, owner, deliver); });
        Outcome r = co_await resuming;
        if (r) {
            if (r->stage == ApprovalFlow::Stage::OutcomeUnknown)
                ++report.waiting;
            else if (r->reconciled)
                ++report.reconciled;
            else
                ++report.sent;
            continue;
        }
        const Error& e = r.error();
        if (e.kind == ErrorKind::Conflict && e.field == QLatin1String("outbox"))
            ++report.waiting; // leased by another process (or this one's POST is on the wire)
        else if (isTransient(e))
            ++report.waiting;
        else
            attention(report, draftId, e.message);
    }

    // 3. Learning signals of reviewed drafts that have none.
    for (const QString& draftId : work->withoutSignal) {
        if (!flow)
            co_return makeError(ErrorKind::Cancelled, QStringLiteral("the approval flow is gone"));
        auto saving = awaitCallback<Outcome>([&](auto deliver) { flow->resume(draftId, owner, deliver); });
        Outcome r = co_await saving;
        if (r && r->stage == ApprovalFlow::Stage::SignalSaved)
            ++report.signalsSaved;
        else if (!r && !isTransient(r.error()))
            attention(report, draftId, r.error().message);
    }
    co_return report;
}
} // namespace

bool Recovery::Report::isEmpty() const
{
    return sent == 0 && reconciled == 0 && signalsSaved == 0 && signalsFlushed == 0 && waiting == 0
        && needsAttentionDraftIds.isEmpty();
}

Recovery::Recovery(std::shared_ptr<storage::Database> db, ApprovalFlow* flow, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_flow(flow)
{
    qRegisterMetaType<cx::review::Recovery::Report>();
    connect(&m_timer, &QTimer::timeout, this, &Recovery::tick);
}

Recovery::~Recovery() = default;

void Recovery::runOnce(QObject* context, std::function<void(Result<Report>)> done)
{
    if (m_passRunning)
        return done(makeError(ErrorKind::Conflict,
            QCoreApplication::translate("Review", "Recovery is already running."),
            QStringLiteral("recovery")));
    m_passRunning = true;
    QPointer<QObject> ctx(context);
    const bool hadContext = context != nullptr;
    QCoro::connect(runPass(m_db, QPointer<ApprovalFlow>(m_flow), this), this,
        [this, ctx, hadContext, done](Result<Report> report) {
            m_passRunning = false;
            if (report && !report->isEmpty()) {
                qCInfo(lcReview) << "recovery: sent" << report->sent << "reconciled" << report->reconciled
                                 << "signals saved" << report->signalsSaved << "flushed"
                                 << report->signalsFlushed << "waiting" << report->waiting
                                 << "needs attention" << report->needsAttentionDraftIds.size();
                emit ran(report.value());
            } else if (!report) {
                qCWarning(lcReview) << "recovery pass failed:" << report.error().message;
            }
            if (!hadContext || ctx)
                done(std::move(report));
        });
}

void Recovery::start(int intervalMs)
{
    m_timer.start(qMax(1, intervalMs));
    tick();
}

void Recovery::stop()
{
    m_timer.stop();
}

void Recovery::tick()
{
    if (m_passRunning)
        return; // the previous pass is still going: skip this tick
    runOnce(this, [](Result<Report>) {});
}

} // namespace cx::review
