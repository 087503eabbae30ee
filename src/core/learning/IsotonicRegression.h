#pragma once

#include <QList>

namespace cx::learning {

// Isotonic (monotone non-decreasing) regression by pool-adjacent-violators (Ayer et al. 1955; Barlow,
// Bartholomew, Bremner & Brunk 1972): the least-squares non-decreasing fit of y on x. Used to map the
// drafter's raw confidence to the observed share of drafts sent without major edits (Zadrozny & Elkan 2002).
struct IsotonicPoint {
    double x = 0;
    double y = 0;
    double weight = 1;
};

// The fit as a step function: block i covers raw values from lower[i] (inclusive) up to the next block's
// lower bound, with fitted value value[i] (non-decreasing in i).
struct IsotonicFit {
    QList<double> lower;
    QList<double> value;
    QList<double> weight; // the total weight (sample count) pooled into each block

    bool isEmpty() const { return value.isEmpty(); }
    // The fitted value of the block that holds x; below the first block, the first block's value.
    double predict(double x) const;
};

class IsotonicRegression final {
public:
    // Points in any order; equal x values are pooled first (ties share one fitted value).
    static IsotonicFit fit(QList<IsotonicPoint> points);
    // The fitted value at each input point, in input order (for tests and the ECE after calibration).
    static QList<double> fitted(const QList<IsotonicPoint>& points);
};

} // namespace cx::learning
