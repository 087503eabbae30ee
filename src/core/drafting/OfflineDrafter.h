#pragma once

#include "drafting/DraftPolicy.h"
#include "drafting/DraftText.h"
#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// The offline drafter (no model configured, or the model unreachable): an extractive reply made of the
// knowledge-base sentences that answer the question, with the policy's greeting and sign-off. Always
// labelled OFFLINE in the note and by DraftResult::offline.
//
// Sentence choice: the passages (already cleaned: no Markdown, no boilerplate) are cut into sentences; each
// sentence scores the weight of the question's terms it contains (questionTerms: the newest customer
// message counts most, a reviewer's instruction more), terms rarer among the candidate sentences counting
// more; ties go to the better-ranked passage. The best sentence is taken, then sentences that add question
// terms not yet covered, up to `maxSentences` and `maxWords`. A sentence sharing no question term is never
// taken: with none, the reply only says a colleague will follow up. The chosen sentences are the draft's
// evidence.
class OfflineDrafter final {
public:
    struct Draft {
        QString reply;
        QList<Passage> used;
        QList<EvidenceLink> evidence; // each sentence used, with its passage
        double coverage = 0; // termCoverage of the question by the sentences used
    };
    static Draft draft(const DraftPolicy& policy, const QList<Passage>& passages, const TermWeights& question,
        int maxSentences = 3, int maxWords = 80);
    // "Shorter" without a model: drops the courtesy sentences the offline drafter adds and the body sentences
    // that answer the least of the question, keeping greeting, sign-off and at least one body sentence.
    // Returns an empty string when the text cannot get shorter that way.
    static QString shorten(const QString& reply, const DraftPolicy& policy, const TermWeights& question);
    // The fixed sentences the offline drafter writes around the knowledge-base sentences.
    static QString thanksSentence();
    static QString followUpSentence(bool answered);
};

} // namespace cx::drafting
