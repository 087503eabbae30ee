#pragma once

#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// Step 1: what needs an answer. The customer's messages after the last agent reply (public agent messages
// only), in order. Private notes, and anything carrying the cxpilot draft marker, never count and never
// enter a prompt.
class QueryExtractor final {
public:
    static QList<ConversationTurn> unansweredCustomerTurns(const QList<ConversationTurn>& turns);
    static QString query(const QList<ConversationTurn>& turns); // unanswered messages joined by blank lines
    // The conversation as the model may see it: public customer and agent messages, oldest first, at most
    // `maxTurns` of the most recent ones.
    static QList<ConversationTurn> publicHistory(const QList<ConversationTurn>& turns, int maxTurns = 20);
    static bool isPromptSafe(const ConversationTurn& turn);
};

} // namespace cx::drafting
