#pragma once

#include "foundation/Result.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QVariantList>

class QSqlQuery;

namespace cx::metrics {

// The SQL pieces the tracker and the exports share, for one dialect and one query: the row filter
// (graded_at in [from, to), inbox, reviewer) with its bind values, UTC day and duration expressions, and the
// bucket conditions, so a drill-down selects exactly the rows a chart counted.
class QualitySql final {
public:
    QualitySql(storage::Dialect dialect, const QualityQuery& query);

    // Checks the query: valid from < to, slaMinutes >= 0, topRejectionReasons >= 0.
    static Status validate(const QualityQuery& query);

    storage::Dialect dialect() const { return m_dialect; }
    // "graded_at >= ? AND graded_at < ? [AND inbox_id = ?] [AND graded_by = ?]" and its values, in order.
    QString filter() const;
    QVariantList filterValues() const;
    // Same filter restricted to one UTC day (intersected with [from, to)).
    QVariantList filterValuesForDay(const QDate& day) const;

    QString dayOf(const QString& column) const; // 'YYYY-MM-DD' of a timestamp, in UTC
    // Whole milliseconds from `from` to `to`; NULL when either is NULL or `to` is before `from`.
    QString millisBetween(const QString& from, const QString& to) const;
    QString firstResponseMs() const
    {
        return millisBetween(QStringLiteral("customer_message_at"), QStringLiteral("sent_at"));
    }
    QString approvalMs() const
    {
        return millisBetween(QStringLiteral("draft_ready_at"), QStringLiteral("approved_at"));
    }
    QString asInt(const QString& booleanColumn) const; // 0/1
    QString isTrue(const QString& booleanColumn) const;
    // Keeps a subquery from being merged into its parent, so each column is computed once per row.
    QString fence() const;
    // CASE expressions giving the bucket index (NULL when the value is NULL).
    static QString editRatioBucketCase(const QString& ratioColumn);
    static QString approvalBucketCase(const QString& millisColumn);

    static void bindAll(QSqlQuery& query, const QVariantList& values);

private:
    storage::Dialect m_dialect;
    QualityQuery m_query;
};

} // namespace cx::metrics
