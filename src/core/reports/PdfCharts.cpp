#include "reports/PdfCharts.h"

#include <QPainter>
#include <QPainterPath>

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

// Frame, title, grid, y labels, x labels (thinned to fit) and reference lines. Returns the plot area.
Plot drawFrame(QPainter& p, const QRectF& area, const ChartFrame& f)
{
    p.save();
    QFont titleFont = p.font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(10);
    p.setFont(titleFont);
    p.setPen(kText);
    const QFontMetricsF tm(titleFont, p.device());
    p.drawText(QRectF(area.left(), area.top(), area.width(), tm.height()), Qt::AlignLeft | Qt::AlignVCenter,
        f.title);

    QFont small = p.font();
    small.setBold(false);
    small.setPointSizeF(7);
    p.setFont(small);
    const QFontMetricsF sm(small, p.device());
    const double yLabelWidth = sm.horizontalAdvance(QStringLiteral("100") + f.ySuffix) + sm.height() * 0.5;
    const double top = area.top() + tm.height() * 1.6;
    const double bottom = area.bottom() - sm.height() * 1.6;
    Plot plot { QRectF(QPointF(area.left() + yLabelWidth, top),
                    QPointF(area.right() - sm.height() * 0.5, bottom)),
        f.yMin, f.yMax > f.yMin ? f.yMax : f.yMin + 1 };

    for (int i = 0; i <= f.yTicks; ++i) {
        const double v = f.yMin + (plot.yMax - f.yMin) * i / std::max(1, f.yTicks);
        const double y = plot.y(v);
        p.setPen(QPen(kGrid, 0));
        p.drawLine(QPointF(plot.rect.left(), y), QPointF(plot.rect.right(), y));
        p.setPen(kText);
        const int decimals = f.yDecimals >= 0 ? f.yDecimals : ((plot.yMax - f.yMin) < 10 ? 1 : 0);
        const QString label = QString::number(v, 'f', decimals) + f.ySuffix;
        p.drawText(QRectF(area.left(), y - sm.height() / 2, yLabelWidth - sm.height() * 0.3, sm.height()),
            Qt::AlignRight | Qt::AlignVCenter, label);
    }
    const int n = int(f.xLabels.size());
    if (n > 0) {
        double widest = 0;
        for (const QString& l : f.xLabels)
            widest = std::max(widest, sm.horizontalAdvance(l));
        const double slot = plot.rect.width() / n;
        const int step = std::max(1, int(std::ceil((widest + sm.height()) / slot)));
        p.setPen(kText);
        for (int i = 0; i < n; i += step) {
            const double cx = plot.xCenter(i, n);
            p.drawText(QRectF(cx - widest, plot.rect.bottom() + sm.height() * 0.3, 2 * widest, sm.height()),
                Qt::AlignHCenter | Qt::AlignTop, f.xLabels[i]);
        }
    }
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

void drawLineChart(QPainter& p, const QRectF& area, const ChartFrame& f, const QList<ChartSeries>& series)
{
    const Plot plot = drawFrame(p, area, f);
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
}

void drawBarChart(QPainter& p, const QRectF& area, const ChartFrame& f, const ChartSeries& s,
    const QList<QColor>& colors, bool labelValues)
{
    const Plot plot = drawFrame(p, area, f);
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
                Qt::AlignHCenter | Qt::AlignBottom, QString::number(v, 'f', 0));
        }
    }
    p.restore();
}

} // namespace cx::reports
