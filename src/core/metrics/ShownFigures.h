#pragma once

#include "foundation/Settings.h"
#include "metrics/QualityReport.h"

#include <QList>
#include <QString>

#include <optional>

namespace cx::metrics {

// The one code path from a QualityReport to the text a person reads. The dashboard tiles, the PDF report's
// tiles, the summary CSV and `cxpilot report` all print these strings, so they cannot disagree.
// Definitions: src/core/metrics/METRICS.md ("Shown figures").
enum class Figure {
    Replies, // customer replies (volume, with its source)
    AiDrafted, // share of replies drafted by AI (volume, with its source)
    Overall, // mean grade over the three axes
    Tone,
    Accuracy,
    Policy,
    Sla, // SLA compliance
    FirstResponse, // median first-response time
    ApprovalTime, // median approval time
    ApprovalRate, // approved without major edits
    EditRatio, // average edit ratio
};

struct ShownFigure {
    Figure figure = Figure::Replies;
    QString key; // stable, untranslated: "replies", "ai_drafted", ... (CSV column, test lookups)
    QString label; // translated caption, e.g. "First response (median)"
    QString value; // e.g. "13.8 min", "—" without data
    QString note; // the line under the value, e.g. "p90 20.0 min · mean 13.0 min"
};

// A number as a person reads it, in the default QLocale: the app sets that to its UI language
// (Translations::install), so a German window shows "4,50" and "1.234"; the CLI sets the C locale, so its
// output stays the same on every machine. Machine-readable files (the data CSVs, JSON) never use this.
QString localNumber(double value, int decimals);
QString localNumber(qint64 value);
// "—" without a value (or a non-finite one), else the number with `decimals` and `suffix`.
QString shownNumber(std::optional<double> value, int decimals, const QString& suffix = {});
// Seconds as "42 s", "13.8 min" or "1.5 h"; "—" without a value.
QString shownDuration(std::optional<double> seconds);
// "Chatwoot" or "CX Pilot": where the volume figures come from.
QString volumeSourceLabel(VolumeSource source);

ShownFigure shownFigure(Figure figure, const QualityReport& report, const NorthStarTargets& targets);
// Every figure, in the order of Figure.
QList<ShownFigure> shownFigures(const QualityReport& report, const NorthStarTargets& targets);

} // namespace cx::metrics
