#include "SandboxWebhookSender.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUuid>

namespace cx::sandbox {

SandboxWebhookSender::SandboxWebhookSender(QObject* parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
}

void SandboxWebhookSender::configure(const QUrl& url, const QByteArray& secret)
{
    m_url = url;
    m_secret = secret;
}

QByteArray SandboxWebhookSender::send(const QJsonObject& payload)
{
    const QByteArray deliveryId = QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
    resend(deliveryId, QJsonDocument(payload).toJson(QJsonDocument::Compact));
    return deliveryId;
}

void SandboxWebhookSender::resend(const QByteArray& deliveryId, const QByteArray& body)
{
    if (!isConfigured())
        return;
    m_lastBody = body;
    m_lastDeliveryId = deliveryId;
    QNetworkRequest request(m_url);
    request.setTransferTimeout(5000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("X-Chatwoot-Delivery", deliveryId);
    if (!m_secret.isEmpty()) {
        const QByteArray ts = QByteArray::number(Clock::nowMSecs() / 1000);
        const QByteArray mac
            = QMessageAuthenticationCode::hash(ts + '.' + body, m_secret, QCryptographicHash::Sha256).toHex();
        request.setRawHeader("X-Chatwoot-Timestamp", ts);
        request.setRawHeader("X-Chatwoot-Signature", "sha256=" + mac);
    }
    QNetworkReply* reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, deliveryId]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status < 200 || status >= 300)
            qCWarning(lcSandbox) << "SIMULATED webhook delivery failed:" << status << reply->errorString();
        Q_EMIT delivered(deliveryId, status);
    });
}

} // namespace cx::sandbox
