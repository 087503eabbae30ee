#include "learning/Proportions.h"

#include <QtGlobal>

#include <cmath>
#include <limits>
#include <numbers>

namespace cx::learning {

double normalQuantile(double p)
{
    if (!(p > 0.0 && p < 1.0))
        return p <= 0.0 ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    // Acklam (2003): a rational approximation (relative error 1.15e-9), then one Halley step on erfc.
    static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
    static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01 };
    static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
    static const double d[]
        = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00 };
    const double low = 0.02425;
    double x;
    if (p < low) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
        const double q = p - 0.5;
        const double r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
            / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

double tQuantile(double p, double df)
{
    if (!(p > 0.0 && p < 1.0) || !(df > 0))
        return std::numeric_limits<double>::quiet_NaN();
    if (std::isinf(df) || df > 1e7)
        return normalQuantile(p);
    // Hill (1970), Algorithm 396, as used by R's qt(): works on the two-tailed probability.
    const bool upper = p > 0.5;
    const double P = 2 * (upper ? 1 - p : p);
    const double n = df;
    double t;
    if (std::abs(n - 2) < 1e-12) {
        t = std::sqrt(2 / (P * (2 - P)) - 2);
    } else if (std::abs(n - 1) < 1e-12) {
        const double angle = P * std::numbers::pi / 2;
        t = std::cos(angle) / std::sin(angle);
    } else {
        const double a = 1 / (n - 0.5);
        const double b = 48 / (a * a);
        double c = ((20700 * a / b - 98) * a - 16) * a + 96.36;
        const double d = ((94.5 / (b + c) - 3) / b + 1) * std::sqrt(a * std::numbers::pi / 2) * n;
        double x = d * P;
        double y = std::pow(x, 2 / n);
        if (y > 0.05 + a) {
            x = normalQuantile(0.5 * P);
            y = x * x;
            if (n < 5)
                c += 0.3 * (n - 4.5) * (x + 0.6);
            c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
            y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
            y = a * y * y;
            y = std::expm1(y);
        } else {
            y = ((1 / (((n + 6) / (n * y) - 0.089 * d - 0.822) * (n + 2) * 3) + 0.5 / (n + 4)) * y - 1)
                    * (n + 1) / (n + 2)
                + 1 / y;
        }
        t = std::sqrt(n * y);
    }
    return upper ? t : -t;
}

Interval wilson(int x, int n, double confidence)
{
    if (n <= 0)
        return { 0.0, 1.0 };
    const double z = normalQuantile(0.5 + confidence / 2);
    const double z2 = z * z;
    const double nn = n;
    const double center = (x + z2 / 2) / (nn + z2);
    const double half = z / (nn + z2) * std::sqrt(double(x) * (nn - x) / nn + z2 / 4);
    return { qMax(0.0, center - half), qMin(1.0, center + half) };
}

Interval newcombeDifference(int x1, int n1, int x2, int n2, double confidence)
{
    const double p1 = n1 > 0 ? double(x1) / n1 : 0.0;
    const double p2 = n2 > 0 ? double(x2) / n2 : 0.0;
    const Interval w1 = wilson(x1, n1, confidence);
    const Interval w2 = wilson(x2, n2, confidence);
    const double d = p2 - p1;
    return { d - std::hypot(p2 - w2.lower, w1.upper - p1), d + std::hypot(w2.upper - p2, p1 - w1.lower) };
}

void Moments::add(double x)
{
    ++n;
    const double delta = x - mean;
    mean += delta / double(n);
    m2 += delta * (x - mean);
}

Interval welchDifference(const Moments& g1, const Moments& g2, double confidence)
{
    const double inf = std::numeric_limits<double>::infinity();
    if (g1.n < 2 || g2.n < 2)
        return { -inf, inf };
    const double s1 = g1.variance() / double(g1.n);
    const double s2 = g2.variance() / double(g2.n);
    const double se = std::sqrt(s1 + s2);
    const double d = g2.mean - g1.mean;
    if (se == 0)
        return { d, d };
    const double df = (s1 + s2) * (s1 + s2) / (s1 * s1 / double(g1.n - 1) + s2 * s2 / double(g2.n - 1));
    const double t = tQuantile(0.5 + confidence / 2, df);
    return { d - t * se, d + t * se };
}

int twoProportionSampleSize(double p1, double p2, double alpha, double power)
{
    if (p1 == p2)
        return std::numeric_limits<int>::max();
    const double za = normalQuantile(1 - alpha / 2);
    const double zb = normalQuantile(power);
    const double pbar = (p1 + p2) / 2;
    const double root = za * std::sqrt(2 * pbar * (1 - pbar)) + zb * std::sqrt(p1 * (1 - p1) + p2 * (1 - p2));
    return int(std::ceil(root * root / ((p1 - p2) * (p1 - p2))));
}

} // namespace cx::learning
