#pragma once

#include "drafting/DraftPolicy.h"
#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// The offline drafter (no model configured, or the model unreachable): an extractive reply built from the
// best passages' leading sentences, with the policy's greeting and sign-off. Always labelled OFFLINE in the
// note and by DraftResult::offline; its confidence is capped low by ConfidenceScorer.
class OfflineDrafter final {
public:
    struct Draft {
        QString reply;
        QList<Passage> used;
    };
    static Draft draft(const DraftPolicy& policy, const QList<Passage>& passages, int maxPassages = 2,
        int maxWordsPerPassage = 45);
};

} // namespace cx::drafting
