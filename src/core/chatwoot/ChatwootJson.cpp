#include "ChatwootJson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>
#include <limits>
#include <optional>

namespace cx::chatwoot {

QString messageTypeName(MessageType type)
{
    switch (type) {
    case MessageType::Incoming:
        return QStringLiteral("incoming");
    case MessageType::Outgoing:
        return QStringLiteral("outgoing");
    case MessageType::Activity:
        return QStringLiteral("activity");
    case MessageType::Template:
        return QStringLiteral("template");
    case MessageType::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

MessageType messageTypeFromName(const QString& name)
{
    if (name == QLatin1String("incoming"))
        return MessageType::Incoming;
    if (name == QLatin1String("outgoing"))
        return MessageType::Outgoing;
    if (name == QLatin1String("activity"))
        return MessageType::Activity;
    if (name == QLatin1String("template"))
        return MessageType::Template;
    return MessageType::Unknown;
}

QString conversationStatusName(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::Open:
        return QStringLiteral("open");
    case ConversationStatus::Resolved:
        return QStringLiteral("resolved");
    case ConversationStatus::Pending:
        return QStringLiteral("pending");
    case ConversationStatus::Snoozed:
        return QStringLiteral("snoozed");
    case ConversationStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

ConversationStatus conversationStatusFromName(const QString& name)
{
    if (name == QLatin1String("open"))
        return ConversationStatus::Open;
    if (name == QLatin1String("resolved"))
        return ConversationStatus::Resolved;
    if (name == QLatin1String("pending"))
        return ConversationStatus::Pending;
    if (name == QLatin1String("snoozed"))
        return ConversationStatus::Snoozed;
    return ConversationStatus::Unknown;
}

QString senderTypeName(SenderType type)
{
    switch (type) {
    case SenderType::Contact:
        return QStringLiteral("contact");
    case SenderType::User:
        return QStringLiteral("user");
    case SenderType::AgentBot:
        return QStringLiteral("agent_bot");
    case SenderType::CaptainAssistant:
        return QStringLiteral("captain_assistant");
    case SenderType::None:
        return QString();
    case SenderType::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

SenderType senderTypeFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n.isEmpty())
        return SenderType::None;
    // Push data carries the Rails class name in sender_type ("Contact", "User", "AgentBot",
    // "Captain::Assistant").
    if (n == QLatin1String("contact"))
        return SenderType::Contact;
    if (n == QLatin1String("user"))
        return SenderType::User;
    if (n == QLatin1String("agent_bot") || n == QLatin1String("agentbot"))
        return SenderType::AgentBot;
    if (n == QLatin1String("captain_assistant") || n == QLatin1String("captain::assistant"))
        return SenderType::CaptainAssistant;
    return SenderType::Unknown;
}

QString Conversation::lastMessagePreview(int maxChars) const
{
    if (!lastMessage)
        return {};
    QString text = lastMessage->content.simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

namespace json {

namespace {
// Unix seconds QDateTime can hold and Chatwoot could mean: after 1970, before the year 10000.
constexpr double kMaxUnixSeconds = 253402300799.0;

// An integral JSON number as qint64, or empty when it is not one: NaN, +/-inf, a fraction, or a magnitude
// at or beyond 2^63 (converting such a double is undefined behaviour: UBSan found `{"id":1e300}`).
// Integers the parser stored exactly (up to 2^63 - 1) are read without a round trip through double.
std::optional<qint64> integralNumber(const QJsonValue& value)
{
    const double d = value.toDouble();
    if (!std::isfinite(d))
        return std::nullopt; // checked first: Qt 6.4's toInteger() turns NaN into INT64_MIN
    const qint64 a = value.toInteger(0);
    if (a == value.toInteger(1))
        return a; // Qt read it as an exact integer (or a double that converts without loss)
    if (d != std::trunc(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
        return std::nullopt;
    return static_cast<qint64>(d);
}

Error malformedNumber(const QJsonValue& value, const QString& field)
{
    const double d = value.toDouble();
    const QString shown = std::isnan(d) ? QStringLiteral("NaN") : QString::number(d, 'g', 17);
    return makeError(ErrorKind::Malformed,
        QCoreApplication::translate("Chatwoot", "\"%1\" must be a whole number within 64 bits, got %2.")
            .arg(field, shown),
        field);
}

// Numeric fields read while converting one object: the first value that is out of range is remembered
// as a Malformed error naming its field (with its path, e.g. "payload[2].sender.id"); the value read is
// the fallback then. The lenient converters (toMessage, ...) ignore the error, the Result ones return it.
class NumberReader {
public:
    explicit NumberReader(std::optional<Error>* sink, QString prefix = QString())
        : m_sink(sink)
        , m_prefix(std::move(prefix))
    {
    }
    NumberReader at(const QString& path) const
    {
        return NumberReader(m_sink, m_prefix + path + QLatin1Char('.'));
    }

    qint64 int64(const QJsonValue& value, QLatin1String field, qint64 fallback = 0) const
    {
        const Result<qint64> r = toInt64Checked(value, m_prefix + field, fallback);
        return r.ok() ? *r : remember(r.error(), fallback);
    }
    int int32(const QJsonValue& value, QLatin1String field) const
    {
        const qint64 v = int64(value, field);
        if (v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max())
            return static_cast<int>(v);
        return static_cast<int>(remember(malformedNumber(value, m_prefix + field), 0));
    }
    QDateTime dateTime(const QJsonValue& value, QLatin1String field) const
    {
        const QDateTime dt = toDateTime(value);
        if (!dt.isValid() && value.isDouble() && value.toDouble() > kMaxUnixSeconds)
            remember(makeError(ErrorKind::Malformed,
                         QCoreApplication::translate("Chatwoot", "\"%1\" is not a time in Unix seconds.")
                             .arg(m_prefix + field),
                         m_prefix + field),
                0);
        return dt;
    }

private:
    qint64 remember(const Error& error, qint64 fallback) const
    {
        if (m_sink && !*m_sink)
            *m_sink = error;
        return fallback;
    }

    std::optional<Error>* m_sink;
    QString m_prefix;
};

QDateTime fromUnixSeconds(double secs)
{
    // Range-checked before converting to milliseconds: NaN, inf or 1e300 would convert with UB.
    if (!(secs > 0) || secs > kMaxUnixSeconds)
        return {};
    return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(secs * 1000.0), Qt::UTC);
}
} // namespace

QDateTime toDateTime(const QJsonValue& value)
{
    if (value.isDouble())
        return fromUnixSeconds(value.toDouble());
    if (value.isString()) {
        const QString s = value.toString().trimmed();
        if (s.isEmpty())
            return {};
        bool isNumber = false;
        const double secs = s.toDouble(&isNumber);
        if (isNumber)
            return fromUnixSeconds(secs);
        QDateTime dt = QDateTime::fromString(s, Qt::ISODateWithMs);
        if (!dt.isValid())
            dt = QDateTime::fromString(s, Qt::ISODate);
        if (!dt.isValid()) // Rails to_fs(:db): "2026-11-25 10:00:00" (UTC)
            dt = QDateTime::fromString(s, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (dt.isValid() && dt.timeSpec() == Qt::LocalTime)
            dt.setTimeSpec(Qt::UTC);
        return dt.isValid() ? dt.toUTC() : QDateTime();
    }
    return {};
}

Result<qint64> toInt64Checked(const QJsonValue& value, const QString& field, qint64 fallback)
{
    if (value.isDouble()) {
        const std::optional<qint64> n = integralNumber(value);
        if (!n)
            return malformedNumber(value, field);
        return *n;
    }
    if (value.isString()) {
        bool ok = false;
        const qint64 v = value.toString().toLongLong(&ok);
        return ok ? v : fallback;
    }
    return fallback;
}

qint64 toInt64(const QJsonValue& value, qint64 fallback)
{
    const Result<qint64> r = toInt64Checked(value, QString(), fallback);
    return r.ok() ? *r : fallback;
}

MessageType toMessageType(const QJsonValue& value)
{
    if (value.isString()) {
        bool isNumber = false;
        const int n = value.toString().toInt(&isNumber);
        if (!isNumber)
            return messageTypeFromName(value.toString());
        return (n >= 0 && n <= 3) ? static_cast<MessageType>(n) : MessageType::Unknown;
    }
    if (value.isDouble()) {
        const int n = value.toInt(-1);
        return (n >= 0 && n <= 3) ? static_cast<MessageType>(n) : MessageType::Unknown;
    }
    return MessageType::Unknown;
}

namespace {
Sender toSender(const QJsonObject& message, const NumberReader& read)
{
    Sender s;
    const QJsonValue senderValue = message.value(QLatin1String("sender"));
    if (senderValue.isObject()) {
        const QJsonObject o = senderValue.toObject();
        s.id = read.at(QStringLiteral("sender")).int64(o.value(QLatin1String("id")), QLatin1String("id"));
        s.name = o.value(QLatin1String("name")).toString();
        if (s.name.isEmpty())
            s.name = o.value(QLatin1String("available_name")).toString();
        s.type = senderTypeFromName(o.value(QLatin1String("type")).toString());
    }
    // Push data also carries the database columns; fill what the sender object lacks.
    if (s.type == SenderType::None)
        s.type = senderTypeFromName(message.value(QLatin1String("sender_type")).toString());
    if (s.id == 0)
        s.id = read.int64(message.value(QLatin1String("sender_id")), QLatin1String("sender_id"));
    return s;
}

Contact toContact(const QJsonObject& o, const NumberReader& read)
{
    Contact c;
    c.id = read.int64(o.value(QLatin1String("id")), QLatin1String("id"));
    c.name = o.value(QLatin1String("name")).toString();
    c.email = o.value(QLatin1String("email")).toString();
    c.phoneNumber = o.value(QLatin1String("phone_number")).toString();
    return c;
}

Message readMessage(const QJsonObject& o, const NumberReader& read)
{
    Message m;
    m.id = read.int64(o.value(QLatin1String("id")), QLatin1String("id"));
    m.conversationId
        = read.int64(o.value(QLatin1String("conversation_id")), QLatin1String("conversation_id"));
    if (m.conversationId == 0) // webhook shape: the conversation is nested
        m.conversationId
            = read.at(QStringLiteral("conversation"))
                  .int64(o.value(QLatin1String("conversation")).toObject().value(QLatin1String("id")),
                      QLatin1String("id"));
    m.inboxId = read.int64(o.value(QLatin1String("inbox_id")), QLatin1String("inbox_id"));
    if (m.inboxId == 0)
        m.inboxId = read.at(QStringLiteral("inbox"))
                        .int64(o.value(QLatin1String("inbox")).toObject().value(QLatin1String("id")),
                            QLatin1String("id"));
    m.content = o.value(QLatin1String("content")).toString();
    m.messageType = toMessageType(o.value(QLatin1String("message_type")));
    m.contentType = o.value(QLatin1String("content_type")).toString();
    m.isPrivate = o.value(QLatin1String("private")).toBool(false);
    m.sender = toSender(o, read);
    m.createdAt = read.dateTime(o.value(QLatin1String("created_at")), QLatin1String("created_at"));
    m.contentAttributes = o.value(QLatin1String("content_attributes")).toObject();
    m.echoId = o.value(QLatin1String("echo_id")).toString();
    const QJsonArray attachments = o.value(QLatin1String("attachments")).toArray();
    for (qsizetype i = 0; i < attachments.size(); ++i) {
        const QJsonObject a = attachments.at(i).toObject();
        const NumberReader readA = read.at(QStringLiteral("attachments[%1]").arg(i));
        Attachment att;
        att.id = readA.int64(a.value(QLatin1String("id")), QLatin1String("id"));
        att.fileType = a.value(QLatin1String("file_type")).toString();
        att.dataUrl = QUrl(a.value(QLatin1String("data_url")).toString());
        att.thumbUrl = QUrl(a.value(QLatin1String("thumb_url")).toString());
        att.fileSize = readA.int64(a.value(QLatin1String("file_size")), QLatin1String("file_size"));
        m.attachments.append(att);
    }
    return m;
}

Conversation readConversation(const QJsonObject& o, const NumberReader& read)
{
    Conversation c;
    c.id = read.int64(o.value(QLatin1String("id")), QLatin1String("id"));
    c.accountId = read.int64(o.value(QLatin1String("account_id")), QLatin1String("account_id"));
    c.inboxId = read.int64(o.value(QLatin1String("inbox_id")), QLatin1String("inbox_id"));
    c.status = conversationStatusFromName(o.value(QLatin1String("status")).toString());
    c.priority = o.value(QLatin1String("priority")).toString();
    const QJsonObject meta = o.value(QLatin1String("meta")).toObject();
    c.contact
        = toContact(meta.value(QLatin1String("sender")).toObject(), read.at(QStringLiteral("meta.sender")));
    const QJsonValue assignee = meta.value(QLatin1String("assignee"));
    if (assignee.isObject()) {
        const QJsonObject a = assignee.toObject();
        c.assignee = Agent {
            read.at(QStringLiteral("meta.assignee")).int64(a.value(QLatin1String("id")), QLatin1String("id")),
            a.value(QLatin1String("name")).toString(), a.value(QLatin1String("email")).toString()
        };
    }
    c.channel = meta.value(QLatin1String("channel")).toString();
    if (c.channel.isEmpty()) // webhook conversation hash
        c.channel = o.value(QLatin1String("channel")).toString();
    for (const QJsonValue& v : o.value(QLatin1String("labels")).toArray())
        c.labels.append(v.toString());
    c.unreadCount = read.int32(o.value(QLatin1String("unread_count")), QLatin1String("unread_count"));
    c.waitingSince = read.dateTime(o.value(QLatin1String("waiting_since")), QLatin1String("waiting_since"));
    c.lastActivityAt
        = read.dateTime(o.value(QLatin1String("last_activity_at")), QLatin1String("last_activity_at"));
    c.createdAt = read.dateTime(o.value(QLatin1String("created_at")), QLatin1String("created_at"));
    const QJsonValue last = o.value(QLatin1String("last_non_activity_message"));
    if (last.isObject()) {
        c.lastMessage = readMessage(last.toObject(), read.at(QStringLiteral("last_non_activity_message")));
    } else {
        const QJsonArray messages = o.value(QLatin1String("messages")).toArray();
        if (!messages.isEmpty())
            c.lastMessage = readMessage(
                messages.last().toObject(), read.at(QStringLiteral("messages[%1]").arg(messages.size() - 1)));
    }
    if (c.lastMessage && c.lastMessage->conversationId == 0)
        c.lastMessage->conversationId = c.id;
    return c;
}

ConversationCounts readCounts(const QJsonObject& meta, const NumberReader& read)
{
    ConversationCounts counts;
    counts.mineCount = read.int32(meta.value(QLatin1String("mine_count")), QLatin1String("mine_count"));
    counts.assignedCount
        = read.int32(meta.value(QLatin1String("assigned_count")), QLatin1String("assigned_count"));
    counts.unassignedCount
        = read.int32(meta.value(QLatin1String("unassigned_count")), QLatin1String("unassigned_count"));
    counts.allCount = read.int32(meta.value(QLatin1String("all_count")), QLatin1String("all_count"));
    return counts;
}
} // namespace

Message toMessage(const QJsonObject& o)
{
    return readMessage(o, NumberReader(nullptr));
}

Result<Message> toMessageChecked(const QJsonObject& o)
{
    std::optional<Error> error;
    Message m = readMessage(o, NumberReader(&error));
    if (error)
        return *error;
    return m;
}

Conversation toConversation(const QJsonObject& o)
{
    return readConversation(o, NumberReader(nullptr));
}

Result<Conversation> toConversationChecked(const QJsonObject& o)
{
    std::optional<Error> error;
    Conversation c = readConversation(o, NumberReader(&error));
    if (error)
        return *error;
    return c;
}

ConversationCounts toCounts(const QJsonObject& meta)
{
    return readCounts(meta, NumberReader(nullptr));
}

Result<ConversationList> toConversationList(const QJsonObject& root)
{
    const bool wrapped = root.value(QLatin1String("data")).isObject();
    const QJsonObject data = wrapped ? root.value(QLatin1String("data")).toObject() : root;
    const QJsonValue payload = data.value(QLatin1String("payload"));
    if (!payload.isArray())
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Chatwoot", "The conversation list has no payload array."),
            QStringLiteral("payload"));
    std::optional<Error> error;
    const NumberReader read(&error, wrapped ? QStringLiteral("data.") : QString());
    ConversationList list;
    list.meta = readCounts(data.value(QLatin1String("meta")).toObject(), read.at(QStringLiteral("meta")));
    const QJsonArray items = payload.toArray();
    for (qsizetype i = 0; i < items.size(); ++i)
        list.payload.append(
            readConversation(items.at(i).toObject(), read.at(QStringLiteral("payload[%1]").arg(i))));
    if (error)
        return *error;
    return list;
}

Result<QList<Message>> toMessageList(const QJsonObject& root)
{
    const QJsonValue payload = root.value(QLatin1String("payload"));
    if (!payload.isArray())
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Chatwoot", "The message list has no payload array."),
            QStringLiteral("payload"));
    std::optional<Error> error;
    const NumberReader read(&error);
    QList<Message> messages;
    const QJsonArray items = payload.toArray();
    for (qsizetype i = 0; i < items.size(); ++i)
        messages.append(readMessage(items.at(i).toObject(), read.at(QStringLiteral("payload[%1]").arg(i))));
    if (error)
        return *error;
    return messages;
}

Portal toPortal(const QJsonObject& o)
{
    Portal p;
    p.id = toInt64(o.value(QLatin1String("id")));
    p.slug = o.value(QLatin1String("slug")).toString();
    p.name = o.value(QLatin1String("name")).toString();
    p.defaultLocale
        = o.value(QLatin1String("meta")).toObject().value(QLatin1String("default_locale")).toString();
    const QJsonArray locales
        = o.value(QLatin1String("config")).toObject().value(QLatin1String("allowed_locales")).toArray();
    for (const QJsonValue& v : locales)
        p.locales.append(v.isObject() ? v.toObject().value(QLatin1String("code")).toString() : v.toString());
    return p;
}

HelpCenterArticle toArticle(const QJsonObject& o, const QString& portalSlug, const QUrl& baseUrl)
{
    HelpCenterArticle a;
    a.id = toInt64(o.value(QLatin1String("id")));
    a.slug = o.value(QLatin1String("slug")).toString();
    a.title = o.value(QLatin1String("title")).toString();
    a.description = o.value(QLatin1String("description")).toString();
    a.content = o.value(QLatin1String("content")).toString();
    a.locale = o.value(QLatin1String("locale")).toString();
    a.portalSlug = portalSlug;
    const QJsonObject category = o.value(QLatin1String("category")).toObject();
    a.categoryName = category.value(QLatin1String("name")).toString();
    if (a.locale.isEmpty())
        a.locale = category.value(QLatin1String("locale")).toString();
    a.updatedAt = toDateTime(o.value(QLatin1String("updated_at")));
    QUrl url = baseUrl;
    QString basePath = url.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QStringLiteral("/hc/") + portalSlug + QStringLiteral("/articles/") + a.slug);
    url.setQuery(QString());
    a.url = url;
    return a;
}

namespace {
double toDouble(const QJsonValue& v)
{
    if (v.isDouble())
        return v.toDouble();
    return v.toString().toDouble();
}
} // namespace

ReportSummary toReportSummary(const QJsonObject& o)
{
    ReportSummary r;
    r.avgFirstResponseTime = toDouble(o.value(QLatin1String("avg_first_response_time")));
    r.avgResolutionTime = toDouble(o.value(QLatin1String("avg_resolution_time")));
    r.conversationsCount = toInt64(o.value(QLatin1String("conversations_count")));
    r.incomingMessagesCount = toInt64(o.value(QLatin1String("incoming_messages_count")));
    r.outgoingMessagesCount = toInt64(o.value(QLatin1String("outgoing_messages_count")));
    r.resolutionsCount = toInt64(o.value(QLatin1String("resolutions_count")));
    r.raw = o;
    return r;
}

Profile toProfile(const QJsonObject& o)
{
    Profile p;
    p.id = toInt64(o.value(QLatin1String("id")));
    p.name = o.value(QLatin1String("name")).toString();
    p.email = o.value(QLatin1String("email")).toString();
    p.role = o.value(QLatin1String("role")).toString();
    p.activeAccountId = toInt64(o.value(QLatin1String("account_id")));
    for (const QJsonValue& v : o.value(QLatin1String("accounts")).toArray()) {
        const QJsonObject a = v.toObject();
        p.accounts.append(
            ProfileAccount { toInt64(a.value(QLatin1String("id"))), a.value(QLatin1String("name")).toString(),
                a.value(QLatin1String("role")).toString(), a.value(QLatin1String("status")).toString() });
    }
    return p;
}

Result<QJsonObject> parseObject(const QByteArray& body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Chatwoot", "Invalid JSON at offset %1: %2")
                .arg(error.offset)
                .arg(error.errorString()));
    if (!doc.isObject())
        return makeError(
            ErrorKind::Malformed, QCoreApplication::translate("Chatwoot", "Expected a JSON object."));
    return doc.object();
}

QString errorMessageFromBody(const QByteArray& body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.value(QLatin1String("error")).isString())
            return o.value(QLatin1String("error")).toString();
        if (o.value(QLatin1String("message")).isString()) {
            QString msg = o.value(QLatin1String("message")).toString();
            const QJsonArray attrs = o.value(QLatin1String("attributes")).toArray();
            QStringList names;
            for (const QJsonValue& v : attrs)
                names.append(v.toString());
            if (!names.isEmpty())
                msg += QStringLiteral(" (") + names.join(QStringLiteral(", ")) + QLatin1Char(')');
            return msg;
        }
        const QJsonArray errors = o.value(QLatin1String("errors")).toArray();
        QStringList parts;
        for (const QJsonValue& v : errors)
            parts.append(
                v.isObject() ? v.toObject().value(QLatin1String("message")).toString() : v.toString());
        parts.removeAll(QString());
        if (!parts.isEmpty())
            return parts.join(QStringLiteral("; "));
        if (o.value(QLatin1String("description")).isString())
            return o.value(QLatin1String("description")).toString();
    }
    return QString::fromUtf8(body.left(300)).trimmed();
}

} // namespace json
} // namespace cx::chatwoot
