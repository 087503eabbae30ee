#include "metrics/DailyRollup.h"

#include "metrics/OrderStatistics.h"
#include "metrics/QualitySql.h"
#include "storage/SqlError.h"

#include <QMap>
#include <QSqlQuery>

#include <vector>

namespace cx::metrics::rollup {

using storage::Dialect;

namespace {
qint64 asInt(const QVariant& v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

} // namespace

// Reads one grouped row of the main aggregate into a Tally; `i` walks the columns.
Tally readTally(const QSqlQuery& q, int& i)
{
    Tally t;
    t.reviewed = asInt(q.value(i++));
    t.approved = asInt(q.value(i++));
    t.approvedWithoutMajorEdits = asInt(q.value(i++));
    t.toneSum = asInt(q.value(i++));
    t.accuracySum = asInt(q.value(i++));
    t.policySum = asInt(q.value(i++));
    for (auto* counts : { &t.toneCounts, &t.accuracyCounts, &t.policyCounts })
        for (qint64& c : *counts)
            c = asInt(q.value(i++));
    t.editDistanceCount = asInt(q.value(i++));
    t.editDistanceSum = asInt(q.value(i++));
    t.editRatioCount = asInt(q.value(i++));
    t.editRatioSum = q.value(i++).toDouble();
    t.firstResponseCount = asInt(q.value(i++));
    t.firstResponseSumMs = asInt(q.value(i++));
    t.firstResponseWithinSla = asInt(q.value(i++));
    t.approvalTimeCount = asInt(q.value(i++));
    t.approvalTimeSumMs = asInt(q.value(i++));
    for (qint64& c : t.editRatioHistogram)
        c = asInt(q.value(i++));
    for (qint64& c : t.approvalHistogram)
        c = asInt(q.value(i++));
    return t;
}

// Whole UTC days of [from, to) are read from the roll-up tables (metrics_daily, metrics_duration_daily,
// maintained by triggers, migration 0301); the partial days at either end from the rows themselves.

RangeSplit splitRange(const QualityQuery& query)
{
    const QDateTime from = query.from.toUTC();
    const QDateTime to = query.to.toUTC();
    QDateTime firstStart(from.date(), QTime(0, 0), Qt::UTC);
    if (firstStart < from)
        firstStart = firstStart.addDays(1);
    const QDateTime lastEnd(to.date(), QTime(0, 0), Qt::UTC);
    RangeSplit split;
    if (firstStart < lastEnd) {
        split.fullFirst = firstStart.date();
        split.fullEnd = lastEnd.date();
        if (from < firstStart)
            split.partial.append({ from, firstStart });
        if (lastEnd < to)
            split.partial.append({ lastEnd, to });
    } else {
        split.partial.append({ from, to });
    }
    return split;
}

QualityQuery subRange(const QualityQuery& query, const QDateTime& from, const QDateTime& to)
{
    QualityQuery q = query;
    q.from = from;
    q.to = to;
    return q;
}

static QVariant dayValue(const QDate& day, Dialect dialect)
{
    return dialect == Dialect::Sqlite ? QVariant(day.toString(Qt::ISODate)) : QVariant(day);
}

static QDate dayOfValue(const QVariant& v)
{
    return QDate::fromString(v.toString().left(10), Qt::ISODate);
}

static bool filtered(const QualityQuery& query)
{
    return query.inboxId || !query.reviewer.isEmpty();
}

// Daily tallies of whole days from metrics_daily; firstResponseWithinSla is filled by addWithinSla.
Status addRollupTallies(QSqlDatabase& db, Dialect dialect, const QualityQuery& query, const RangeSplit& split,
    QHash<QDate, Tally>& days)
{
    QStringList cols { QStringLiteral("reviewed"), QStringLiteral("approved"), QStringLiteral("awme"),
        QStringLiteral("tone_sum"), QStringLiteral("accuracy_sum"), QStringLiteral("policy_sum") };
    for (const char* axis : { "tone", "accuracy", "policy" })
        for (int g = 1; g <= 5; ++g)
            cols << QStringLiteral("%1_%2").arg(QLatin1String(axis)).arg(g);
    cols << QStringLiteral("ed_count") << QStringLiteral("ed_sum") << QStringLiteral("er_count")
         << QStringLiteral("er_sum") << QStringLiteral("frt_count") << QStringLiteral("frt_sum") << QString()
         << QStringLiteral("appr_count") << QStringLiteral("appr_sum");
    for (int b = 0; b < kEditRatioBuckets; ++b)
        cols << QStringLiteral("erb_%1").arg(b);
    for (int b = 0; b < kApprovalBuckets; ++b)
        cols << QStringLiteral("apb_%1").arg(b);
    for (QString& c : cols)
        c = c.isEmpty() ? QStringLiteral("0") : QStringLiteral("SUM(%1)").arg(c);
    QString text = QStringLiteral("SELECT day, %1 FROM metrics_daily WHERE day >= ? AND day < ?")
                       .arg(cols.join(QStringLiteral(", ")));
    if (query.inboxId) // -1 stands for "no inbox" in the roll-up; a real inbox id is never negative
        text += QStringLiteral(" AND inbox_key = ? AND inbox_key >= 0");
    if (!query.reviewer.isEmpty())
        text += QStringLiteral(" AND graded_by = ?");
    text += QStringLiteral(" GROUP BY day");
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("quality metrics (daily roll-up)"));
    q.addBindValue(dayValue(split.fullFirst, dialect));
    q.addBindValue(dayValue(split.fullEnd, dialect));
    if (query.inboxId)
        q.addBindValue(QVariant::fromValue(*query.inboxId));
    if (!query.reviewer.isEmpty())
        q.addBindValue(query.reviewer);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("quality metrics (daily roll-up)"));
    while (q.next()) {
        int i = 1;
        days[dayOfValue(q.value(0))].add(readTally(q, i));
    }
    return Ok {};
}

// Duration histogram buckets [lo, lo + width) in ms — the same bands as migration 0301.
static qint64 bucketWidth(qint64 v)
{
    return v < 60000 ? 1000 : v < 600000 ? 10000 : v < 3600000 ? 60000 : v < 86400000 ? 600000 : 3600000;
}
static qint64 bucketLo(qint64 v)
{
    return v - v % bucketWidth(v);
}
static QString bucketLoSql(const QString& v)
{
    return QStringLiteral("(CASE WHEN %1 < 60000 THEN %1 - %1 % 1000 WHEN %1 < 600000 THEN %1 - %1 % 10000 "
                          "WHEN %1 < 3600000 THEN %1 - %1 % 60000 WHEN %1 < 86400000 THEN %1 - %1 % 600000 "
                          "ELSE %1 - %1 % 3600000 END)")
        .arg(v);
}

static QString indexedBy(Dialect dialect, const QString& column)
{
    return dialect == Dialect::Sqlite ? QStringLiteral(" INDEXED BY customer_reply_grading_%1").arg(column)
                                      : QString();
}

static Result<QHash<QDate, qint64>> countByDay(
    QSqlDatabase& db, const QString& text, const QVariantList& values)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("SLA compliance"));
    QualitySql::bindAll(q, values);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("SLA compliance"));
    QHash<QDate, qint64> counts;
    while (q.next())
        counts[dayOfValue(q.value(0))] += asInt(q.value(1));
    return counts;
}

// First replies within the SLA on the whole days: histogram buckets entirely within it, plus the rows of the
// one bucket the SLA cuts (index range). Filtered queries count the rows through the filter's index.
Status addWithinSla(QSqlDatabase& db, Dialect dialect, const QualityQuery& query, const RangeSplit& split,
    QHash<QDate, Tally>& days)
{
    const qint64 slaMs = qint64(query.slaMinutes) * 60000;
    const QualitySql full(dialect,
        subRange(query, QDateTime(split.fullFirst, QTime(0, 0), Qt::UTC),
            QDateTime(split.fullEnd, QTime(0, 0), Qt::UTC)));
    const QString day = full.dayOf(QStringLiteral("graded_at"));
    std::vector<Result<QHash<QDate, qint64>>> parts;
    if (filtered(query)) {
        parts.push_back(countByDay(db,
            QStringLiteral(
                "SELECT %1, COUNT(*) FROM customer_reply_grading WHERE %2 AND first_response_ms <= ? "
                "GROUP BY 1")
                .arg(day, full.filter()),
            full.filterValues() << QVariant::fromValue(slaMs)));
    } else {
        parts.push_back(countByDay(db,
            QStringLiteral("SELECT day, SUM(n) FROM metrics_duration_daily WHERE kind = 0 AND day >= ? AND "
                           "day < ? AND hi <= ? GROUP BY day"),
            { dayValue(split.fullFirst, dialect), dayValue(split.fullEnd, dialect),
                QVariant::fromValue(slaMs + 1) }));
        const qint64 lo = bucketLo(slaMs);
        if (lo + bucketWidth(slaMs) > slaMs + 1)
            parts.push_back(countByDay(db,
                QStringLiteral(
                    "SELECT %1, COUNT(*) FROM customer_reply_grading%2 WHERE first_response_ms >= ? "
                    "AND first_response_ms <= ? AND %3 GROUP BY 1")
                    .arg(day, indexedBy(dialect, QStringLiteral("first_response_ms")), full.filter()),
                QVariantList { QVariant::fromValue(lo), QVariant::fromValue(slaMs) } << full.filterValues()));
    }
    for (const auto& part : parts) {
        if (!part)
            return part.error();
        for (auto it = part->cbegin(); it != part->cend(); ++it)
            days[it.key()].firstResponseWithinSla += it.value();
    }
    return Ok {};
}

// Filtered (inbox / reviewer): ranks selected with ROW_NUMBER() over the filtered rows' durations.
static Result<QHash<qint64, qint64>> valuesByRankFiltered(
    QSqlDatabase& db, const QualitySql& sql, const QString& column, const QList<qint64>& ranks)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString text
        = QStringLiteral("SELECT rn, v FROM (SELECT %1 AS v, ROW_NUMBER() OVER (ORDER BY %1) AS rn FROM "
                         "customer_reply_grading WHERE %2 AND %1 IS NOT NULL) o WHERE rn IN (?, ?, ?)")
              .arg(column, sql.filter());
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("duration percentiles"));
    QualitySql::bindAll(q, sql.filterValues());
    for (qint64 r : ranks)
        q.addBindValue(r);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("duration percentiles"));
    QHash<qint64, qint64> byRank;
    while (q.next())
        byRank.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    return byRank;
}

// Unfiltered: the histogram (roll-up for whole days, rows for partial days) finds the bucket holding each
// rank; the value is then read from the ordered index inside that bucket (LIMIT 1 OFFSET k), never sorted.
static Result<QHash<qint64, qint64>> valuesByRankFromHistogram(QSqlDatabase& db, Dialect dialect,
    const QualityQuery& query, const RangeSplit& split, int kind, const QString& column,
    const QList<qint64>& ranks)
{
    QMap<qint64, std::pair<qint64, qint64>> buckets; // lo -> (hi, n)
    auto read = [&](QSqlQuery& q) {
        while (q.next()) {
            auto& b = buckets[q.value(0).toLongLong()];
            b.first = q.value(1).toLongLong();
            b.second += q.value(2).toLongLong();
        }
    };
    if (split.hasFullDays()) {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT lo, hi, SUM(n) FROM metrics_duration_daily WHERE kind = ? AND "
                                 "day >= ? AND day < ? GROUP BY lo, hi"));
        q.addBindValue(kind);
        q.addBindValue(dayValue(split.fullFirst, dialect));
        q.addBindValue(dayValue(split.fullEnd, dialect));
        if (!q.exec())
            return storage::toError(q, QStringLiteral("duration histogram"));
        read(q);
    }
    for (const auto& [from, to] : split.partial) {
        const QualitySql part(dialect, subRange(query, from, to));
        const QString lo = bucketLoSql(column);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT lo, lo + (CASE WHEN lo < 60000 THEN 1000 WHEN lo < 600000 THEN 10000 "
                           "WHEN lo < 3600000 THEN 60000 WHEN lo < 86400000 THEN 600000 ELSE 3600000 "
                           "END), n FROM (SELECT %1 AS lo, COUNT(*) AS n FROM customer_reply_grading "
                           "WHERE %2 AND %3 IS NOT NULL GROUP BY 1) b")
                .arg(lo, part.filter(), column));
        QualitySql::bindAll(q, part.filterValues());
        if (!q.exec())
            return storage::toError(q, QStringLiteral("duration histogram"));
        read(q);
    }
    const QualitySql sql(dialect, query);
    QHash<qint64, qint64> byRank;
    for (qint64 rank : ranks) {
        if (byRank.contains(rank))
            continue;
        qint64 before = 0;
        for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
            if (before + it->second < rank) {
                before += it->second;
                continue;
            }
            QSqlQuery q(db);
            q.setForwardOnly(true);
            q.prepare(
                QStringLiteral("SELECT %1 FROM customer_reply_grading%2 WHERE %1 >= ? AND %1 < ? AND %3 "
                               "ORDER BY %1 LIMIT 1 OFFSET ?")
                    .arg(column, indexedBy(dialect, column), sql.filter()));
            q.addBindValue(it.key());
            q.addBindValue(it->first);
            QualitySql::bindAll(q, sql.filterValues());
            q.addBindValue(rank - before - 1);
            if (!q.exec())
                return storage::toError(q, QStringLiteral("duration percentiles"));
            if (q.next())
                byRank.insert(rank, q.value(0).toLongLong());
            break;
        }
    }
    return byRank;
}

// Mean from the exact sums; real median and nearest-rank p90 by rank (METRICS.md).
Result<DurationStats> durationStats(QSqlDatabase& db, Dialect dialect, const QualityQuery& query,
    const RangeSplit& split, int kind, qint64 count, qint64 sumMs)
{
    DurationStats s;
    s.count = count;
    const auto ranks = orderRanks(count);
    if (!ranks)
        return s;
    s.meanSeconds = double(sumMs) / (1000.0 * double(count));
    const QString column = kind == 0 ? QStringLiteral("first_response_ms") : QStringLiteral("approval_ms");
    const QList<qint64> wanted { ranks->medianLow, ranks->medianHigh, ranks->p90 };
    auto byRank = filtered(query)
        ? valuesByRankFiltered(db, QualitySql(dialect, query), column, wanted)
        : valuesByRankFromHistogram(db, dialect, query, split, kind, column, wanted);
    if (!byRank)
        return byRank.error();
    for (qint64 r : wanted)
        if (!byRank->contains(r))
            return makeError(
                ErrorKind::Database, QStringLiteral("the durations changed while they were read"));
    // Whole milliseconds are exact in a double; the real median of an even count is the mean of the two.
    s.medianSeconds
        = (double(byRank->value(ranks->medianLow)) + double(byRank->value(ranks->medianHigh))) / 2000.0;
    s.p90Seconds = double(byRank->value(ranks->p90)) / 1000.0;
    return s;
}
} // namespace cx::metrics::rollup
