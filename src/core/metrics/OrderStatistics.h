#pragma once

#include <QtGlobal>

#include <optional>

namespace cx::metrics {

// 1-based ranks (positions in ascending order) that the median and the 90th percentile read.
// Median: n odd -> the middle value (low == high); n even -> the mean of the two middle values.
// p90: nearest-rank method, rank = ceil(0.9 * n) computed in integers as (9n + 9) / 10; n = 1 -> rank 1.
struct OrderRanks {
    qint64 medianLow = 0;
    qint64 medianHigh = 0;
    qint64 p90 = 0;
};

// nullopt for n < 1.
std::optional<OrderRanks> orderRanks(qint64 n);

// Nearest-rank percentile rank for p in (0, 100]: ceil(p / 100 * n), at least 1. Exact for integer p.
qint64 nearestRank(int percent, qint64 n);

} // namespace cx::metrics
