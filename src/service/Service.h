#pragma once

#include "ServiceConfig.h"

#include <QMutex>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>

class QNetworkAccessManager;

namespace cx::chatwoot {
class ChatwootClient;
}
namespace cx::drafting {
class Drafter;
}
namespace cx::knowledge {
class KnowledgeBase;
}
namespace cx::llm {
class OpenAiClient;
}
namespace cx::pipeline {
class DraftPipeline;
}
namespace cx::storage {
class Database;
}
namespace cx::ingest {
class CatchUpSweep;
class JobRunner;
class ServiceMetrics;
} // namespace cx::ingest

namespace cx::service {

class WebhookServerThread;

// One cxpilotd instance: wires the core (intake, queue, runner, pipeline, sweep) to the HTTP front. Thin on
// purpose; the logic lives in cxcore, shared with the desktop's solo mode. Two threads: the HTTP front and
// the intake on their own (WebhookServerThread), everything else (runner, pipeline, sweep, probes) on this
// object's.
class Service final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Service)
public:
    explicit Service(ServiceConfig config, QObject* parent = nullptr);
    ~Service() override;

    // Opens the database, listens, starts the runner and the sweep. Prints the error and returns false.
    bool start();
    // SIGTERM: stop accepting, finish or release leased jobs, then emit stopped().
    void shutdown();

signals:
    void stopped();

private:
    // Called on the HTTP thread (/readyz, /metrics): only the database (that thread's connection), the
    // thread-safe metrics and the atomics/mutex-guarded Chatwoot state below.
    std::pair<bool, QString> readiness();
    QByteArray metricsText();
    void probeChatwoot();
    void heartbeat();
    void prune(); // retention: deliveries and done jobs older than retentionDays

    ServiceConfig m_config;
    std::shared_ptr<storage::Database> m_db;
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<ingest::ServiceMetrics> m_metrics;
    std::unique_ptr<knowledge::KnowledgeBase> m_kb;
    chatwoot::ChatwootClient* m_client = nullptr;
    llm::OpenAiClient* m_model = nullptr;
    drafting::Drafter* m_drafter = nullptr;
    pipeline::DraftPipeline* m_pipeline = nullptr;
    ingest::JobRunner* m_runner = nullptr;
    ingest::CatchUpSweep* m_sweep = nullptr;
    std::unique_ptr<WebhookServerThread> m_front;
    QTimer m_probeTimer;
    QTimer m_heartbeatTimer;
    QTimer m_pruneTimer;
    std::atomic<bool> m_chatwootOk { false }; // written here, read on the HTTP thread
    QMutex m_chatwootMutex; // guards m_chatwootReason
    QString m_chatwootReason;
    qint64 m_startedMs = 0;
    bool m_shuttingDown = false;
};

} // namespace cx::service
