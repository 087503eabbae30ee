#include "learning/Agreement.h"

#include <QMap>

#include <algorithm>
#include <vector>

namespace cx::learning {

namespace {

std::optional<double> alphaOf(const QList<const UnitValues*>& units, AlphaMetric metric)
{
    // The distinct values among pairable units, in order; the coincidence matrix is indexed by them.
    QMap<int, int> index;
    for (const UnitValues* unit : units) {
        if (unit->size() >= 2) {
            for (const int v : *unit) {
                index.insert(v, 0);
            }
        }
    }
    const int k = static_cast<int>(index.size());
    if (k == 0) {
        return std::nullopt;
    }
    QList<int> values;
    for (auto it = index.begin(); it != index.end(); ++it) {
        it.value() = static_cast<int>(values.size());
        values.append(it.key());
    }
    std::vector<double> o(static_cast<size_t>(k * k), 0.0);
    for (const UnitValues* unit : units) {
        const auto m = unit->size();
        if (m < 2) {
            continue;
        }
        // Every ordered pair of values from different coders adds 1/(m−1).
        const double w = 1.0 / static_cast<double>(m - 1);
        for (qsizetype i = 0; i < m; ++i) {
            for (qsizetype j = 0; j < m; ++j) {
                if (i != j) {
                    o[static_cast<size_t>(index.value(unit->at(i)) * k + index.value(unit->at(j)))] += w;
                }
            }
        }
    }
    std::vector<double> nc(static_cast<size_t>(k), 0.0);
    double n = 0.0;
    for (int c = 0; c < k; ++c) {
        for (int d = 0; d < k; ++d) {
            nc[static_cast<size_t>(c)] += o[static_cast<size_t>(c * k + d)];
        }
        n += nc[static_cast<size_t>(c)];
    }
    if (n < 2.0) {
        return std::nullopt;
    }
    const auto delta2 = [&](int c, int d) -> double {
        switch (metric) {
        case AlphaMetric::Nominal:
            return c == d ? 0.0 : 1.0;
        case AlphaMetric::Interval: {
            const double diff = values[c] - values[d];
            return diff * diff;
        }
        case AlphaMetric::Ordinal: {
            const int lo = std::min(c, d);
            const int hi = std::max(c, d);
            double sum = 0.0;
            for (int g = lo; g <= hi; ++g) {
                sum += nc[static_cast<size_t>(g)];
            }
            sum -= (nc[static_cast<size_t>(lo)] + nc[static_cast<size_t>(hi)]) / 2.0;
            return sum * sum;
        }
        }
        return 0.0;
    };
    double observed = 0.0;
    double expected = 0.0;
    for (int c = 0; c < k; ++c) {
        for (int d = 0; d < k; ++d) {
            const double dd = delta2(c, d);
            observed += o[static_cast<size_t>(c * k + d)] * dd;
            expected += nc[static_cast<size_t>(c)] * nc[static_cast<size_t>(d)] * dd;
        }
    }
    if (expected <= 0.0) {
        return std::nullopt;
    }
    return 1.0 - (n - 1.0) * observed / expected;
}

std::optional<double> kappaOf(
    const QList<const RatingPair*>& pairs, KappaWeights weights, int minCategory, int maxCategory)
{
    const int k = maxCategory - minCategory + 1;
    if (pairs.isEmpty() || k < 1) {
        return std::nullopt;
    }
    std::vector<double> observed(static_cast<size_t>(k * k), 0.0);
    std::vector<double> rows(static_cast<size_t>(k), 0.0);
    std::vector<double> cols(static_cast<size_t>(k), 0.0);
    for (const RatingPair* p : pairs) {
        const int a = p->first - minCategory;
        const int b = p->second - minCategory;
        if (a < 0 || a >= k || b < 0 || b >= k) {
            return std::nullopt;
        }
        observed[static_cast<size_t>(a * k + b)] += 1.0;
        rows[static_cast<size_t>(a)] += 1.0;
        cols[static_cast<size_t>(b)] += 1.0;
    }
    const double n = static_cast<double>(pairs.size());
    double wObserved = 0.0;
    double wExpected = 0.0;
    for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) {
            double w = 0.0;
            switch (weights) {
            case KappaWeights::None:
                w = i == j ? 0.0 : 1.0;
                break;
            case KappaWeights::Linear:
                w = std::abs(i - j);
                break;
            case KappaWeights::Quadratic:
                w = static_cast<double>((i - j) * (i - j));
                break;
            }
            wObserved += w * observed[static_cast<size_t>(i * k + j)] / n;
            wExpected += w * rows[static_cast<size_t>(i)] * cols[static_cast<size_t>(j)] / (n * n);
        }
    }
    if (wExpected <= 0.0) {
        return std::nullopt;
    }
    return 1.0 - wObserved / wExpected;
}

template <typename T> QList<const T*> pointers(const QList<T>& list, const QList<int>& picks)
{
    QList<const T*> out;
    out.reserve(picks.size());
    for (const int i : picks) {
        out.append(&list[i]);
    }
    return out;
}

} // namespace

std::optional<double> krippendorffAlpha(const QList<UnitValues>& units, AlphaMetric metric)
{
    QList<const UnitValues*> all;
    for (const UnitValues& unit : units) {
        all.append(&unit);
    }
    return alphaOf(all, metric);
}

Estimate krippendorffAlphaEstimate(
    const QList<UnitValues>& units, AlphaMetric metric, const BootstrapOptions& options)
{
    return bootstrap(
        static_cast<int>(units.size()),
        [&](const QList<int>& picks) { return alphaOf(pointers(units, picks), metric); }, options);
}

std::optional<double> weightedKappa(
    const QList<RatingPair>& pairs, KappaWeights weights, int minCategory, int maxCategory)
{
    QList<const RatingPair*> all;
    for (const RatingPair& pair : pairs) {
        all.append(&pair);
    }
    return kappaOf(all, weights, minCategory, maxCategory);
}

Estimate weightedKappaEstimate(const QList<RatingPair>& pairs, KappaWeights weights, int minCategory,
    int maxCategory, const BootstrapOptions& options)
{
    return bootstrap(
        static_cast<int>(pairs.size()),
        [&](const QList<int>& picks) {
            return kappaOf(pointers(pairs, picks), weights, minCategory, maxCategory);
        },
        options);
}

} // namespace cx::learning
