#include "WebhookServer.h"

#include "foundation/LogCategories.h"
#include "ingest/ServiceMetrics.h"
#include "ingest/WebhookIntake.h"

#include <QCoreApplication>
#include <QTcpServer>

namespace cx::service {

namespace {

QHttpServerResponse textResponse(int status, const QString& line)
{
    return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"), line.toUtf8() + '\n',
        static_cast<QHttpServerResponse::StatusCode>(status));
}
} // namespace

WebhookServer::WebhookServer(ingest::WebhookIntake* intake, ingest::ServiceMetrics* metrics,
    qint64 maxBodyBytes, Hooks hooks, QObject* parent)
    : QObject(parent)
    , m_intake(intake)
    , m_metrics(metrics)
    , m_maxBodyBytes(maxBodyBytes)
    , m_hooks(std::move(hooks))
{
    m_http.route(QStringLiteral("/webhooks/chatwoot"), QHttpServerRequest::Method::Post,
        [this](const QHttpServerRequest& request) { return webhook(request); });
    m_http.route(QStringLiteral("/healthz"), QHttpServerRequest::Method::Get,
        [] { return textResponse(200, QStringLiteral("ok")); });
    m_http.route(QStringLiteral("/readyz"), QHttpServerRequest::Method::Get, [this] {
        const auto [ready, reason] = m_hooks.ready();
        return textResponse(ready && !m_stopping ? 200 : 503, m_stopping ? tr("shutting down") : reason);
    });
    m_http.route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get, [this] {
        return QHttpServerResponse(
            QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"), m_hooks.metrics());
    });
}

quint16 WebhookServer::listen(const QHostAddress& address, quint16 port)
{
    // Our own QTcpServer, bound to the HTTP server, so it can stop accepting on SIGTERM.
    m_tcp = new QTcpServer(this);
    if (!m_tcp->listen(address, port)) {
        m_error = m_tcp->errorString();
        return 0;
    }
    m_http.bind(m_tcp);
    return m_tcp->serverPort();
}

void WebhookServer::stopAccepting()
{
    m_stopping = true;
    if (m_tcp)
        m_tcp->close();
}

QHttpServerResponse WebhookServer::webhook(const QHttpServerRequest& request)
{
    ingest::IntakeResult result;
    const QByteArray declared = request.value(QByteArrayLiteral("Content-Length"));
    if (m_stopping) {
        result.outcome = ingest::IntakeResult::Outcome::Unavailable;
        result.httpStatus = 503;
        result.reason = tr("The service is shutting down; nothing was stored.");
    } else if (declared.toLongLong() > m_maxBodyBytes || request.body().size() > m_maxBodyBytes) {
        result.outcome = ingest::IntakeResult::Outcome::Rejected;
        result.httpStatus = 413;
        result.reason = tr("Webhook body too large: %1 bytes (limit %2).")
                            .arg(qMax<qint64>(declared.toLongLong(), request.body().size()))
                            .arg(m_maxBodyBytes);
    } else {
        result = m_intake->receive(chatwoot::WebhookRequest::fromHeaders(request.headers(), request.body()));
    }
    // Never the body, never a header value but the delivery id.
    qCInfo(lcWebhook).noquote() << "delivery"
                                << (result.deliveryKey.isEmpty() ? QStringLiteral("-") : result.deliveryKey)
                                << (result.event.isEmpty() ? QStringLiteral("-") : result.event) << "->"
                                << result.httpStatus << ingest::intakeOutcomeName(result.outcome);
    if (m_metrics)
        m_metrics->increment(QStringLiteral("cxpilotd_deliveries_total"),
            ingest::ServiceMetrics::label(
                QStringLiteral("outcome"), ingest::intakeOutcomeName(result.outcome))
                + QLatin1Char(',')
                + ingest::ServiceMetrics::label(
                    QStringLiteral("status"), QString::number(result.httpStatus)));
    if (result.outcome == ingest::IntakeResult::Outcome::Queued)
        emit jobQueued();
    return textResponse(result.httpStatus, result.reason);
}

} // namespace cx::service
