#include "metrics/TargetCheck.h"

#include <QCoreApplication>

namespace cx::metrics {

TargetCheck checkTarget(TargetMetric metric, std::optional<double> actual, qint64 sampleSize, double target,
    bool atMost, qint64 minSample)
{
    TargetCheck c;
    c.metric = metric;
    c.actual = actual;
    c.target = target;
    c.atMost = atMost;
    c.sampleSize = sampleSize;
    if (!actual || sampleSize < std::max<qint64>(1, minSample))
        c.status = TargetStatus::NotEnoughData;
    else
        c.status
            = (atMost ? *actual <= target : *actual >= target) ? TargetStatus::Met : TargetStatus::NotMet;
    return c;
}

QList<TargetCheck> checkTargets(const QualityReport& r, const NorthStarTargets& t, qint64 minSample)
{
    const Tally& s = r.totals;
    std::optional<double> medianMinutes;
    if (r.approvalTime.medianSeconds)
        medianMinutes = *r.approvalTime.medianSeconds / 60.0;
    return {
        checkTarget(TargetMetric::AiDraftedPct, r.volume.aiDraftedPct, r.volume.total, t.aiDraftedPct, false,
            minSample),
        checkTarget(TargetMetric::Tone, s.averageTone(), s.reviewed, t.tone, false, minSample),
        checkTarget(TargetMetric::Accuracy, s.averageAccuracy(), s.reviewed, t.accuracy, false, minSample),
        checkTarget(TargetMetric::Policy, s.averagePolicy(), s.reviewed, t.policy, false, minSample),
        checkTarget(TargetMetric::MedianApprovalMinutes, medianMinutes, r.approvalTime.count,
            t.medianApprovalMinutes, true, minSample),
        checkTarget(TargetMetric::ApprovalRatePct, s.approvalRatePct(), s.reviewed, t.approvalRatePct, false,
            minSample),
    };
}

SlaBadge slaBadge(std::optional<double> pct, const NorthStarTargets& t)
{
    if (!pct)
        return SlaBadge::NoData;
    if (*pct >= t.slaGreenPct)
        return SlaBadge::Green;
    if (*pct >= t.slaYellowPct)
        return SlaBadge::Yellow;
    return SlaBadge::Red;
}

QString targetMetricLabel(TargetMetric metric)
{
    switch (metric) {
    case TargetMetric::AiDraftedPct:
        return QCoreApplication::translate("Metrics", "Replies drafted by AI");
    case TargetMetric::Tone:
        return QCoreApplication::translate("Metrics", "Average tone");
    case TargetMetric::Accuracy:
        return QCoreApplication::translate("Metrics", "Average accuracy");
    case TargetMetric::Policy:
        return QCoreApplication::translate("Metrics", "Average policy");
    case TargetMetric::MedianApprovalMinutes:
        return QCoreApplication::translate("Metrics", "Median approval time (min)");
    case TargetMetric::ApprovalRatePct:
        return QCoreApplication::translate("Metrics", "Approved without major edits");
    }
    return {};
}

QString targetStatusLabel(TargetStatus status)
{
    switch (status) {
    case TargetStatus::Met:
        return QCoreApplication::translate("Metrics", "met");
    case TargetStatus::NotMet:
        return QCoreApplication::translate("Metrics", "not met");
    case TargetStatus::NotEnoughData:
        return QCoreApplication::translate("Metrics", "not enough data");
    }
    return {};
}

QString slaBadgeLabel(SlaBadge badge)
{
    switch (badge) {
    case SlaBadge::Green:
        return QCoreApplication::translate("Metrics", "green");
    case SlaBadge::Yellow:
        return QCoreApplication::translate("Metrics", "yellow");
    case SlaBadge::Red:
        return QCoreApplication::translate("Metrics", "red");
    case SlaBadge::NoData:
        return QCoreApplication::translate("Metrics", "no data");
    }
    return {};
}

} // namespace cx::metrics
