#include "metrics/ShownFigures.h"

#include "metrics/TargetCheck.h"

#include "foundation/Translate.h"

#include <QLocale>

#include <cmath>

namespace cx::metrics {

namespace {
// The notes are written without plural forms ("reviewed drafts: 6"): the CLI and the CSV print them without a
// catalogue, and they must read the same as the dashboard's.
QString tr(const char* text)
{
    return translateIn({ "cx::metrics", "Metrics" }, text);
}

QString sourceNote(const VolumeStats& v)
{
    return tr("source: %1").arg(volumeSourceLabel(v.source));
}

QString durationNote(const DurationStats& d)
{
    return tr("p90 %1 · mean %2").arg(shownDuration(d.p90Seconds), shownDuration(d.meanSeconds));
}
} // namespace

QString localNumber(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString localNumber(qint64 value)
{
    return QLocale().toString(value);
}

QString shownNumber(std::optional<double> value, int decimals, const QString& suffix)
{
    if (!value || !std::isfinite(*value))
        return QStringLiteral("—");
    return localNumber(*value, decimals) + suffix;
}

QString shownDuration(std::optional<double> seconds)
{
    if (!seconds || !std::isfinite(*seconds))
        return QStringLiteral("—");
    const double s = *seconds;
    if (s < 60)
        return tr("%1 s").arg(localNumber(s, 0));
    if (s < 3600)
        return tr("%1 min").arg(localNumber(s / 60, 1));
    return tr("%1 h").arg(localNumber(s / 3600, 1));
}

QString volumeSourceLabel(VolumeSource source)
{
    return source == VolumeSource::Chatwoot ? QStringLiteral("Chatwoot") : QStringLiteral("CX Pilot");
}

ShownFigure shownFigure(Figure figure, const QualityReport& r, const NorthStarTargets& targets)
{
    const Tally& t = r.totals;
    const VolumeStats& v = r.volume;
    const QString pct = QStringLiteral(" %");
    const QString reviewedNote = tr("reviewed drafts: %1").arg(t.reviewed);
    ShownFigure f;
    f.figure = figure;
    switch (figure) {
    case Figure::Replies:
        f.key = QStringLiteral("replies");
        f.label = tr("Customer replies");
        f.value = localNumber(qint64(v.total));
        f.note = tr("%1 AI-drafted · %2 manual · %3 unanswered · %4")
                     .arg(v.aiDrafted)
                     .arg(v.manual)
                     .arg(v.unanswered)
                     .arg(sourceNote(v));
        break;
    case Figure::AiDrafted:
        f.key = QStringLiteral("ai_drafted");
        f.label = tr("Drafted by AI");
        f.value = shownNumber(v.aiDraftedPct, 1, pct);
        f.note = tr("%1 of %2 replies · %3").arg(v.aiDrafted).arg(v.total).arg(sourceNote(v));
        break;
    case Figure::Overall:
        f.key = QStringLiteral("overall");
        f.label = tr("Overall grade");
        f.value = shownNumber(t.averageOverall(), 2);
        f.note = tr("T %1 · A %2 · P %3")
                     .arg(shownNumber(t.averageTone(), 2), shownNumber(t.averageAccuracy(), 2),
                         shownNumber(t.averagePolicy(), 2));
        break;
    case Figure::Tone:
        f.key = QStringLiteral("tone");
        f.label = tr("Average tone");
        f.value = shownNumber(t.averageTone(), 2);
        f.note = reviewedNote;
        break;
    case Figure::Accuracy:
        f.key = QStringLiteral("accuracy");
        f.label = tr("Average accuracy");
        f.value = shownNumber(t.averageAccuracy(), 2);
        f.note = reviewedNote;
        break;
    case Figure::Policy:
        f.key = QStringLiteral("policy");
        f.label = tr("Average policy");
        f.value = shownNumber(t.averagePolicy(), 2);
        f.note = reviewedNote;
        break;
    case Figure::Sla:
        f.key = QStringLiteral("sla");
        f.label = tr("SLA compliance");
        f.value = shownNumber(t.slaCompliancePct(), 1, pct);
        f.note = tr("%1 · %2 of %3 within %4 min")
                     .arg(slaBadgeLabel(slaBadge(t.slaCompliancePct(), targets)))
                     .arg(t.firstResponseWithinSla)
                     .arg(t.slaMeasured())
                     .arg(r.query.slaMinutes);
        break;
    case Figure::FirstResponse:
        f.key = QStringLiteral("first_response");
        f.label = tr("First response (median)");
        f.value = shownDuration(r.firstResponse.medianSeconds);
        f.note = durationNote(r.firstResponse);
        break;
    case Figure::ApprovalTime:
        f.key = QStringLiteral("approval_time");
        f.label = tr("Approval time (median)");
        f.value = shownDuration(r.approvalTime.medianSeconds);
        f.note = durationNote(r.approvalTime);
        break;
    case Figure::ApprovalRate:
        f.key = QStringLiteral("approval_rate");
        f.label = tr("Approved w/o major edits");
        f.value = shownNumber(t.approvalRatePct(), 1, pct);
        f.note = tr("reviewed drafts: %1 of %2").arg(t.approvedWithoutMajorEdits).arg(t.reviewed);
        break;
    case Figure::EditRatio:
        f.key = QStringLiteral("edit_ratio");
        f.label = tr("Average edit ratio");
        f.value = shownNumber(t.averageEditRatio(), 2);
        f.note = tr("mean edit distance: %1 characters").arg(shownNumber(t.averageEditDistance(), 0));
        break;
    }
    return f;
}

QList<ShownFigure> shownFigures(const QualityReport& report, const NorthStarTargets& targets)
{
    QList<ShownFigure> all;
    for (int i = 0; i <= int(Figure::EditRatio); ++i)
        all.append(shownFigure(Figure(i), report, targets));
    return all;
}

} // namespace cx::metrics
