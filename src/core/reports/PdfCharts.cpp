#include "reports/PdfCharts.h"

#include "metrics/ShownFigures.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace cx::reports {

namespace {
const QColor kAxis(0x90, 0x90, 0x90);
const QColor kGrid(0xe4, 0xe4, 0xe4);
const QColor kText(0x33, 0x33, 0x33);

struct Plot {
    QRectF rect; // plotting area
    double yMin, yMax;
    double y(double v) const
    {
        const double t = (std::clamp(v, yMin, yMax) - yMin) / (yMax - yMin);
        return rect.bottom() - t * rect.height();
    }
    double xCenter(int i, int n) const { return rect.left() + (i + 0.5) * rect.width() / n; }
};

QFont labelFont(const QPainter& p)
{
    QFont small = p.font();
    small.setBold(false);
    small.setPointSizeF(7);
    return small;
}

QFont titleFontOf(const QPainter& p, double points)
{
    QFont f = p.font();
    f.setBold(true);
    f.setPointSizeF(points);
    return f;
}

QString yLabelText(const ChartFrame& f, double yMax, int i)
{
    const double v = f.yMin + (yMax - f.yMin) * i / std::max(1, f.yTicks);
    const int decimals = f.yDecimals >= 0 ? f.yDecimals : ((yMax - f.yMin) < 10 ? 1 : 0);
    return metrics::localNumber(v, decimals) + f.ySuffix;
}

double yMaxOf(const ChartFrame& f)
{
    return f.yMax > f.yMin ? f.yMax : f.yMin + 1;
}

// Frame, title, grid, y labels, x labels and reference lines, where layoutChartLabels put them.
Plot drawFrame(QPainter& p, const ChartLabels& l, const ChartFrame& f, double titlePoints)
{
    p.save();
    p.setFont(titleFontOf(p, titlePoints));
    p.setPen(kText);
    p.drawText(l.title.slot, Qt::AlignLeft | Qt::AlignVCenter, l.title.text);
    const QFont small = labelFont(p);
    p.setFont(small);
    const QFontMetricsF sm(small, p.device());
    const Plot plot { l.plot, f.yMin, yMaxOf(f) };
    for (int i = 0; i <= f.yTicks; ++i) {
        const double y = plot.y(f.yMin + (plot.yMax - f.yMin) * i / std::max(1, f.yTicks));
        p.setPen(QPen(kGrid, 0));
        p.drawLine(QPointF(plot.rect.left(), y), QPointF(plot.rect.right(), y));
    }
    p.setPen(kText);
    for (const ChartLabel& y : l.y)
        p.drawText(y.slot, Qt::AlignRight | Qt::AlignVCenter, y.text);
    for (const ChartLabel& x : l.x)
        p.drawText(x.slot, Qt::AlignHCenter | Qt::AlignTop, x.text);
    p.setPen(QPen(kAxis, 0));
    p.drawLine(plot.rect.bottomLeft(), plot.rect.bottomRight());
    p.drawLine(plot.rect.bottomLeft(), plot.rect.topLeft());
    for (const ReferenceLine& r : f.references) {
        const double y = plot.y(r.value);
        QPen pen(r.color, std::max(1.0, sm.height() / 10));
        pen.setStyle(Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(plot.rect.left(), y), QPointF(plot.rect.right(), y));
        p.drawText(QRectF(plot.rect.left(), y - sm.height() * 1.05, plot.rect.width() - 2, sm.height()),
            Qt::AlignRight | Qt::AlignBottom, r.label);
    }
    p.restore();
    return plot;
}

} // namespace

ChartLabels layoutChartLabels(QPainter& p, const QRectF& area, const ChartFrame& f, double legendWidth)
{
    ChartLabels l;
    l.area = area;
    const QFontMetricsF tm(titleFontOf(p, 10), p.device());
    const QFont small = labelFont(p);
    const QFontMetricsF sm(small, p.device());
    const double h = sm.height();

    // The title, left; a legend (line charts) keeps its room on the right.
    const double titleRight = legendWidth > 0 ? area.right() - legendWidth - h : area.right();
    l.legend = legendWidth > 0 ? QRectF(area.right() - legendWidth, area.top(), legendWidth, h) : QRectF();
    l.title.text = f.title;
    l.title.slot = QRectF(area.left(), area.top(), titleRight - area.left(), tm.height());
    for (l.titlePoints = 10;; l.titlePoints -= 0.5) {
        l.title.advance = QFontMetricsF(titleFontOf(p, l.titlePoints), p.device()).horizontalAdvance(f.title);
        if (l.title.advance <= l.title.slot.width() || l.titlePoints <= 7)
            break;
    }

    // y labels: as wide as the widest of them (a count axis can reach "1000").
    const double yMax = yMaxOf(f);
    QStringList yTexts;
    double yWidest = 0;
    for (int i = 0; i <= f.yTicks; ++i) {
        yTexts << yLabelText(f, yMax, i);
        yWidest = std::max(yWidest, sm.horizontalAdvance(yTexts.last()));
    }
    const double yLabelWidth = yWidest + h * 0.5;
    const double top = area.top() + tm.height() * 1.6;
    const double bottom = area.bottom() - h * 1.6;
    l.plot = QRectF(QPointF(area.left() + yLabelWidth, top), QPointF(area.right() - h * 0.5, bottom));
    const Plot plot { l.plot, f.yMin, yMax };
    for (int i = 0; i <= f.yTicks; ++i) {
        const double y = plot.y(f.yMin + (yMax - f.yMin) * i / std::max(1, f.yTicks));
        l.y.append({ yTexts[i], QRectF(area.left(), y - h / 2, yLabelWidth - h * 0.3, h),
            sm.horizontalAdvance(yTexts[i]) });
    }

    // x labels: below the lowest y label (which is centred on the axis), each centred under its point.
    const int n = int(f.xLabels.size());
    if (n > 0) {
        double widest = 0;
        for (const QString& t : f.xLabels)
            widest = std::max(widest, sm.horizontalAdvance(t));
        const double slot = l.plot.width() / n;
        const int step = std::max(1, int(std::ceil((widest + h) / slot)));
        for (int i = 0; i < n; i += step) {
            const double cx = plot.xCenter(i, n);
            const double half = std::min({ step * slot / 2, cx - area.left(), area.right() - cx });
            const double advance = sm.horizontalAdvance(f.xLabels[i]);
            if (advance > 2 * half)
                continue; // at an edge with no room for it: left out rather than drawn past the chart
            l.x.append({ f.xLabels[i], QRectF(cx - half, bottom + h * 0.55, 2 * half, h), advance });
        }
    }
    return l;
}

ChartLabels drawLineChart(
    QPainter& p, const QRectF& area, const ChartFrame& f, const QList<ChartSeries>& series)
{
    const QFontMetricsF legendMetrics(labelFont(p), p.device());
    double legendWidth = 0;
    for (const ChartSeries& s : series)
        legendWidth += legendMetrics.horizontalAdvance(s.name) + legendMetrics.height() * 1.7;
    const ChartLabels labels = layoutChartLabels(p, area, f, legendWidth);
    const Plot plot = drawFrame(p, labels, f, labels.titlePoints);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    const int n = int(f.xLabels.size());
    const QFontMetricsF sm(p.font(), p.device());
    const double lineWidth = std::max(1.5, sm.height() / 7);
    for (const ChartSeries& s : series) {
        QPainterPath path;
        bool drawing = false;
        for (int i = 0; i < n && i < s.values.size(); ++i) {
            if (!s.values[i]) {
                drawing = false;
                continue;
            }
            const QPointF pt(plot.xCenter(i, n), plot.y(*s.values[i]));
            if (drawing)
                path.lineTo(pt);
            else
                path.moveTo(pt);
            drawing = true;
            p.setPen(Qt::NoPen);
            p.setBrush(s.color);
            p.drawEllipse(pt, lineWidth * 1.3, lineWidth * 1.3);
        }
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(s.color, lineWidth));
        p.drawPath(path);
    }
    // Legend, top right.
    QFont small = p.font();
    small.setPointSizeF(7);
    p.setFont(small);
    const QFontMetricsF lm(small, p.device());
    double x = area.right();
    for (auto it = series.crbegin(); it != series.crend(); ++it) {
        const double w = lm.horizontalAdvance(it->name);
        x -= w;
        p.setPen(kText);
        p.drawText(QPointF(x, area.top() + lm.ascent()), it->name);
        x -= lm.height() * 0.9;
        p.fillRect(
            QRectF(x, area.top() + lm.height() * 0.2, lm.height() * 0.6, lm.height() * 0.6), it->color);
        x -= lm.height() * 0.8;
    }
    p.restore();
    return labels;
}

ChartLabels drawBarChart(QPainter& p, const QRectF& area, const ChartFrame& f, const ChartSeries& s,
    const QList<QColor>& colors, bool labelValues)
{
    const ChartLabels labels = layoutChartLabels(p, area, f);
    const Plot plot = drawFrame(p, labels, f, labels.titlePoints);
    p.save();
    QFont small = p.font();
    small.setPointSizeF(7);
    p.setFont(small);
    const QFontMetricsF sm(small, p.device());
    const int n = int(f.xLabels.size());
    const double slot = n > 0 ? plot.rect.width() / n : 0;
    for (int i = 0; i < n && i < s.values.size(); ++i) {
        if (!s.values[i])
            continue;
        const double v = *s.values[i];
        const double top = plot.y(v);
        const QRectF bar(plot.xCenter(i, n) - slot * 0.35, top, slot * 0.7, plot.rect.bottom() - top);
        p.fillRect(bar, i < colors.size() ? colors[i] : s.color);
        if (labelValues && v > 0) {
            p.setPen(kText);
            p.drawText(
                QRectF(bar.left() - slot, top - sm.height() * 1.1, bar.width() + 2 * slot, sm.height()),
                Qt::AlignHCenter | Qt::AlignBottom, metrics::localNumber(v, 0));
        }
    }
    p.restore();
    return labels;
}

} // namespace cx::reports
