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

QByteArray SandboxWebhookSender::newDeliveryId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
}

QByteArray SandboxWebhookSender::bodyOf(const QJsonObject& payload)
{
    // Chatwoot posts payload.to_json: ActiveSupport escapes "<", ">" and "&" (escape_html_entities_in_json)
    // and U+2028/U+2029 as \uXXXX. They can only occur inside strings, so replacing the bytes is exact. A
    // verifier must hash these bytes as received, never a re-serialisation.
    QByteArray body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    body.replace("\xe2\x80\xa8", "\\u2028").replace("\xe2\x80\xa9", "\\u2029");
    return body;
}

QByteArray SandboxWebhookSender::send(const QJsonObject& payload)
{
    const QByteArray deliveryId = newDeliveryId();
    resend(deliveryId, bodyOf(payload));
    return deliveryId;
}

QNetworkRequest SandboxWebhookSender::signedRequest(const QUrl& url, const QByteArray& secret,
    const QByteArray& deliveryId, const QByteArray& body, qint64 timestampSecs)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!deliveryId.isEmpty())
        request.setRawHeader("X-Chatwoot-Delivery", deliveryId);
    if (!secret.isEmpty()) {
        const QByteArray ts
            = QByteArray::number(timestampSecs > 0 ? timestampSecs : Clock::nowMSecs() / 1000);
        const QByteArray mac
            = QMessageAuthenticationCode::hash(ts + '.' + body, secret, QCryptographicHash::Sha256).toHex();
        request.setRawHeader("X-Chatwoot-Timestamp", ts);
        request.setRawHeader("X-Chatwoot-Signature", "sha256=" + mac);
    }
    return request;
}

void SandboxWebhookSender::resend(const QByteArray& deliveryId, const QByteArray& body)
{
    if (!isConfigured())
        return;
    m_lastBody = body;
    m_lastDeliveryId = deliveryId;
    const QNetworkRequest request = signedRequest(m_url, m_secret, deliveryId, body);
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
