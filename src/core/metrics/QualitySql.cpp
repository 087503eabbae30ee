#include "metrics/QualitySql.h"

#include "storage/SqlTime.h"

#include <QSqlQuery>

namespace cx::metrics {

using storage::Dialect;

QualitySql::QualitySql(Dialect dialect, const QualityQuery& query)
    : m_dialect(dialect)
    , m_query(query)
{
}

Status QualitySql::validate(const QualityQuery& q)
{
    if (!q.from.isValid())
        return makeError(
            ErrorKind::Invalid, QStringLiteral("the range has no start"), QStringLiteral("from"));
    if (!q.to.isValid())
        return makeError(ErrorKind::Invalid, QStringLiteral("the range has no end"), QStringLiteral("to"));
    if (q.from >= q.to)
        return makeError(
            ErrorKind::Invalid, QStringLiteral("the range must end after it starts"), QStringLiteral("to"));
    if (q.slaMinutes < 0)
        return makeError(
            ErrorKind::Invalid, QStringLiteral("the SLA cannot be negative"), QStringLiteral("slaMinutes"));
    if (q.topRejectionReasons < 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("the number of reasons cannot be negative"),
            QStringLiteral("topRejectionReasons"));
    if (q.chatwootOutgoingCount && *q.chatwootOutgoingCount < 0)
        return makeError(ErrorKind::Invalid, QStringLiteral("a message count cannot be negative"),
            QStringLiteral("chatwootOutgoingCount"));
    return Ok {};
}

QString QualitySql::filter() const
{
    QString f = QStringLiteral("graded_at >= ? AND graded_at < ?");
    if (m_query.inboxId)
        f += QStringLiteral(" AND inbox_id = ?");
    if (!m_query.reviewer.isEmpty())
        f += QStringLiteral(" AND graded_by = ?");
    return f;
}

QVariantList QualitySql::filterValues() const
{
    QVariantList v { storage::toSqlTime(m_query.from, m_dialect), storage::toSqlTime(m_query.to, m_dialect) };
    if (m_query.inboxId)
        v << QVariant::fromValue(*m_query.inboxId);
    if (!m_query.reviewer.isEmpty())
        v << m_query.reviewer;
    return v;
}

QVariantList QualitySql::filterValuesForDay(const QDate& day) const
{
    const QDateTime dayStart(day, QTime(0, 0), Qt::UTC);
    const QDateTime dayEnd = dayStart.addDays(1);
    QVariantList v = filterValues();
    v[0] = storage::toSqlTime(std::max(dayStart, m_query.from.toUTC()), m_dialect);
    v[1] = storage::toSqlTime(std::min(dayEnd, m_query.to.toUTC()), m_dialect);
    return v;
}

QString QualitySql::dayOf(const QString& column) const
{
    // SQLite stores canonical UTC text 'YYYY-MM-DDTHH:MM:SS.sssZ': its first ten characters are the UTC day.
    if (m_dialect == Dialect::Sqlite)
        return QStringLiteral("substr(%1, 1, 10)").arg(column);
    return QStringLiteral("to_char(%1 AT TIME ZONE 'UTC', 'YYYY-MM-DD')").arg(column);
}

QString QualitySql::millisBetween(const QString& from, const QString& to) const
{
    const QString diff = m_dialect == Dialect::Sqlite
        ? QStringLiteral("CAST(ROUND((julianday(%2) - julianday(%1)) * 86400000.0) AS INTEGER)").arg(from, to)
        : QStringLiteral("CAST(ROUND(EXTRACT(EPOCH FROM (%2 - %1)) * 1000) AS bigint)").arg(from, to);
    return QStringLiteral("(CASE WHEN %1 IS NOT NULL AND %2 IS NOT NULL AND %2 >= %1 THEN %3 END)")
        .arg(from, to, diff);
}

QString QualitySql::isTrue(const QString& column) const
{
    return m_dialect == Dialect::Sqlite ? column + QStringLiteral(" = 1") : column;
}

QString QualitySql::asInt(const QString& column) const
{
    return QStringLiteral("(CASE WHEN %1 THEN 1 ELSE 0 END)").arg(isTrue(column));
}

QString QualitySql::fence() const
{
    return m_dialect == Dialect::Sqlite ? QStringLiteral(" LIMIT -1") : QStringLiteral(" OFFSET 0");
}

QString QualitySql::editRatioBucketCase(const QString& c)
{
    // Literal bounds compare exactly with the stored doubles (0.3 is the same double on both sides),
    // unlike floor(ratio * 10), which puts 0.3 into the 0.3–0.4 bucket.
    QString s = QStringLiteral("(CASE WHEN %1 IS NULL THEN NULL WHEN %1 <= 0 THEN 0").arg(c);
    for (int i = 1; i < kEditRatioBuckets - 1; ++i)
        s += QStringLiteral(" WHEN %1 <= 0.%2 THEN %3").arg(c).arg(i).arg(i);
    s += QStringLiteral(" ELSE %1 END)").arg(kEditRatioBuckets - 1);
    return s;
}

QString QualitySql::approvalBucketCase(const QString& c)
{
    QString s = QStringLiteral("(CASE WHEN %1 IS NULL THEN NULL").arg(c);
    for (int i = 0; i < kApprovalBuckets - 1; ++i)
        s += QStringLiteral(" WHEN %1 <= %2 THEN %3")
                 .arg(c)
                 .arg(kApprovalBucketUpperSeconds[std::size_t(i)] * 1000)
                 .arg(i);
    s += QStringLiteral(" ELSE %1 END)").arg(kApprovalBuckets - 1);
    return s;
}

void QualitySql::bindAll(QSqlQuery& query, const QVariantList& values)
{
    for (const QVariant& v : values)
        query.addBindValue(v);
}

} // namespace cx::metrics
