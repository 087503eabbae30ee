#pragma once

#include "learning/Experiment.h"
#include "learning/Proportions.h"
#include "learning/SequentialTest.h"

#include <optional>

namespace cx::learning {

// The outcome of one graded draft of an experiment (its learning signal).
struct ExperimentOutcome {
    int variant = 0; // index into Experiment::variants
    bool sent = false;
    bool approvedWithoutMajorEdits = false;
    std::optional<double> editRatio; // sent drafts only
    int tone = 0, accuracy = 0, policy = 0; // 1..5
    std::optional<double> approvalSeconds; // draft ready -> approved, sent drafts only
};

enum class ExperimentMetric {
    ApprovedWithoutMajorEdits, // the primary metric (the North Star's approval rate)
    EditRatio,
    Tone,
    Accuracy,
    Policy,
    ApprovalTime,
    RejectionRate,
};
inline constexpr int kExperimentMetricCount = 7;
QString metricKey(ExperimentMetric metric); // stable, for JSON/CSV: "approved_without_major_edits", ...
QString metricName(ExperimentMetric metric); // translated, for people
bool higherIsBetter(ExperimentMetric metric);
bool isProportion(ExperimentMetric metric);

struct VariantSummary {
    int graded = 0;
    Moments metric[kExperimentMetricCount];
};

// One metric of one variant against the control (variant A).
struct MetricComparison {
    ExperimentMetric metric = ExperimentMetric::ApprovedWithoutMajorEdits;
    double control = 0, variant = 0; // the two means (proportions as 0..1)
    double difference = 0; // variant - control
    Interval ci95; // fixed-horizon 95 %: Newcombe (proportions) or Welch (means); informative only
    SequentialResult sequential; // the decision: mSPRT and its always-valid interval
    double alpha = 0; // the level this comparison was tested at (after the adjustment below)
    int better = 0; // +1 the variant is better, -1 worse, 0 undecided
};

struct VariantComparison {
    int variant = 1;
    QList<MetricComparison> metrics; // in ExperimentMetric order
};

enum class ExperimentVerdict { NotEnoughData, NoDetectableDifference, Difference };

struct ExperimentAnalysis {
    QList<VariantSummary> variants;
    QList<VariantComparison> comparisons; // variants B, C, ... against A
    ExperimentVerdict verdict = ExperimentVerdict::NotEnoughData;
    QString status; // "not enough data yet ..." / "no detectable difference ..." / "B better on X with ..."
};

// The decision rule (documented in README "Prompt and model experiments"): the primary metric, approval
// without major edits, is tested with the mSPRT at alpha / (variants - 1) for each variant against the
// control; the six other metrics each at alpha / (6 (variants - 1)) (Bonferroni), so each family keeps
// alpha whenever it is looked at (the status line as a whole: at most 2 alpha, tst_experiment
// statusLineFalsePositiveRate). The status line names the primary result first.
ExperimentAnalysis analyzeExperiment(const Experiment& experiment, const QList<ExperimentOutcome>& outcomes,
    const SequentialConfig& config = {});

// A difference as the status shows it: points for proportions and the edit ratio, grade points, seconds.
QString formatDifference(ExperimentMetric metric, double value);

} // namespace cx::learning
