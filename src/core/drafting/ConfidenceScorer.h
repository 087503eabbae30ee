#pragma once

#include "drafting/DraftingTypes.h"

#include <optional>

namespace cx::drafting {

// Confidence 0..1 of a draft (documented formula, stored with the draft):
//
//   confidence = 0.35 * coverage + 0.20 * agreement + 0.15 * retrieval + 0.10 * support
//              + 0.20 * validation                                    (offline draft)
//   confidence = 0.30 * coverage + 0.15 * agreement + 0.10 * retrieval + 0.10 * support
//              + 0.15 * model + 0.20 * validation                     (model draft)
//
//   coverage   = how much of the question the reply's knowledge covers: the share of the question's content
//                terms (weighted, DraftText::questionTerms) found in the evidence sentences (offline) or in
//                the cited passages (model)
//   agreement  = do the top passages agree: of the top three passages' retrieval score, the share held by
//                passages of the best passage's document, averaged with the score margin between the best
//                passage and the best passage of any other document (1 with a single passage)
//   retrieval  = the knowledge base's own confidence signal for the query, clamped to 0..1
//   support    = share of evidence claims backed by a retrieved passage; without evidence entries 1 if a
//                retrieved passage is cited, else 0
//   model      = the model's own estimate clamped to 0..1; 0.5 when it gave none
//   validation = max(0, 1 - 0.15 * warnings - 0.5 * blockers) from the tone report
//
// then capped: truncated or refused → at most 0.2; no passages → at most 0.3; offline → at most 0.85 (an
// extractive draft copies the knowledge base but cannot reason about the case).
class ConfidenceScorer final {
public:
    struct Input {
        double retrievalConfidence = 0;
        QList<Passage> passages; // as retrieved, best first
        double coverage = 0;
        QList<EvidenceLink> evidence;
        int citedSources = 0;
        std::optional<double> modelEstimate;
        ToneReport tone;
        bool truncatedOrRefused = false;
        bool offline = false;
    };
    static double score(const Input& input);
    static double agreement(const QList<Passage>& passages);
};

} // namespace cx::drafting
