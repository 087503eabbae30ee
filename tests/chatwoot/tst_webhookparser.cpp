// Which webhook events need a draft, and how bad deliveries are refused.
#include "chatwoot/DraftRule.h"
#include "chatwoot/WebhookParser.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

using namespace cx::chatwoot;
using Kind = WebhookAction::Kind;

namespace {
QJsonObject fixture(const QString& name)
{
    QFile f(cx::test::fixturePath(QStringLiteral("chatwoot/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

// The message_created fixture with some fields changed.
QJsonObject messageCreated(
    const QString& messageType, bool isPrivate, const QString& senderType, const QString& status)
{
    QJsonObject o = fixture(QStringLiteral("webhook_message_created.json"));
    o.insert(QStringLiteral("message_type"), messageType);
    o.insert(QStringLiteral("private"), isPrivate);
    if (senderType.isEmpty()) {
        o.remove(QStringLiteral("sender"));
    } else {
        QJsonObject sender = o.value(QLatin1String("sender")).toObject();
        sender.insert(QStringLiteral("type"), senderType);
        o.insert(QStringLiteral("sender"), sender);
    }
    QJsonObject conversation = o.value(QLatin1String("conversation")).toObject();
    conversation.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("conversation"), conversation);
    return o;
}
} // namespace

class TestWebhookParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decide_data()
    {
        QTest::addColumn<QJsonObject>("payload");
        QTest::addColumn<bool>("draftingEnabled");
        QTest::addColumn<int>("expectedKind");
        QTest::addColumn<QString>("reasonContains");

        const QString open = QStringLiteral("open");
        QTest::newRow("customer writes in an open conversation: draft")
            << messageCreated(QStringLiteral("incoming"), false, QStringLiteral("contact"), open) << true
            << int(Kind::Draft) << QStringLiteral("incoming customer message");
        QTest::newRow("customer writes in a pending conversation: draft") << messageCreated(
            QStringLiteral("incoming"), false, QStringLiteral("contact"),
            QStringLiteral("pending")) << true << int(Kind::Draft) << QStringLiteral("pending");
        QTest::newRow("drafting disabled: ignored")
            << messageCreated(QStringLiteral("incoming"), false, QStringLiteral("contact"), open) << false
            << int(Kind::Ignore) << QStringLiteral("disabled");
        QTest::newRow("resolved conversation: ignored")
            << messageCreated(
                   QStringLiteral("incoming"), false, QStringLiteral("contact"), QStringLiteral("resolved"))
            << true << int(Kind::Ignore) << QStringLiteral("resolved");
        QTest::newRow("snoozed conversation: ignored")
            << messageCreated(
                   QStringLiteral("incoming"), false, QStringLiteral("contact"), QStringLiteral("snoozed"))
            << true << int(Kind::Ignore) << QStringLiteral("snoozed");
        QTest::newRow("private note by an agent: ignored")
            << messageCreated(QStringLiteral("outgoing"), true, QStringLiteral("user"), open) << true
            << int(Kind::Ignore) << QStringLiteral("not incoming");
        QTest::newRow("private incoming: ignored")
            << messageCreated(QStringLiteral("incoming"), true, QStringLiteral("contact"), open) << true
            << int(Kind::Ignore) << QStringLiteral("private");
        QTest::newRow("incoming from an agent bot (API inbox): ignored")
            << messageCreated(QStringLiteral("incoming"), false, QStringLiteral("agent_bot"), open) << true
            << int(Kind::Ignore) << QStringLiteral("agent_bot");
        QTest::newRow("incoming without a sender: ignored")
            << messageCreated(QStringLiteral("incoming"), false, QString(), open) << true << int(Kind::Ignore)
            << QStringLiteral("missing");
        QTest::newRow("activity message: ignored")
            << messageCreated(QStringLiteral("activity"), false, QString(), open) << true << int(Kind::Ignore)
            << QStringLiteral("activity");
        QTest::newRow("template message: ignored")
            << messageCreated(QStringLiteral("template"), false, QStringLiteral("user"), open) << true
            << int(Kind::Ignore) << QStringLiteral("template");
        QTest::newRow("public reply by a person: pending drafts stale")
            << messageCreated(QStringLiteral("outgoing"), false, QStringLiteral("user"), open) << true
            << int(Kind::AgentReplied) << QStringLiteral("public reply");
        QTest::newRow("public reply by a captain assistant: pending drafts stale")
            << messageCreated(QStringLiteral("outgoing"), false, QStringLiteral("captain_assistant"), open)
            << true << int(Kind::AgentReplied) << QStringLiteral("public reply");
        QTest::newRow("integer message_type in a webhook is read too") << [] {
            QJsonObject o = messageCreated(
                QStringLiteral("incoming"), false, QStringLiteral("contact"), QStringLiteral("open"));
            o.insert(QStringLiteral("message_type"), 0);
            return o;
        }() << true << int(Kind::Draft) << QStringLiteral("incoming");
        QTest::newRow("conversation resolved: close drafts")
            << fixture(QStringLiteral("webhook_conversation_status_changed.json")) << true
            << int(Kind::CloseDrafts) << QStringLiteral("resolved");
        QTest::newRow("conversation reopened: ignored") << [] {
            QJsonObject o = fixture(QStringLiteral("webhook_conversation_status_changed.json"));
            o.insert(QStringLiteral("status"), QStringLiteral("open"));
            return o;
        }() << true << int(Kind::Ignore) << QStringLiteral("open");
        QTest::newRow("conversation_updated to snoozed: close drafts") << [] {
            QJsonObject o = fixture(QStringLiteral("webhook_conversation_status_changed.json"));
            o.insert(QStringLiteral("event"), QStringLiteral("conversation_updated"));
            o.insert(QStringLiteral("status"), QStringLiteral("snoozed"));
            return o;
        }() << true << int(Kind::CloseDrafts) << QStringLiteral("snoozed");
        QTest::newRow("message_updated: ignored") << [] {
            QJsonObject o = messageCreated(
                QStringLiteral("incoming"), false, QStringLiteral("contact"), QStringLiteral("open"));
            o.insert(QStringLiteral("event"), QStringLiteral("message_updated"));
            return o;
        }() << true << int(Kind::Ignore) << QStringLiteral("message_updated");
        QTest::newRow("typing event: ignored")
            << QJsonObject { { QStringLiteral("event"), QStringLiteral("conversation_typing_on") },
                   { QStringLiteral("is_private"), false } }
            << true << int(Kind::Ignore) << QStringLiteral("not handled");
        QTest::newRow("contact_created: ignored") << QJsonObject {
            { QStringLiteral("event"), QStringLiteral("contact_created") }, { QStringLiteral("id"), 7 }
        } << true << int(Kind::Ignore) << QStringLiteral("not handled");
    }
    void decide()
    {
        QFETCH(QJsonObject, payload);
        QFETCH(bool, draftingEnabled);
        QFETCH(int, expectedKind);
        QFETCH(QString, reasonContains);
        const auto event = WebhookParser::parse(QJsonDocument(payload).toJson(), "application/json");
        QVERIFY2(event.ok(), qPrintable(event.ok() ? QString() : event.error().toString()));
        const WebhookAction action = WebhookParser::decide(*event, draftingEnabled);
        QCOMPARE(int(action.kind), expectedKind);
        QVERIFY2(action.reason.contains(reasonContains), qPrintable(action.reason));
    }

    void messageCreatedIsTyped()
    {
        const auto event = WebhookParser::parse(fixture(QStringLiteral("webhook_message_created.json")));
        QVERIFY(event.ok());
        QCOMPARE(event->type, WebhookEventType::MessageCreated);
        QCOMPARE(event->accountId, 1);
        QVERIFY(event->message.has_value());
        QCOMPARE(event->message->id, 901);
        QCOMPARE(event->message->conversationId, 42);
        QCOMPARE(event->conversation.id, 42);
        QCOMPARE(event->conversation.status, ConversationStatus::Open);
    }

    void statusChangeIsTyped()
    {
        const auto event
            = WebhookParser::parse(fixture(QStringLiteral("webhook_conversation_status_changed.json")));
        QVERIFY(event.ok());
        QCOMPARE(event->type, WebhookEventType::ConversationStatusChanged);
        QCOMPARE(event->conversation.status, ConversationStatus::Resolved);
        QCOMPARE(event->changedAttributes, QStringList { QStringLiteral("status") });
        QCOMPARE(event->conversation.assignee->name, QStringLiteral("Bo"));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::newRow("malformed JSON") << QByteArray("{\"event\":") << QByteArray("application/json") << 400;
        QTest::newRow("JSON array") << QByteArray("[1]") << QByteArray("application/json") << 400;
        QTest::newRow("empty body") << QByteArray() << QByteArray("application/json") << 400;
        QTest::newRow("no event") << QByteArray("{\"id\":1}") << QByteArray("application/json") << 400;
        QTest::newRow("message event without id")
            << QByteArray(R"({"event":"message_created","conversation":{"id":1}})")
            << QByteArray("application/json") << 400;
        QTest::newRow("message event without conversation")
            << QByteArray(R"({"event":"message_created","id":5})") << QByteArray("application/json") << 400;
        QTest::newRow("message id 1e300")
            << QByteArray(R"({"event":"message_created","id":1e300,"conversation":{"id":1}})")
            << QByteArray("application/json") << 400;
        QTest::newRow("conversation id beyond int64")
            << QByteArray(R"({"event":"message_created","id":5,"conversation":{"id":9223372036854775808}})")
            << QByteArray("application/json") << 400;
        QTest::newRow("conversation event, fractional id")
            << QByteArray(R"({"event":"conversation_updated","id":1.5})") << QByteArray("application/json")
            << 400;
        QTest::newRow("account id 1e300")
            << QByteArray(R"({"event":"conversation_updated","id":1,"account":{"id":1e300}})")
            << QByteArray("application/json") << 400;
        QTest::newRow("form content type") << QByteArray("{\"event\":\"message_created\"}")
                                           << QByteArray("application/x-www-form-urlencoded") << 415;
        QTest::newRow("no content type")
            << QByteArray("{\"event\":\"message_created\"}") << QByteArray() << 415;
        QTest::newRow("oversized (1 MiB + 1)")
            << QByteArray(WebhookParser::kMaxBodyBytes + 1, ' ') << QByteArray("application/json") << 413;
    }
    void refused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        const auto event = WebhookParser::parse(body, contentType);
        QVERIFY(!event.ok());
        QCOMPARE(event.error().httpStatus, status);
        QVERIFY(!event.error().message.isEmpty());
    }

    void needsDraftRuleDirectly()
    {
        Message m;
        m.messageType = MessageType::Incoming;
        m.sender.type = SenderType::Contact;
        QVERIFY(needsDraft(m, ConversationStatus::Open, true).needed);
        QVERIFY(needsDraft(m, ConversationStatus::Pending, true).needed);
        QVERIFY(!needsDraft(m, ConversationStatus::Unknown, true).needed);
        m.isPrivate = true;
        QVERIFY(!needsDraft(m, ConversationStatus::Open, true).needed);
    }
};

QTEST_GUILESS_MAIN(TestWebhookParser)
#include "tst_webhookparser.moc"
