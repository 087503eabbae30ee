#include "learning/ExperimentAnalysis.h"

#include <QCoreApplication>

#include <cmath>

namespace cx::learning {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Experiment", text);
}

constexpr ExperimentMetric kMetrics[kExperimentMetricCount] = { ExperimentMetric::ApprovedWithoutMajorEdits,
    ExperimentMetric::EditRatio, ExperimentMetric::Tone, ExperimentMetric::Accuracy, ExperimentMetric::Policy,
    ExperimentMetric::ApprovalTime, ExperimentMetric::RejectionRate };

void addOutcome(VariantSummary& s, const ExperimentOutcome& o)
{
    ++s.graded;
    auto at = [&](ExperimentMetric m) -> Moments& { return s.metric[int(m)]; };
    at(ExperimentMetric::ApprovedWithoutMajorEdits).add(o.approvedWithoutMajorEdits ? 1 : 0);
    if (o.sent && o.editRatio)
        at(ExperimentMetric::EditRatio).add(*o.editRatio);
    at(ExperimentMetric::Tone).add(o.tone);
    at(ExperimentMetric::Accuracy).add(o.accuracy);
    at(ExperimentMetric::Policy).add(o.policy);
    if (o.sent && o.approvalSeconds)
        at(ExperimentMetric::ApprovalTime).add(*o.approvalSeconds);
    at(ExperimentMetric::RejectionRate).add(o.sent ? 0 : 1);
}

int successes(const Moments& m)
{
    return int(std::lround(m.mean * double(m.n)));
}

QString bracket(ExperimentMetric metric, const Interval& i)
{
    return QStringLiteral("[%1, %2]")
        .arg(formatDifference(metric, i.lower), formatDifference(metric, i.upper));
}
} // namespace

QString metricKey(ExperimentMetric metric)
{
    switch (metric) {
    case ExperimentMetric::ApprovedWithoutMajorEdits:
        return QStringLiteral("approved_without_major_edits");
    case ExperimentMetric::EditRatio:
        return QStringLiteral("edit_ratio");
    case ExperimentMetric::Tone:
        return QStringLiteral("tone");
    case ExperimentMetric::Accuracy:
        return QStringLiteral("accuracy");
    case ExperimentMetric::Policy:
        return QStringLiteral("policy");
    case ExperimentMetric::ApprovalTime:
        return QStringLiteral("approval_time");
    case ExperimentMetric::RejectionRate:
        return QStringLiteral("rejection_rate");
    }
    return {};
}

QString metricName(ExperimentMetric metric)
{
    switch (metric) {
    case ExperimentMetric::ApprovedWithoutMajorEdits:
        return tr("approval without major edits");
    case ExperimentMetric::EditRatio:
        return tr("mean edit ratio");
    case ExperimentMetric::Tone:
        return tr("tone grade");
    case ExperimentMetric::Accuracy:
        return tr("accuracy grade");
    case ExperimentMetric::Policy:
        return tr("policy grade");
    case ExperimentMetric::ApprovalTime:
        return tr("approval time");
    case ExperimentMetric::RejectionRate:
        return tr("rejection rate");
    }
    return {};
}

bool higherIsBetter(ExperimentMetric metric)
{
    return metric == ExperimentMetric::ApprovedWithoutMajorEdits || metric == ExperimentMetric::Tone
        || metric == ExperimentMetric::Accuracy || metric == ExperimentMetric::Policy;
}

bool isProportion(ExperimentMetric metric)
{
    return metric == ExperimentMetric::ApprovedWithoutMajorEdits || metric == ExperimentMetric::RejectionRate;
}

QString formatDifference(ExperimentMetric metric, double value)
{
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+∞") : QStringLiteral("−∞");
    const QString sign = value >= 0 ? QStringLiteral("+") : QString();
    switch (metric) {
    case ExperimentMetric::ApprovedWithoutMajorEdits:
    case ExperimentMetric::RejectionRate:
    case ExperimentMetric::EditRatio:
        return tr("%1%2 pt").arg(sign, QString::number(value * 100, 'f', 1));
    case ExperimentMetric::ApprovalTime:
        return tr("%1%2 s").arg(sign, QString::number(value, 'f', 0));
    default:
        return sign + QString::number(value, 'f', 2);
    }
}

ExperimentAnalysis analyzeExperiment(
    const Experiment& experiment, const QList<ExperimentOutcome>& outcomes, const SequentialConfig& config)
{
    ExperimentAnalysis a;
    a.variants.resize(experiment.variants.size());
    for (const ExperimentOutcome& o : outcomes)
        if (o.variant >= 0 && o.variant < a.variants.size())
            addOutcome(a.variants[o.variant], o);
    const int others = qMax(1, int(experiment.variants.size()) - 1);
    QStringList counts;
    bool enough = experiment.variants.size() >= 2;
    for (qsizetype i = 0; i < a.variants.size(); ++i) {
        counts.append(
            QStringLiteral("%1 %2").arg(experiment.variants.at(i).label).arg(a.variants.at(i).graded));
        if (a.variants.at(i).graded < config.minPerGroup)
            enough = false;
    }
    QStringList primaryText, secondaryText;
    bool anyDifference = false;
    for (qsizetype v = 1; v < a.variants.size(); ++v) {
        VariantComparison comparison;
        comparison.variant = int(v);
        const QString label = experiment.variants.at(v).label;
        for (const ExperimentMetric metric : kMetrics) {
            const Moments& c = a.variants.at(0).metric[int(metric)];
            const Moments& t = a.variants.at(v).metric[int(metric)];
            MetricComparison m;
            m.metric = metric;
            m.control = c.mean;
            m.variant = t.mean;
            m.difference = t.mean - c.mean;
            m.ci95 = isProportion(metric) ? newcombeDifference(successes(c), int(c.n), successes(t), int(t.n))
                                          : welchDifference(c, t);
            SequentialConfig level = config;
            const bool primary = metric == ExperimentMetric::ApprovedWithoutMajorEdits;
            level.alpha = primary ? config.alpha / others : config.alpha / (6.0 * others);
            m.alpha = level.alpha;
            m.sequential = SequentialTest::evaluate(c, t, SequentialTest::pooledSd(c, t), level);
            if (m.sequential.significant)
                m.better = (m.difference > 0) == higherIsBetter(metric) ? 1 : -1;
            if (m.better != 0) {
                anyDifference = true;
                const QString line
                    = (m.better > 0 ? tr("%1 better on %2 with interval %3")
                                    : tr("%1 worse on %2 with interval %3"))
                          .arg(label, metricName(metric), bracket(metric, m.sequential.alwaysValid));
                (primary ? primaryText : secondaryText).append(line);
            } else if (primary && enough) {
                primaryText.append(
                    tr("no detectable difference between %1 and A in %2 (interval %3)")
                        .arg(label, metricName(metric), bracket(metric, m.sequential.alwaysValid)));
            }
            comparison.metrics.append(m);
        }
        a.comparisons.append(comparison);
    }
    if (!enough) {
        a.verdict = ExperimentVerdict::NotEnoughData;
        a.status
            = tr("not enough data yet: graded drafts %1 (at least %2 per variant before anything is decided)")
                  .arg(counts.join(QStringLiteral(", ")))
                  .arg(config.minPerGroup);
        return a;
    }
    a.verdict = anyDifference ? ExperimentVerdict::Difference : ExperimentVerdict::NoDetectableDifference;
    a.status = (primaryText + secondaryText).join(QStringLiteral("; "));
    return a;
}

} // namespace cx::learning
