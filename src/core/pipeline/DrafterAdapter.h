#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "drafting/Drafter.h"
#include "drafting/DraftingTypes.h"
#include "pipeline/DraftPipeline.h"
#include "review/DraftRecord.h"

namespace cx::knowledge {
class KnowledgeBase;
}

namespace cx::pipeline {

// The seams between modules that do not know each other: Chatwoot messages -> drafter turns,
// knowledge-base hits -> drafter passages, drafter result -> stored draft content.

// The conversation up to and including `uptoMessageId` (0 = all), oldest first. Activity messages are
// dropped; private notes stay as Note turns marked private (the drafter keeps them out of prompts).
QList<drafting::ConversationTurn> toTurns(const QList<chatwoot::Message>& messages, qint64 uptoMessageId = 0);

review::DraftContent toDraftContent(const drafting::DraftResult& result);

// Retrieval for the drafter over the knowledge base, conversation-aware (public turns only).
drafting::Drafter::Retriever knowledgeRetriever(knowledge::KnowledgeBase* kb, int k = 6);

// The pipeline's generator, backed by a drafter (a model, or the offline drafter).
// Follows the request: its instruction goes to the drafter, a regenerate skips the draft cache, and the
// draft's experiment variant picks the prompt version's policy and the model.
DraftPipeline::GuidedGenerator drafterGenerator(drafting::Drafter* drafter);

} // namespace cx::pipeline
