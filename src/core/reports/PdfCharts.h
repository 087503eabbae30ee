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

void drawLineChart(
    QPainter& painter, const QRectF& area, const ChartFrame& frame, const QList<ChartSeries>& series);
// One bar per x label; `colors` (optional) colours each bar, otherwise series.color. Bars without data are
// left out. Counts are printed above bars when `labelValues`.
void drawBarChart(QPainter& painter, const QRectF& area, const ChartFrame& frame, const ChartSeries& series,
    const QList<QColor>& colors = {}, bool labelValues = false);

} // namespace cx::reports
