#pragma once

#include <QColor>
#include <QList>
#include <QRectF>
#include <QStringList>

#include <optional>

class QPainter;

namespace cx::reports {

// Small charts painted with QPainter directly (no QtCharts, so no QApplication): a frame with a title,
// y grid and labels, optional horizontal reference lines, and either lines or bars.
struct ChartSeries {
    QString name;
    QColor color;
    QList<std::optional<double>> values; // one per x label; nullopt = gap (no data that day)
};

struct ReferenceLine {
    double value;
    QColor color;
    QString label;
};

struct ChartFrame {
    QString title;
    QStringList xLabels;
    double yMin = 0;
    double yMax = 1;
    int yTicks = 4;
    QString ySuffix; // e.g. " %"
    QList<ReferenceLine> references;
    int yDecimals = -1; // -1: 1 decimal for small ranges, else 0
};

// Where a chart's text goes: each label with the slot it must fit (never elided, never drawn past its slot)
// and its advance in the painter's device metrics. What the drawing functions return, so a test can check
// the labels of the PDF's real charts (issue 15: "≤…" and "⋮" were labels squeezed out of their slots).
struct ChartLabel {
    QString text;
    QRectF slot;
    double advance = 0;
};
struct ChartLabels {
    QRectF area; // the whole chart
    QRectF plot; // the plotting area inside it
    ChartLabel title;
    double titlePoints = 10; // smaller (down to 7 pt) when the 10 pt title does not fit its slot
    QRectF legend; // line charts: the legend's box, top right; empty for bars
    QList<ChartLabel> x; // the shown x labels (thinned so each fits its share of the axis), left to right
    QList<ChartLabel> y; // bottom to top
};

// Lays out the title, the y labels (as wide as the widest one) and the x labels: every `step`-th label,
// step the smallest that gives each shown label its share of the axis, each centred under its point; a label
// at an edge that would leave the chart is left out. legendWidth: room kept for a legend right of the title.
ChartLabels layoutChartLabels(
    QPainter& painter, const QRectF& area, const ChartFrame& frame, double legendWidth = 0);

ChartLabels drawLineChart(
    QPainter& painter, const QRectF& area, const ChartFrame& frame, const QList<ChartSeries>& series);
// One bar per x label; `colors` (optional) colours each bar, otherwise series.color. Bars without data are
// left out. Counts are printed above bars when `labelValues`.
ChartLabels drawBarChart(QPainter& painter, const QRectF& area, const ChartFrame& frame,
    const ChartSeries& series, const QList<QColor>& colors = {}, bool labelValues = false);

} // namespace cx::reports
