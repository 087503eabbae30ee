#pragma once

#include "WebhookServer.h"
#include "ingest/WebhookIntake.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>

#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::service {

// cxpilotd's HTTP front (WebhookServer and its WebhookIntake) on a thread of its own, so acknowledgements
// never wait for the main thread's drafting work (job runner, pipeline, Chatwoot callbacks). The intake
// writes through that thread's own database connection (storage::Database keeps one per thread; on SQLite WAL
// and the busy timeout let it write while the workers write). The hooks (/readyz, /metrics) run on the HTTP
// thread too: what they read must be thread-safe. jobQueued() is delivered on this object's thread (queued),
// to wake the runner.
class WebhookServerThread final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookServerThread)
public:
    struct Setup {
        std::shared_ptr<storage::Database> db;
        ingest::WebhookIntake::Options intake;
        ingest::ServiceMetrics* metrics = nullptr; // thread-safe
        qint64 maxBodyBytes = 0;
        WebhookServer::Hooks hooks; // called on the HTTP thread
    };

    explicit WebhookServerThread(Setup setup, QObject* parent = nullptr);
    ~WebhookServerThread() override;

    // Starts the thread, builds the intake and the server in it and listens. The port, or 0 (errorString()).
    quint16 start(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_error; }
    // SIGTERM: the listening socket is closed when this returns; open connections get 503.
    void stopAccepting();
    // Destroys the server and the intake in their thread, closes its database connection, ends the thread.
    void stop();

signals:
    void jobQueued();

private:
    Setup m_setup;
    QThread m_thread;
    QObject* m_context = nullptr; // lives in m_thread: the target of the blocking calls
    WebhookServer* m_server = nullptr; // lives in m_thread
    std::unique_ptr<ingest::WebhookIntake> m_intake; // used only in m_thread
    QString m_error;
};

} // namespace cx::service
