// The SIMULATED Chatwoot must not hide what a real Chatwoot does: webhook payloads key for key as
// Message#webhook_data and Conversations::EventDataPresenter#push_data build them, the two deliveries of a
// status change, updated_within on updated_at, Chatwoot's 422 for long content, the messages meta.
// Each test names the row of src/sandbox/FIDELITY.md it checks.
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/SandboxWebhookSender.h"
#include "chatwoot/WebhookParser.h"
#include "foundation/Clock.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QtTest>

using namespace cx;
using namespace cx::sandbox;

namespace {
struct Answer {
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QStringList keysOf(const QJsonObject& o)
{
    return o.keys(); // sorted
}

QStringList set(std::initializer_list<const char*> names)
{
    QStringList s;
    for (const char* n : names)
        s.append(QString::fromLatin1(n));
    s.sort();
    return s;
}

QStringList merged(const QStringList& a, const QStringList& b)
{
    QStringList s = a;
    s.append(b);
    s.sort();
    return s;
}

// Conversations::EventDataPresenter#push_data (upstream, without the enterprise and fork additions).
const QStringList kPushDataKeys = set({ "additional_attributes", "can_reply", "channel", "contact_inbox",
    "id", "inbox_id", "messages", "labels", "meta", "status", "custom_attributes", "snoozed_until",
    "unread_count", "first_reply_created_at", "priority", "waiting_since", "agent_last_seen_at",
    "contact_last_seen_at", "last_activity_at", "timestamp", "created_at", "updated_at" });
} // namespace

class TestSandboxFidelity : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ChatwootSandbox> m_sandbox;
    QNetworkAccessManager m_network;
    qint64 m_inbox = 0;
    qint64 m_contact = 0;

    Answer call(const QByteArray& verb, const QString& path, const QJsonObject& body = {})
    {
        QNetworkRequest request(QUrl(m_sandbox->url().toString() + path));
        request.setRawHeader("api_access_token", "sandbox-token");
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit); // hang guard only
        loop.exec();
        Answer a { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll() };
        reply->deleteLater();
        return a;
    }
    QString conversationPath(qint64 id, const QString& rest = {}) const
    {
        return QStringLiteral("/api/v1/accounts/1/conversations/%1%2").arg(id).arg(rest);
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<ChatwootSandbox>();
        QVERIFY(m_sandbox->listen() != 0);
        m_inbox = m_sandbox->addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        m_contact = m_sandbox->addContact(QStringLiteral("Di"), QStringLiteral("di@example.com"));
    }
    void cleanup()
    {
        m_sandbox.reset();
        Clock::setFixedNow({});
    }

    // FIDELITY.md: message_created payload; conversation block = push_data.
    void messageCreatedIsMessageWebhookData()
    {
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 first = m_sandbox->addMessage(conv, QStringLiteral("Is my parcel lost?"), 0);
        m_sandbox->addMessage(conv, QStringLiteral("internal: check the carrier"), 1, true); // private note
        m_sandbox->addMessage(conv, QStringLiteral("Conversation was marked pending"), 2); // activity
        SandboxMessage incoming = m_sandbox->messages(conv).first();
        QCOMPARE(incoming.id, first);
        const QJsonObject p = m_sandbox->store().webhookMessageJson(m_sandbox->messages(conv).at(1));

        QCOMPARE(keysOf(p),
            set({ "event", "id", "content", "message_type", "content_type", "content_attributes",
                "additional_attributes", "private", "source_id", "created_at", "sender", "inbox", "account",
                "conversation" }));
        QCOMPARE(p.value(QLatin1String("message_type")).toString(), QStringLiteral("outgoing")); // a string
        QVERIFY(p.value(QLatin1String("private")).toBool()); // private notes are sent too
        QVERIFY(p.value(QLatin1String("created_at")).toString().endsWith(QLatin1String(".000Z")));
        QCOMPARE(p.value(QLatin1String("sender")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("user"));

        const QJsonObject c = p.value(QLatin1String("conversation")).toObject();
        QCOMPARE(keysOf(c), kPushDataKeys);
        QVERIFY(!c.contains(QLatin1String("account_id"))); // push_data has none
        const QJsonObject meta = c.value(QLatin1String("meta")).toObject();
        QCOMPARE(keysOf(meta), set({ "sender", "assignee", "team", "hmac_verified" }));
        QVERIFY(meta.value(QLatin1String("assignee")).isNull());
        QVERIFY(meta.value(QLatin1String("team")).isNull());
        QCOMPARE(meta.value(QLatin1String("sender")).toObject().value(QLatin1String("type")).toString(),
            QStringLiteral("contact"));
        // messages: the last PUBLIC non-activity message (Message.chat.last), push shape, integer type.
        const QJsonArray messages = c.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first().toObject().value(QLatin1String("id")).toInteger(), first);
        QCOMPARE(messages.first().toObject().value(QLatin1String("message_type")).toInt(), 0);
        QCOMPARE(messages.first().toObject().value(QLatin1String("sender_type")).toString(),
            QStringLiteral("Contact"));
        QVERIFY(c.value(QLatin1String("first_reply_created_at")).isNull()); // a raw datetime: null or ISO
        QVERIFY(c.value(QLatin1String("updated_at")).isDouble());
        QCOMPARE(
            c.value(QLatin1String("contact_inbox")).toObject().value(QLatin1String("source_id")).toString(),
            m_sandbox->conversation(conv)->uuid);
    }

    // FIDELITY.md: conversation events carry no account; the service takes the configured one.
    void conversationEventsHaveNoAccount()
    {
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const QJsonObject p = m_sandbox->store().webhookStatusChangedJson(
            *m_sandbox->conversation(conv), QStringLiteral("pending"));
        QVERIFY(!p.contains(QLatin1String("account")));
        QVERIFY(!p.contains(QLatin1String("account_id")));
        QCOMPARE(keysOf(p), merged(kPushDataKeys, set({ "event", "changed_attributes" })));
        const auto event = chatwoot::WebhookParser::parse(p);
        QVERIFY(event.ok());
        QCOMPARE(event->accountId, qint64(0)); // the intake substitutes its account (tst_webhookintake)
        QCOMPARE(event->conversation.id, conv);
    }

    // FIDELITY.md: a status change is conversation_status_changed, then conversation_updated.
    void statusChangeSendsStatusChangedThenUpdated()
    {
        QList<QJsonObject> received;
        SandboxHttpServer receiver([&](const SandboxRequest& r) {
            received.append(QJsonDocument::fromJson(r.body).object());
            SandboxReply reply;
            reply.response.body = "{}";
            return reply;
        });
        const quint16 port = receiver.listen();
        QVERIFY(port);
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        m_sandbox->setWebhook(QUrl(QStringLiteral("http://127.0.0.1:%1/webhooks/chatwoot").arg(port)), "s");
        QSignalSpy delivered(m_sandbox->webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 before = m_sandbox->conversation(conv)->updatedAtMs;
        QTest::qWait(5);
        QCOMPARE(call("POST", conversationPath(conv, QStringLiteral("/toggle_status")),
                     QJsonObject { { QStringLiteral("status"), QStringLiteral("resolved") } })
                     .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 10000);
        QCOMPARE(received.size(), 2);
        // Sent in this order (arrival order over two connections is not guaranteed, as with Sidekiq).
        QJsonObject statusChanged, updated;
        for (const QJsonObject& o : received)
            (o.value(QLatin1String("event")).toString() == QLatin1String("conversation_status_changed")
                    ? statusChanged
                    : updated)
                = o;
        QCOMPARE(updated.value(QLatin1String("event")).toString(), QStringLiteral("conversation_updated"));
        const QJsonArray statusChanges = statusChanged.value(QLatin1String("changed_attributes")).toArray();
        QCOMPARE(statusChanges.size(), 1);
        const QJsonObject status = statusChanges.first().toObject().value(QLatin1String("status")).toObject();
        QCOMPARE(status.value(QLatin1String("previous_value")).toString(), QStringLiteral("open"));
        QCOMPARE(status.value(QLatin1String("current_value")).toString(), QStringLiteral("resolved"));
        const QJsonArray updates = updated.value(QLatin1String("changed_attributes")).toArray();
        QCOMPARE(updates.size(), 2);
        QVERIFY(updates.at(0).toObject().contains(QLatin1String("status")));
        QVERIFY(updates.at(1).toObject().contains(QLatin1String("updated_at")));
        QVERIFY(m_sandbox->conversation(conv)->updatedAtMs > before);
        // toggling to the same status changes nothing and sends nothing.
        m_sandbox->setConversationStatus(conv, QStringLiteral("resolved"), true);
        QTest::qWait(200);
        QCOMPARE(delivered.size(), 2);
    }

    // FIDELITY.md: a registered webhook gets only the events it subscribed to.
    void registeredWebhookGetsItsSubscriptionsOnly()
    {
        QStringList events;
        SandboxHttpServer receiver([&](const SandboxRequest& r) {
            events.append(QJsonDocument::fromJson(r.body).object().value(QLatin1String("event")).toString());
            SandboxReply reply;
            reply.response.body = "{}";
            return reply;
        });
        const quint16 port = receiver.listen();
        QVERIFY(port);
        const Answer registered = call("POST", QStringLiteral("/api/v1/accounts/1/webhooks"),
            QJsonObject { { QStringLiteral("url"), QStringLiteral("http://127.0.0.1:%1/hook").arg(port) },
                { QStringLiteral("subscriptions"), QJsonArray { QStringLiteral("message_created") } } });
        QCOMPARE(registered.status, 200);
        QSignalSpy delivered(m_sandbox->webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        m_sandbox->setConversationStatus(conv, QStringLiteral("resolved"), true); // not subscribed
        m_sandbox->addIncomingMessage(conv, QStringLiteral("hello"));
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 10000);
        QTest::qWait(200);
        QCOMPARE(events, QStringList { QStringLiteral("message_created") });
    }

    // FIDELITY.md: updated_within filters on updated_at, not last_activity_at.
    void updatedWithinFiltersOnUpdatedAt()
    {
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Clock::setFixedNow(t0.addSecs(-7200));
        const qint64 quiet = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 resolvedNow = m_sandbox->addConversation(m_inbox, m_contact);
        m_sandbox->addIncomingMessage(quiet, QStringLiteral("two hours ago"));
        m_sandbox->addIncomingMessage(resolvedNow, QStringLiteral("also two hours ago"));
        Clock::setFixedNow(t0);
        m_sandbox->setConversationStatus(
            resolvedNow, QStringLiteral("resolved")); // no message: activity unchanged
        QCOMPARE(m_sandbox->conversation(resolvedNow)->lastActivityAt, t0.addSecs(-7200).toSecsSinceEpoch());
        const Answer a
            = call("GET", QStringLiteral("/api/v1/accounts/1/conversations?status=all&updated_within=600"));
        QCOMPARE(a.status, 200);
        QList<qint64> ids;
        for (const QJsonValue& v :
            a.json().value(QLatin1String("data")).toObject().value(QLatin1String("payload")).toArray())
            ids.append(v.toObject().value(QLatin1String("id")).toInteger());
        QCOMPARE(ids, QList<qint64> { resolvedNow });
    }

    // FIDELITY.md: content over 150,000 characters -> 422 {"error": "Validation failed: ..."}.
    void longContentIs422WithError()
    {
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        Answer a = call("POST", conversationPath(conv, QStringLiteral("/messages")),
            QJsonObject { { QStringLiteral("content"), QString(150001, QLatin1Char('a')) },
                { QStringLiteral("private"), true } });
        QCOMPARE(a.status, 422);
        QCOMPARE(a.json().value(QLatin1String("error")).toString(),
            QStringLiteral("Validation failed: Content is too long (maximum is 150000 characters)"));
        QVERIFY(m_sandbox->messages(conv).isEmpty());
        // Characters, not UTF-16 units: 150,000 emoji are within the limit.
        QString emoji;
        for (int i = 0; i < 150000; ++i)
            emoji += QString::fromUcs4(U"\U0001F600", 1);
        a = call("POST", conversationPath(conv, QStringLiteral("/messages")),
            QJsonObject { { QStringLiteral("content"), emoji }, { QStringLiteral("private"), true } });
        QCOMPARE(a.status, 200);
    }

    // FIDELITY.md: the messages meta's last-seen fields are datetimes (null when never seen), not 0.
    void messagesMetaLastSeenIsNull()
    {
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        m_sandbox->addIncomingMessage(conv, QStringLiteral("hello"));
        const QJsonObject meta = call("GET", conversationPath(conv, QStringLiteral("/messages")))
                                     .json()
                                     .value(QLatin1String("meta"))
                                     .toObject();
        QVERIFY(meta.value(QLatin1String("agent_last_seen_at")).isNull());
        QVERIFY(meta.value(QLatin1String("assignee_last_seen_at")).isNull());
    }

    // FIDELITY.md: the body is Rails' to_json (HTML entities escaped); the signature covers those bytes.
    void bodyIsRailsJson()
    {
        const QJsonObject payload { { QStringLiteral("content"), QStringLiteral("a <b> & c\u2028") } };
        const QByteArray body = SandboxWebhookSender::bodyOf(payload);
        QVERIFY(body.contains("\\u003cb\\u003e \\u0026 c\\u2028"));
        QCOMPARE(QJsonDocument::fromJson(body).object(), payload);
    }
};

QTEST_GUILESS_MAIN(TestSandboxFidelity)
#include "tst_sandboxfidelity.moc"
