#include "ApprovalDriver.h"

#include "review/ApprovalFlow.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "review/Recovery.h"
#include "storage/Database.h"

#include <QTimer>

#include <cstdio>

namespace cx::crash {

using review::ApprovalFlow;

namespace {
QString outcomeText(const ApprovalFlow::Outcome& o)
{
    QString s = ApprovalFlow::stageName(o.stage);
    if (o.reconciled)
        s += QStringLiteral(" reconciled");
    if (o.chatwootMessageId > 0)
        s += QStringLiteral(" message=%1").arg(o.chatwootMessageId);
    return s;
}

ApprovalFlow::Options flowOptions(std::shared_ptr<storage::Database> signalQueue)
{
    ApprovalFlow::Options o;
    o.signalQueue = std::move(signalQueue);
    return o;
}

// The reviewer's grades: fixed per draft, so a restarted run grades a draft the same way.
int gradeFor(const QString& draftId, int salt)
{
    return 3 + int((qHash(draftId) >> (salt * 3)) % 3);
}
} // namespace

ApprovalDriver::ApprovalDriver(DriverOptions options, std::shared_ptr<storage::Database> db,
    std::shared_ptr<storage::Database> signalQueue, chatwoot::ChatwootClient* client, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_db(std::move(db))
    , m_signalQueue(std::move(signalQueue))
    , m_flow(new ApprovalFlow(m_db, client, flowOptions(m_signalQueue), this))
    , m_recovery(new review::Recovery(m_db, m_flow, this))
{
}

ApprovalDriver::~ApprovalDriver() = default;

void ApprovalDriver::say(const QString& line)
{
    // One write per line: the core logs from database worker threads too.
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void ApprovalDriver::start()
{
    say(QStringLiteral("step start"));
    beginPass();
}

void ApprovalDriver::beginPass()
{
    ++m_pass;
    m_passLeftWork = false;
    say(QStringLiteral("step pass %1").arg(m_pass));
    recover();
}

void ApprovalDriver::recover()
{
    m_recovery->runOnce(this, [this](Result<review::Recovery::Report> report) {
        if (!report) {
            noteError(QStringLiteral("-"), report.error());
            return endPass();
        }
        const review::Recovery::Report& r = report.value();
        m_totals.resumed += r.sent + r.reconciled;
        m_totals.reconciled += r.reconciled;
        m_totals.signalsSaved += r.signalsSaved;
        m_totals.flushed += r.signalsFlushed;
        m_totals.waiting += r.waiting;
        m_totals.attention += int(r.needsAttentionDraftIds.size());
        if (!r.isEmpty())
            say(QStringLiteral("step recovery sent=%1 reconciled=%2 signals-saved=%3 flushed=%4 waiting=%5 "
                               "attention=%6")
                    .arg(r.sent)
                    .arg(r.reconciled)
                    .arg(r.signalsSaved)
                    .arg(r.signalsFlushed)
                    .arg(r.waiting)
                    .arg(r.needsAttentionDraftIds.size()));
        if (r.signalsFlushed > 0)
            say(QStringLiteral("step flushed %1").arg(r.signalsFlushed));
        for (qsizetype i = 0; i < r.needsAttentionDraftIds.size(); ++i)
            say(QStringLiteral("step attention %1 %2")
                    .arg(r.needsAttentionDraftIds.at(i), r.needsAttention.value(i).simplified()));
        // Waiting rows (leased by another process, an unknown outcome in its pause) and anything that needs a
        // person are work left.
        if (r.waiting > 0 || !r.needsAttentionDraftIds.isEmpty())
            m_passLeftWork = true;
        findNoted();
    });
}

void ApprovalDriver::findNoted()
{
    review::dbCall<Result<QList<review::DraftRecord>>>(
        m_db, this, [](storage::Database& db) { return review::DraftStore(db).pending(); },
        [this](Result<QList<review::DraftRecord>> drafts) {
            if (!drafts) {
                noteError(QStringLiteral("-"), drafts.error());
                return endPass();
            }
            m_toApprove = drafts.value();
            approveNext();
        });
}

void ApprovalDriver::approveNext()
{
    if (m_toApprove.isEmpty())
        return endPass();
    if (m_options.count >= 0 && m_approvedThisRun >= m_options.count) {
        m_toApprove.clear();
        return endPass();
    }
    const review::DraftRecord draft = m_toApprove.takeFirst();
    // The reviewer's edit: the same for the same draft and reviewer, so every process that approves it
    // sends the same text (and a reply can be found by its content).
    const QString text = draft.content.text + QStringLiteral(" (checked by %1)").arg(m_options.reviewer);
    const int tone = gradeFor(draft.id, 0), accuracy = gradeFor(draft.id, 1), policy = gradeFor(draft.id, 2);
    ++m_approvedThisRun;
    say(QStringLiteral("step approve %1 grades %2/%3/%4").arg(draft.id).arg(tone).arg(accuracy).arg(policy));
    m_flow->approveAndSendReply(draft.id, text, tone, accuracy, policy, m_options.reviewer, this,
        [this, id = draft.id](Result<ApprovalFlow::Outcome> r) {
            if (!r) {
                noteError(id, r.error());
            } else {
                ++m_totals.approved;
                if (r->stage == ApprovalFlow::Stage::SignalSaved
                    || r->stage == ApprovalFlow::Stage::SignalQueued || r->stage == ApprovalFlow::Stage::Sent)
                    ++m_totals.sent;
                if (r->reconciled)
                    ++m_totals.reconciled;
                if (r->stage == ApprovalFlow::Stage::SignalSaved)
                    ++m_totals.signalsSaved;
                if (r->stage == ApprovalFlow::Stage::SignalQueued)
                    ++m_totals.signalsQueued;
                if (r->stage == ApprovalFlow::Stage::OutcomeUnknown) {
                    ++m_totals.waiting; // Recovery looks again after the re-check pause
                    m_passLeftWork = true;
                }
                say(QStringLiteral("step approved %1 %2").arg(id, outcomeText(r.value())));
            }
            approveNext();
        });
}

void ApprovalDriver::noteError(const QString& draftId, const Error& error)
{
    // Conflicts are expected when another process holds the draft or its send; anything else is retried in
    // the next pass (the database away, Chatwoot not answering).
    if (error.kind == ErrorKind::Conflict)
        ++m_totals.conflicts;
    else
        ++m_totals.errors;
    m_passLeftWork = true;
    say(QStringLiteral("step error %1 %2 %3")
            .arg(draftId, errorKindName(error.kind), error.message.simplified()));
}

void ApprovalDriver::endPass()
{
    if (m_passLeftWork && m_pass < m_options.maxPasses) {
        QTimer::singleShot(m_options.passPauseMs, this, [this] { beginPass(); });
        return;
    }
    const auto& t = m_totals;
    say(QStringLiteral("done passes=%1 approved=%2 sent=%3 resumed=%4 reconciled=%5 signals-saved=%6 "
                       "signals-queued=%7 flushed=%8 waiting=%9 attention=%10 conflicts=%11 errors=%12 "
                       "left=%13")
            .arg(m_pass)
            .arg(t.approved)
            .arg(t.sent)
            .arg(t.resumed)
            .arg(t.reconciled)
            .arg(t.signalsSaved)
            .arg(t.signalsQueued)
            .arg(t.flushed)
            .arg(t.waiting)
            .arg(t.attention)
            .arg(t.conflicts)
            .arg(t.errors)
            .arg(m_passLeftWork ? QStringLiteral("yes") : QStringLiteral("no")));
    Q_EMIT finished(m_passLeftWork ? 2 : 0);
}

} // namespace cx::crash
