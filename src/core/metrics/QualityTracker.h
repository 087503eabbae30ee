#pragma once

#include "foundation/Result.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::metrics {

// What a chart point stands for: one UTC day and/or one histogram bucket. Unset parts don't restrict.
struct DrillDown {
    std::optional<QDate> day;
    std::optional<int> editRatioBucket; // 0..kEditRatioBuckets-1
    std::optional<int> approvalBucket; // 0..kApprovalBuckets-1
    bool slaBreachesOnly = false; // answered later than the SLA
    int limit = 500;
};

// One conversation behind a chart point: its id and, when a draft recorded it, the customer's name.
struct DrillItem {
    QString conversationId;
    QString customerName; // empty when unknown (older drafts, rows without a draft)
};

// What the dashboard's filters offer: every inbox and reviewer that has a learning signal, ascending.
struct FilterChoices {
    QList<qint64> inboxes;
    QStringList reviewers;
};

// Quality, volume, efficiency and learning metrics over the learning signals (customer_reply_grading),
// computed in the database, all in one read snapshot; nothing loads the rows into memory. Whole UTC days are
// read from daily roll-ups that triggers keep up to date (migration 0301: metrics_daily per day, inbox and
// reviewer; metrics_duration_daily, a duration histogram per day); partial days at the ends of the range from
// the rows. Exact medians and p90: the histogram finds the bucket holding each rank, the ordered duration
// index gives the value (LIMIT 1 OFFSET k) — no sort (inbox / reviewer filters: ROW_NUMBER over their rows).
// Every metric is defined in src/core/metrics/METRICS.md; empty ranges give std::nullopt, never NaN.
class QualityTracker final {
public:
    explicit QualityTracker(std::shared_ptr<storage::Database> database);

    using ReportCallback = std::function<void(Result<QualityReport>)>;
    using IdsCallback = std::function<void(Result<QStringList>)>;
    using ItemsCallback = std::function<void(Result<QList<DrillItem>>)>;
    using ChoicesCallback = std::function<void(Result<FilterChoices>)>;

    // Runs on the database's worker thread; `done` is invoked once on `context`'s thread (never if it died).
    void compute(const QualityQuery& query, QObject* context, ReportCallback done) const;
    // The conversation ids behind a chart point (distinct, sorted, at most drill.limit).
    void conversationIds(
        const QualityQuery& query, const DrillDown& drill, QObject* context, IdsCallback done) const;

    // The same conversations with the customers' names (what the drill-down list shows).
    void drillItems(
        const QualityQuery& query, const DrillDown& drill, QObject* context, ItemsCallback done) const;

    void filterChoices(QObject* context, ChoicesCallback done) const;

    // Synchronous forms on the given connection (worker threads, the CLI, tests).
    static Result<QualityReport> computeNow(
        QSqlDatabase& db, storage::Dialect dialect, const QualityQuery& query);
    // Customer names by conversation id (drafts.customer_name of the signals' drafts); ids without one are
    // left out.
    static Result<QHash<QString, QString>> customerNamesNow(
        QSqlDatabase& db, const QStringList& conversationIds);
    // The distinct inboxes and reviewers without reading the table: a "loose index scan" — a recursive query
    // that jumps from one value to the next through the (inbox_id, graded_at) and (graded_by, graded_at)
    // indexes (MIN(col) WHERE col > previous), one index probe per distinct value. Equal to SELECT DISTINCT.
    static Result<FilterChoices> filterChoicesNow(QSqlDatabase& db);
    static Result<QStringList> conversationIdsNow(
        QSqlDatabase& db, storage::Dialect dialect, const QualityQuery& query, const DrillDown& drill);

private:
    std::shared_ptr<storage::Database> m_database;
};

} // namespace cx::metrics
