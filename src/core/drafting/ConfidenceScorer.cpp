#include "drafting/ConfidenceScorer.h"

#include <algorithm>

namespace cx::drafting {

double ConfidenceScorer::agreement(const QList<Passage>& passages)
{
    if (passages.isEmpty())
        return 0.0;
    QList<Passage> ranked = passages;
    std::stable_sort(
        ranked.begin(), ranked.end(), [](const Passage& a, const Passage& b) { return a.score > b.score; });
    if (ranked.size() == 1)
        return 1.0;
    const Passage& top = ranked.first();
    auto documentOf = [](const Passage& p) { return p.docId.isEmpty() ? p.chunkId : p.docId; };
    double all = 0;
    double same = 0;
    for (const Passage& p : ranked.mid(0, 3)) {
        const double score = std::max(0.0, p.score);
        all += score;
        if (documentOf(p) == documentOf(top))
            same += score;
    }
    const double share = all > 0 ? same / all : 0.0;
    double margin = 1.0;
    for (const Passage& p : ranked) {
        if (documentOf(p) != documentOf(top)) {
            margin = top.score > 0 ? std::clamp((top.score - p.score) / top.score, 0.0, 1.0) : 0.0;
            break;
        }
    }
    return 0.5 * share + 0.5 * margin;
}

double ConfidenceScorer::score(const Input& input)
{
    const bool hasPassages = !input.passages.isEmpty();
    const double retrieval = hasPassages ? std::clamp(input.retrievalConfidence, 0.0, 1.0) : 0.0;
    const double coverage = std::clamp(input.coverage, 0.0, 1.0);
    const double agree = agreement(input.passages);
    double support = 0;
    if (!input.evidence.isEmpty()) {
        const auto supported = std::count_if(input.evidence.begin(), input.evidence.end(),
            [](const EvidenceLink& link) { return link.supported(); });
        support = double(supported) / double(input.evidence.size());
    } else {
        support = input.citedSources > 0 ? 1.0 : 0.0;
    }
    const double validation = std::max(0.0, 1.0 - 0.15 * input.tone.warnings() - 0.5 * input.tone.blockers());
    double confidence = 0;
    if (input.offline) {
        confidence = 0.35 * coverage + 0.20 * agree + 0.15 * retrieval + 0.10 * support + 0.20 * validation;
    } else {
        const double model = std::clamp(input.modelEstimate.value_or(0.5), 0.0, 1.0);
        confidence = 0.30 * coverage + 0.15 * agree + 0.10 * retrieval + 0.10 * support + 0.15 * model
            + 0.20 * validation;
    }
    if (input.truncatedOrRefused)
        confidence = std::min(confidence, 0.2);
    if (!hasPassages)
        confidence = std::min(confidence, 0.3);
    if (input.offline)
        confidence = std::min(confidence, 0.85);
    return std::clamp(confidence, 0.0, 1.0);
}

} // namespace cx::drafting
