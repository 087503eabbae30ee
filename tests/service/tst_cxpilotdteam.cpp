// Team mode, end to end (issue 14): two real cxpilotd processes on one PostgreSQL, each a cxpilot_service
// login as the README's recipe says, behind one Chatwoot sandbox. 1,000 signed deliveries (built and signed
// by the sandbox's sender, as Chatwoot does) spread over both, with replays and duplicates of the same
// customer message; one instance is killed with SIGKILL mid-draft. Exactly one draft and one private note
// per customer message; nothing lost. Bad deliveries get their status and store nothing. An agent's public
// reply makes the waiting draft impossible to approve for a reviewer login.
#include "ServiceTestKit.h"
#include "review/DraftStore.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QUuid>
#include <functional>

using namespace cx;
using namespace cx::test;
using sandbox::SandboxWebhookSender;

class TestCxpilotdTeam : public QObject {
    Q_OBJECT
private slots:
    void twoInstancesOneDraftPerMessage()
    {
        if (postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without CXPILOT_TEST_PG_URL: the team test needs PostgreSQL");
            QSKIP("no PostgreSQL (set CXPILOT_TEST_PG_URL or run tests/run-all.sh)");
        }
        QTemporaryDir dir;
        auto db = openFreshDatabase(QStringLiteral("postgresql"), dir); // migrated by the owner
        QVERIFY(db);
        const QUrl admin(postgresAdminUrl());
        const QString owner = QStringLiteral("postgresql://%1:%2@%3:%4/%5")
                                  .arg(admin.userName(), admin.password(), db->url().host)
                                  .arg(db->url().port)
                                  .arg(db->url().database);
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        const QString urlA = serviceLoginUrl(owner, QStringLiteral("svc_a_") + suffix);
        const QString urlB = serviceLoginUrl(owner, QStringLiteral("svc_b_") + suffix);
        QVERIFY(!urlA.isEmpty() && !urlB.isEmpty());

        sandbox::ChatwootSandbox chatwoot;
        QVERIFY(chatwoot.listen());
        const qint64 inbox = chatwoot.addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const int messages = 300;
        QList<qint64> conversations;
        QList<QByteArray> bodies;
        for (int i = 0; i < messages; ++i) {
            const qint64 conv
                = chatwoot.addConversation(inbox, chatwoot.addContact(QStringLiteral("Customer %1").arg(i)));
            const qint64 id
                = chatwoot.addMessage(conv, QStringLiteral("Question number %1 about my order").arg(i), 0);
            for (const auto& m : chatwoot.messages(conv))
                if (m.id == id)
                    bodies << SandboxWebhookSender::bodyOf(chatwoot.store().webhookMessageJson(m));
            conversations << conv;
        }

        auto env = [&](const QString& url, const QString& name) {
            QProcessEnvironment e = serviceEnv(chatwoot, url);
            e.insert(QStringLiteral("CXPILOTD_LEASE_SECS"), QStringLiteral("3"));
            e.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
            e.insert(QStringLiteral("CXPILOTD_INSTANCE"), name);
            return e;
        };
        CxpilotdProcess a(env(urlA, QStringLiteral("instance-a")));
        CxpilotdProcess b(env(urlB, QStringLiteral("instance-b")));
        QVERIFY2(a.start(), qPrintable(a.failureText()));
        QVERIFY2(b.start(), qPrintable(b.failureText()));
        chatwoot.setWebhook(a.webhookUrl(), kWebhookSecret); // our own notes come back to A as webhooks

        // 1,000 deliveries: each message once to A, its replay (same delivery id) to B, a duplicate (new id)
        // to B; and a second replay of every third message to A.
        struct Delivery {
            QUrl to;
            QByteArray id;
            int body;
        };
        QList<Delivery> plan;
        for (int i = 0; i < messages; ++i) {
            const QByteArray id = SandboxWebhookSender::newDeliveryId();
            plan.append({ a.webhookUrl(), id, i });
            plan.append({ b.webhookUrl(), id, i });
            plan.append({ b.webhookUrl(), SandboxWebhookSender::newDeliveryId(), i });
        }
        for (int i = 0; plan.size() < 1000; i += 3)
            plan.append({ a.webhookUrl(), plan.at(i * 3).id, i });
        QCOMPARE(plan.size(), 1000);
        QNetworkAccessManager network;
        QHash<int, int> statuses;
        int answered = 0;
        int next = 0;
        // Chatwoot posts each delivery as its own job with a 5 s timeout; keep a window of deliveries in
        // flight so the timeout measures the service, not this client's queue.
        std::function<void()> sendNext = [&] {
            if (next >= plan.size())
                return;
            const Delivery& d = plan.at(next++);
            QNetworkReply* reply = network.post(
                SandboxWebhookSender::signedRequest(d.to, kWebhookSecret, d.id, bodies.at(d.body)),
                bodies.at(d.body));
            connect(reply, &QNetworkReply::finished, this, [reply, &statuses, &answered, &sendNext] {
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (status == 0)
                    qWarning() << "no answer:" << reply->errorString();
                ++statuses[status];
                ++answered;
                reply->deleteLater();
                sendNext();
            });
        };
        for (int i = 0; i < 12; ++i)
            sendNext();
        QTRY_COMPARE_WITH_TIMEOUT(answered, 1000, 120000);
        QString seen;
        for (auto it = statuses.cbegin(); it != statuses.cend(); ++it)
            seen += QStringLiteral(" %1x%2").arg(it.key()).arg(it.value());
        QVERIFY2(statuses.value(200) == 1000,
            qPrintable(QStringLiteral("statuses:") + seen + QLatin1Char('\n') + a.failureText().right(1500)
                + b.failureText().right(1500)));
        QCOMPARE(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'queued'")),
            2 * messages);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE kind = 'draft'")),
            messages);

        // Kill A with SIGKILL while it holds jobs mid-draft (a note POST may be in flight: slowed down so).
        chatwoot.injectFault(QStringLiteral("/conversations/\\d+/messages$"),
            sandbox::SandboxFault::applyThenDelay(4000), 6, "POST");
        QTRY_VERIFY_WITH_TIMEOUT(sqlCount(*db,
                                     QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state = "
                                                    "'running' AND lease_owner = 'instance-a'"))
                > 0,
            60000);
        a.kill();
        const int notedAtKill
            = sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'"));
        qInfo() << "killed instance A with" << notedAtKill << "drafts noted";
        QVERIFY2(notedAtKill < messages, "A was killed after all the work was done; nothing mid-draft");
        chatwoot.setWebhook(b.webhookUrl(), kWebhookSecret);

        // B finishes everything, including A's jobs once their leases ran out.
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state <> 'done'")), 0,
            180000);
        for (int i = 0; i < messages; ++i)
            QVERIFY2(draftNotes(chatwoot, conversations.at(i)) == 1,
                qPrintable(QStringLiteral("conversation %1 has %2 draft notes")
                               .arg(conversations.at(i))
                               .arg(draftNotes(chatwoot, conversations.at(i)))));
        QCOMPARE(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'noted'")), messages);
        QCOMPARE(sqlCount(*db,
                     QStringLiteral("SELECT COUNT(DISTINCT message_id) FROM drafts WHERE state = 'noted'")),
            messages);
        qInfo() << "jobs re-run after the kill:"
                << sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE attempts > 1"))
                << "claims superseded:"
                << sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state = 'superseded'"));

        // Bad deliveries to B: their status, nothing stored.
        const int before = sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries"));
        const QByteArray body = bodies.first();
        const QByteArray id = SandboxWebhookSender::newDeliveryId();
        const QUrl hook = b.webhookUrl();
        QByteArray tampered = body;
        tampered.replace("Question", "Refund");
        QCOMPARE(
            httpPost(network, SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, body), tampered)
                .status,
            401);
        QCOMPARE(httpPost(network,
                     SandboxWebhookSender::signedRequest(
                         hook, kWebhookSecret, id, body, QDateTime::currentSecsSinceEpoch() - 400),
                     body)
                     .status,
            401);
        QCOMPARE(
            httpPost(network, SandboxWebhookSender::signedRequest(hook, {}, id, body), body).status, 401);
        const QByteArray huge(2 * 1024 * 1024, 'x');
        QCOMPARE(httpPost(network, SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, huge), huge)
                     .status,
            413);
        QCOMPARE(httpPost(network, SandboxWebhookSender::signedRequest(hook, kWebhookSecret, id, "{not json"),
                     "{not json")
                     .status,
            400);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), before);

        // An agent answers in Chatwoot: a reviewer (cxpilot_reviewer login) can no longer approve that draft.
        const QString reviewer = QStringLiteral("rev_") + suffix;
        {
            QSqlQuery q(db->connection());
            QVERIFY(q.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw-%1' IN ROLE cxpilot_reviewer")
                               .arg(reviewer)));
        }
        QUrl reviewerUrl(owner);
        reviewerUrl.setUserName(reviewer);
        reviewerUrl.setPassword(QStringLiteral("pw-") + reviewer);
        auto reviewerDb = storage::Database::open(reviewerUrl.toString());
        QVERIFY2(reviewerDb, reviewerDb ? "" : qPrintable(reviewerDb.error().toString()));
        const qint64 conv = conversations.first();
        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM drafts WHERE conversation_id = %1 AND state = 'noted'")
                           .arg(conv))
            && q.next());
        const QString draftId = q.value(0).toString();
        q.finish();
        chatwoot.addOutgoingMessage(conv, QStringLiteral("We answered this one by hand."));
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db,
                QStringLiteral("SELECT COUNT(*) FROM drafts WHERE id = '%1' AND state = 'superseded'")
                    .arg(draftId)),
            1, 20000);
        const Status approve = review::DraftStore(*reviewerDb.value())
                                   .markApproved(draftId, { 5, 5, 5 }, reviewer, QStringLiteral("Thanks!"),
                                       QDateTime::currentDateTimeUtc());
        QVERIFY(!approve);
        QCOMPARE(approve.error().kind, ErrorKind::Conflict);

        QCOMPARE(b.terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCxpilotdTeam)
#include "tst_cxpilotdteam.moc"
