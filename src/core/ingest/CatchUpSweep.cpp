#include "CatchUpSweep.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "ingest/JobQueue.h"
#include "ingest/ServiceMetrics.h"
#include "ingest/ServiceState.h"
#include "review/DbCall.h"
#include "storage/Database.h"

namespace cx::ingest {

using review::dbCall;

CatchUpSweep::CatchUpSweep(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
    ServiceMetrics* metrics, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_metrics(metrics)
{
    connect(&m_timer, &QTimer::timeout, this, &CatchUpSweep::sweepNow);
}

void CatchUpSweep::start(int intervalMs)
{
    if (intervalMs > 0)
        m_timer.start(intervalMs);
    sweepNow();
}

void CatchUpSweep::sweepNow()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    const qint64 startedMs = Clock::nowMSecs();
    dbCall<Result<qint64>>(
        m_db, this, [](storage::Database& db) { return ServiceState(db).lastSweepMs(); },
        [this, startedMs](Result<qint64> last) {
            if (!last) {
                m_inFlight = false;
                emit sweepFailed(last.error().message);
                return;
            }
            chatwoot::ConversationQuery query;
            if (last.value() <= 0) {
                query.status = QStringLiteral("open"); // never swept: the whole open queue
            } else {
                query.status = QStringLiteral("all");
                // Since the last completed sweep began, plus a minute against clock skew.
                query.updatedWithinSecs = qMax<qint64>(60, (startedMs - last.value()) / 1000 + 60);
            }
            m_client->fetchConversations(
                query, this, [this, startedMs](Result<chatwoot::ConversationList> list) {
                    if (!list) {
                        m_inFlight = false;
                        qCWarning(lcChatwoot) << "catch-up sweep failed:" << list.error().toString();
                        emit sweepFailed(list.error().message);
                        return;
                    }
                    QList<Job> jobs;
                    for (const chatwoot::Conversation& c : list->payload) {
                        if (c.status != chatwoot::ConversationStatus::Open
                            && c.status != chatwoot::ConversationStatus::Pending)
                            continue;
                        Job job;
                        job.kind = Job::Kind::CheckConversation;
                        job.accountId = m_client->config().accountId;
                        job.conversationId = c.id;
                        // One check per state of the conversation: its newest message (or activity time).
                        const qint64 version
                            = c.lastMessage ? c.lastMessage->id : c.lastActivityAt.toSecsSinceEpoch();
                        job.dedupeKey = QStringLiteral("check:%1:%2:sweep:%3")
                                            .arg(job.accountId)
                                            .arg(c.id)
                                            .arg(version);
                        jobs.append(job);
                    }
                    const int conversations = static_cast<int>(list->payload.size());
                    dbCall<Result<int>>(
                        m_db, this,
                        [jobs, startedMs](storage::Database& db) -> Result<int> {
                            int queued = 0;
                            const Status st = db.transaction([&](QSqlDatabase& c) -> Status {
                                for (const Job& j : jobs) {
                                    auto id = JobQueue::enqueue(c, j);
                                    if (!id)
                                        return id.error();
                                    ++queued;
                                }
                                return ServiceState(db).setLastSweepMs(startedMs);
                            });
                            if (!st)
                                return st.error();
                            return queued;
                        },
                        [this, startedMs, conversations](Result<int> queued) {
                            m_inFlight = false;
                            if (!queued) {
                                emit sweepFailed(queued.error().message);
                                return;
                            }
                            finishSweep(startedMs, conversations, queued.value());
                        });
                });
        });
}

void CatchUpSweep::finishSweep(qint64 startedMs, int conversations, int queued)
{
    m_lastSuccessMs = startedMs;
    if (m_metrics) {
        m_metrics->increment(QStringLiteral("cxpilotd_sweeps_total"));
        m_metrics->setGauge(QStringLiteral("cxpilotd_last_sweep_timestamp_seconds"), startedMs / 1000.0);
    }
    qCInfo(lcChatwoot) << "catch-up sweep:" << conversations << "conversations," << queued << "checks queued";
    emit swept(conversations, queued);
    if (queued > 0)
        emit jobsQueued();
}

} // namespace cx::ingest
