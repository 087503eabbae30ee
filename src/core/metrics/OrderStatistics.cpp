#include "metrics/OrderStatistics.h"

namespace cx::metrics {

qint64 nearestRank(int percent, qint64 n)
{
    if (n < 1 || percent <= 0)
        return n < 1 ? 0 : 1;
    if (percent >= 100)
        return n;
    const qint64 rank = (qint64(percent) * n + 99) / 100; // ceil(percent * n / 100)
    return rank < 1 ? 1 : rank;
}

std::optional<OrderRanks> orderRanks(qint64 n)
{
    if (n < 1)
        return std::nullopt;
    OrderRanks r;
    if (n % 2 == 1) {
        r.medianLow = r.medianHigh = (n + 1) / 2;
    } else {
        r.medianLow = n / 2;
        r.medianHigh = n / 2 + 1;
    }
    r.p90 = nearestRank(90, n);
    return r;
}

} // namespace cx::metrics
