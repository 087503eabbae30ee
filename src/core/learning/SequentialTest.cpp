#include "learning/SequentialTest.h"

#include <cmath>
#include <limits>

namespace cx::learning {

double SequentialTest::pooledSd(const Moments& a, const Moments& b)
{
    const qint64 n = a.n + b.n;
    if (n < 2)
        return 0;
    const double mean = (a.mean * double(a.n) + b.mean * double(b.n)) / double(n);
    const double m2 = a.m2 + b.m2 + double(a.n) * (a.mean - mean) * (a.mean - mean)
        + double(b.n) * (b.mean - mean) * (b.mean - mean);
    return std::sqrt(m2 / double(n - 1));
}

SequentialResult SequentialTest::evaluate(
    const Moments& control, const Moments& variant, double pooledSd, const SequentialConfig& config)
{
    SequentialResult r;
    r.difference = variant.mean - control.mean;
    const double inf = std::numeric_limits<double>::infinity();
    r.alwaysValid = { -inf, inf };
    if (control.n < qMax(2, config.minPerGroup) || variant.n < qMax(2, config.minPerGroup))
        return r;
    r.enoughData = true;
    const double v = control.variance() / double(control.n) + variant.variance() / double(variant.n);
    const double tau2 = (config.tauInSd * pooledSd) * (config.tauInSd * pooledSd);
    if (!(v > 0) || !(tau2 > 0)) {
        // No spread at all (every draft of both groups approved, say): nothing to weigh; stay undecided.
        r.alwaysValid = { r.difference, r.difference };
        return r;
    }
    const double logLambda
        = 0.5 * std::log(v / (v + tau2)) + tau2 * r.difference * r.difference / (2 * v * (v + tau2));
    r.lambda = std::exp(qMin(logLambda, 700.0));
    r.significant = logLambda >= std::log(1 / config.alpha);
    const double half
        = std::sqrt(v * (v + tau2) / tau2 * (std::log((v + tau2) / v) + 2 * std::log(1 / config.alpha)));
    r.alwaysValid = { r.difference - half, r.difference + half };
    return r;
}

} // namespace cx::learning
