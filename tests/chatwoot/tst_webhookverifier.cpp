// Webhook signature verification. Expected signatures are computed here, independently of the verifier.
#include "chatwoot/DeliveryLedger.h"
#include "chatwoot/WebhookVerifier.h"
#include "foundation/Clock.h"

#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace cx::chatwoot;

namespace {
const QByteArray kSecret = "whsec-test-0123456789";
const qint64 kNow = 1795600950; // 2026-11-25T10:02:30Z
const QByteArray kBody = R"({"event":"message_created","id":901,"content":"Hi","message_type":"incoming"})";

QByteArray independentSignature(const QByteArray& secret, const QByteArray& ts, const QByteArray& body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256);
    mac.setKey(secret);
    mac.addData(ts);
    mac.addData(".");
    mac.addData(body);
    return "sha256=" + mac.result().toHex();
}

WebhookRequest signedRequest(const QByteArray& body = kBody, qint64 ts = kNow,
    const QByteArray& secret = kSecret, const QByteArray& delivery = "6f1c2b9e-0000-4000-8000-000000000001")
{
    WebhookRequest r;
    r.body = body;
    r.contentType = "application/json";
    r.deliveryId = delivery;
    r.timestamp = QByteArray::number(ts);
    r.signature = independentSignature(secret, r.timestamp, body);
    return r;
}
} // namespace

class TestWebhookVerifier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { cx::Clock::setFixedNow(QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC)); }
    void cleanup() { cx::Clock::setFixedNow(QDateTime()); }

    void knownVectors()
    {
        // Computed outside Qt (Python hmac/hashlib), so neither side of the comparison is the code under
        // test.
        QCOMPARE(independentSignature("key", "1", "{}"),
            QByteArray("sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"));
        QCOMPARE(WebhookVerifier::sign("key", "1", "{}"),
            QByteArray("sha256=1ba6b8171186efc613e8bcc0cbdab2748f24984d7c5a84faa2637afa0e40d224"));
        QCOMPARE(signedRequest().signature,
            QByteArray("sha256=fd4d12b66e7b792add59d402ca255bf65006e638b16486be4afe56531c6dfb26"));
    }

    void validSignatureAccepted()
    {
        InMemoryDeliveryLedger ledger;
        WebhookVerifier v({ kSecret }, &ledger);
        const WebhookVerdict verdict = v.verify(signedRequest());
        QCOMPARE(verdict.action, WebhookVerdict::Action::Process);
        QCOMPARE(verdict.httpStatus, 200);
        QCOMPARE(verdict.event, QStringLiteral("message_created"));
        QCOMPARE(verdict.payload.value(QLatin1String("id")).toInt(), 901);
        QCOMPARE(ledger.size(), 1);
    }

    void rejected_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("timestamp");
        QTest::addColumn<QByteArray>("signature");
        QTest::addColumn<int>("status");

        const QByteArray ts = QByteArray::number(kNow);
        const QByteArray good = independentSignature(kSecret, ts, kBody);
        QTest::newRow("wrong secret") << kBody << QByteArray("application/json") << ts
                                      << independentSignature("another-secret", ts, kBody) << 401;
        QByteArray tampered = kBody;
        tampered.replace("\"Hi\"", "\"Hi!\"");
        QTest::newRow("tampered body") << tampered << QByteArray("application/json") << ts << good << 401;
        QTest::newRow("signature over another timestamp")
            << kBody << QByteArray("application/json") << QByteArray::number(kNow - 1) << good << 401;
        const QByteArray stale = QByteArray::number(kNow - 301);
        QTest::newRow("stale timestamp (5 min 1 s old)")
            << kBody << QByteArray("application/json") << stale << independentSignature(kSecret, stale, kBody)
            << 401;
        const QByteArray future = QByteArray::number(kNow + 301);
        QTest::newRow("future timestamp (5 min 1 s ahead)")
            << kBody << QByteArray("application/json") << future
            << independentSignature(kSecret, future, kBody) << 401;
        QTest::newRow("missing both headers")
            << kBody << QByteArray("application/json") << QByteArray() << QByteArray() << 401;
        QTest::newRow("missing signature")
            << kBody << QByteArray("application/json") << ts << QByteArray() << 401;
        QTest::newRow("missing timestamp")
            << kBody << QByteArray("application/json") << QByteArray() << good << 401;
        // Used to overflow `now - ts` (undefined behaviour; found by tests/fuzz/webhook_verifier).
        for (const QByteArray& extreme :
            { QByteArray("-9223372036854775808"), QByteArray("9223372036854775807") })
            QTest::newRow(QByteArray("timestamp " + extreme).constData())
                << kBody << QByteArray("application/json") << extreme
                << independentSignature(kSecret, extreme, kBody) << 401;
        QTest::newRow("non-numeric timestamp")
            << kBody << QByteArray("application/json") << QByteArray("soon") << good << 401;
        QTest::newRow("signature without prefix")
            << kBody << QByteArray("application/json") << ts << good.mid(7) << 401;
        QTest::newRow("truncated signature")
            << kBody << QByteArray("application/json") << ts << good.left(good.size() - 2) << 401;
        QTest::newRow("wrong content type") << kBody << QByteArray("text/plain") << ts << good << 415;
        const QByteArray huge
            = "{\"event\":\"message_created\",\"pad\":\"" + QByteArray(1024 * 1024, 'x') + "\"}";
        QTest::newRow("oversized body")
            << huge << QByteArray("application/json") << ts << independentSignature(kSecret, ts, huge) << 413;
        const QByteArray broken = "{\"event\": ";
        QTest::newRow("malformed JSON, correctly signed") << broken << QByteArray("application/json") << ts
                                                          << independentSignature(kSecret, ts, broken) << 400;
        const QByteArray noEvent = "{\"id\": 1}";
        QTest::newRow("no event, correctly signed") << noEvent << QByteArray("application/json") << ts
                                                    << independentSignature(kSecret, ts, noEvent) << 400;
    }
    void rejected()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, timestamp);
        QFETCH(QByteArray, signature);
        QFETCH(int, status);
        InMemoryDeliveryLedger ledger;
        WebhookVerifier v({ kSecret }, &ledger);
        WebhookRequest r;
        r.body = body;
        r.contentType = contentType;
        r.timestamp = timestamp;
        r.signature = signature;
        r.deliveryId = "d-1";
        const WebhookVerdict verdict = v.verify(r);
        QCOMPARE(verdict.action, WebhookVerdict::Action::Reject);
        QCOMPARE(verdict.httpStatus, status);
        QVERIFY(!verdict.reason.isEmpty());
        QCOMPARE(ledger.size(), 0); // nothing recorded, nothing queued
    }

    void timestampAtTheEdgeAccepted_data()
    {
        QTest::addColumn<qint64>("offset");
        QTest::newRow("300 s old") << qint64(-300);
        QTest::newRow("300 s ahead") << qint64(300);
        QTest::newRow("charset in content type") << qint64(0);
    }
    void timestampAtTheEdgeAccepted()
    {
        QFETCH(qint64, offset);
        WebhookVerifier v({ kSecret }, nullptr);
        WebhookRequest r = signedRequest(kBody, kNow + offset);
        r.contentType = "application/json; charset=utf-8";
        QCOMPARE(v.verify(r).action, WebhookVerdict::Action::Process);
    }

    void replayedDeliveryAcknowledgedOnce()
    {
        InMemoryDeliveryLedger ledger;
        WebhookVerifier v({ kSecret }, &ledger);
        QCOMPARE(v.verify(signedRequest()).action, WebhookVerdict::Action::Process);
        // The same delivery again, re-signed a minute later (a job retry reuses the delivery id).
        cx::Clock::advance(60000);
        const WebhookVerdict replay = v.verify(signedRequest(kBody, kNow + 60));
        QCOMPARE(replay.action, WebhookVerdict::Action::Acknowledge);
        QCOMPARE(replay.httpStatus, 200);
        // A new delivery id is processed.
        const WebhookVerdict other = v.verify(signedRequest(kBody, kNow + 60, kSecret, "another-delivery"));
        QCOMPARE(other.action, WebhookVerdict::Action::Process);
        QCOMPARE(ledger.size(), 2);
    }

    void withoutDeliveryIdTheEventAndIdAreTheKey()
    {
        InMemoryDeliveryLedger ledger;
        WebhookVerifier v({ kSecret }, &ledger);
        const WebhookVerdict first = v.verify(signedRequest(kBody, kNow, kSecret, QByteArray()));
        QCOMPARE(first.action, WebhookVerdict::Action::Process);
        QCOMPARE(first.deliveryId, QStringLiteral("message_created:901"));
        QCOMPARE(v.verify(signedRequest(kBody, kNow, kSecret, QByteArray())).action,
            WebhookVerdict::Action::Acknowledge);
    }

    void ledgerFailureIsNotAcknowledged()
    {
        struct Broken final : DeliveryLedger {
            cx::Result<bool> recordDelivery(const QString&, const QString&) override
            {
                return cx::makeError(cx::ErrorKind::Database, QStringLiteral("db down"));
            }
        } broken;
        WebhookVerifier v({ kSecret }, &broken);
        const WebhookVerdict verdict = v.verify(signedRequest());
        QCOMPARE(verdict.action, WebhookVerdict::Action::Reject);
        QCOMPARE(verdict.httpStatus, 503);
    }

    void unsignedRefusedWithoutSecret()
    {
        WebhookVerifier v({}, nullptr);
        WebhookRequest r;
        r.body = kBody;
        r.contentType = "application/json";
        const WebhookVerdict verdict = v.verify(r);
        QCOMPARE(verdict.action, WebhookVerdict::Action::Reject);
        QCOMPARE(verdict.httpStatus, 401);
    }

    void unsignedAllowedOnlyWhenExplicit()
    {
        WebhookVerifier::Options options;
        options.allowUnsigned = true;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("UNSIGNED WEBHOOK MODE")));
        WebhookVerifier v(options, nullptr);
        WebhookRequest r;
        r.body = kBody;
        r.contentType = "application/json";
        QTest::ignoreMessage(
            QtWarningMsg, QRegularExpression(QStringLiteral("WITHOUT signature verification")));
        QCOMPARE(v.verify(r).action, WebhookVerdict::Action::Process);
        // allowUnsigned never weakens a configured secret.
        options.secret = kSecret;
        WebhookVerifier strict(options, nullptr);
        QCOMPARE(strict.verify(r).action, WebhookVerdict::Action::Reject);
    }

    void headersPickedCaseInsensitively()
    {
        const WebhookRequest signedOne = signedRequest();
        const WebhookRequest r = WebhookRequest::fromHeaders(
            { { "content-type", "application/json" }, { "X-CHATWOOT-DELIVERY", signedOne.deliveryId },
                { "x-chatwoot-timestamp", signedOne.timestamp },
                { "X-Chatwoot-Signature", signedOne.signature } },
            kBody);
        QCOMPARE(r.deliveryId, signedOne.deliveryId);
        WebhookVerifier v({ kSecret }, nullptr);
        QCOMPARE(v.verify(r).action, WebhookVerdict::Action::Process);
    }

    void constantTimeEquals()
    {
        QVERIFY(WebhookVerifier::constantTimeEquals("abc", "abc"));
        QVERIFY(!WebhookVerifier::constantTimeEquals("abc", "abd"));
        QVERIFY(!WebhookVerifier::constantTimeEquals("abc", "abcd"));
        QVERIFY(!WebhookVerifier::constantTimeEquals("", "a"));
        QVERIFY(WebhookVerifier::constantTimeEquals("", ""));
    }
};

QTEST_GUILESS_MAIN(TestWebhookVerifier)
#include "tst_webhookverifier.moc"
