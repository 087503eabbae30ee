#include "metrics/QualityReport.h"

#include <QCoreApplication>
#include <QLocale>

namespace cx::metrics {

namespace {
std::optional<double> ratio(double numerator, qint64 denominator, double scale = 1.0)
{
    if (denominator <= 0)
        return std::nullopt;
    return scale * numerator / double(denominator);
}

template <std::size_t N> void addArray(std::array<qint64, N>& into, const std::array<qint64, N>& from)
{
    for (std::size_t i = 0; i < N; ++i)
        into[i] += from[i];
}
} // namespace

QString editRatioBucketLabel(int bucket)
{
    if (bucket == 0)
        return QCoreApplication::translate("Metrics", "0 (unedited)");
    if (bucket < 1 || bucket >= kEditRatioBuckets)
        return {};
    return QStringLiteral("%1–%2").arg(QLocale().toString(double(bucket - 1) / 10.0, 'f', 1),
        QLocale().toString(double(bucket) / 10.0, 'f', 1));
}

QString approvalBucketLabel(int bucket)
{
    // Matches kApprovalBucketUpperSeconds {60, 300, 900, 1800, 3600, 14400}.
    static const char* const labels[kApprovalBuckets] = { QT_TRANSLATE_NOOP("Metrics", "≤ 1 min"),
        QT_TRANSLATE_NOOP("Metrics", "1–5 min"), QT_TRANSLATE_NOOP("Metrics", "5–15 min"),
        QT_TRANSLATE_NOOP("Metrics", "15–30 min"), QT_TRANSLATE_NOOP("Metrics", "30–60 min"),
        QT_TRANSLATE_NOOP("Metrics", "1–4 h"), QT_TRANSLATE_NOOP("Metrics", "> 4 h") };
    if (bucket < 0 || bucket >= kApprovalBuckets)
        return {};
    return QCoreApplication::translate("Metrics", labels[bucket]);
}

void Tally::add(const Tally& o)
{
    reviewed += o.reviewed;
    approved += o.approved;
    approvedWithoutMajorEdits += o.approvedWithoutMajorEdits;
    toneSum += o.toneSum;
    accuracySum += o.accuracySum;
    policySum += o.policySum;
    addArray(toneCounts, o.toneCounts);
    addArray(accuracyCounts, o.accuracyCounts);
    addArray(policyCounts, o.policyCounts);
    editDistanceCount += o.editDistanceCount;
    editDistanceSum += o.editDistanceSum;
    editRatioCount += o.editRatioCount;
    editRatioSum += o.editRatioSum;
    firstResponseCount += o.firstResponseCount;
    firstResponseSumMs += o.firstResponseSumMs;
    firstResponseWithinSla += o.firstResponseWithinSla;
    approvalTimeCount += o.approvalTimeCount;
    approvalTimeSumMs += o.approvalTimeSumMs;
    openSlaBreaches += o.openSlaBreaches;
    addArray(editRatioHistogram, o.editRatioHistogram);
    addArray(approvalHistogram, o.approvalHistogram);
}

std::optional<double> Tally::averageTone() const
{
    return ratio(double(toneSum), reviewed);
}
std::optional<double> Tally::averageAccuracy() const
{
    return ratio(double(accuracySum), reviewed);
}
std::optional<double> Tally::averagePolicy() const
{
    return ratio(double(policySum), reviewed);
}
std::optional<double> Tally::averageOverall() const
{
    return ratio(double(toneSum + accuracySum + policySum), 3 * reviewed);
}
std::optional<double> Tally::averageEditDistance() const
{
    return ratio(double(editDistanceSum), editDistanceCount);
}
std::optional<double> Tally::averageEditRatio() const
{
    return ratio(editRatioSum, editRatioCount);
}
std::optional<double> Tally::approvalRatePct() const
{
    return ratio(double(approvedWithoutMajorEdits), reviewed, 100.0);
}
std::optional<double> Tally::slaCompliancePct() const
{
    return ratio(double(firstResponseWithinSla), slaMeasured(), 100.0);
}
std::optional<double> Tally::meanFirstResponseSeconds() const
{
    return ratio(double(firstResponseSumMs), 1000 * firstResponseCount);
}
std::optional<double> Tally::meanApprovalSeconds() const
{
    return ratio(double(approvalTimeSumMs), 1000 * approvalTimeCount);
}

} // namespace cx::metrics
