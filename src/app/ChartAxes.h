#pragma once

#include <QFont>
#include <QStringList>

namespace cx::gui {

// Pure layout rules for the dashboard's chart axes (no widgets), so a test can check them without pixels.

// A count axis: integer ticks only. `step` is 1, 2, 5, 10, 20, 50, …; `top` the smallest multiple of `step`
// at or above `maxCount` (at least one step); at most 6 ticks (tickCount = top / step + 1).
struct IntegerAxis {
    qint64 top = 1;
    qint64 step = 1;
    int tickCount = 2;
};
IntegerAxis integerAxis(qint64 maxCount);

// Every how many slots a label is shown so that each shown label fits its share of the axis:
// the smallest k >= 1 with k * slotWidth >= widest label + padding. slotWidth <= 0: 1.
int labelStep(double slotWidth, double widestLabel, double padding = 6.0);

// The largest font (from `base` down to `minPointSize`, half-point steps) in which every label fits
// `slotWidth` with `padding`; `minPointSize` when none does.
QFont fittingFont(const QFont& base, const QStringList& labels, double slotWidth, double minPointSize = 6.0,
    double padding = 4.0);

} // namespace cx::gui
