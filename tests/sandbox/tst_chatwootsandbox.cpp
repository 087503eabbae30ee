// The SIMULATED Chatwoot sandbox speaks Chatwoot's HTTP: auth, shapes, paging, errors, webhooks, seed,
// customers.
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/DeliveryLedger.h"
#include "chatwoot/SandboxWebhookSender.h"
#include "chatwoot/ScriptedCustomers.h"
#include "chatwoot/WebhookVerifier.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryFile>
#include <QtTest>

using namespace cx::sandbox;

namespace {
struct Answer {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};
} // namespace

class TestChatwootSandbox : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ChatwootSandbox> m_sandbox;
    QNetworkAccessManager m_network;

    Answer call(const QByteArray& verb, const QString& pathAndQuery, const QByteArray& body = {},
        const QList<QPair<QByteArray, QByteArray>>& headers = { { "api_access_token", "sandbox-token" } })
    {
        QNetworkRequest request(QUrl(m_sandbox->url().toString() + pathAndQuery));
        for (const auto& [k, v] : headers)
            request.setRawHeader(k, v);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit); // hang guard only
        loop.exec();
        Answer a { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll() };
        if (reply->rawHeaderList().contains("Retry-After"))
            a.contentType += "; retry-after=" + reply->rawHeader("Retry-After");
        reply->deleteLater();
        return a;
    }
    QString account(const QString& rest) const { return QStringLiteral("/api/v1/accounts/1") + rest; }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<ChatwootSandbox>();
        QVERIFY(m_sandbox->listen() != 0);
        QCOMPARE(m_sandbox->url().host(), QStringLiteral("127.0.0.1"));
    }
    void cleanup() { m_sandbox.reset(); }

    void unauthenticatedEndpoints()
    {
        Answer a = call("GET", QStringLiteral("/health"), {}, {});
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value(QLatin1String("status")).toString(), QStringLiteral("woot"));
        a = call("GET", QStringLiteral("/api"), {}, {});
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json().value(QLatin1String("queue_services")).toString(), QStringLiteral("ok"));
        QCOMPARE(a.json().value(QLatin1String("data_services")).toString(), QStringLiteral("ok"));
        QVERIFY(a.json().value(QLatin1String("version")).toString().contains(QStringLiteral("SIMULATED")));
        QCOMPARE(call("GET", QStringLiteral("/rails/health"), {}, {}).status, 404); // does not exist upstream
    }

    void authentication_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("bodyContains");
        QTest::newRow("underscore header")
            << QByteArray("api_access_token") << QByteArray("sandbox-token")
            << QStringLiteral("/api/v1/profile") << 200 << QByteArray("pubsub_token");
        QTest::newRow("dashed header") << QByteArray("Api-Access-Token") << QByteArray("sandbox-token")
                                       << QStringLiteral("/api/v1/profile") << 200 << QByteArray("accounts");
        QTest::newRow("wrong token") << QByteArray("api_access_token") << QByteArray("nope")
                                     << QStringLiteral("/api/v1/profile") << 401
                                     << QByteArray("Invalid Access Token");
        QTest::newRow("no token") << QByteArray("X-Other") << QByteArray("x")
                                  << QStringLiteral("/api/v1/accounts/1") << 401
                                  << QByteArray("You need to sign in");
        QTest::newRow("other account") << QByteArray("api_access_token") << QByteArray("sandbox-token")
                                       << QStringLiteral("/api/v1/accounts/2/conversations") << 401
                                       << QByteArray("not authorized to access this account");
        QTest::newRow("account") << QByteArray("api_access_token") << QByteArray("sandbox-token")
                                 << QStringLiteral("/api/v1/accounts/1") << 200 << QByteArray("SIMULATED");
    }
    void authentication()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, token);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QByteArray, bodyContains);
        const Answer a = call("GET", path, {}, { { header, token } });
        QCOMPARE(a.status, status);
        QVERIFY2(a.body.contains(bodyContains), a.body.constData());
    }

    void conversationShapesAndPaging()
    {
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 contact
            = m_sandbox->addContact(QStringLiteral("Ana"), QStringLiteral("ana@example.com"));
        for (int i = 0; i < 27; ++i)
            m_sandbox->addConversation(inbox, contact);
        Answer a = call("GET", account(QStringLiteral("/conversations")));
        QCOMPARE(a.status, 200);
        const QJsonObject data = a.json().value(QLatin1String("data")).toObject();
        QCOMPARE(data.value(QLatin1String("payload")).toArray().size(), 25);
        QCOMPARE(data.value(QLatin1String("meta")).toObject().value(QLatin1String("all_count")).toInt(), 27);
        const QJsonObject c = data.value(QLatin1String("payload")).toArray().first().toObject();
        QCOMPARE(c.value(QLatin1String("waiting_since")).toInt(-1), 0); // unset is 0, not null
        QCOMPARE(c.value(QLatin1String("first_reply_created_at")).toInt(-1), 0);
        QVERIFY(c.value(QLatin1String("meta")).toObject().value(QLatin1String("sender")).isObject());
        QVERIFY(!c.value(QLatin1String("meta"))
                     .toObject()
                     .contains(QLatin1String("assignee"))); // only when assigned
        a = call("GET", account(QStringLiteral("/conversations?page=2")));
        QCOMPARE(
            a.json().value(QLatin1String("data")).toObject().value(QLatin1String("payload")).toArray().size(),
            2);
        a = call("GET", account(QStringLiteral("/conversations/meta")));
        QCOMPARE(a.json()
                     .value(QLatin1String("data"))
                     .toObject()
                     .value(QLatin1String("meta"))
                     .toObject()
                     .value(QLatin1String("unassigned_count"))
                     .toInt(),
            27);
        QCOMPARE(call("GET", account(QStringLiteral("/conversations/999"))).body,
            QByteArray(R"({"error":"Resource could not be found"})"));
    }

    // Listing pages come from order-statistic indexes kept as conversations change: after creations, status
    // changes and new messages (which move last_activity_at), every page of every status x assignee x sort
    // equals a full sort of the conversations, and the tab counts equal a full count.
    void indexedListingMatchesFullSort()
    {
        m_sandbox->setConversationPageSize(7);
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 contact = m_sandbox->addContact(QStringLiteral("Kim"));
        const QStringList statuses { QStringLiteral("open"), QStringLiteral("pending"),
            QStringLiteral("resolved") };
        QList<qint64> ids;
        const qint64 soon = QDateTime::currentSecsSinceEpoch() + 1000; // after creation: activity moves
        for (int i = 0; i < 60; ++i) {
            ids.append(m_sandbox->addConversation(inbox, contact, statuses.at(i % 3), {}, i % 4 == 0));
            m_sandbox->addMessage(ids.last(), QStringLiteral("m"), 0, false, soon + (i * 37) % 53);
        }
        for (int i = 0; i < 60; i += 5)
            m_sandbox->setConversationStatus(ids.at(i), statuses.at((i + 1) % 3));
        for (int i = 0; i < 60; i += 7)
            m_sandbox->addMessage(ids.at(i), QStringLiteral("later"), 1, false, soon + 1000 + i);

        const QList<SandboxConversation> all = m_sandbox->conversations();
        const qint64 me = m_sandbox->store().agent.id;
        for (const QString& status :
            { QStringLiteral("open"), QStringLiteral("resolved"), QStringLiteral("all") }) {
            for (const QString& assignee : { QStringLiteral("all"), QStringLiteral("me"),
                     QStringLiteral("unassigned"), QStringLiteral("assigned") }) {
                for (const QString& sort : { QStringLiteral("last_activity_at_desc"),
                         QStringLiteral("last_activity_at_asc"), QStringLiteral("created_at_asc") }) {
                    QList<SandboxConversation> expected;
                    int counts[4] = { 0, 0, 0, 0 }; // all, mine, assigned, unassigned
                    for (const SandboxConversation& c : all) {
                        if (status != QLatin1String("all") && c.status != status)
                            continue;
                        ++counts[0];
                        counts[1] += c.assigneeId == me ? 1 : 0;
                        counts[2] += c.assigneeId != 0 ? 1 : 0;
                        counts[3] += c.assigneeId == 0 ? 1 : 0;
                        if ((assignee == QLatin1String("me") && c.assigneeId != me)
                            || (assignee == QLatin1String("assigned") && c.assigneeId == 0)
                            || (assignee == QLatin1String("unassigned") && c.assigneeId != 0))
                            continue;
                        expected.append(c);
                    }
                    const bool byCreated = sort.startsWith(QLatin1String("created_at"));
                    const bool ascending = sort.endsWith(QLatin1String("_asc"));
                    std::sort(expected.begin(), expected.end(),
                        [&](const SandboxConversation& a, const SandboxConversation& b) {
                            const qint64 ka = byCreated ? a.createdAt : a.lastActivityAt;
                            const qint64 kb = byCreated ? b.createdAt : b.lastActivityAt;
                            if (ka != kb)
                                return ascending ? ka < kb : ka > kb;
                            return ascending ? a.id < b.id : a.id > b.id;
                        });
                    QList<qint64> got;
                    for (int page = 1; page <= 20; ++page) {
                        const Answer a = call("GET",
                            account(
                                QStringLiteral("/conversations?status=%1&assignee_type=%2&sort_by=%3&page=%4")
                                    .arg(status, assignee, sort)
                                    .arg(page)));
                        QCOMPARE(a.status, 200);
                        const QJsonObject data = a.json().value(QLatin1String("data")).toObject();
                        const QJsonObject meta = data.value(QLatin1String("meta")).toObject();
                        QCOMPARE(meta.value(QLatin1String("all_count")).toInt(), counts[0]);
                        QCOMPARE(meta.value(QLatin1String("mine_count")).toInt(), counts[1]);
                        QCOMPARE(meta.value(QLatin1String("assigned_count")).toInt(), counts[2]);
                        QCOMPARE(meta.value(QLatin1String("unassigned_count")).toInt(), counts[3]);
                        const QJsonArray payload = data.value(QLatin1String("payload")).toArray();
                        if (payload.isEmpty())
                            break;
                        for (const QJsonValue& v : payload)
                            got.append(v.toObject().value(QLatin1String("id")).toInteger());
                    }
                    QList<qint64> want;
                    for (const SandboxConversation& c : expected)
                        want.append(c.id);
                    QVERIFY2(got == want,
                        qPrintable(status + QLatin1Char('/') + assignee + QLatin1Char('/') + sort));
                }
            }
        }
    }

    void messagePaging()
    {
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        const qint64 conv = m_sandbox->addConversation(inbox, m_sandbox->addContact(QStringLiteral("Bo")));
        QList<qint64> ids;
        for (int i = 0; i < 150; ++i)
            ids.append(m_sandbox->addMessage(conv, QStringLiteral("m%1").arg(i), i % 2));
        auto page = [&](const QString& query) {
            QList<qint64> got;
            const Answer a
                = call("GET", account(QStringLiteral("/conversations/%1/messages%2").arg(conv).arg(query)));
            for (const QJsonValue& v : a.json().value(QLatin1String("payload")).toArray())
                got.append(v.toObject().value(QLatin1String("id")).toInteger());
            return got;
        };
        QCOMPARE(page(QString()), ids.mid(130)); // latest 20, oldest first
        QCOMPARE(page(QStringLiteral("?before=%1").arg(ids.at(130))), ids.mid(110, 20));
        QCOMPARE(page(QStringLiteral("?before=%1").arg(ids.at(5))), ids.mid(0, 5));
        QCOMPARE(page(QStringLiteral("?after=%1").arg(ids.at(9))), ids.mid(10, 100)); // up to 100
        QCOMPARE(
            page(QStringLiteral("?after=%1&before=%2").arg(ids.at(9)).arg(ids.at(140))), ids.mid(9, 131));
        const Answer a = call("GET", account(QStringLiteral("/conversations/%1/messages").arg(conv)));
        QCOMPARE(a.json()
                     .value(QLatin1String("payload"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("message_type")),
            QJsonValue(0)); // integer in REST
    }

    void createMessageRules()
    {
        const qint64 web = m_sandbox->addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 conv = m_sandbox->addConversation(web, m_sandbox->addContact(QStringLiteral("Cy")));
        const QString path = account(QStringLiteral("/conversations/%1/messages").arg(conv));
        Answer a = call("POST", path, R"({"content":"hi","message_type":"incoming"})");
        QCOMPARE(a.status, 422);
        QCOMPARE(a.json().value(QLatin1String("error")).toString(),
            QStringLiteral("Incoming messages are only allowed in Api inboxes"));
        a = call("POST", path, R"({"content":"note","private":true,"echo_id":"e-1"})");
        QCOMPARE(a.status, 200); // 200, not 201
        QCOMPARE(a.json().value(QLatin1String("message_type")).toInt(), 1);
        QCOMPARE(a.json().value(QLatin1String("private")).toBool(), true);
        QCOMPARE(a.json().value(QLatin1String("echo_id")).toString(), QStringLiteral("e-1"));
        QCOMPARE(a.json().value(QLatin1String("sender")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("user"));
        // echo_id is not stored: the listing does not show it.
        a = call("GET", path);
        QVERIFY(!a.json()
                     .value(QLatin1String("payload"))
                     .toArray()
                     .first()
                     .toObject()
                     .contains(QLatin1String("echo_id")));
        QCOMPARE(call("POST", path, "{not json").status, 400);
    }

    void injectedErrorBodies()
    {
        m_sandbox->injectFault(QStringLiteral("/profile"), SandboxFault::httpStatus(429));
        Answer a = call("GET", QStringLiteral("/api/v1/profile"));
        QCOMPARE(a.status, 429);
        QVERIFY(a.contentType.startsWith("text/plain"));
        QVERIFY(!a.contentType.contains("retry-after"));
        QCOMPARE(a.body.trimmed(), QByteArray("Retry later"));
        m_sandbox->injectFault(QStringLiteral("/profile"), SandboxFault::httpStatus(429, 7));
        a = call("GET", QStringLiteral("/api/v1/profile"));
        QVERIFY(a.contentType.contains("retry-after=7"));
        m_sandbox->injectFault(QStringLiteral("/profile"), SandboxFault::httpStatus(422));
        a = call("GET", QStringLiteral("/api/v1/profile"));
        QCOMPARE(a.json().value(QLatin1String("attributes")).toArray().first().toString(),
            QStringLiteral("content"));
        // Faults are used up: the next request is normal; faults only hit matching methods.
        QCOMPARE(call("GET", QStringLiteral("/api/v1/profile")).status, 200);
        m_sandbox->injectFault(QStringLiteral("/profile"), SandboxFault::httpStatus(500), 1, "POST");
        QCOMPARE(call("GET", QStringLiteral("/api/v1/profile")).status, 200);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/profile")), 5);
    }

    void signedWebhookWhenACustomerWrites()
    {
        // A receiver on another sandbox HTTP server: records the raw delivery.
        SandboxRequest received;
        bool got = false;
        SandboxHttpServer receiver([&](const SandboxRequest& r) {
            received = r;
            got = true;
            SandboxReply reply;
            reply.response.body = "{}";
            return reply;
        });
        const quint16 port = receiver.listen();
        QVERIFY(port);
        const QByteArray secret = "sandbox-secret";
        m_sandbox->setWebhook(
            QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks/chatwoot").arg(port)), secret);
        const qint64 inbox = m_sandbox->addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        const qint64 conv = m_sandbox->addConversation(
            inbox, m_sandbox->addContact(QStringLiteral("Di"), QStringLiteral("di@example.com")));
        QSignalSpy delivered(m_sandbox->webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 messageId = m_sandbox->addIncomingMessage(conv, QStringLiteral("Is my parcel lost?"));
        QVERIFY(delivered.wait(10000));
        QVERIFY(got);
        QCOMPARE(delivered.first().at(1).toInt(), 200);
        QCOMPARE(received.method, QByteArray("POST"));
        QCOMPARE(received.path, QStringLiteral("/webhooks/chatwoot"));
        QCOMPARE(received.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(received.header("Accept"), QByteArray("application/json"));
        QVERIFY(!received.header("X-Chatwoot-Delivery").isEmpty());
        const QByteArray ts = received.header("X-Chatwoot-Timestamp");
        QVERIFY(!ts.isEmpty());
        // Independent check of the signature over the raw body.
        const QByteArray expected = "sha256="
            + QMessageAuthenticationCode::hash(ts + "." + received.body, secret, QCryptographicHash::Sha256)
                  .toHex();
        QCOMPARE(received.header("X-Chatwoot-Signature"), expected);
        const QJsonObject payload = QJsonDocument::fromJson(received.body).object();
        QCOMPARE(payload.value(QLatin1String("event")).toString(), QStringLiteral("message_created"));
        QCOMPARE(payload.value(QLatin1String("id")).toInteger(), messageId);
        QCOMPARE(payload.value(QLatin1String("message_type")).toString(),
            QStringLiteral("incoming")); // string enum
        QVERIFY(payload.value(QLatin1String("created_at")).toString().endsWith(QLatin1Char('Z'))); // ISO time
        QCOMPARE(payload.value(QLatin1String("sender")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("contact"));
        const QJsonObject conversation = payload.value(QLatin1String("conversation")).toObject();
        QCOMPARE(conversation.value(QLatin1String("id")).toInteger(), conv);
        QCOMPARE(conversation.value(QLatin1String("status")).toString(), QStringLiteral("open"));
        QCOMPARE(conversation.value(QLatin1String("messages"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("message_type")),
            QJsonValue(0)); // integer inside conversation.messages[]
        // And the product's verifier accepts it, once.
        cx::chatwoot::InMemoryDeliveryLedger ledger;
        cx::chatwoot::WebhookVerifier verifier({ secret }, &ledger);
        const auto request = cx::chatwoot::WebhookRequest::fromHeaders(received.headers, received.body);
        QCOMPARE(verifier.verify(request).action, cx::chatwoot::WebhookVerdict::Action::Process);
        QCOMPARE(verifier.verify(request).action, cx::chatwoot::WebhookVerdict::Action::Acknowledge);
    }

    void demoSeed()
    {
        m_sandbox->loadDemoSeed();
        const SandboxStore& s = m_sandbox->store();
        QVERIFY(s.inboxes.size() >= 3);
        QStringList channels;
        for (const SandboxInbox& i : s.inboxes)
            channels.append(i.channelType);
        QVERIFY(channels.contains(QStringLiteral("Channel::WebWidget")));
        QVERIFY(channels.contains(QStringLiteral("Channel::Email")));
        QVERIFY(channels.contains(QStringLiteral("Channel::Api")));
        int open = 0, resolved = 0, notes = 0;
        for (const SandboxConversation& c : s.conversations) {
            open += c.status == QLatin1String("open") ? 1 : 0;
            resolved += c.status == QLatin1String("resolved") ? 1 : 0;
        }
        for (const SandboxMessage& m : s.messages)
            notes += m.isPrivate ? 1 : 0;
        QVERIFY(open >= 3);
        QVERIFY(resolved >= 1);
        QVERIFY(notes >= 1);
        QVERIFY(s.articles.size() >= 5);
        QVERIFY(s.accountName.contains(QStringLiteral("SIMULATED")));
    }

    void seedFileErrors()
    {
        QVERIFY(!m_sandbox->loadSeedFile(QStringLiteral("/nonexistent/seed.json")).ok());
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(R"({"inboxes":[{"key":"a","name":"A","channel":"Channel::Api"}],
                       "conversations":[{"inbox":"a","contact":"nobody"}]})");
        file.close();
        const auto status = m_sandbox->loadSeedFile(file.fileName());
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.contains(QStringLiteral("nobody")));
    }

    void scriptedCustomersWrite()
    {
        m_sandbox->loadDemoSeed();
        const qsizetype before = m_sandbox->store().messages.size();
        const int conversationsBefore = static_cast<int>(m_sandbox->store().conversations.size());
        ScriptedCustomers customers(m_sandbox.get());
        QSignalSpy wrote(&customers, &ScriptedCustomers::customerWrote);
        customers.setInterval(10);
        customers.start();
        QTRY_VERIFY(wrote.size() >= 3);
        customers.stop();
        QVERIFY(m_sandbox->store().messages.size() >= before + 3);
        QVERIFY(m_sandbox->store().conversations.size() > conversationsBefore); // new customers arrived
        for (const QList<QVariant>& args : wrote) {
            const auto messages = m_sandbox->messages(args.at(0).toLongLong());
            QCOMPARE(messages.last().messageType, 0);
            QCOMPARE(messages.last().senderType, QStringLiteral("contact"));
        }
    }
};

QTEST_GUILESS_MAIN(TestChatwootSandbox)
#include "tst_chatwootsandbox.moc"
