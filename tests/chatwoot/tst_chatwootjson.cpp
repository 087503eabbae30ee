// Conversion of Chatwoot's REST, webhook and realtime shapes (fixtures written from the spec and the fact
// sheet).
#include "chatwoot/ChatwootJson.h"

#include "TestSupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

#include <limits>

using namespace cx::chatwoot;

namespace {
// The error of a result that must have failed (a default Error, kind Internal, if it did not).
template <typename T> cx::Error errorOf(const cx::Result<T>& r)
{
    return r.ok() ? cx::Error {} : r.error();
}

QJsonObject fixture(const QString& name)
{
    QFile f(cx::test::fixturePath(QStringLiteral("chatwoot/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

class TestChatwootJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messageType_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<MessageType>("expected");
        QTest::newRow("rest integer 0") << QJsonValue(0) << MessageType::Incoming;
        QTest::newRow("rest integer 1") << QJsonValue(1) << MessageType::Outgoing;
        QTest::newRow("rest integer 2") << QJsonValue(2) << MessageType::Activity;
        QTest::newRow("rest integer 3") << QJsonValue(3) << MessageType::Template;
        QTest::newRow("webhook string incoming")
            << QJsonValue(QStringLiteral("incoming")) << MessageType::Incoming;
        QTest::newRow("webhook string outgoing")
            << QJsonValue(QStringLiteral("outgoing")) << MessageType::Outgoing;
        QTest::newRow("webhook string activity")
            << QJsonValue(QStringLiteral("activity")) << MessageType::Activity;
        QTest::newRow("webhook string template")
            << QJsonValue(QStringLiteral("template")) << MessageType::Template;
        QTest::newRow("numeric string") << QJsonValue(QStringLiteral("1")) << MessageType::Outgoing;
        QTest::newRow("out of range") << QJsonValue(7) << MessageType::Unknown;
        QTest::newRow("unknown name") << QJsonValue(QStringLiteral("outbound")) << MessageType::Unknown;
        QTest::newRow("missing") << QJsonValue() << MessageType::Unknown;
    }
    void messageType()
    {
        QFETCH(QJsonValue, value);
        QFETCH(MessageType, expected);
        QCOMPARE(json::toMessageType(value), expected);
    }

    void timestamps_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<qint64>("expectedMSecs"); // -1 = invalid (unset)
        QTest::newRow("unix seconds") << QJsonValue(1764000150) << qint64(1764000150000);
        QTest::newRow("float seconds") << QJsonValue(1764000200.123) << qint64(1764000200123);
        QTest::newRow("iso with ms") << QJsonValue(QStringLiteral("2026-11-25T10:02:30.000Z"))
                                     << qint64(1795600950000);
        QTest::newRow("rails db format")
            << QJsonValue(QStringLiteral("2026-11-25 10:00:00")) << qint64(1795600800000);
        QTest::newRow("zero means unset") << QJsonValue(0) << qint64(-1);
        QTest::newRow("null means unset") << QJsonValue(QJsonValue::Null) << qint64(-1);
        QTest::newRow("empty string") << QJsonValue(QString()) << qint64(-1);
        QTest::newRow("garbage") << QJsonValue(QStringLiteral("yesterday")) << qint64(-1);
        QTest::newRow("1e300 seconds") << QJsonValue(1e300) << qint64(-1);
        QTest::newRow("1e300 as a string") << QJsonValue(QStringLiteral("1e300")) << qint64(-1);
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << qint64(-1);
        QTest::newRow("NaN") << QJsonValue(std::numeric_limits<double>::quiet_NaN()) << qint64(-1);
        QTest::newRow("last second of 9999") << QJsonValue(253402300799.0) << qint64(253402300799000);
    }
    void timestamps()
    {
        QFETCH(QJsonValue, value);
        QFETCH(qint64, expectedMSecs);
        const QDateTime dt = json::toDateTime(value);
        if (expectedMSecs < 0) {
            QVERIFY(!dt.isValid());
        } else {
            QVERIFY(dt.isValid());
            QCOMPARE(dt.toMSecsSinceEpoch(), expectedMSecs);
            QCOMPARE(dt.timeSpec(), Qt::UTC);
        }
    }

    void restConversation()
    {
        const Conversation c = json::toConversation(fixture(QStringLiteral("rest_conversation.json")));
        QCOMPARE(c.id, 42);
        QCOMPARE(c.accountId, 1);
        QCOMPARE(c.inboxId, 3);
        QCOMPARE(c.status, ConversationStatus::Open);
        QVERIFY(c.priority.isEmpty()); // null
        QCOMPARE(c.contact.id, 7);
        QCOMPARE(c.contact.name, QStringLiteral("Ana"));
        QCOMPARE(c.contact.email, QStringLiteral("ana@x.io"));
        QVERIFY(c.assignee.has_value());
        QCOMPARE(c.assignee->name, QStringLiteral("Bo"));
        QCOMPARE(c.labels, QStringList { QStringLiteral("billing") });
        QCOMPARE(c.unreadCount, 2);
        QVERIFY(!c.waitingSince.isValid()); // 0 = unset, not 1970
        QCOMPARE(c.lastActivityAt.toSecsSinceEpoch(), 1764000200);
        QCOMPARE(c.createdAt.toSecsSinceEpoch(), 1763990000);
        QCOMPARE(c.channel, QStringLiteral("Channel::Api"));
        QVERIFY(c.lastMessage.has_value());
        QCOMPARE(c.lastMessage->id, 901);
        QCOMPARE(c.lastMessagePreview(), QStringLiteral("Hi, my order never arrived"));
        QCOMPARE(c.lastMessagePreview(10), QStringLiteral("Hi, my or") + QChar(0x2026));
    }

    void restConversationList()
    {
        const auto list = json::toConversationList(fixture(QStringLiteral("rest_conversation_list.json")));
        QVERIFY(list.ok());
        QCOMPARE(list->meta.mineCount, 3);
        QCOMPARE(list->meta.assignedCount, 10);
        QCOMPARE(list->meta.unassignedCount, 4);
        QCOMPARE(list->meta.allCount, 14);
        QCOMPARE(list->payload.size(), 2);
        QCOMPARE(list->payload.at(0).status, ConversationStatus::Pending);
        QCOMPARE(list->payload.at(0).priority, QStringLiteral("urgent"));
        QCOMPARE(list->payload.at(0).waitingSince.toSecsSinceEpoch(), 1764000150);
        QVERIFY(!list->payload.at(0).lastMessage.has_value()); // [] and null
        QVERIFY(!list->payload.at(0).assignee.has_value());
        QCOMPARE(list->payload.at(1).status, ConversationStatus::Snoozed);
        QCOMPARE(list->payload.at(1).labels.size(), 2);
        QCOMPARE(list->payload.at(1).unreadCount, 0); // missing: tolerated
        // The unwrapped shape (swagger's meta endpoint) is accepted too; no payload is an error.
        QJsonObject unwrapped
            = fixture(QStringLiteral("rest_conversation_list.json")).value(QLatin1String("data")).toObject();
        QCOMPARE(json::toConversationList(unwrapped)->payload.size(), 2);
        unwrapped.remove(QStringLiteral("payload"));
        const auto broken = json::toConversationList(unwrapped);
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().kind, cx::ErrorKind::Malformed);
    }

    void restMessages()
    {
        const auto messages = json::toMessageList(fixture(QStringLiteral("rest_messages_page.json")));
        QVERIFY(messages.ok());
        QCOMPARE(messages->size(), 5);
        const Message& activity = messages->at(0);
        QCOMPARE(activity.messageType, MessageType::Activity);
        QCOMPARE(activity.sender.type, SenderType::None); // activity messages may lack a sender
        const Message& incoming = messages->at(1);
        QCOMPARE(incoming.id, 901);
        QCOMPARE(incoming.conversationId, 42);
        QCOMPARE(incoming.messageType, MessageType::Incoming);
        QCOMPARE(incoming.sender.type, SenderType::Contact);
        QCOMPARE(incoming.sender.name, QStringLiteral("Ana"));
        QCOMPARE(incoming.echoId, QStringLiteral("tmp-123"));
        QCOMPARE(incoming.attachments.size(), 1);
        QCOMPARE(incoming.attachments.at(0).fileType, QStringLiteral("image"));
        QCOMPARE(incoming.attachments.at(0).fileSize, 12345);
        QCOMPARE(incoming.createdAt.toSecsSinceEpoch(), 1764000150);
        const Message& note = messages->at(2);
        QVERIFY(note.isPrivate); // kept, but marked
        QCOMPARE(note.messageType, MessageType::Outgoing);
        QVERIFY(!note.isPublicOutgoing());
        QCOMPARE(note.sender.type, SenderType::User);
        const Message& bot = messages->at(3);
        QVERIFY(bot.isPublicOutgoing());
        QCOMPARE(bot.sender.type, SenderType::AgentBot);
        QCOMPARE(bot.contentAttributes.value(QLatin1String("in_reply_to")).toInt(), 901);
        QCOMPARE(messages->at(4).sender.type, SenderType::CaptainAssistant);
        QCOMPARE(messages->at(4).messageType, MessageType::Template);
    }

    void webhookMessage()
    {
        const Message m = json::toMessage(fixture(QStringLiteral("webhook_message_created.json")));
        QCOMPARE(m.id, 901);
        QCOMPARE(m.messageType, MessageType::Incoming); // string enum
        QCOMPARE(m.conversationId, 42); // from the nested conversation
        QCOMPARE(m.inboxId, 3); // from the nested inbox
        QCOMPARE(m.sender.type, SenderType::Contact);
        QCOMPARE(m.createdAt, QDateTime(QDate(2026, 11, 25), QTime(10, 2, 30), Qt::UTC)); // ISO time
        const Conversation c = json::toConversation(fixture(QStringLiteral("webhook_message_created.json"))
                                                        .value(QLatin1String("conversation"))
                                                        .toObject());
        QCOMPARE(c.id, 42);
        QCOMPARE(c.status, ConversationStatus::Open);
        QCOMPARE(c.channel, QStringLiteral("Channel::Api")); // top-level channel in push data
        QVERIFY(!c.assignee.has_value()); // "assignee": null
        QCOMPARE(c.lastMessage->messageType, MessageType::Incoming); // integer inside conversation.messages[]
    }

    void realtimeMessage()
    {
        const QJsonObject frame = fixture(QStringLiteral("realtime_message_created.json"));
        const QJsonObject data
            = frame.value(QLatin1String("message")).toObject().value(QLatin1String("data")).toObject();
        const Message m = json::toMessage(data);
        QCOMPARE(m.id, 905);
        QCOMPARE(m.messageType, MessageType::Incoming);
        QCOMPARE(m.conversationId, 42);
        QCOMPARE(m.sender.type, SenderType::Contact);
        QCOMPARE(m.echoId, QStringLiteral("tmp-123"));
        // Without a sender object, the push copy's database columns are used.
        QJsonObject bare = data;
        bare.remove(QStringLiteral("sender"));
        const Message m2 = json::toMessage(bare);
        QCOMPARE(m2.sender.type, SenderType::Contact);
        QCOMPARE(m2.sender.id, 7);
    }

    void minimalMessageTolerated()
    {
        const Message m = json::toMessage(QJsonObject { { QStringLiteral("id"), 1 } });
        QCOMPARE(m.id, 1);
        QCOMPARE(m.messageType, MessageType::Unknown);
        QVERIFY(!m.createdAt.isValid());
        QVERIFY(m.content.isEmpty());
        QVERIFY(m.attachments.isEmpty());
    }

    // Numbers that do not fit qint64 used to be cast with undefined behaviour (UBSan: {"id":1e300}).
    void int64Range_data()
    {
        QTest::addColumn<QByteArray>("number"); // as it appears in the JSON text
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("plain") << QByteArray("42") << true << qint64(42);
        QTest::newRow("negative") << QByteArray("-7") << true << qint64(-7);
        QTest::newRow("integral double") << QByteArray("5.0") << true << qint64(5);
        QTest::newRow("exponent, integral") << QByteArray("1e3") << true << qint64(1000);
        QTest::newRow("int64 max") << QByteArray("9223372036854775807") << true
                                   << std::numeric_limits<qint64>::max();
        QTest::newRow("int64 min") << QByteArray("-9223372036854775808") << true
                                   << std::numeric_limits<qint64>::min();
        QTest::newRow("2^63") << QByteArray("9223372036854775808") << false << qint64(0);
        QTest::newRow("1e19") << QByteArray("1e19") << false << qint64(0);
        QTest::newRow("-1e19") << QByteArray("-1e19") << false << qint64(0);
        QTest::newRow("1e300") << QByteArray("1e300") << false << qint64(0);
        QTest::newRow("-1e300") << QByteArray("-1e300") << false << qint64(0);
        QTest::newRow("fraction") << QByteArray("1.5") << false << qint64(0);
        QTest::newRow("tiny fraction") << QByteArray("1e-300") << false << qint64(0);
    }
    void int64Range()
    {
        QFETCH(QByteArray, number);
        QFETCH(bool, ok);
        QFETCH(qint64, expected);
        const QJsonObject o = QJsonDocument::fromJson("{\"id\":" + number + "}").object();
        QVERIFY(o.value(QStringLiteral("id")).isDouble());
        const cx::Result<qint64> r
            = json::toInt64Checked(o.value(QStringLiteral("id")), QStringLiteral("id"));
        QCOMPARE(r.ok(), ok);
        if (ok) {
            QCOMPARE(*r, expected);
        } else {
            QCOMPARE(r.error().kind, cx::ErrorKind::Malformed);
            QCOMPARE(r.error().field, QStringLiteral("id"));
        }
        QCOMPARE(json::toInt64(o.value(QStringLiteral("id")), -3), ok ? expected : qint64(-3)); // lenient
    }
    void nonFiniteNumbers()
    {
        // JSON text cannot carry them, but a QJsonValue built in code can.
        for (const double d : { std::numeric_limits<double>::infinity(),
                 -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN() }) {
            const cx::Result<qint64> r = json::toInt64Checked(QJsonValue(d), QStringLiteral("n"));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().field, QStringLiteral("n"));
        }
    }

    void outOfRangeFieldsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("message id") << QByteArray(R"({"payload":[{"id":1e300}]})")
                                    << QStringLiteral("payload[0].id");
        QTest::newRow("second message, sender")
            << QByteArray(R"({"payload":[{"id":1},{"id":2,"sender":{"id":-1e300}}]})")
            << QStringLiteral("payload[1].sender.id");
        QTest::newRow("attachment size")
            << QByteArray(R"({"payload":[{"id":1,"attachments":[{"id":3,"file_size":2.5}]}]})")
            << QStringLiteral("payload[0].attachments[0].file_size");
        QTest::newRow("created_at") << QByteArray(R"({"payload":[{"id":1,"created_at":1e300}]})")
                                    << QStringLiteral("payload[0].created_at");
        QTest::newRow("conversation id") << QByteArray(R"({"data":{"payload":[{"id":9223372036854775808}]}})")
                                         << QStringLiteral("data.payload[0].id");
        QTest::newRow("unread count beyond int")
            << QByteArray(R"({"data":{"payload":[{"id":1,"unread_count":1e10}]}})")
            << QStringLiteral("data.payload[0].unread_count");
        QTest::newRow("contact id") << QByteArray(R"({"payload":[{"id":1,"meta":{"sender":{"id":1e20}}}]})")
                                    << QStringLiteral("payload[0].meta.sender.id");
        QTest::newRow("counts") << QByteArray(R"({"data":{"meta":{"all_count":1e300},"payload":[]}})")
                                << QStringLiteral("data.meta.all_count");
    }
    void outOfRangeFieldsAreNamed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const QJsonObject root = QJsonDocument::fromJson(body).object();
        QVERIFY(!root.isEmpty());
        // The message shapes go through toMessageList, the conversation shapes through toConversationList.
        const bool conversations
            = field.startsWith(QLatin1String("data.")) || field.contains(QLatin1String("meta"));
        const cx::Error error
            = conversations ? errorOf(json::toConversationList(root)) : errorOf(json::toMessageList(root));
        QCOMPARE(error.kind, cx::ErrorKind::Malformed);
        QCOMPARE(error.field, field);
        QVERIFY2(error.message.contains(field), qPrintable(error.message));
    }
    void singleObjectsChecked()
    {
        const QJsonObject bad = QJsonDocument::fromJson(R"({"id":7,"conversation":{"id":1e300}})").object();
        const auto m = json::toMessageChecked(bad);
        QVERIFY(!m.ok());
        QCOMPARE(m.error().field, QStringLiteral("conversation.id"));
        QCOMPARE(json::toMessage(bad).conversationId, 0); // the lenient form reads 0, defined
        const auto c = json::toConversationChecked(
            QJsonDocument::fromJson(R"({"id":1,"meta":{"assignee":{"id":1e300}}})").object());
        QVERIFY(!c.ok());
        QCOMPARE(c.error().field, QStringLiteral("meta.assignee.id"));
        QVERIFY(json::toConversationChecked(fixture(QStringLiteral("rest_conversation.json"))).ok());
    }

    void errorBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("401 invalid token")
            << QByteArray(R"({"error":"Invalid Access Token"})") << QStringLiteral("Invalid Access Token");
        QTest::newRow("422 validation")
            << QByteArray(R"({"message":"Content is too long","attributes":["content"]})")
            << QStringLiteral("Content is too long (content)");
        QTest::newRow("devise errors")
            << QByteArray(R"({"errors":["You need to sign in or sign up before continuing."]})")
            << QStringLiteral("You need to sign in or sign up before continuing.");
        QTest::newRow("swagger bad_request_error")
            << QByteArray(R"({"description":"bad","errors":[{"field":"x","message":"is invalid"}]})")
            << QStringLiteral("is invalid");
        QTest::newRow("429 plain text") << QByteArray("Retry later\n") << QStringLiteral("Retry later");
    }
    void errorBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QCOMPARE(json::errorMessageFromBody(body), expected);
    }

    void article()
    {
        const QJsonObject o = QJsonDocument::fromJson(
            R"({"id": 12, "slug": "1712-reset-password", "title": "Reset your password",
            "description": "d", "content": "## Steps\n1. ...", "status": "published", "locale": "en", "updated_at": 1764000000,
            "category": {"id": 4, "name": "Accounts", "slug": "accounts", "locale": "en"}})")
                                  .object();
        const HelpCenterArticle a
            = json::toArticle(o, QStringLiteral("help"), QUrl(QStringLiteral("https://cw.example/")));
        QCOMPARE(a.id, 12);
        QCOMPARE(a.content, QStringLiteral("## Steps\n1. ..."));
        QCOMPARE(a.categoryName, QStringLiteral("Accounts"));
        QCOMPARE(a.portalSlug, QStringLiteral("help"));
        QCOMPARE(a.url, QUrl(QStringLiteral("https://cw.example/hc/help/articles/1712-reset-password")));
        QCOMPARE(a.updatedAt.toSecsSinceEpoch(), 1764000000);
    }

    void malformedJson()
    {
        const auto r = json::parseObject("{\"id\": ");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, cx::ErrorKind::Malformed);
        QVERIFY(!json::parseObject("[1,2]").ok());
    }
};

QTEST_GUILESS_MAIN(TestChatwootJson)
#include "tst_chatwootjson.moc"
