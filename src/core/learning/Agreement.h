#pragma once

#include "learning/Bootstrap.h"

#include <QList>

#include <optional>

namespace cx::learning {

// Chance-corrected agreement between graders on the same items.
//
// Krippendorff's α (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): any number of coders,
// missing values allowed. Each unit lists the values the coders gave it (missing ones left out); units with
// fewer than two values are not pairable and do not count. α = 1 − D_o/D_e from the coincidence matrix.
// Ordinal is the metric for 1–5 grades (distances count how many values lie between two grades, so unequal
// steps in use are respected); interval and nominal are there to check against published examples.
enum class AlphaMetric { Nominal, Ordinal, Interval };

using UnitValues = QList<int>;

// Empty when undefined: fewer than two pairable values, or no variation at all (D_e = 0).
std::optional<double> krippendorffAlpha(const QList<UnitValues>& units, AlphaMetric metric);
// With a percentile bootstrap interval over units (units are resampled with replacement).
Estimate krippendorffAlphaEstimate(
    const QList<UnitValues>& units, AlphaMetric metric, const BootstrapOptions& options = {});

// Cohen's κ for two raters on the same items, with disagreement weights: none (unweighted), linear |i−j| or
// quadratic (i−j)² on the category values themselves (so for grades 1..5 a 1-vs-5 disagreement always
// weighs 16, whatever categories happen to occur). κ_w = 1 − Σ w·observed / Σ w·expected-by-chance.
enum class KappaWeights { None, Linear, Quadratic };

struct RatingPair {
    int first = 0;
    int second = 0;
};

// Categories are minCategory..maxCategory. Empty when undefined: no pairs, a value outside the range, or no
// expected disagreement (both raters used a single, identical category).
std::optional<double> weightedKappa(
    const QList<RatingPair>& pairs, KappaWeights weights, int minCategory = 1, int maxCategory = 5);
// With a percentile bootstrap interval over items.
Estimate weightedKappaEstimate(const QList<RatingPair>& pairs, KappaWeights weights, int minCategory = 1,
    int maxCategory = 5, const BootstrapOptions& options = {});

} // namespace cx::learning
