#include "WebhookParser.h"

#include "chatwoot/ChatwootJson.h"
#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cx::chatwoot {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate(
        "cx::chatwoot::WebhookParser", text); // lupdate's context for this file
}

WebhookEventType typeFromName(const QString& name)
{
    if (name == QLatin1String("message_created"))
        return WebhookEventType::MessageCreated;
    if (name == QLatin1String("message_updated"))
        return WebhookEventType::MessageUpdated;
    if (name == QLatin1String("conversation_created"))
        return WebhookEventType::ConversationCreated;
    if (name == QLatin1String("conversation_status_changed"))
        return WebhookEventType::ConversationStatusChanged;
    if (name == QLatin1String("conversation_updated"))
        return WebhookEventType::ConversationUpdated;
    return WebhookEventType::Other;
}

// A payload we cannot read is the sender's fault: 400.
Error badRequest(Error error)
{
    error.httpStatus = 400;
    return error;
}
} // namespace

Status WebhookParser::checkEnvelope(
    const QByteArray& body, const QByteArray& contentType, qsizetype maxBodyBytes)
{
    if (body.size() > maxBodyBytes)
        return makeError(ErrorKind::Invalid,
            tr("Webhook body too large: %1 bytes (limit %2).").arg(body.size()).arg(maxBodyBytes), QString(),
            413);
    const QByteArray mediaType = contentType.split(';').first().trimmed().toLower();
    if (mediaType != "application/json")
        return makeError(ErrorKind::Invalid,
            tr("Webhook content type must be application/json, got \"%1\".")
                .arg(QString::fromLatin1(mediaType)),
            QString(), 415);
    if (body.trimmed().isEmpty())
        return makeError(ErrorKind::Malformed, tr("Webhook body is empty."), QString(), 400);
    return Ok {};
}

Result<WebhookEvent> WebhookParser::parse(const QByteArray& body, const QByteArray& contentType)
{
    const Status envelope = checkEnvelope(body, contentType);
    if (!envelope.ok())
        return envelope.error();
    const Result<QJsonObject> object = json::parseObject(body);
    if (!object.ok()) {
        Error e = object.error();
        e.httpStatus = 400;
        return e;
    }
    return parse(*object);
}

Result<WebhookEvent> WebhookParser::parse(const QJsonObject& payload)
{
    const QString eventName = payload.value(QLatin1String("event")).toString();
    if (eventName.isEmpty())
        return makeError(
            ErrorKind::Malformed, tr("Webhook payload has no \"event\"."), QStringLiteral("event"), 400);
    WebhookEvent event;
    event.eventName = eventName;
    event.type = typeFromName(eventName);
    event.raw = payload;
    Result<qint64> account
        = json::toInt64Checked(payload.value(QLatin1String("account")).toObject().value(QLatin1String("id")),
            QStringLiteral("account.id"));
    if (account.ok() && *account == 0)
        account
            = json::toInt64Checked(payload.value(QLatin1String("account_id")), QStringLiteral("account_id"));
    if (!account.ok())
        return badRequest(account.error());
    event.accountId = *account;

    switch (event.type) {
    case WebhookEventType::MessageCreated:
    case WebhookEventType::MessageUpdated: {
        if (!payload.value(QLatin1String("id")).isDouble())
            return makeError(
                ErrorKind::Malformed, tr("Message event without a message id."), QStringLiteral("id"), 400);
        const QJsonObject conversation = payload.value(QLatin1String("conversation")).toObject();
        if (conversation.isEmpty())
            return makeError(ErrorKind::Malformed, tr("Message event without its conversation."),
                QStringLiteral("conversation"), 400);
        Result<Message> message = json::toMessageChecked(payload);
        if (!message.ok())
            return badRequest(message.error());
        Result<Conversation> parent = json::toConversationChecked(conversation);
        if (!parent.ok()) {
            Error e = parent.error();
            e.field = QStringLiteral("conversation.") + e.field;
            return badRequest(e);
        }
        event.message = std::move(message).value();
        event.conversation = std::move(parent).value();
        if (event.message->conversationId == 0)
            event.message->conversationId = event.conversation.id;
        break;
    }
    case WebhookEventType::ConversationCreated:
    case WebhookEventType::ConversationStatusChanged:
    case WebhookEventType::ConversationUpdated: {
        if (!payload.value(QLatin1String("id")).isDouble())
            return makeError(ErrorKind::Malformed, tr("Conversation event without a conversation id."),
                QStringLiteral("id"), 400);
        Result<Conversation> conversation = json::toConversationChecked(payload);
        if (!conversation.ok())
            return badRequest(conversation.error());
        event.conversation = std::move(conversation).value();
        // changed_attributes: [{"status": {"previous_value": .., "current_value": ..}}, ...] or an object
        const QJsonValue changed = payload.value(QLatin1String("changed_attributes"));
        const QJsonArray list = changed.isArray() ? changed.toArray() : QJsonArray { changed };
        for (const QJsonValue& v : list) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                event.changedAttributes.append(it.key());
        }
        break;
    }
    case WebhookEventType::Other:
        break;
    }
    return event;
}

WebhookAction WebhookParser::decide(const WebhookEvent& event, bool draftingEnabled)
{
    using Kind = WebhookAction::Kind;
    const ConversationStatus status = event.conversation.status;
    const bool active = status == ConversationStatus::Open || status == ConversationStatus::Pending;
    switch (event.type) {
    case WebhookEventType::MessageCreated: {
        const Message& m = *event.message;
        const DraftDecision d = needsDraft(m, status, draftingEnabled);
        if (d.needed)
            return { Kind::Draft, d.reason };
        if (m.isPublicOutgoing()
            && (m.sender.type == SenderType::User || m.sender.type == SenderType::AgentBot
                || m.sender.type == SenderType::CaptainAssistant))
            return { Kind::AgentReplied, QStringLiteral("a public reply was sent in the conversation") };
        return { Kind::Ignore, d.reason };
    }
    case WebhookEventType::ConversationStatusChanged:
    case WebhookEventType::ConversationUpdated:
        if (!active && status != ConversationStatus::Unknown)
            return { Kind::CloseDrafts,
                QStringLiteral("conversation is %1").arg(conversationStatusName(status)) };
        return { Kind::Ignore,
            QStringLiteral("conversation %1 is %2").arg(event.eventName, conversationStatusName(status)) };
    case WebhookEventType::MessageUpdated:
        return { Kind::Ignore, QStringLiteral("message_updated needs no draft") };
    case WebhookEventType::ConversationCreated:
        return { Kind::Ignore,
            QStringLiteral("conversation_created: its first message arrives as message_created") };
    case WebhookEventType::Other:
        break;
    }
    return { Kind::Ignore, QStringLiteral("event %1 is not handled").arg(event.eventName) };
}

} // namespace cx::chatwoot
