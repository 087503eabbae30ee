#pragma once

#include <QList>

#include <cstdint>
#include <functional>
#include <optional>

namespace cx::learning {

// A small, fully specified pseudo-random generator (SplitMix64, Steele/Lea/Flood 2014). The standard
// library's distributions are implementation-defined, so bootstrap intervals are computed with this one to be
// the same on every platform and every run for a given seed.
class SplitMix64 final {
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next();
    // Uniform in [0, bound) without modulo bias (rejection sampling); bound must be > 0.
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [0, 1) with 53 random bits.
    double uniform();
    // Standard normal (Box–Muller), for simulations.
    double normal();

private:
    std::uint64_t m_state;
};

// A point estimate with a percentile bootstrap interval. `low`/`high` are empty when fewer than half the
// replicates produced a value (the statistic is undefined on too many resamples to trust an interval).
struct Estimate {
    std::optional<double> value;
    std::optional<double> low;
    std::optional<double> high;
    int replicates = 0; // resamples on which the statistic was defined
};

struct BootstrapOptions {
    int replicates = 2000;
    double level = 0.95;
    std::uint64_t seed = 20260101;
};

// The `level` percentile interval of `samples` (sorted copy; linear interpolation between order statistics,
// as R's quantile type 7). Empty when `samples` is empty.
std::optional<std::pair<double, double>> percentileInterval(QList<double> samples, double level);

// Nonparametric bootstrap over `count` independent units: `statistic` is called with the unit indices of the
// full sample (0..count-1) and then with `replicates` resamples drawn with replacement, and may return
// nothing when it is undefined on a resample. Deterministic for a given seed.
Estimate bootstrap(int count, const std::function<std::optional<double>(const QList<int>& units)>& statistic,
    const BootstrapOptions& options = {});

} // namespace cx::learning
