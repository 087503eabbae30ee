#pragma once

#include <QList>

namespace cx::learning {

// Fixed-horizon interval estimates for comparing two groups (a variant against the control). These are
// the textbook 95 % intervals: valid when looked at ONCE, at a sample size fixed in advance. The experiment's
// decision uses the always-valid intervals of SequentialTest instead; these are reported beside them.

struct Interval {
    double lower = 0;
    double upper = 0;
    bool contains(double x) const { return lower <= x && x <= upper; }
};

// Standard normal quantile (Acklam's rational approximation refined by one Halley step; |error| < 1e-12).
double normalQuantile(double p);
// Student's t quantile with `df` degrees of freedom (Hill 1970, ACM Algorithm 396; exact for df = 1, 2).
double tQuantile(double p, double df);

// Wilson score interval for a proportion x/n (Wilson 1927). n = 0: [0, 1].
Interval wilson(int successes, int n, double confidence = 0.95);

// Newcombe's hybrid score interval for p2 - p1 (Newcombe 1998, method 10), from the two Wilson intervals.
Interval newcombeDifference(int x1, int n1, int x2, int n2, double confidence = 0.95);

// Running mean and variance (Welford), for the means compared with Welch's interval.
struct Moments {
    qint64 n = 0;
    double mean = 0;
    double m2 = 0;
    void add(double x);
    double variance() const { return n > 1 ? m2 / double(n - 1) : 0.0; } // sample variance
};

// Welch's interval for mean2 - mean1 with the Welch–Satterthwaite degrees of freedom. Fewer than two
// observations in a group: the widest possible interval (-inf, inf).
Interval welchDifference(const Moments& group1, const Moments& group2, double confidence = 0.95);

// Sample size per group of a two-sided two-proportion z-test (unpooled variance under the alternative,
// pooled under the null; Fleiss, Levin & Paik 2003, eq. 4.14 without continuity correction).
int twoProportionSampleSize(double p1, double p2, double alpha = 0.05, double power = 0.8);

} // namespace cx::learning
