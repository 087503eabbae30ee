// The service's front door (src/core/ingest/WebhookIntake): deliveries built and signed by the sandbox's
// sender as Chatwoot does; each verdict's status, and what is (not) stored — the delivery and its job land
// in one transaction or not at all.
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/SandboxWebhookSender.h"
#include "ingest/JobQueue.h"
#include "ingest/WebhookIntake.h"
#include "storage/Database.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace cx;
using ingest::IntakeResult;
using sandbox::SandboxWebhookSender;

namespace {
const QByteArray kSecret = "whsec-test-secret";

chatwoot::WebhookRequest toRequest(const QNetworkRequest& r, const QByteArray& body)
{
    QList<QPair<QByteArray, QByteArray>> headers;
    for (const QByteArray& name : r.rawHeaderList())
        headers.append({ name, r.rawHeader(name) });
    headers.append({ "Content-Type", r.header(QNetworkRequest::ContentTypeHeader).toByteArray() });
    return chatwoot::WebhookRequest::fromHeaders(headers, body);
}

chatwoot::WebhookRequest signedDelivery(
    const QJsonObject& payload, QByteArray deliveryId = SandboxWebhookSender::newDeliveryId(), qint64 ts = 0)
{
    const QByteArray body = SandboxWebhookSender::bodyOf(payload);
    return toRequest(
        SandboxWebhookSender::signedRequest(
            QUrl(QStringLiteral("http://127.0.0.1/webhooks/chatwoot")), kSecret, deliveryId, body, ts),
        body);
}

int count(storage::Database& db, const QString& table)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !q.next())
        return -1;
    return q.value(0).toInt();
}
} // namespace

class TestWebhookIntake : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 contact
            = m_sandbox->addContact(QStringLiteral("Ada"), QStringLiteral("ada@example.com"));
        m_conversation = m_sandbox->addConversation(inbox, contact);
        m_message = m_sandbox->addMessage(m_conversation, QStringLiteral("Where is my order?"), 0);
    }

    void acceptsOnceAndDeduplicates_data() { setupDialects(); }
    void acceptsOnceAndDeduplicates()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        const QJsonObject payload = messagePayload(m_message);
        const auto delivery = signedDelivery(payload);

        const IntakeResult first = intake.receive(delivery);
        QCOMPARE(first.httpStatus, 200);
        QCOMPARE(first.outcome, IntakeResult::Outcome::Queued);
        QVERIFY(first.jobId > 0);
        QCOMPARE(first.deliveryKey, QString::fromUtf8(delivery.deliveryId));
        auto job = ingest::JobQueue(*db).get(first.jobId);
        QVERIFY(job);
        QCOMPARE(job->kind, ingest::Job::Kind::Draft);
        QCOMPARE(job->conversationId, m_conversation);
        QCOMPARE(job->messageId, m_message);

        // The same delivery again (Chatwoot or an attacker replaying it): 200, not processed again.
        const IntakeResult replay = intake.receive(signedDelivery(payload, delivery.deliveryId));
        QCOMPARE(replay.httpStatus, 200);
        QCOMPARE(replay.outcome, IntakeResult::Outcome::Replay);
        // Another delivery of the same customer message: recorded, but the same job.
        const IntakeResult duplicate = intake.receive(signedDelivery(payload));
        QCOMPARE(duplicate.outcome, IntakeResult::Outcome::Queued);
        QCOMPARE(duplicate.jobId, first.jobId);
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 2);
        QCOMPARE(count(*db, QStringLiteral("service_jobs")), 1);
    }

    void withoutDeliveryIdKeyedOnContent_data() { setupDialects(); }
    void withoutDeliveryIdKeyedOnContent()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        // Two status changes of one conversation (same event, same id) are two deliveries.
        const auto conv = *m_sandbox->conversation(m_conversation);
        auto resolved = conv;
        resolved.status = QStringLiteral("resolved");
        auto reopened = conv;
        const auto a = signedDelivery(
            m_sandbox->store().webhookStatusChangedJson(resolved, QStringLiteral("open")), {});
        const auto b = signedDelivery(
            m_sandbox->store().webhookStatusChangedJson(reopened, QStringLiteral("resolved")), {});
        const IntakeResult ra = intake.receive(a);
        const IntakeResult rb = intake.receive(b);
        QCOMPARE(ra.outcome, IntakeResult::Outcome::Queued);
        QCOMPARE(rb.outcome, IntakeResult::Outcome::Queued);
        QVERIFY(ra.deliveryKey.startsWith(QLatin1String("sha256:")));
        QVERIFY(ra.deliveryKey != rb.deliveryKey);
        QCOMPARE(ingest::JobQueue(*db).get(ra.jobId)->kind, ingest::Job::Kind::CloseDrafts);
        QCOMPARE(ingest::JobQueue(*db).get(rb.jobId)->kind, ingest::Job::Kind::CheckConversation);
        // The very same body again, still without an id: a replay.
        QCOMPARE(intake
                     .receive(signedDelivery(
                         m_sandbox->store().webhookStatusChangedJson(resolved, QStringLiteral("open")), {}))
                     .outcome,
            IntakeResult::Outcome::Replay);
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 2);
    }

    void eventsBecomeTheRightWork_data() { setupDialects(); }
    void eventsBecomeTheRightWork()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        // Our own private note comes back as a webhook: recorded, ignored.
        const qint64 note = m_sandbox->addMessage(
            m_conversation, QStringLiteral("<!-- cxpilot:draft v1 id=x -->\nDraft text"), 1, true);
        const IntakeResult own = intake.receive(signedDelivery(messagePayload(note)));
        QCOMPARE(own.httpStatus, 200);
        QCOMPARE(own.outcome, IntakeResult::Outcome::Ignored);
        QVERIFY2(own.reason.contains(QLatin1String("own draft note")), qPrintable(own.reason));
        // An agent's public reply: the waiting drafts are superseded.
        const qint64 reply
            = m_sandbox->addMessage(m_conversation, QStringLiteral("It ships today."), 1, false);
        const IntakeResult replied = intake.receive(signedDelivery(messagePayload(reply)));
        QCOMPARE(replied.outcome, IntakeResult::Outcome::Queued);
        QCOMPARE(ingest::JobQueue(*db).get(replied.jobId)->kind, ingest::Job::Kind::AgentReplied);
        // Another account's delivery: recorded and ignored.
        QJsonObject other = messagePayload(m_message);
        other.insert(QStringLiteral("account"), QJsonObject { { QStringLiteral("id"), 99 } });
        QCOMPARE(intake.receive(signedDelivery(other)).outcome, IntakeResult::Outcome::Ignored);
        QCOMPARE(count(*db, QStringLiteral("service_jobs")), 1);
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 3);
    }

    void conversationEventWithoutAccountIsThisAccounts_data() { setupDialects(); }
    void conversationEventWithoutAccountIsThisAccounts()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        // Conversation#webhook_data has neither "account" nor "account_id": the configured account's.
        auto resolved = *m_sandbox->conversation(m_conversation);
        resolved.status = QStringLiteral("resolved");
        const QJsonObject payload
            = m_sandbox->store().webhookStatusChangedJson(resolved, QStringLiteral("open"));
        QVERIFY(
            !payload.contains(QLatin1String("account")) && !payload.contains(QLatin1String("account_id")));
        const IntakeResult r = intake.receive(signedDelivery(payload));
        QCOMPARE(r.outcome, IntakeResult::Outcome::Queued);
        const auto job = ingest::JobQueue(*db).get(r.jobId);
        QVERIFY(job);
        QCOMPARE(job->kind, ingest::Job::Kind::CloseDrafts);
        QCOMPARE(job->accountId, options().accountId);
    }

    void rejectsWithReasonAndStoresNothing_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QStringList dialects { QStringLiteral("sqlite") };
        if (!test::postgresAdminUrl().isEmpty())
            dialects << QStringLiteral("postgresql");
        const QList<QPair<const char*, int>> cases { { "tampered", 401 }, { "stale", 401 }, { "future", 401 },
            { "unsigned", 401 }, { "wrong-secret", 401 }, { "oversized", 413 }, { "not-json-type", 415 },
            { "malformed", 400 }, { "no-event", 400 }, { "message-without-id", 400 } };
        for (const QString& d : dialects)
            for (const auto& [kind, status] : cases)
                QTest::newRow(qPrintable(d + QLatin1Char('-') + QLatin1String(kind)))
                    << d << QString::fromLatin1(kind) << status;
    }
    void rejectsWithReasonAndStoresNothing()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, kind);
        QFETCH(int, status);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        const QJsonObject payload = messagePayload(m_message);
        QByteArray body = SandboxWebhookSender::bodyOf(payload);
        const QUrl url(QStringLiteral("http://127.0.0.1/webhooks/chatwoot"));
        const QByteArray id = SandboxWebhookSender::newDeliveryId();
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        chatwoot::WebhookRequest request;
        if (kind == QLatin1String("tampered")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
            request.body.replace("Where is my order?", "Refund me everything");
        } else if (kind == QLatin1String("stale")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body, now - 301), body);
        } else if (kind == QLatin1String("future")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body, now + 301), body);
        } else if (kind == QLatin1String("unsigned")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, {}, id, body), body);
        } else if (kind == QLatin1String("wrong-secret")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, "other-secret", id, body), body);
        } else if (kind == QLatin1String("oversized")) {
            QJsonObject big = payload;
            big.insert(QStringLiteral("content"), QString(1024 * 1024, QLatin1Char('x')));
            body = SandboxWebhookSender::bodyOf(big);
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
        } else if (kind == QLatin1String("not-json-type")) {
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
            request.contentType = "application/x-www-form-urlencoded";
        } else if (kind == QLatin1String("malformed")) {
            body = "{\"event\": \"message_created\", \"id\": ";
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
        } else if (kind == QLatin1String("no-event")) {
            QJsonObject noEvent = payload;
            noEvent.remove(QStringLiteral("event"));
            body = SandboxWebhookSender::bodyOf(noEvent);
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
        } else if (kind == QLatin1String("message-without-id")) {
            QJsonObject noId = payload;
            noId.remove(QStringLiteral("id"));
            body = SandboxWebhookSender::bodyOf(noId);
            request = toRequest(SandboxWebhookSender::signedRequest(url, kSecret, id, body), body);
        }
        const IntakeResult r = intake.receive(request);
        QCOMPARE(r.httpStatus, status);
        QCOMPARE(r.outcome, IntakeResult::Outcome::Rejected);
        QVERIFY(!r.reason.isEmpty());
        QVERIFY2(!r.reason.contains(QLatin1Char('\n')), "the reason is one line");
        QVERIFY2(!r.reason.contains(QLatin1String("Where is my order")), "the reason never quotes the body");
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 0);
        QCOMPARE(count(*db, QStringLiteral("service_jobs")), 0);
    }

    // The delivery and its job are one transaction: when the job cannot be written, the delivery is not
    // recorded either (so Chatwoot's retry, or the sweep, is not mistaken for a replay) and the answer is
    // 503.
    void deliveryAndJobLandTogether()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("DROP TABLE service_jobs")));
        const IntakeResult r = intake.receive(signedDelivery(messagePayload(m_message)));
        QCOMPARE(r.httpStatus, 503);
        QCOMPARE(r.outcome, IntakeResult::Outcome::Unavailable);
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 0);
    }

    // PostgreSQL goes away: 503 with a reason, nothing half-stored; when it is back, deliveries are accepted.
    void databaseDownAnswers503()
    {
        if (test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI without CXPILOT_TEST_PG_URL");
            QSKIP("no PostgreSQL");
        }
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("postgresql"), dir);
        QVERIFY(db);
        ingest::WebhookIntake intake(db, options());
        auto admin = storage::Database::open(test::postgresAdminUrl());
        QVERIFY(admin);
        const QString name = db->url().database;
        QSqlQuery q(admin.value()->connection());
        QVERIFY(q.exec(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(name)));
        QVERIFY(q.exec(
            QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1'")
                .arg(name)));
        const IntakeResult down = intake.receive(signedDelivery(messagePayload(m_message)));
        QCOMPARE(down.httpStatus, 503);
        QVERIFY(!down.reason.isEmpty());
        QVERIFY(q.exec(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(name)));
        const IntakeResult up = intake.receive(signedDelivery(messagePayload(m_message)));
        QCOMPARE(up.httpStatus, 200);
        QCOMPARE(up.outcome, IntakeResult::Outcome::Queued);
        QCOMPARE(count(*db, QStringLiteral("webhook_deliveries")), 1);
    }

private:
    ingest::WebhookIntake::Options options() const
    {
        ingest::WebhookIntake::Options o;
        o.verifier.secret = kSecret;
        o.accountId = m_sandbox->accountId();
        return o;
    }
    QJsonObject messagePayload(qint64 messageId) const
    {
        for (const auto& m : m_sandbox->messages(m_conversation))
            if (m.id == messageId)
                return m_sandbox->store().webhookMessageJson(m);
        return {};
    }
    void setupDialects()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }

    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    qint64 m_conversation = 0;
    qint64 m_message = 0;
};

QTEST_GUILESS_MAIN(TestWebhookIntake)
#include "tst_webhookintake.moc"
