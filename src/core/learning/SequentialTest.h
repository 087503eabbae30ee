#pragma once

#include "learning/Proportions.h"

namespace cx::learning {

// The experiment's decision rule: a mixture sequential probability ratio test (mSPRT) with a normal mixing
// distribution, and its always-valid confidence intervals (Robbins 1970; Johari, Koomen, Pekelis & Walsh,
// "Peeking at A/B tests", KDD 2017 / "Always valid inference", Operations Research 2022).
//
// Why this and not a fixed sample size: the dashboard and `cxpilot experiment status` show the comparison
// every time a draft is approved. A fixed-n test read that often would be "peeked at" and its false-positive
// rate would grow far beyond 5 % (tst_experiment shows it: about 20-30 % over 500 looks). The mSPRT's type-I
// error stays at most alpha however often and whenever it is looked at, and the experiment may stop as soon
// as it decides. The price is wider intervals than a fixed-n test at the same n.
//
// For an estimated difference d (variant minus control) with variance V = s1^2/n1 + s2^2/n2 (plug-in sample
// variances, a large-sample normal approximation) and a N(0, tau^2) mixture over the true difference:
//
//   Lambda = sqrt(V / (V + tau^2)) * exp(tau^2 d^2 / (2 V (V + tau^2)))        reject "no difference" when
//   Lambda >= 1/alpha; the always-valid interval is  d -/+ sqrt(V (V + tau^2) / tau^2 *
//   (log((V + tau^2) / V) + 2 log(1/alpha))).
//
// tau is set in units of the outcome's pooled standard deviation (tauInSd, default 0.2: effects of about a
// fifth of an SD, e.g. 10 points of approval at 50 %), so one setting serves proportions, grades and times.
// Below minPerGroup observations in either group nothing is decided (the plug-in variance is unreliable);
// that guard only removes rejections, so it keeps the error bound.
struct SequentialConfig {
    double alpha = 0.05;
    double tauInSd = 0.2;
    int minPerGroup = 30;
};

struct SequentialResult {
    bool enoughData = false;
    double difference = 0; // mean2 - mean1
    double lambda = 1; // the mixture likelihood ratio
    bool significant = false; // lambda >= 1/alpha (and enough data)
    Interval alwaysValid; // the always-valid (1 - alpha) interval for the difference
};

class SequentialTest final {
public:
    // Group 1 is the control, group 2 the variant; `pooledSd` scales tau (the SD of both groups together).
    static SequentialResult evaluate(
        const Moments& control, const Moments& variant, double pooledSd, const SequentialConfig& config);
    // The pooled standard deviation of two groups' observations taken together.
    static double pooledSd(const Moments& a, const Moments& b);
};

} // namespace cx::learning
