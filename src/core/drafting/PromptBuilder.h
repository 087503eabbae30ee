#pragma once

#include "drafting/DraftPolicy.h"
#include "drafting/DraftingTypes.h"
#include "llm/ChatTypes.h"

namespace cx::drafting {

// Step 3: the chat request. System message: brand voice, policy rules, the same word limits and forbidden
// phrases ToneValidator checks, the instruction to answer in the customer's language and to cite passage ids.
// User message: the passages with their ids, the public conversation, the unanswered messages.
// Private notes never get here (QueryExtractor filters them). Output: strict JSON (schema()).
class PromptBuilder final {
public:
    // `earlierSummary`: the model's summary of turns older than `history` (long threads), or empty.
    // `instruction`: the reviewer's instruction for this draft (Regenerate), or empty.
    static llm::ChatRequest build(const DraftPolicy& policy, const QList<ConversationTurn>& history,
        const QString& query, const QList<Passage>& passages, const QString& earlierSummary = {},
        const QString& instruction = {});
    static QString systemPrompt(const DraftPolicy& policy);
    // {reply, language, citations[], evidence[{claim, passage_ids[]}], confidence, summary}
    static QJsonObject schema();
    static QString schemaName() { return QStringLiteral("support_draft"); }
};

} // namespace cx::drafting
