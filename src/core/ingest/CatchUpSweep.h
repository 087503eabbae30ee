#pragma once

#include <QObject>
#include <QTimer>

#include <memory>

namespace cx::chatwoot {
class ChatwootClient;
}
namespace cx::storage {
class Database;
}

namespace cx::ingest {

class ServiceMetrics;

// Webhooks give speed, the sweep gives completeness: Chatwoot delivers an account webhook once and does not
// retry (chatwoot/chatwoot#15920), so on start and on a schedule the service lists the conversations updated
// since the last completed sweep (shared by all instances in service_state; the whole open queue the first
// time) and queues a check of each open or pending one. The check finds the unanswered customer message (the
// poller's rule) and queues its draft job under the same key a webhook would — never two jobs for a message.
class CatchUpSweep final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatchUpSweep)
public:
    CatchUpSweep(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
        ServiceMetrics* metrics, QObject* parent = nullptr);

    void start(int intervalMs); // sweeps now, then every intervalMs (0: only now)
    void stop() { m_timer.stop(); }
    void sweepNow();
    bool isSweeping() const { return m_inFlight; }

signals:
    void swept(int conversations, int queued); // a sweep completed
    void sweepFailed(const QString& reason);
    void jobsQueued(); // wake the runner

private:
    void finishSweep(qint64 startedMs, int conversations, int queued);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    ServiceMetrics* m_metrics;
    QTimer m_timer;
    bool m_inFlight = false;
    qint64 m_lastSuccessMs = 0;
};

} // namespace cx::ingest
