#include "WebhookVerifier.h"

#include "chatwoot/ChatwootJson.h"
#include "chatwoot/DeliveryLedger.h"
#include "chatwoot/WebhookParser.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include <algorithm>
#include <cstdlib>

namespace cx::chatwoot {

namespace {
// Far beyond any sensible clock difference, far below the qint64 limits `now +/- tolerance` must stay in.
constexpr qint64 kMaxToleranceSecs = 100LL * 365 * 24 * 3600;

QString tr(const char* text)
{
    return QCoreApplication::translate(
        "cx::chatwoot::WebhookVerifier", text); // lupdate's context for this file
}

WebhookVerdict reject(int status, const QString& reason)
{
    qCWarning(lcWebhook) << "webhook rejected:" << status << reason;
    WebhookVerdict v;
    v.action = WebhookVerdict::Action::Reject;
    v.httpStatus = status;
    v.reason = reason;
    return v;
}
} // namespace

WebhookRequest WebhookRequest::fromHeaders(
    const QList<QPair<QByteArray, QByteArray>>& headers, QByteArray body)
{
    WebhookRequest r;
    r.body = std::move(body);
    for (const auto& [name, value] : headers) {
        const QByteArray n = name.toLower();
        if (n == "content-type")
            r.contentType = value;
        else if (n == "x-chatwoot-delivery")
            r.deliveryId = value.trimmed();
        else if (n == "x-chatwoot-timestamp")
            r.timestamp = value.trimmed();
        else if (n == "x-chatwoot-signature")
            r.signature = value.trimmed();
    }
    return r;
}

WebhookVerifier::WebhookVerifier(Options options, DeliveryLedger* ledger)
    : m_options(std::move(options))
    , m_ledger(ledger)
{
    if (m_options.secret.isEmpty() && m_options.allowUnsigned)
        qCWarning(lcWebhook)
            << "UNSIGNED WEBHOOK MODE: no webhook secret is configured and unsigned deliveries are"
               " accepted. Anyone who can reach this endpoint can inject events.";
}

QByteArray WebhookVerifier::sign(
    const QByteArray& secret, const QByteArray& timestamp, const QByteArray& body)
{
    const QByteArray mac
        = QMessageAuthenticationCode::hash(timestamp + '.' + body, secret, QCryptographicHash::Sha256)
              .toHex();
    return QByteArrayLiteral("sha256=") + mac;
}

bool WebhookVerifier::constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    // Runs over the longer input whatever the contents, so timing reveals at most the length.
    const qsizetype n = qMax(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a.at(i)) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b.at(i)) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

WebhookVerdict WebhookVerifier::verify(const WebhookRequest& request) const
{
    const Status envelope
        = WebhookParser::checkEnvelope(request.body, request.contentType, m_options.maxBodyBytes);
    if (!envelope.ok())
        return reject(envelope.error().httpStatus, envelope.error().message);

    const bool hasSignature = !request.signature.isEmpty() || !request.timestamp.isEmpty();
    if (m_options.secret.isEmpty()) {
        if (!m_options.allowUnsigned)
            return reject(401, tr("No webhook secret is configured; unsigned deliveries are refused."));
        qCWarning(lcWebhook) << "accepting a webhook WITHOUT signature verification (unsigned mode)";
    } else {
        if (!hasSignature)
            return reject(401, tr("Missing X-Chatwoot-Signature / X-Chatwoot-Timestamp."));
        if (request.signature.isEmpty() || request.timestamp.isEmpty())
            return reject(401, tr("Incomplete signature headers."));
        bool ok = false;
        const qint64 ts = request.timestamp.toLongLong(&ok);
        if (!ok)
            return reject(401, tr("X-Chatwoot-Timestamp is not a Unix time."));
        const qint64 now = Clock::nowMSecs() / 1000;
        // Compared without `now - ts`: a timestamp near the qint64 limits ("-9223372036854775808") made
        // that subtraction overflow (undefined behaviour; found by tests/fuzz/webhook_verifier).
        const qint64 tolerance = std::clamp<qint64>(m_options.toleranceSecs, 0, kMaxToleranceSecs);
        if (ts < now - tolerance || ts > now + tolerance)
            return reject(401,
                tr("Webhook timestamp is %1 s away from now (tolerance %2 s).")
                    .arg(QString::number(static_cast<double>(ts) - static_cast<double>(now), 'f', 0))
                    .arg(tolerance));
        const QByteArray expected = sign(m_options.secret, request.timestamp, request.body);
        if (!constantTimeEquals(expected, request.signature.toLower()))
            return reject(401, tr("Webhook signature does not match."));
    }

    const Result<QJsonObject> payload = json::parseObject(request.body);
    if (!payload.ok())
        return reject(400, payload.error().message);
    const QString event = payload->value(QLatin1String("event")).toString();
    if (event.isEmpty())
        return reject(400, tr("Webhook payload has no \"event\"."));

    WebhookVerdict verdict;
    verdict.event = event;
    verdict.payload = *payload;
    verdict.deliveryId = request.deliveryId.isEmpty()
        ? QStringLiteral("%1:%2").arg(event).arg(json::toInt64(payload->value(QLatin1String("id"))))
        : QString::fromUtf8(request.deliveryId);
    if (m_ledger) {
        const Result<bool> fresh = m_ledger->recordDelivery(verdict.deliveryId, event);
        if (!fresh.ok()) {
            qCWarning(lcWebhook) << "delivery ledger failed:" << fresh.error().toString();
            return reject(503, tr("Could not record the delivery: %1").arg(fresh.error().message));
        }
        if (!*fresh) {
            qCInfo(lcWebhook) << "replayed delivery acknowledged, not processed:" << verdict.deliveryId;
            verdict.action = WebhookVerdict::Action::Acknowledge;
            verdict.httpStatus = 200;
            verdict.reason = tr("Delivery %1 was already processed.").arg(verdict.deliveryId);
            return verdict;
        }
    }
    verdict.action = WebhookVerdict::Action::Process;
    verdict.httpStatus = 200;
    verdict.reason = tr("accepted");
    return verdict;
}

} // namespace cx::chatwoot
