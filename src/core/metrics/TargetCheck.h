#pragma once

#include "foundation/Settings.h"
#include "metrics/QualityReport.h"

#include <QList>

#include <optional>

namespace cx::metrics {

enum class TargetStatus { Met, NotMet, NotEnoughData };
enum class TargetMetric { AiDraftedPct, Tone, Accuracy, Policy, MedianApprovalMinutes, ApprovalRatePct };

// One North Star target checked against a report. `sampleSize` is the n behind `actual`: total replies for
// the AI-drafted share, reviewed drafts for the grades and the approval rate, approval times for the median.
// NotEnoughData when sampleSize < minSample or there is no value. Comparisons are exact (no tolerance):
// at least (>=) for shares and grades, at most (<=) for the median approval time.
struct TargetCheck {
    TargetMetric metric = TargetMetric::Tone;
    std::optional<double> actual;
    double target = 0;
    bool atMost = false; // true: actual must be <= target; false: >=
    qint64 sampleSize = 0;
    TargetStatus status = TargetStatus::NotEnoughData;
};

TargetCheck checkTarget(TargetMetric metric, std::optional<double> actual, qint64 sampleSize, double target,
    bool atMost, qint64 minSample);
// The six targets, one per axis, in the order of TargetMetric.
QList<TargetCheck> checkTargets(
    const QualityReport& report, const NorthStarTargets& targets, qint64 minSample = 1);

// SLA badge: Green when compliance >= slaGreenPct, Yellow when >= slaYellowPct, Red below, NoData without
// measured messages. Exact comparisons: 94.99 is yellow, 95 green, 84.99 red, 85 yellow with the defaults.
enum class SlaBadge { Green, Yellow, Red, NoData };
SlaBadge slaBadge(std::optional<double> compliancePct, const NorthStarTargets& targets);

QString targetMetricLabel(TargetMetric metric); // translated, e.g. "Average accuracy"
QString targetStatusLabel(TargetStatus status); // "met", "not met", "not enough data"
QString slaBadgeLabel(SlaBadge badge); // "green", "yellow", "red", "no data"

} // namespace cx::metrics
