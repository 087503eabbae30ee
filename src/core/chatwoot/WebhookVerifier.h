#pragma once

#include "foundation/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace cx::chatwoot {

class DeliveryLedger;

// One webhook delivery as received: the raw body (verify over these exact bytes) and the headers.
struct WebhookRequest {
    QByteArray body;
    QByteArray contentType;
    QByteArray deliveryId; // X-Chatwoot-Delivery
    QByteArray timestamp; // X-Chatwoot-Timestamp (Unix seconds)
    QByteArray signature; // X-Chatwoot-Signature: sha256=<hex>

    // Picks the headers (case-insensitive) from a header list.
    static WebhookRequest fromHeaders(const QList<QPair<QByteArray, QByteArray>>& headers, QByteArray body);
};

struct WebhookVerdict {
    enum class Action {
        Process, // new and authentic: handle it
        Acknowledge, // a replay of a delivery already handled: answer 200, do nothing
        Reject, // answer httpStatus with reason, queue nothing
    };
    Action action = Action::Reject;
    int httpStatus = 400;
    QString reason;
    QString deliveryId; // the ledger key used (X-Chatwoot-Delivery, else "event:id")
    QString event;
    QJsonObject payload; // parsed body when not rejected
};

// Verifies deliveries the way Chatwoot signs them (lib/webhooks/trigger.rb):
// X-Chatwoot-Signature = "sha256=" + hex(HMAC-SHA256(secret, "<X-Chatwoot-Timestamp>.<raw body>")).
class WebhookVerifier final {
public:
    struct Options {
        QByteArray secret; // empty: no secret configured
        bool allowUnsigned = false; // only with no secret: accept unsigned deliveries (logged loudly)
        qint64 toleranceSecs = 300; // accepted clock difference, both ways
        qsizetype maxBodyBytes = 1024 * 1024;
    };

    WebhookVerifier(Options options, DeliveryLedger* ledger);

    WebhookVerdict verify(const WebhookRequest& request) const;

    // hex HMAC-SHA256(secret, timestamp + "." + body), prefixed "sha256=". For the sandbox's sender too.
    static QByteArray sign(const QByteArray& secret, const QByteArray& timestamp, const QByteArray& body);
    static bool constantTimeEquals(const QByteArray& a, const QByteArray& b);

private:
    Options m_options;
    DeliveryLedger* m_ledger = nullptr;
};

} // namespace cx::chatwoot
