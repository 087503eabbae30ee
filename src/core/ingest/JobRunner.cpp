#include "JobRunner.h"

#include "chatwoot/ChatwootClient.h"
#include "drafting/DraftNote.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "ingest/DraftClosing.h"
#include "ingest/ServiceMetrics.h"
#include "pipeline/ChatwootPoller.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "storage/Database.h"

#include <QThread>

namespace cx::ingest {

using review::dbCall;

namespace {
QString jobLabel(const Job& job)
{
    return QStringLiteral("job %1 (%2, conversation %3, message %4, attempt %5)")
        .arg(job.id)
        .arg(jobKindName(job.kind))
        .arg(job.conversationId)
        .arg(job.messageId)
        .arg(job.attempts);
}
} // namespace

JobRunner::JobRunner(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
    pipeline::DraftPipeline* pipeline, ServiceMetrics* metrics, Options options, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_pipeline(pipeline)
    , m_metrics(metrics)
    , m_options(std::move(options))
{
    connect(&m_pollTimer, &QTimer::timeout, this, &JobRunner::pump);
    connect(&m_renewTimer, &QTimer::timeout, this, &JobRunner::renewLeases);
}

void JobRunner::start()
{
    m_pollTimer.start(m_options.pollMs);
    m_renewTimer.start(static_cast<int>(qMax<qint64>(200, m_options.leaseMs / 3)));
    pump();
}

void JobRunner::wake()
{
    pump();
}

void JobRunner::pump()
{
    if (m_stopping)
        return;
    if (m_claiming) {
        m_again = true; // look again once the claim in flight is back
        return;
    }
    if (running() >= m_options.maxConcurrent)
        return;
    m_claiming = true;
    m_again = false;
    const QString owner = m_options.owner;
    const qint64 leaseMs = m_options.leaseMs;
    dbCall<Result<std::optional<Job>>>(
        m_db, this,
        [owner, leaseMs](storage::Database& db) {
            auto claimed = JobQueue(db).claim(owner, leaseMs);
            if (!claimed && claimed.error().kind == ErrorKind::Unavailable && db.reconnect())
                claimed = JobQueue(db).claim(owner, leaseMs);
            return claimed;
        },
        [this](Result<std::optional<Job>> claimed) {
            m_claiming = false;
            if (!claimed) {
                qCWarning(lcDrafting) << "claiming a job failed:" << claimed.error().toString();
                return;
            }
            if (!claimed.value()) {
                if (m_again)
                    pump();
                return;
            }
            if (m_stopping) { // stopped while the claim was in flight: give it back
                const qint64 id = claimed.value()->id;
                const QString owner = m_options.owner;
                dbCall<Status>(
                    m_db, this,
                    [id, owner](storage::Database& db) { return JobQueue(db).release(id, owner); },
                    [this](Status) { maybeStopped(); });
                return;
            }
            execute(*claimed.value());
            pump();
        });
}

void JobRunner::execute(const Job& job)
{
    m_running.insert(job.id, job);
    qCInfo(lcDrafting) << "running" << jobLabel(job);
    if (m_options.stallFirstJobMs > 0) {
        const qint64 until = Clock::nowMSecs() + m_options.stallFirstJobMs;
        m_options.stallFirstJobMs = 0;
        // The test reads this line: the epoch milliseconds until which nothing else runs on this thread.
        qCWarning(lcDrafting).noquote() << "test seam: the runner's thread stalls until" << until;
        QThread::msleep(static_cast<unsigned long>(qMax<qint64>(0, until - Clock::nowMSecs())));
    }
    if (job.attempts > m_options.maxAttempts) // its workers kept dying: stop trying
        return finish(job, false,
            tr("Its lease expired %n time(s) (the worker died each time).", nullptr, int(job.attempts - 1)));
    switch (job.kind) {
    case Job::Kind::Draft:
        return runDraft(job);
    case Job::Kind::CheckConversation:
        return runCheck(job);
    case Job::Kind::AgentReplied:
    case Job::Kind::CloseDrafts: {
        const bool replied = job.kind == Job::Kind::AgentReplied;
        const QString reason = replied
            ? QStringLiteral("answered in Chatwoot")
            : job.payload.value(QStringLiteral("reason")).toString(QStringLiteral("conversation closed"));
        const QString actor = m_options.actor;
        // Only a person's reply is a manual reply; an agent bot's or Captain's also makes the drafts stale.
        const bool byPerson = replied
            && job.payload.value(QStringLiteral("sender_type")).toString()
                == chatwoot::senderTypeName(chatwoot::SenderType::User);
        dbCall<Result<int>>(
            m_db, this,
            [job, replied, reason, actor, byPerson](storage::Database& db) {
                return closeWaitingDrafts(db, job.accountId, job.conversationId, replied ? job.messageId : 0,
                    reason, actor, byPerson);
            },
            [this, job, reason](Result<int> closed) {
                if (!closed)
                    return finish(job, false, closed.error().message);
                finish(
                    job, true, tr("%n waiting draft(s) superseded: %1", nullptr, closed.value()).arg(reason));
            });
        return;
    }
    }
}

void JobRunner::runDraft(const Job& job)
{
    if (job.attempts <= 1)
        return generate(job);
    // A second attempt: the first may have left its claim (and perhaps posted its note) before it died.
    m_client->fetchLatestMessages(
        job.conversationId, this, [this, job](Result<QList<chatwoot::Message>> messages) {
            if (!messages)
                return finish(
                    job, false, tr("Could not read the conversation: %1").arg(messages.error().message));
            qint64 noteId = 0;
            for (const chatwoot::Message& m : messages.value())
                if (m.id > job.messageId && m.isPrivate && drafting::DraftNote::isOwnDraftNote(m.content))
                    noteId = m.id;
            const QString actor = m_options.actor;
            dbCall<Result<ClaimRecovery>>(
                m_db, this,
                [job, noteId, actor](storage::Database& db) {
                    return recoverAbandonedClaim(
                        db, job.accountId, job.conversationId, job.messageId, noteId, actor);
                },
                [this, job](Result<ClaimRecovery> recovered) {
                    if (!recovered)
                        return finish(job, false, recovered.error().message);
                    if (recovered.value() == ClaimRecovery::Noted)
                        return finish(job, true, tr("The earlier attempt's note was found and recorded."));
                    generate(job);
                });
        });
}

void JobRunner::generate(const Job& job)
{
    m_pipeline->generateAndPostDraft(job.conversationId, job.messageId, this,
        [this, job](const pipeline::DraftPipeline::JobOutcome& outcome) {
            using R = pipeline::DraftPipeline::Result_;
            if (outcome.result == R::Failed) {
                const bool model = outcome.reason.contains(QLatin1String("could not be generated"));
                return finish(job, false, outcome.reason, model);
            }
            if (outcome.result == R::Noted && m_metrics) {
                const QString id = outcome.draftId;
                dbCall<bool>(
                    m_db, this,
                    [id](storage::Database& db) {
                        auto d = review::DraftStore(db).get(id);
                        return d && d->content.offline;
                    },
                    [this](bool offline) {
                        m_metrics->increment(QStringLiteral("cxpilotd_drafts_total"),
                            ServiceMetrics::label(QStringLiteral("drafter"),
                                offline ? QStringLiteral("offline") : QStringLiteral("model")));
                    });
            }
            finish(job, true, outcome.result == R::Noted ? tr("noted") : outcome.reason);
        });
}

void JobRunner::runCheck(const Job& job)
{
    m_client->fetchLatestMessages(
        job.conversationId, this, [this, job](Result<QList<chatwoot::Message>> messages) {
            if (!messages)
                return finish(
                    job, false, tr("Could not read the conversation: %1").arg(messages.error().message));
            const qint64 messageId = pipeline::ChatwootPoller::unansweredCustomerMessage(messages.value());
            if (messageId == 0)
                return finish(job, true, tr("no unanswered customer message"));
            Job draft;
            draft.kind = Job::Kind::Draft;
            draft.accountId = job.accountId;
            draft.conversationId = job.conversationId;
            draft.messageId = messageId;
            draft.dedupeKey
                = QStringLiteral("draft:%1:%2:%3").arg(job.accountId).arg(job.conversationId).arg(messageId);
            dbCall<Result<bool>>(
                m_db, this,
                [draft](storage::Database& db) -> Result<bool> {
                    auto live = review::DraftStore(db).liveDraftFor(
                        draft.accountId, draft.conversationId, draft.messageId);
                    if (!live)
                        return live.error();
                    if (live.value())
                        return false;
                    auto id = JobQueue(db).enqueueAgain(draft);
                    if (!id)
                        return id.error();
                    return true;
                },
                [this, job, messageId](Result<bool> queued) {
                    if (!queued)
                        return finish(job, false, queued.error().message);
                    finish(job, true,
                        queued.value() ? tr("message %1 queued for a draft").arg(messageId)
                                       : tr("message %1 already has a live draft").arg(messageId));
                    if (queued.value())
                        wake();
                });
        });
}

void JobRunner::finish(const Job& job, bool ok, const QString& reason, bool modelError)
{
    const QString owner = m_options.owner;
    const int maxAttempts = m_options.maxAttempts;
    const qint64 backoff = JobQueue::backoffMs(job.attempts, m_options.backoffBaseMs);
    dbCall<Result<QString>>(
        m_db, this,
        [job, ok, reason, owner, maxAttempts, backoff](storage::Database& db) -> Result<QString> {
            JobQueue queue(db);
            if (ok) {
                if (Status s = queue.complete(job.id, owner); !s)
                    return s.error();
                return QStringLiteral("done");
            }
            auto parked = queue.fail(job.id, owner, reason, maxAttempts, backoff);
            if (!parked)
                return parked.error();
            return parked.value() ? QStringLiteral("parked") : QStringLiteral("retry");
        },
        [this, job, reason, modelError](Result<QString> result) {
            m_running.remove(job.id);
            const QString label = result ? result.value() : QStringLiteral("lease_lost");
            if (!result)
                qCWarning(lcDrafting)
                    << jobLabel(job) << "could not be recorded:" << result.error().toString();
            else if (label == QLatin1String("done"))
                qCInfo(lcDrafting) << jobLabel(job) << "done:" << reason;
            else
                qCWarning(lcDrafting) << jobLabel(job) << label << ":" << reason;
            if (m_metrics) {
                m_metrics->increment(QStringLiteral("cxpilotd_jobs_total"),
                    ServiceMetrics::label(QStringLiteral("kind"), jobKindName(job.kind)) + QLatin1Char(',')
                        + ServiceMetrics::label(QStringLiteral("result"), label));
                if (modelError)
                    m_metrics->increment(QStringLiteral("cxpilotd_model_errors_total"));
                m_metrics->observeJobSeconds(qMax<qint64>(0, Clock::nowMSecs() - job.createdMs) / 1000.0);
            }
            emit jobFinished(job.id, label, reason);
            if (m_stopping)
                return maybeStopped();
            pump();
        });
}

void JobRunner::renewLeases()
{
    const QList<qint64> ids = m_running.keys();
    if (ids.isEmpty())
        return;
    const QString owner = m_options.owner;
    const qint64 leaseMs = m_options.leaseMs;
    dbCall<int>(
        m_db, this,
        [ids, owner, leaseMs](storage::Database& db) {
            for (qint64 id : ids)
                (void)JobQueue(db).renew(id, owner, leaseMs);
            return 0;
        },
        [](int) {});
}

void JobRunner::stop(int graceMs, std::function<void()> done)
{
    m_stopping = true;
    m_stopped = std::move(done);
    m_pollTimer.stop();
    if (m_running.isEmpty() && !m_claiming)
        return maybeStopped();
    QTimer::singleShot(graceMs, this, [this] {
        if (!m_stopped)
            return;
        // Still running: hand the jobs back so another instance (or the next start) takes them at once.
        const QList<qint64> ids = m_running.keys();
        const QString owner = m_options.owner;
        dbCall<int>(
            m_db, this,
            [ids, owner](storage::Database& db) {
                for (qint64 id : ids)
                    (void)JobQueue(db).release(id, owner);
                return 0;
            },
            [this](int) {
                m_running.clear();
                maybeStopped();
            });
    });
}

void JobRunner::maybeStopped()
{
    if (!m_stopped || !m_running.isEmpty() || m_claiming)
        return;
    m_renewTimer.stop();
    auto done = std::move(m_stopped);
    m_stopped = nullptr;
    done();
}

} // namespace cx::ingest
