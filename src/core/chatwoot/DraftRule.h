#pragma once

#include "chatwoot/ChatwootTypes.h"

#include <QString>

namespace cx::chatwoot {

// Whether a message needs a drafted reply, and why (not). One rule for webhooks, polling and realtime.
struct DraftDecision {
    bool needed = false;
    QString reason; // always set: why it is needed, or why it is ignored
};

// A draft is needed exactly when: drafting is enabled, the message is incoming, not private, from a contact,
// and the conversation is open or pending.
DraftDecision needsDraft(const Message& message, ConversationStatus status, bool draftingEnabled);

} // namespace cx::chatwoot
