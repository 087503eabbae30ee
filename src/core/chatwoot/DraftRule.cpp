#include "DraftRule.h"

namespace cx::chatwoot {

DraftDecision needsDraft(const Message& message, ConversationStatus status, bool draftingEnabled)
{
    if (!draftingEnabled)
        return { false, QStringLiteral("drafting is disabled (AI_CUSTOMER_DRAFT_ENABLED)") };
    if (message.messageType != MessageType::Incoming)
        return { false,
            QStringLiteral("message is %1, not incoming").arg(messageTypeName(message.messageType)) };
    if (message.isPrivate)
        return { false, QStringLiteral("message is a private note") };
    if (message.sender.type != SenderType::Contact)
        return { false,
            QStringLiteral("sender is %1, not a contact")
                .arg(message.sender.type == SenderType::None ? QStringLiteral("missing")
                                                             : senderTypeName(message.sender.type)) };
    if (status != ConversationStatus::Open && status != ConversationStatus::Pending)
        return { false, QStringLiteral("conversation is %1").arg(conversationStatusName(status)) };
    return {
        true,
        QStringLiteral("incoming customer message in an %1 conversation").arg(conversationStatusName(status))
    };
}

} // namespace cx::chatwoot
