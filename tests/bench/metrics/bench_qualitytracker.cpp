// Benchmark (not a test): the dashboard's metrics for a 90-day range vs one hand-written SQL aggregate over
// the same rows. Generates N learning signals (default 1,000,000) spread over 180 days into a database
// (reused when it already holds them), then times both, best of R runs each.
//
//   bench_qualitytracker [--rows N] [--runs R] [--database URL]
//   default URL: sqlite:///tmp/cxpilot-bench-metrics.db
//   tests/bench/metrics/run-bench.sh [BUILD_DIR] runs it on SQLite and on a throw-away PostgreSQL.
//
// The baseline ("hand-written aggregate") is one query over the same rows (graded_at in the range):
// COUNT(*), AVG of the three grades, edit distance and edit ratio, and the approved / approved-without-major-
// edits counts. After timing, the dashboard's median and p90 are checked against a plain sort of the rows
// (ROW_NUMBER), and its counts and averages against the baseline; a mismatch fails the run (exit 1).
#include "metrics/OrderStatistics.h"
#include "metrics/QualityTracker.h"
#include "storage/Database.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QUuid>

#include <QHash>

#include <cmath>
#include <cstdio>
#include <optional>

using namespace cx;

namespace {
QString opt(const QStringList& args, const char* name, const QString& fallback)
{
    const int i = int(args.indexOf(QLatin1String(name)));
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

const QDateTime kEnd(QDate(2024, 7, 1), QTime(0, 0), Qt::UTC);

qint64 rowCount(QSqlDatabase& db)
{
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")) && q.next()
        ? q.value(0).toLongLong()
        : -1;
}

bool generate(storage::Database& database, qint64 rows)
{
    QSqlDatabase db = database.connection();
    const auto d = database.dialect();
    QRandomGenerator rng(42);
    const QString draft
        = QStringLiteral("Thanks for reaching out! Your order shipped yesterday and should arrive "
                         "within three business days. Tracking: see your account.");
    const QString final
        = QStringLiteral("Thanks for reaching out, Sam! Your order shipped yesterday and should "
                         "arrive within three business days.");
    const char* reasons[] = { "Wrong policy", "Tone too casual", "Missing facts", "Outdated article" };
    const qint64 spanMs = qint64(180) * 86400 * 1000;
    db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO customer_reply_grading (id, conversation_id, inbox_id, draft_reply, human_reply, tone, "
        "accuracy, "
        "policy, edit_distance, edit_ratio, approved, approved_without_major_edits, rejection_reason, "
        "graded_by, "
        "graded_at, customer_message_at, draft_ready_at, approved_at, sent_at, customer_message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (qint64 i = 0; i < rows; ++i) {
        const QDateTime graded = kEnd.addMSecs(-spanMs + (spanMs / rows) * i);
        const bool approved = rng.bounded(100) < 88;
        const double ratio = approved ? rng.bounded(100) / 200.0 : 0.6 + rng.bounded(40) / 100.0;
        const QDateTime customer = graded.addSecs(-60 - rng.bounded(1800));
        const QDateTime ready = customer.addSecs(20 + rng.bounded(60));
        const QVariant nullTime = storage::toSqlTime(QDateTime(), d);
        q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        q.addBindValue(QString::number(i / 3));
        q.addBindValue(qint64(1 + rng.bounded(4)));
        q.addBindValue(draft);
        q.addBindValue(approved ? QVariant(final) : QVariant(QMetaType::fromType<QString>()));
        q.addBindValue(3 + rng.bounded(3));
        q.addBindValue(2 + rng.bounded(4));
        q.addBindValue(3 + rng.bounded(3));
        q.addBindValue(int(ratio * 140));
        q.addBindValue(ratio);
        q.addBindValue(approved);
        q.addBindValue(approved && ratio <= 0.2);
        q.addBindValue(approved ? QVariant(QMetaType::fromType<QString>())
                                : QVariant(QLatin1String(reasons[rng.bounded(4)])));
        q.addBindValue(QStringLiteral("agent%1").arg(rng.bounded(12)));
        q.addBindValue(storage::toSqlTime(graded, d));
        q.addBindValue(storage::toSqlTime(customer, d));
        q.addBindValue(storage::toSqlTime(ready, d));
        q.addBindValue(approved ? storage::toSqlTime(graded.addSecs(-5), d) : nullTime);
        q.addBindValue(approved ? storage::toSqlTime(graded, d) : nullTime);
        q.addBindValue(QStringLiteral("Where is my order?"));
        if (!q.exec()) {
            std::fprintf(stderr, "insert failed\n");
            return false;
        }
        if ((i + 1) % 100000 == 0) {
            db.commit();
            db.transaction();
            std::fprintf(stderr, "  %lld rows\n", static_cast<long long>(i + 1));
        }
    }
    db.commit();
    QSqlQuery analyze(db);
    analyze.exec(d == storage::Dialect::Sqlite ? QStringLiteral("ANALYZE")
                                               : QStringLiteral("VACUUM ANALYZE customer_reply_grading"));
    return true;
}

template <typename Fn> double bestMs(int runs, Fn fn)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        fn();
        best = std::min(best, t.nsecsElapsed() / 1e6);
    }
    return best;
}
// Checks a report against plain queries over the rows: count, average tone, SLA count, median and p90 (sort).
bool verify(QSqlDatabase& db, storage::Dialect d, const metrics::QualityQuery& query,
    const metrics::QualityReport& report)
{
    const QVariant from = storage::toSqlTime(query.from, d);
    const QVariant to = storage::toSqlTime(query.to, d);
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT COUNT(*), AVG(tone), SUM(CASE WHEN first_response_ms <= ? THEN 1 ELSE 0 END) "
                       "FROM customer_reply_grading WHERE graded_at >= ? AND graded_at < ?"));
    q.addBindValue(qint64(query.slaMinutes) * 60000);
    q.addBindValue(from);
    q.addBindValue(to);
    if (!q.exec() || !q.next())
        return false;
    bool ok = q.value(0).toLongLong() == report.totals.reviewed && report.totals.averageTone()
        && std::abs(*report.totals.averageTone() - q.value(1).toDouble()) < 1e-9
        && q.value(2).toLongLong() == report.totals.firstResponseWithinSla;
    std::printf("[%s, %s): %lld rows, within SLA %lld (rows: %lld)\n",
        qPrintable(query.from.toString(Qt::ISODate)), qPrintable(query.to.toString(Qt::ISODate)),
        static_cast<long long>(report.totals.reviewed),
        static_cast<long long>(report.totals.firstResponseWithinSla), q.value(2).toLongLong());
    for (const auto& [column, stats] : { std::pair { "first_response_ms", report.firstResponse },
             std::pair { "approval_ms", report.approvalTime } }) {
        const auto ranks = metrics::orderRanks(stats.count);
        if (!ranks || !stats.medianSeconds || !stats.p90Seconds)
            return false;
        QSqlQuery r(db);
        r.prepare(
            QStringLiteral("SELECT rn, v FROM (SELECT %1 AS v, ROW_NUMBER() OVER (ORDER BY %1) AS rn FROM "
                           "customer_reply_grading WHERE graded_at >= ? AND graded_at < ? AND %1 IS NOT "
                           "NULL) o WHERE rn IN (?, ?, ?)")
                .arg(QLatin1String(column)));
        r.addBindValue(from);
        r.addBindValue(to);
        r.addBindValue(ranks->medianLow);
        r.addBindValue(ranks->medianHigh);
        r.addBindValue(ranks->p90);
        QHash<qint64, double> v;
        if (r.exec())
            while (r.next())
                v.insert(r.value(0).toLongLong(), r.value(1).toDouble());
        const double median = (v.value(ranks->medianLow) + v.value(ranks->medianHigh)) / 2000.0;
        const double p90 = v.value(ranks->p90) / 1000.0;
        std::printf("  %s: n %lld, median %.3f s (sorted: %.3f), p90 %.3f s (sorted: %.3f)\n", column,
            static_cast<long long>(stats.count), *stats.medianSeconds, median, *stats.p90Seconds, p90);
        ok = ok && median == *stats.medianSeconds && p90 == *stats.p90Seconds;
    }
    return ok;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const qint64 rows = opt(args, "--rows", QStringLiteral("1000000")).toLongLong();
    const int runs = opt(args, "--runs", QStringLiteral("5")).toInt();
    const QString url = opt(args, "--database", QStringLiteral("sqlite:///tmp/cxpilot-bench-metrics.db"));
    auto opened = storage::Database::open(url);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    auto database = opened.value();
    QSqlDatabase db = database->connection();
    if (rowCount(db) != rows) {
        QSqlQuery(db).exec(QStringLiteral("DELETE FROM customer_reply_grading"));
        std::fprintf(stderr, "generating %lld learning signals...\n", static_cast<long long>(rows));
        if (!generate(*database, rows))
            return 1;
    }

    metrics::QualityQuery query;
    query.to = kEnd;
    query.from = kEnd.addDays(-90);
    query.asOf = kEnd;
    qint64 inRange = 0;
    const double baseline = bestMs(runs, [&] {
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("SELECT COUNT(*), AVG(tone), AVG(accuracy), AVG(policy), AVG(edit_distance), "
                           "AVG(edit_ratio), SUM(CASE WHEN approved THEN 1 ELSE 0 END), "
                           "SUM(CASE WHEN approved_without_major_edits THEN 1 ELSE 0 END) "
                           "FROM customer_reply_grading WHERE graded_at >= ? AND graded_at < ?"));
        q.addBindValue(storage::toSqlTime(query.from, database->dialect()));
        q.addBindValue(storage::toSqlTime(query.to, database->dialect()));
        if (q.exec() && q.next())
            inRange = q.value(0).toLongLong();
    });
    qint64 reviewed = 0;
    std::optional<metrics::QualityReport> report;
    const double dashboard = bestMs(runs, [&] {
        auto r = metrics::QualityTracker::computeNow(db, database->dialect(), query);
        reviewed = r ? r->totals.reviewed : -1;
        if (r)
            report = *r;
        else
            std::fprintf(stderr, "%s\n", qPrintable(r.error().toString()));
    });
    bool exact = report && verify(db, database->dialect(), query, *report);
    // A range that is not whole days: the partial days at both ends are read from the rows.
    metrics::QualityQuery ragged = query;
    ragged.from = query.from.addSecs(7 * 3600 + 1800);
    ragged.to = query.to.addSecs(-2 * 3600);
    auto raggedReport = metrics::QualityTracker::computeNow(db, database->dialect(), ragged);
    exact = exact && raggedReport && verify(db, database->dialect(), ragged, *raggedReport);
    std::printf("database: %s\nrows: %lld, in the 90-day range: %lld (tracker saw %lld)\n",
        qPrintable(database->url().redacted()), static_cast<long long>(rows), static_cast<long long>(inRange),
        static_cast<long long>(reviewed));
    std::printf("hand-written aggregate: %.1f ms\ndashboard metrics:      %.1f ms\nratio: %.2f\n", baseline,
        dashboard, dashboard / baseline);
    std::printf(
        "baseline: SELECT COUNT(*), AVG(tone), AVG(accuracy), AVG(policy), AVG(edit_distance), "
        "AVG(edit_ratio), SUM(approved), SUM(approved_without_major_edits) over graded_at in [from, to)\n"
        "results match plain queries (count, average tone, SLA, median and p90 by sort): %s\n",
        exact && reviewed == inRange ? "yes" : "NO");
    return reviewed == inRange && exact ? 0 : 1;
}
