#pragma once

#include "foundation/Result.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QDate>
#include <QHash>
#include <QList>
#include <QSqlDatabase>

#include <utility>

class QSqlQuery;

// Internal to the quality tracker: reads the daily roll-ups that migration 0301 keeps up to date with
// triggers — metrics_daily (additive counters per UTC day, inbox and reviewer) and metrics_duration_daily
// (first-response / approval duration histogram per UTC day, buckets [lo, hi) in ms) — and selects exact
// order statistics through the ordered duration indexes. Definitions: src/core/metrics/METRICS.md.
namespace cx::metrics::rollup {

// [from, to) cut into whole UTC days (read from the roll-ups) and partial days (read from the rows).
struct RangeSplit {
    QDate fullFirst; // [fullFirst, fullEnd): whole UTC days; none when fullFirst >= fullEnd
    QDate fullEnd;
    QList<std::pair<QDateTime, QDateTime>> partial; // [first, second), at most two
    bool hasFullDays() const { return fullFirst.isValid() && fullFirst < fullEnd; }
};
RangeSplit splitRange(const QualityQuery& query);
// The same query over [from, to).
QualityQuery subRange(const QualityQuery& query, const QDateTime& from, const QDateTime& to);

// Reads one row of daily counters (the tracker's column order) into a Tally; `i` walks the columns.
Tally readTally(const QSqlQuery& q, int& i);

// Adds the whole days' tallies (all but firstResponseWithinSla) from metrics_daily.
Status addRollupTallies(QSqlDatabase& db, storage::Dialect dialect, const QualityQuery& query,
    const RangeSplit& split, QHash<QDate, Tally>& days);
// Adds the whole days' first replies within query.slaMinutes.
Status addWithinSla(QSqlDatabase& db, storage::Dialect dialect, const QualityQuery& query,
    const RangeSplit& split, QHash<QDate, Tally>& days);

// Mean from the exact sums, real median and nearest-rank p90 of the first-response (kind 0) or approval
// (kind 1) durations of the whole range; `count` and `sumMs` come from the range's tally.
Result<DurationStats> durationStats(QSqlDatabase& db, storage::Dialect dialect, const QualityQuery& query,
    const RangeSplit& split, int kind, qint64 count, qint64 sumMs);

} // namespace cx::metrics::rollup
