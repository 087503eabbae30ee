#include "learning/Bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cx::learning {

std::uint64_t SplitMix64::next()
{
    std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t SplitMix64::below(std::uint64_t bound)
{
    // Reject the top partial block so every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
    std::uint64_t x = next();
    while (x >= limit) {
        x = next();
    }
    return x % bound;
}

double SplitMix64::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double SplitMix64::normal()
{
    double u1 = uniform();
    while (u1 <= 0.0) {
        u1 = uniform();
    }
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::optional<std::pair<double, double>> percentileInterval(QList<double> samples, double level)
{
    if (samples.isEmpty()) {
        return std::nullopt;
    }
    std::sort(samples.begin(), samples.end());
    const auto quantile = [&samples](double p) {
        const double h = (samples.size() - 1) * p;
        const auto lo = static_cast<qsizetype>(std::floor(h));
        const auto hi = std::min(lo + 1, samples.size() - 1);
        return samples[lo] + (h - static_cast<double>(lo)) * (samples[hi] - samples[lo]);
    };
    const double tail = (1.0 - level) / 2.0;
    return std::make_pair(quantile(tail), quantile(1.0 - tail));
}

Estimate bootstrap(int count, const std::function<std::optional<double>(const QList<int>& units)>& statistic,
    const BootstrapOptions& options)
{
    Estimate estimate;
    if (count <= 0) {
        return estimate;
    }
    QList<int> units(count);
    for (int i = 0; i < count; ++i) {
        units[i] = i;
    }
    estimate.value = statistic(units);
    if (!estimate.value) {
        return estimate;
    }
    SplitMix64 rng(options.seed);
    QList<double> values;
    values.reserve(options.replicates);
    for (int r = 0; r < options.replicates; ++r) {
        for (int i = 0; i < count; ++i) {
            units[i] = static_cast<int>(rng.below(static_cast<std::uint64_t>(count)));
        }
        if (const auto v = statistic(units)) {
            values.append(*v);
        }
    }
    estimate.replicates = static_cast<int>(values.size());
    if (2 * values.size() >= options.replicates) {
        if (const auto interval = percentileInterval(values, options.level)) {
            estimate.low = interval->first;
            estimate.high = interval->second;
        }
    }
    return estimate;
}

} // namespace cx::learning
