#include "ChartAxes.h"

#include <QFontMetricsF>

#include <cmath>

namespace cx::gui {

IntegerAxis integerAxis(qint64 maxCount)
{
    const qint64 n = std::max<qint64>(1, maxCount);
    IntegerAxis a;
    for (qint64 magnitude = 1;; magnitude *= 10) {
        for (qint64 m : { 1, 2, 5 }) {
            a.step = m * magnitude;
            a.top = std::max(a.step, (n + a.step - 1) / a.step * a.step);
            if (a.top / a.step <= 5) {
                a.tickCount = int(a.top / a.step) + 1;
                return a;
            }
        }
    }
}

int labelStep(double slotWidth, double widestLabel, double padding)
{
    if (slotWidth <= 0)
        return 1;
    return std::max(1, int(std::ceil((widestLabel + padding) / slotWidth)));
}

QFont fittingFont(
    const QFont& base, const QStringList& labels, double slotWidth, double minPointSize, double padding)
{
    QFont f = base;
    for (double size = base.pointSizeF(); size >= minPointSize; size -= 0.5) {
        f.setPointSizeF(size);
        const QFontMetricsF fm(f);
        double widest = 0;
        for (const QString& l : labels)
            widest = std::max(widest, fm.horizontalAdvance(l));
        if (widest + padding <= slotWidth)
            return f;
    }
    f.setPointSizeF(minPointSize);
    return f;
}

} // namespace cx::gui
