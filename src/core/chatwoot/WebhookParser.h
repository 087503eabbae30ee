#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "chatwoot/DraftRule.h"
#include "foundation/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace cx::chatwoot {

enum class WebhookEventType {
    MessageCreated,
    MessageUpdated,
    ConversationCreated,
    ConversationStatusChanged,
    ConversationUpdated,
    Other, // any other event: acknowledged, ignored
};

struct WebhookEvent {
    WebhookEventType type = WebhookEventType::Other;
    QString eventName; // as sent, e.g. "message_created"
    qint64 accountId = 0;
    std::optional<Message> message; // message_* events
    Conversation conversation; // message.conversation, or the conversation hash itself
    QStringList changedAttributes; // conversation_updated / _status_changed
    QJsonObject raw;
};

// What to do with an event. Everything but Draft and CloseDrafts is ignored (with the reason).
struct WebhookAction {
    enum class Kind {
        Draft, // a customer wrote: draft a reply (supersedes an older pending draft)
        CloseDrafts, // the conversation is no longer open/pending: pending drafts are closed
        AgentReplied, // a person replied publicly outside CX Pilot: pending drafts are stale
        Ignore,
    };
    Kind kind = Kind::Ignore;
    QString reason;
};

class WebhookParser final {
public:
    static constexpr qsizetype kMaxBodyBytes = 1024 * 1024;

    // Size (413), content type (415: application/json, any charset), before anything else.
    static Status checkEnvelope(
        const QByteArray& body, const QByteArray& contentType, qsizetype maxBodyBytes = kMaxBodyBytes);
    // The envelope check, then the JSON (400 when malformed or not an event object).
    static Result<WebhookEvent> parse(const QByteArray& body, const QByteArray& contentType);
    static Result<WebhookEvent> parse(const QJsonObject& payload);

    static WebhookAction decide(const WebhookEvent& event, bool draftingEnabled);
};

} // namespace cx::chatwoot
