#include "drafting/ConfidenceScorer.h"

#include <algorithm>

namespace cx::drafting {

double ConfidenceScorer::score(const Input& input)
{
    const double retrieval = input.hasPassages ? std::clamp(input.retrievalConfidence, 0.0, 1.0) : 0.0;
    double coverage = 0;
    if (!input.evidence.isEmpty()) {
        const auto supported = std::count_if(input.evidence.begin(), input.evidence.end(),
            [](const EvidenceLink& link) { return link.supported(); });
        coverage = double(supported) / double(input.evidence.size());
    } else {
        coverage = input.citedSources > 0 ? 1.0 : 0.0;
    }
    const double model = std::clamp(input.modelEstimate.value_or(0.5), 0.0, 1.0);
    const double validation = std::max(0.0, 1.0 - 0.15 * input.tone.warnings() - 0.5 * input.tone.blockers());
    double confidence = 0.35 * retrieval + 0.25 * coverage + 0.20 * model + 0.20 * validation;
    if (input.truncatedOrRefused)
        confidence = std::min(confidence, 0.2);
    if (input.offline)
        confidence = std::min(confidence, 0.3);
    if (!input.hasPassages)
        confidence = std::min(confidence, 0.4);
    return std::clamp(confidence, 0.0, 1.0);
}

} // namespace cx::drafting
