// cxpilotd as a real process against the Chatwoot sandbox: options, the webhook endpoint's statuses, one
// draft and one private note per customer message, replays, an agent's reply, resolved conversations, the
// catch-up sweep after downtime, parked jobs with status/retry, SIGTERM.
#include "ServiceTestKit.h"
#include "foundation/Clock.h"
#include "metrics/QualityTracker.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"

#include <QSignalSpy>
#include <QTemporaryFile>
#include <QUuid>

using namespace cx;
using namespace cx::test;
using sandbox::SandboxWebhookSender;

class TestCxpilotd : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        QVERIFY(m_sandbox->listen());
        m_inbox = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
    }
    void cleanup()
    {
        m_service.reset();
        m_sandbox.reset();
    }

    void helpAndVersion()
    {
        const auto help = runCxpilotd({ QStringLiteral("--help") }, QProcessEnvironment::systemEnvironment());
        QCOMPARE(help.exitCode, 0);
        for (const char* option :
            { "--listen", "--config", "--database", "CHATWOOT_WEBHOOK_SECRET", "status", "retry" })
            QVERIFY2(help.out.contains(QLatin1String(option)), option);
        const auto version
            = runCxpilotd({ QStringLiteral("--version") }, QProcessEnvironment::systemEnvironment());
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith(QLatin1String("cxpilotd ")));
    }

    void badOptionsAreErrorsNamingThem_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown option") << QStringList { QStringLiteral("--frobnicate"), QStringLiteral("1") }
                                        << QString() << QString() << QStringLiteral("--frobnicate");
        QTest::newRow("listen without port")
            << QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1") } << QString()
            << QString() << QStringLiteral("--listen");
        QTest::newRow("listen bad port")
            << QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:70000") } << QString()
            << QString() << QStringLiteral("--listen");
        QTest::newRow("listen bad host") << QStringList { QStringLiteral("--listen=example.com:80") }
                                         << QString() << QString() << QStringLiteral("--listen");
        QTest::newRow("workers zero") << QStringList { QStringLiteral("--workers"), QStringLiteral("0") }
                                      << QString() << QString() << QStringLiteral("--workers");
        QTest::newRow("option without value") << QStringList { QStringLiteral("--database") } << QString()
                                              << QString() << QStringLiteral("--database");
        QTest::newRow("database url")
            << QStringList { QStringLiteral("--database"), QStringLiteral("mysql://x") } << QString()
            << QString() << QStringLiteral("--database");
        QTest::newRow("env account") << QStringList {} << QStringLiteral("CHATWOOT_ACCOUNT_ID")
                                     << QStringLiteral("abc") << QStringLiteral("CHATWOOT_ACCOUNT_ID");
        QTest::newRow("env url") << QStringList {} << QStringLiteral("CHATWOOT_BASE_URL")
                                 << QStringLiteral("chat.example.com") << QStringLiteral("CHATWOOT_BASE_URL");
        QTest::newRow("env switch") << QStringList {} << QStringLiteral("AI_CUSTOMER_DRAFT_ENABLED")
                                    << QStringLiteral("maybe") << QStringLiteral("AI_CUSTOMER_DRAFT_ENABLED");
        QTest::newRow("env lease") << QStringList {} << QStringLiteral("CXPILOTD_LEASE_SECS")
                                   << QStringLiteral("-5") << QStringLiteral("CXPILOTD_LEASE_SECS");
        QTest::newRow("missing secret") << QStringList {} << QStringLiteral("CHATWOOT_WEBHOOK_SECRET")
                                        << QString() << QStringLiteral("CHATWOOT_WEBHOOK_SECRET");
        QTest::newRow("config missing")
            << QStringList { QStringLiteral("--config"), QStringLiteral("/nonexistent/cxpilotd.env") }
            << QString() << QString() << QStringLiteral("--config");
        QTest::newRow("unknown command")
            << QStringList { QStringLiteral("serve") } << QString() << QString() << QStringLiteral("serve");
    }
    void badOptionsAreErrorsNamingThem()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, named);
        QTemporaryDir dir;
        QProcessEnvironment env
            = serviceEnv(*m_sandbox, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("d.db")));
        if (!variable.isEmpty())
            env.insert(variable, value);
        const auto r = runCxpilotd(args, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QVERIFY2(r.err.count(QLatin1Char('\n')) == 1, qPrintable(r.err)); // one line
        QVERIFY2(!r.err.contains(QString::fromLatin1(kWebhookSecret)), "never the secret");
    }

    void configFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cxpilotd.env"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# comment\nCXPILOTD_WORKERS=2\nCHATWOOT_MODE=fast\n");
        f.close();
        const auto r = runCxpilotd({ QStringLiteral("--config"), path },
            serviceEnv(*m_sandbox, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("d.db"))));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("CHATWOOT_MODE")) && r.err.contains(QLatin1String("line 3")),
            qPrintable(r.err));
        // A good file starts the service; its values are overridden by the environment and options.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("CXPILOT_LISTEN=127.0.0.1:1\nCXPILOTD_WORKERS=2\n");
        f.close();
        CxpilotdProcess service(
            serviceEnv(*m_sandbox, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("d.db"))),
            { QStringLiteral("--config"), path, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
        QVERIFY2(service.start(), qPrintable(service.failureText()));
        QVERIFY(service.port() != 1);
        QCOMPARE(service.terminate(), 0);
    }

    // The whole path, on SQLite (one instance) and on PostgreSQL as a cxpilot_service login.
    void customerMessageGetsOneDraftAndOneNote_data() { setupDialects(); }
    void customerMessageGetsOneDraftAndOneNote()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto [db, url] = freshDatabase(dialect, dir);
        QVERIFY(db);
        startService(url);
        const qint64 contact = m_sandbox->addContact(QStringLiteral("Ada"));
        const qint64 conv = m_sandbox->addConversation(m_inbox, contact);
        m_sandbox->setWebhook(m_service->webhookUrl(), kWebhookSecret);
        QSignalSpy delivered(m_sandbox->webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 message = m_sandbox->addIncomingMessage(conv, QStringLiteral("Do you ship to Norway?"));
        QVERIFY(delivered.wait(10000));
        QCOMPARE(delivered.first().at(1).toInt(), 200);
        const QByteArray deliveryId = m_sandbox->webhookSender()->lastDeliveryId();
        const QByteArray body = m_sandbox->webhookSender()->lastBody();
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conv), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), 1, 10000);
        // Our note came back as a webhook and was recorded as ignored.
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlCount(*db,
                QStringLiteral(
                    "SELECT COUNT(*) FROM webhook_deliveries WHERE outcome LIKE 'ignored: our own%'"))
                >= 1,
            10000);

        // A replay of the delivery: acknowledged, not processed again.
        delivered.clear();
        m_sandbox->webhookSender()->resend(deliveryId, body);
        QVERIFY(delivered.wait(10000));
        QCOMPARE(delivered.first().at(1).toInt(), 200);
        // A duplicate delivery of the same message (new id): a job already exists for it.
        delivered.clear();
        m_sandbox->webhookSender()->resend(SandboxWebhookSender::newDeliveryId(), body);
        QVERIFY(delivered.wait(10000));
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db,
                QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state IN ('queued', 'running')")),
            0, 10000);
        QCOMPARE(draftNotes(*m_sandbox, conv), 1);
        QCOMPARE(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE message_id = %1").arg(message)),
            1);

        // The agent answers in Chatwoot: the waiting draft can no longer be approved.
        auto drafts = review::DraftStore(*db).pending();
        QVERIFY(drafts);
        QCOMPARE(drafts->size(), 1);
        const QString draftId = drafts->first().id;
        m_sandbox->addOutgoingMessage(conv, QStringLiteral("Yes, we ship to Norway."));
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'superseded'")), 1,
            15000);
        const Status approve = review::DraftStore(*db).markApproved(draftId, { 5, 5, 5 },
            QStringLiteral("alice"), QStringLiteral("Yes!"), QDateTime::currentDateTimeUtc());
        QVERIFY(!approve);
        QCOMPARE(approve.error().kind, ErrorKind::Conflict);

        // The customer writes again, then the conversation is resolved: that waiting draft is closed.
        m_sandbox->addIncomingMessage(conv, QStringLiteral("And to Iceland?"));
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conv), 2, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), 1, 10000);
        m_sandbox->setConversationStatus(conv, QStringLiteral("resolved"), true);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), 0, 15000);
        // Reopened: the unanswered customer message is drafted again.
        m_sandbox->setConversationStatus(conv, QStringLiteral("open"), true);
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conv), 3, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), 1, 10000);

        QCOMPARE(m_service->terminate(), 0);
        const QByteArray log = m_service->output();
        QVERIFY2(!log.contains("Do you ship"), "a customer's message body in the log");
        QVERIFY2(!log.contains(kWebhookSecret), "the webhook secret in the log");
        QVERIFY2(!log.contains(m_sandbox->token().toUtf8()), "the API token in the log");
    }

    // Issue 15: a rejected draft becomes a manual reply when a person answers in Chatwoot (the webhook's
    // sender.type "user"); an agent bot's or Captain's reply also makes waiting drafts stale but is nobody's
    // manual reply (METRICS.md). Counted by the one metrics module the dashboard, PDF and CSV use.
    void personsReplyAfterARejectionIsAManualReply()
    {
        QTemporaryDir dir;
        auto [db, url] = freshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        startService(url);
        m_sandbox->setWebhook(m_service->webhookUrl(), kWebhookSecret);
        const QDateTime from = QDateTime::currentDateTimeUtc().addSecs(-3600);
        const qint64 byPerson
            = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("Ada")));
        const qint64 byBot = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("Bo")));
        const qint64 byCaptain
            = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("Cy")));
        for (const qint64 conv : { byPerson, byBot, byCaptain })
            QVERIFY2(rejectDraftOf(*db, conv), qPrintable(QString::number(conv)));
        auto manualReplies = [&] {
            return sqlCount(
                *db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE manual_reply_at IS NOT NULL"));
        };
        QCOMPARE(manualReplies(), 0);

        // A bot and Captain answer (their webhooks, as Chatwoot sends them): handled, nothing marked.
        for (const auto& [conv, type] :
            { std::pair { byBot, "agent_bot" }, { byCaptain, "captain_assistant" } }) {
            const qint64 reply = m_sandbox->addMessage(conv, QStringLiteral("Automated answer"), 1, false);
            QJsonObject payload = m_sandbox->store().webhookMessageJson(m_sandbox->messages(conv).last());
            payload.insert(QStringLiteral("sender"),
                QJsonObject { { QStringLiteral("id"), 7 }, { QStringLiteral("name"), QStringLiteral("Bot") },
                    { QStringLiteral("type"), QLatin1String(type) } });
            m_sandbox->webhookSender()->send(payload);
            QTRY_COMPARE_WITH_TIMEOUT(
                sqlCount(*db,
                    QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE dedupe_key = "
                                   "'replied:%1:%2:%3' AND state = 'done'")
                        .arg(m_sandbox->accountId())
                        .arg(conv)
                        .arg(reply)),
                1, 15000);
        }
        QCOMPARE(manualReplies(), 0);
        // A person answers in Chatwoot's UI.
        m_sandbox->addOutgoingMessage(byPerson, QStringLiteral("Refunds take 5 days."));
        QTRY_COMPARE_WITH_TIMEOUT(manualReplies(), 1, 15000);
        QCOMPARE(sqlCount(*db,
                     QStringLiteral("SELECT COUNT(*) FROM drafts WHERE manual_reply_at IS NOT NULL AND "
                                    "conversation_id = %1")
                         .arg(byPerson)),
            1);

        metrics::QualityQuery q;
        q.from = from;
        q.to = QDateTime::currentDateTimeUtc().addSecs(3600);
        QSqlDatabase c = db->connection();
        auto report = metrics::QualityTracker::computeNow(c, db->dialect(), q);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().toString()));
        QCOMPARE(report->volume.manual, 1);
        QCOMPARE(report->volume.unanswered, 2);
        QCOMPARE(report->volume.aiDrafted, 0);
        QCOMPARE(m_service->terminate(), 0);
    }

    void endpointStatusesStoreNothing()
    {
        QTemporaryDir dir;
        auto [db, url] = freshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QProcessEnvironment env = serviceEnv(*m_sandbox, url);
        env.insert(QStringLiteral("CXPILOTD_MAX_BODY_BYTES"), QStringLiteral("65536"));
        env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
        m_service = std::make_unique<CxpilotdProcess>(env);
        QVERIFY2(m_service->start(), qPrintable(m_service->failureText()));
        // The start-up sweep is over before the conversation exists (else the sweep, not a delivery, would
        // queue its draft job).
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_state")) == 1, 10000);
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("Bo")));
        const qint64 message = m_sandbox->addMessage(conv, QStringLiteral("Hello"), 0);
        QJsonObject payload;
        for (const auto& m : m_sandbox->messages(conv))
            if (m.id == message)
                payload = m_sandbox->store().webhookMessageJson(m);
        const QByteArray body = SandboxWebhookSender::bodyOf(payload);
        const QUrl hook = m_service->webhookUrl();
        QNetworkAccessManager network;
        const QByteArray id = SandboxWebhookSender::newDeliveryId();
        const qint64 now = QDateTime::currentSecsSinceEpoch();

        auto expect = [&](const char* what, QNetworkRequest request, const QByteArray& sent, int status) {
            const HttpResult r = httpPost(network, request, sent);
            QVERIFY2(r.status == status,
                qPrintable(QStringLiteral("%1: %2 %3")
                               .arg(QLatin1String(what))
                               .arg(r.status)
                               .arg(QString::fromUtf8(r.body))));
            QVERIFY2(r.body.trimmed().count('\n') == 0 && !r.body.trimmed().isEmpty(), what);
        };
        expect("unsigned", SandboxWebhookSender::signedRequest(hook, {}, id, body), body, 401);
        QByteArray tampered = body;
        tampered.replace("Hello", "HELLO");
        expect(
            "tampered", SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, body), tampered, 401);
        expect("stale", SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, body, now - 600), body,
            401);
        QNetworkRequest form = SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, body);
        form.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        expect("not json", form, body, 415);
        const QByteArray broken = "{\"event\":\"message_created\",";
        expect(
            "malformed", SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, broken), broken, 400);
        QJsonObject big = payload;
        big.insert(QStringLiteral("content"), QString(100000, QLatin1Char('x')));
        const QByteArray bigBody = SandboxWebhookSender::bodyOf(big);
        expect("oversized", SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, bigBody), bigBody,
            413);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE kind = 'draft'")), 0);
        // And the real one is accepted.
        expect("valid", SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, body), body, 200);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 1);

        QCOMPARE(httpGet(network, m_service->url(QStringLiteral("/healthz"))).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            httpGet(network, m_service->url(QStringLiteral("/readyz"))).status, 200, 10000);
        const HttpResult metrics = httpGet(network, m_service->url(QStringLiteral("/metrics")));
        QCOMPARE(metrics.status, 200);
        for (const char* line : { "cxpilotd_deliveries_total{outcome=\"rejected\",status=\"401\"} 3",
                 "cxpilotd_deliveries_total{outcome=\"rejected\",status=\"413\"} 1",
                 "cxpilotd_deliveries_total{outcome=\"queued\",status=\"200\"} 1",
                 "cxpilotd_queue_jobs{state=\"parked\"}", "cxpilotd_job_duration_seconds_bucket{le=\"+Inf\"}",
                 "# TYPE cxpilotd_deliveries_total counter" })
            QVERIFY2(metrics.body.contains(line), line);
        QCOMPARE(m_service->terminate(), 0);
    }

    // Chatwoot does not retry a failed delivery: what arrived while the service was down is found by the
    // catch-up sweep at start.
    void sweepDraftsWhatWasMissedWhileDown_data() { setupDialects(); }
    void sweepDraftsWhatWasMissedWhileDown()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto [db, url] = freshDatabase(dialect, dir);
        QVERIFY(db);
        // First run: the service is up and sweeps once (the open queue: nothing yet).
        startService(url);
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_state")) == 1, 10000);
        const QUrl hook = m_service->webhookUrl();
        QCOMPARE(m_service->terminate(), 0);
        // Down: customers write; every delivery fails (nothing listens).
        m_sandbox->setWebhook(hook, kWebhookSecret);
        QSignalSpy delivered(m_sandbox->webhookSender(), &SandboxWebhookSender::delivered);
        QList<qint64> conversations;
        for (int i = 0; i < 5; ++i) {
            const qint64 conv
                = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("C%1").arg(i)));
            m_sandbox->addIncomingMessage(conv, QStringLiteral("Question %1").arg(i));
            conversations << conv;
        }
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 5, 15000);
        for (const auto& d : delivered)
            QCOMPARE(d.at(1).toInt(), 0);
        // Back up: the sweep drafts each exactly once.
        startService(url);
        for (qint64 conv : conversations)
            QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conv), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), 5, 10000);
        QCOMPARE(m_service->terminate(), 0);
    }

    // A job that keeps failing is parked with its reason, shown by `status`, and queued again by `retry`.
    void failingJobIsParkedAndRetried()
    {
        QTemporaryDir dir;
        auto [db, url] = freshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QProcessEnvironment env = serviceEnv(*m_sandbox, url);
        env.insert(QStringLiteral("CXPILOTD_MAX_ATTEMPTS"), QStringLiteral("2"));
        env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
        m_service = std::make_unique<CxpilotdProcess>(env);
        QVERIFY2(m_service->start(), qPrintable(m_service->failureText()));
        // The start-up sweep is over (it would queue a check of the conversation too).
        QTRY_VERIFY_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_state")) == 1, 10000);
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_sandbox->addContact(QStringLiteral("Cy")));
        // Chatwoot answers 404 for that conversation's messages (a definite refusal; no HTTP retries).
        m_sandbox->injectFault(QStringLiteral("/conversations/%1/messages").arg(conv),
            sandbox::SandboxFault::httpStatus(404), 1000, "GET");
        m_sandbox->setWebhook(m_service->webhookUrl(), kWebhookSecret);
        m_sandbox->addIncomingMessage(conv, QStringLiteral("Hello?"));
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state = 'parked'")), 1,
            20000);
        const auto status = runCxpilotd({ QStringLiteral("status") }, env);
        QCOMPARE(status.exitCode, 0);
        QVERIFY2(status.out.contains(QLatin1String("1 parked"))
                && status.out.contains(QLatin1String("after 2 attempts")),
            qPrintable(status.out));
        QVERIFY2(
            status.out.contains(QLatin1String("Could not read the conversation")), qPrintable(status.out));
        const auto bad = runCxpilotd({ QStringLiteral("retry"), QStringLiteral("abc") }, env);
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(runCxpilotd({ QStringLiteral("retry"), QStringLiteral("4242") }, env).exitCode, 2);
        m_sandbox->clearFaults();
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM service_jobs WHERE state = 'parked'")) && q.next());
        const QString id = q.value(0).toString();
        q.finish();
        const auto retry = runCxpilotd({ QStringLiteral("retry"), id }, env);
        QCOMPARE(retry.exitCode, 0);
        // The running instance picks it up at its next poll.
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(*m_sandbox, conv), 1, 20000);
        QCOMPARE(m_service->terminate(), 0);
    }

private:
    void setupDialects()
    {
        QTest::addColumn<QString>("dialect");
        addDialectRows();
    }
    std::pair<std::shared_ptr<storage::Database>, QString> freshDatabase(
        const QString& dialect, QTemporaryDir& dir)
    {
        auto db = openFreshDatabase(dialect, dir); // migrated by the owner, as `cxpilot db migrate` does
        if (!db)
            return {};
        if (dialect == QLatin1String("sqlite"))
            return { db, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("test.db")) };
        const QString owner = QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                                  .arg(QUrl(postgresAdminUrl()).userName(),
                                      QUrl(postgresAdminUrl()).password(), db->url().host)
                                  .arg(db->url().port)
                                  .arg(db->url().database);
        const QString role = QStringLiteral("svc_") + QUuid::createUuid().toString(QUuid::Id128).left(10);
        return { db, serviceLoginUrl(owner, role) };
    }
    // A customer writes in `conversation`; the service drafts it; a reviewer rejects the draft (its learning
    // signal saved as the app saves it). False when any step fails.
    bool rejectDraftOf(storage::Database& db, qint64 conversation)
    {
        const qint64 message
            = m_sandbox->addIncomingMessage(conversation, QStringLiteral("Can I get a refund?"));
        const QString noted
            = QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted' AND message_id = %1")
                  .arg(message);
        if (!QTest::qWaitFor([&] { return sqlCount(db, noted) == 1; }, 20000))
            return false;
        review::DraftStore drafts(db);
        auto live = drafts.liveDraftFor(m_sandbox->accountId(), conversation, message);
        if (!live || !live->has_value())
            return false;
        const review::Grades grades { 2, 2, 2 };
        const QString reason = QStringLiteral("Wrong refund policy");
        if (!drafts.markRejected((*live)->id, grades, QStringLiteral("alice"), reason, Clock::nowUtc()))
            return false;
        auto rejected = drafts.get((*live)->id);
        if (!rejected)
            return false;
        return review::SignalStore(db)
            .saveLearningSignal(review::captureLearningSignal(
                *rejected, QString(), grades, QStringLiteral("alice"), false, reason, 0.3))
            .ok();
    }
    void startService(const QString& url)
    {
        m_service = std::make_unique<CxpilotdProcess>(serviceEnv(*m_sandbox, url));
        QVERIFY2(m_service->start(), qPrintable(m_service->failureText()));
    }

    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    std::unique_ptr<CxpilotdProcess> m_service;
    qint64 m_inbox = 0;
};

QTEST_GUILESS_MAIN(TestCxpilotd)
#include "tst_cxpilotd.moc"
