#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace cx::sandbox {

// Sends webhook deliveries exactly like Chatwoot's lib/webhooks/trigger.rb: POST JSON with Content-Type and
// Accept application/json, X-Chatwoot-Delivery (a UUID), and with a secret X-Chatwoot-Timestamp and
// X-Chatwoot-Signature "sha256=<hex HMAC-SHA256(secret, ts + '.' + body)>". One attempt, 5 s timeout.
class SandboxWebhookSender final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxWebhookSender)

public:
    explicit SandboxWebhookSender(QObject* parent = nullptr);

    void configure(const QUrl& url, const QByteArray& secret);
    bool isConfigured() const { return m_url.isValid() && !m_url.isEmpty(); }
    QUrl url() const { return m_url; }
    // Returns the delivery id.
    QByteArray send(const QJsonObject& payload);
    // Re-sends a previous body with the same delivery id (what a replay looks like), freshly signed.
    void resend(const QByteArray& deliveryId, const QByteArray& body);

    // The request exactly as Chatwoot builds it (headers, signature over "<timestamp>.<body>"), for tests and
    // benchmarks that post it themselves (or tamper with it). timestampSecs 0 = now; an empty secret or
    // deliveryId leaves those headers out.
    static QNetworkRequest signedRequest(const QUrl& url, const QByteArray& secret,
        const QByteArray& deliveryId, const QByteArray& body, qint64 timestampSecs = 0);
    static QByteArray newDeliveryId();
    static QByteArray bodyOf(const QJsonObject& payload);
    QByteArray lastBody() const { return m_lastBody; }
    QByteArray lastDeliveryId() const { return m_lastDeliveryId; }

Q_SIGNALS:
    void delivered(const QByteArray& deliveryId, int httpStatus); // httpStatus 0: no answer

private:
    QNetworkAccessManager* m_network = nullptr;
    QUrl m_url;
    QByteArray m_secret;
    QByteArray m_lastBody;
    QByteArray m_lastDeliveryId;
};

} // namespace cx::sandbox
