#pragma once

#include "drafting/DraftingTypes.h"

#include <optional>

namespace cx::drafting {

// Confidence 0..1 of a draft (documented formula, stored with the draft):
//
//   confidence = 0.35 * retrieval + 0.25 * coverage + 0.20 * model + 0.20 * validation
//
//   retrieval  = the knowledge base's confidence signal for the query, clamped to 0..1 (0 without passages)
//   coverage   = share of evidence claims backed by at least one retrieved passage; without evidence
//                entries: 1 if at least one retrieved passage is cited, else 0
//   model      = the model's own estimate clamped to 0..1; 0.5 when it gave none
//   validation = max(0, 1 - 0.15 * warnings - 0.5 * blockers) from the tone report
//
// then capped: truncated or refused → at most 0.2; offline draft → at most 0.3; no passages → at most 0.4.
class ConfidenceScorer final {
public:
    struct Input {
        double retrievalConfidence = 0;
        bool hasPassages = false;
        QList<EvidenceLink> evidence;
        int citedSources = 0;
        std::optional<double> modelEstimate;
        ToneReport tone;
        bool truncatedOrRefused = false;
        bool offline = false;
    };
    static double score(const Input& input);
};

} // namespace cx::drafting
