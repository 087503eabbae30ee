#pragma once

#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// Step 5: the Chatwoot private note, plain text (no Markdown): the draft, the conversation's one-line
// summary, confidence, risk in plain words, sources and tone findings.
// The first line is an HTML comment marker, invisible in Chatwoot's rendering:
//     <!-- cxpilot:draft v1 id=<draftId> -->
// so CX Pilot recognises its own notes (and keeps them out of prompts and out of "agent replied" logic).
class DraftNote final {
public:
    static QString format(const DraftResult& result);
    static bool isOwnDraftNote(const QString& content);
    static QString draftIdOf(const QString& content); // empty when not our note
};

} // namespace cx::drafting
