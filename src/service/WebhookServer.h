#pragma once

#include <QHostAddress>
#include <QHttpServer>
#include <QObject>

#include <functional>

class QTcpServer;

namespace cx::ingest {
class ServiceMetrics;
class WebhookIntake;
} // namespace cx::ingest

namespace cx::service {

// cxpilotd's HTTP front on Qt HttpServer: POST /webhooks/chatwoot, GET /healthz, /readyz, /metrics.
// Qt HttpServer 6.4 reads a request's whole body before any handler runs (it has no hook at the headers), so
// the size cap is applied from the Content-Length header and the body's size right after; put the reverse
// proxy's body limit (nginx client_max_body_size) in front so oversized bodies never reach us.
class WebhookServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebhookServer)
public:
    struct Hooks {
        std::function<std::pair<bool, QString>()> ready; // readiness and its one-line reason
        std::function<QByteArray()> metrics; // Prometheus text
    };

    WebhookServer(ingest::WebhookIntake* intake, ingest::ServiceMetrics* metrics, qint64 maxBodyBytes,
        Hooks hooks, QObject* parent = nullptr);

    // 0 on failure (the reason in errorString()).
    quint16 listen(const QHostAddress& address, quint16 port);
    QString errorString() const { return m_error; }
    // Stops accepting connections; webhooks still arriving on open connections get 503.
    void stopAccepting();

signals:
    void jobQueued();

private:
    QHttpServerResponse webhook(const QHttpServerRequest& request);

    QHttpServer m_http;
    QTcpServer* m_tcp = nullptr;
    ingest::WebhookIntake* m_intake;
    ingest::ServiceMetrics* m_metrics;
    qint64 m_maxBodyBytes;
    Hooks m_hooks;
    bool m_stopping = false;
    QString m_error;
};

} // namespace cx::service
