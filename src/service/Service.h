#pragma once

#include "ServiceConfig.h"

#include <QObject>
#include <QTimer>

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
class WebhookIntake;
} // namespace cx::ingest

namespace cx::service {

class WebhookServer;

// One cxpilotd instance: wires the core (intake, queue, runner, pipeline, sweep) to the HTTP front. Thin on
// purpose; the logic lives in cxcore, shared with the desktop's solo mode.
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
    std::pair<bool, QString> readiness();
    QByteArray metricsText();
    void probeChatwoot();
    void heartbeat();

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
    std::unique_ptr<ingest::WebhookIntake> m_intake;
    WebhookServer* m_server = nullptr;
    QTimer m_probeTimer;
    QTimer m_heartbeatTimer;
    bool m_chatwootOk = false;
    QString m_chatwootReason;
    qint64 m_startedMs = 0;
    bool m_shuttingDown = false;
};

} // namespace cx::service
