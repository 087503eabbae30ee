#include "ChatwootJson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

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

QDateTime toDateTime(const QJsonValue& value)
{
    if (value.isDouble()) {
        const double secs = value.toDouble();
        if (secs <= 0)
            return {};
        return QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(secs * 1000.0), Qt::UTC);
    }
    if (value.isString()) {
        const QString s = value.toString().trimmed();
        if (s.isEmpty())
            return {};
        bool isNumber = false;
        const double secs = s.toDouble(&isNumber);
        if (isNumber)
            return secs > 0 ? QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(secs * 1000.0), Qt::UTC)
                            : QDateTime();
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

qint64 toInt64(const QJsonValue& value, qint64 fallback)
{
    if (value.isDouble())
        return static_cast<qint64>(value.toDouble());
    if (value.isString()) {
        bool ok = false;
        const qint64 v = value.toString().toLongLong(&ok);
        return ok ? v : fallback;
    }
    return fallback;
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
Sender toSender(const QJsonObject& message)
{
    Sender s;
    const QJsonValue senderValue = message.value(QLatin1String("sender"));
    if (senderValue.isObject()) {
        const QJsonObject o = senderValue.toObject();
        s.id = toInt64(o.value(QLatin1String("id")));
        s.name = o.value(QLatin1String("name")).toString();
        if (s.name.isEmpty())
            s.name = o.value(QLatin1String("available_name")).toString();
        s.type = senderTypeFromName(o.value(QLatin1String("type")).toString());
    }
    // Push data also carries the database columns; fill what the sender object lacks.
    if (s.type == SenderType::None)
        s.type = senderTypeFromName(message.value(QLatin1String("sender_type")).toString());
    if (s.id == 0)
        s.id = toInt64(message.value(QLatin1String("sender_id")));
    return s;
}

Contact toContact(const QJsonObject& o)
{
    Contact c;
    c.id = toInt64(o.value(QLatin1String("id")));
    c.name = o.value(QLatin1String("name")).toString();
    c.email = o.value(QLatin1String("email")).toString();
    c.phoneNumber = o.value(QLatin1String("phone_number")).toString();
    return c;
}
} // namespace

Message toMessage(const QJsonObject& o)
{
    Message m;
    m.id = toInt64(o.value(QLatin1String("id")));
    m.conversationId = toInt64(o.value(QLatin1String("conversation_id")));
    if (m.conversationId == 0) // webhook shape: the conversation is nested
        m.conversationId
            = toInt64(o.value(QLatin1String("conversation")).toObject().value(QLatin1String("id")));
    m.inboxId = toInt64(o.value(QLatin1String("inbox_id")));
    if (m.inboxId == 0)
        m.inboxId = toInt64(o.value(QLatin1String("inbox")).toObject().value(QLatin1String("id")));
    m.content = o.value(QLatin1String("content")).toString();
    m.messageType = toMessageType(o.value(QLatin1String("message_type")));
    m.contentType = o.value(QLatin1String("content_type")).toString();
    m.isPrivate = o.value(QLatin1String("private")).toBool(false);
    m.sender = toSender(o);
    m.createdAt = toDateTime(o.value(QLatin1String("created_at")));
    m.contentAttributes = o.value(QLatin1String("content_attributes")).toObject();
    m.echoId = o.value(QLatin1String("echo_id")).toString();
    const QJsonArray attachments = o.value(QLatin1String("attachments")).toArray();
    for (const QJsonValue& v : attachments) {
        const QJsonObject a = v.toObject();
        Attachment att;
        att.id = toInt64(a.value(QLatin1String("id")));
        att.fileType = a.value(QLatin1String("file_type")).toString();
        att.dataUrl = QUrl(a.value(QLatin1String("data_url")).toString());
        att.thumbUrl = QUrl(a.value(QLatin1String("thumb_url")).toString());
        att.fileSize = toInt64(a.value(QLatin1String("file_size")));
        m.attachments.append(att);
    }
    return m;
}

Conversation toConversation(const QJsonObject& o)
{
    Conversation c;
    c.id = toInt64(o.value(QLatin1String("id")));
    c.accountId = toInt64(o.value(QLatin1String("account_id")));
    c.inboxId = toInt64(o.value(QLatin1String("inbox_id")));
    c.status = conversationStatusFromName(o.value(QLatin1String("status")).toString());
    c.priority = o.value(QLatin1String("priority")).toString();
    const QJsonObject meta = o.value(QLatin1String("meta")).toObject();
    c.contact = toContact(meta.value(QLatin1String("sender")).toObject());
    const QJsonValue assignee = meta.value(QLatin1String("assignee"));
    if (assignee.isObject()) {
        const QJsonObject a = assignee.toObject();
        c.assignee = Agent { toInt64(a.value(QLatin1String("id"))), a.value(QLatin1String("name")).toString(),
            a.value(QLatin1String("email")).toString() };
    }
    c.channel = meta.value(QLatin1String("channel")).toString();
    if (c.channel.isEmpty()) // webhook conversation hash
        c.channel = o.value(QLatin1String("channel")).toString();
    for (const QJsonValue& v : o.value(QLatin1String("labels")).toArray())
        c.labels.append(v.toString());
    c.unreadCount = static_cast<int>(toInt64(o.value(QLatin1String("unread_count"))));
    c.waitingSince = toDateTime(o.value(QLatin1String("waiting_since")));
    c.lastActivityAt = toDateTime(o.value(QLatin1String("last_activity_at")));
    c.createdAt = toDateTime(o.value(QLatin1String("created_at")));
    const QJsonValue last = o.value(QLatin1String("last_non_activity_message"));
    if (last.isObject()) {
        c.lastMessage = toMessage(last.toObject());
    } else {
        const QJsonArray messages = o.value(QLatin1String("messages")).toArray();
        if (!messages.isEmpty())
            c.lastMessage = toMessage(messages.last().toObject());
    }
    if (c.lastMessage && c.lastMessage->conversationId == 0)
        c.lastMessage->conversationId = c.id;
    return c;
}

ConversationCounts toCounts(const QJsonObject& meta)
{
    ConversationCounts counts;
    counts.mineCount = static_cast<int>(toInt64(meta.value(QLatin1String("mine_count"))));
    counts.assignedCount = static_cast<int>(toInt64(meta.value(QLatin1String("assigned_count"))));
    counts.unassignedCount = static_cast<int>(toInt64(meta.value(QLatin1String("unassigned_count"))));
    counts.allCount = static_cast<int>(toInt64(meta.value(QLatin1String("all_count"))));
    return counts;
}

Result<ConversationList> toConversationList(const QJsonObject& root)
{
    const QJsonObject data
        = root.value(QLatin1String("data")).isObject() ? root.value(QLatin1String("data")).toObject() : root;
    const QJsonValue payload = data.value(QLatin1String("payload"));
    if (!payload.isArray())
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Chatwoot", "The conversation list has no payload array."),
            QStringLiteral("payload"));
    ConversationList list;
    list.meta = toCounts(data.value(QLatin1String("meta")).toObject());
    for (const QJsonValue& v : payload.toArray())
        list.payload.append(toConversation(v.toObject()));
    return list;
}

Result<QList<Message>> toMessageList(const QJsonObject& root)
{
    const QJsonValue payload = root.value(QLatin1String("payload"));
    if (!payload.isArray())
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Chatwoot", "The message list has no payload array."),
            QStringLiteral("payload"));
    QList<Message> messages;
    for (const QJsonValue& v : payload.toArray())
        messages.append(toMessage(v.toObject()));
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
