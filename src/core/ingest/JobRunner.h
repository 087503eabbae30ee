#pragma once

#include "ingest/JobQueue.h"
#include "pipeline/DraftPipeline.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace cx::chatwoot {
class ChatwootClient;
}
namespace cx::storage {
class Database;
}

namespace cx::ingest {

class ServiceMetrics;

// Works the durable queue: claims due jobs (leased to this worker), runs them — a draft through the existing
// draft pipeline (one draft per customer message by its unique key; the note is a private note), an agent's
// reply or a closed conversation by superseding the waiting drafts, a reopened/swept conversation by queueing
// its unanswered customer message — and completes, retries with backoff, or parks them. Leases are renewed
// while a job runs; a worker killed mid-job simply stops renewing, and another claims the job after it.
class JobRunner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)
public:
    struct Options {
        QString owner; // this worker's name in lease_owner (instance id)
        QString actor = QStringLiteral("cxpilotd"); // audit actor (PostgreSQL: the login)
        int maxConcurrent = 4;
        qint64 leaseMs = 120000; // longer than a slow model call; renewed every third of it
        int maxAttempts = 5;
        qint64 backoffBaseMs = 2000;
        int pollMs = 1000; // also woken at once by wake()
        // Test seam (CXPILOTD_TEST_STALL_FIRST_JOB_MS): the first job blocks this thread for so long, as a
        // worker stuck in a synchronous step would — the intake on its own thread must keep acknowledging.
        qint64 stallFirstJobMs = 0;
    };

    JobRunner(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
        pipeline::DraftPipeline* pipeline, ServiceMetrics* metrics, Options options,
        QObject* parent = nullptr);

    void start();
    void wake(); // a job was queued
    // Stops claiming; running jobs get graceMs to finish, then their leases are released. Calls done once.
    void stop(int graceMs, std::function<void()> done);
    int running() const { return static_cast<int>(m_running.size()); }

signals:
    void jobFinished(qint64 jobId, const QString& result, const QString& reason);

private:
    void pump();
    void execute(const Job& job);
    void runDraft(const Job& job);
    void generate(const Job& job);
    void runCheck(const Job& job);
    void finish(const Job& job, bool ok, const QString& reason, bool modelError = false);
    void renewLeases();
    void maybeStopped();

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    pipeline::DraftPipeline* m_pipeline;
    ServiceMetrics* m_metrics;
    Options m_options;
    QTimer m_pollTimer;
    QTimer m_renewTimer;
    bool m_claiming = false;
    bool m_again = false;
    bool m_stopping = false;
    QHash<qint64, Job> m_running;
    std::function<void()> m_stopped;
};

} // namespace cx::ingest
