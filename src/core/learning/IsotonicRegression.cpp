#include "learning/IsotonicRegression.h"

#include <algorithm>

namespace cx::learning {

double IsotonicFit::predict(double x) const
{
    if (value.isEmpty())
        return 0;
    // The last block whose lower bound is <= x.
    const auto it = std::upper_bound(lower.cbegin(), lower.cend(), x);
    const qsizetype i = it == lower.cbegin() ? 0 : (it - lower.cbegin()) - 1;
    return value.at(i);
}

IsotonicFit IsotonicRegression::fit(QList<IsotonicPoint> points)
{
    std::stable_sort(points.begin(), points.end(),
        [](const IsotonicPoint& a, const IsotonicPoint& b) { return a.x < b.x; });
    struct Block {
        double lower, sumW, sumWY;
        double mean() const { return sumWY / sumW; }
    };
    QList<Block> blocks;
    for (qsizetype i = 0; i < points.size();) {
        // Pool equal x first.
        Block b { points.at(i).x, 0, 0 };
        qsizetype j = i;
        for (; j < points.size() && points.at(j).x == points.at(i).x; ++j) {
            if (points.at(j).weight <= 0)
                continue;
            b.sumW += points.at(j).weight;
            b.sumWY += points.at(j).weight * points.at(j).y;
        }
        i = j;
        if (b.sumW <= 0)
            continue;
        blocks.append(b);
        // Pool adjacent violators backwards until the sequence of block means is non-decreasing.
        while (blocks.size() >= 2 && blocks.at(blocks.size() - 2).mean() > blocks.last().mean()) {
            const Block last = blocks.takeLast();
            Block& prev = blocks.last();
            prev.sumW += last.sumW;
            prev.sumWY += last.sumWY;
        }
    }
    IsotonicFit fit;
    for (const Block& b : blocks) {
        fit.lower.append(b.lower);
        fit.value.append(b.mean());
        fit.weight.append(b.sumW);
    }
    return fit;
}

QList<double> IsotonicRegression::fitted(const QList<IsotonicPoint>& points)
{
    const IsotonicFit f = fit(points);
    QList<double> out;
    out.reserve(points.size());
    for (const IsotonicPoint& p : points)
        out.append(f.predict(p.x));
    return out;
}

} // namespace cx::learning
