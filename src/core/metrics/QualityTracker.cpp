#include "metrics/QualityTracker.h"

#include "foundation/Clock.h"
#include "metrics/DailyRollup.h"
#include "metrics/QualitySql.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QFutureWatcher>
#include <QHash>
#include <QPointer>
#include <QSqlQuery>

namespace cx::metrics {

using storage::Dialect;

namespace {

using namespace rollup;

qint64 asInt(const QVariant& v)
{
    return v.isNull() ? 0 : v.toLongLong();
}

QString mainAggregateSql(const QualitySql& sql)
{
    QStringList cols { QStringLiteral("COUNT(*)"), QStringLiteral("SUM(ap)"), QStringLiteral("SUM(awme)"),
        QStringLiteral("SUM(tone)"), QStringLiteral("SUM(accuracy)"), QStringLiteral("SUM(policy)") };
    for (const char* axis : { "tone", "accuracy", "policy" })
        for (int g = 1; g <= 5; ++g)
            cols
                << QStringLiteral("SUM(CASE WHEN %1 = %2 THEN 1 ELSE 0 END)").arg(QLatin1String(axis)).arg(g);
    cols << QStringLiteral("COUNT(edit_distance)") << QStringLiteral("SUM(edit_distance)")
         << QStringLiteral("COUNT(edit_ratio)") << QStringLiteral("SUM(edit_ratio)")
         << QStringLiteral("COUNT(frt)") << QStringLiteral("SUM(frt)")
         << QStringLiteral("SUM(CASE WHEN frt <= ? THEN 1 ELSE 0 END)") << QStringLiteral("COUNT(appr)")
         << QStringLiteral("SUM(appr)");
    for (int b = 0; b < kEditRatioBuckets; ++b)
        cols << QStringLiteral("SUM(CASE WHEN erb = %1 THEN 1 ELSE 0 END)").arg(b);
    for (int b = 0; b < kApprovalBuckets; ++b)
        cols << QStringLiteral("SUM(CASE WHEN apb = %1 THEN 1 ELSE 0 END)").arg(b);

    const QString inner
        = QStringLiteral("SELECT %1 AS day, tone, accuracy, policy, %2 AS ap, %3 AS awme, edit_distance, "
                         "edit_ratio, %4 AS frt, %5 AS appr FROM customer_reply_grading WHERE %6%7")
              .arg(sql.dayOf(QStringLiteral("graded_at")), sql.asInt(QStringLiteral("approved")),
                  sql.asInt(QStringLiteral("approved_without_major_edits")),
                  QStringLiteral("first_response_ms"), QStringLiteral("approval_ms"), sql.filter(),
                  sql.fence());
    const QString middle
        = QStringLiteral("SELECT r1.*, %1 AS erb, %2 AS apb FROM (%3) r1%4")
              .arg(QualitySql::editRatioBucketCase(QStringLiteral("edit_ratio")),
                  QualitySql::approvalBucketCase(QStringLiteral("appr")), inner, sql.fence());
    return QStringLiteral("SELECT day, %1 FROM (%2) r2 GROUP BY day ORDER BY day")
        .arg(cols.join(QStringLiteral(", ")), middle);
}

Result<QHash<QDate, Tally>> dailyTallies(QSqlDatabase& db, const QualitySql& sql, const QualityQuery& query)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(mainAggregateSql(sql)))
        return storage::toError(q, QStringLiteral("quality metrics"));
    q.addBindValue(QVariant::fromValue(qint64(query.slaMinutes) * 60000));
    QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("quality metrics"));
    QHash<QDate, Tally> days;
    while (q.next()) {
        int i = 1;
        days.insert(QDate::fromString(q.value(0).toString(), Qt::ISODate), readTally(q, i));
    }
    return days;
}

// Unanswered customer messages (live drafts not yet approved) whose SLA already ran out at `asOf`,
// attributed to the UTC day the customer wrote. Unknowable per reviewer: skipped when filtering by reviewer.
Status addOpenBreaches(
    QSqlDatabase& db, const QualitySql& sql, const QualityQuery& query, QHash<QDate, Tally>& days)
{
    if (!query.reviewer.isEmpty())
        return Ok {};
    const QDateTime asOf = query.asOf.isValid() ? query.asOf : Clock::nowUtc();
    const QDateTime breachedBefore = asOf.addMSecs(-qint64(query.slaMinutes) * 60000);
    QString text
        = QStringLiteral("SELECT %1 AS day, COUNT(*) FROM drafts WHERE state IN ('drafted', 'noted') "
                         "AND customer_message_at >= ? AND customer_message_at < ? "
                         "AND customer_message_at < ?")
              .arg(sql.dayOf(QStringLiteral("customer_message_at")));
    if (query.inboxId)
        text += QStringLiteral(" AND inbox_id = ?");
    text += QStringLiteral(" GROUP BY 1");
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("open SLA breaches"));
    q.addBindValue(storage::toSqlTime(query.from, sql.dialect()));
    q.addBindValue(storage::toSqlTime(query.to, sql.dialect()));
    q.addBindValue(storage::toSqlTime(breachedBefore, sql.dialect()));
    if (query.inboxId)
        q.addBindValue(QVariant::fromValue(*query.inboxId));
    if (!q.exec())
        return storage::toError(q, QStringLiteral("open SLA breaches"));
    while (q.next())
        days[QDate::fromString(q.value(0).toString(), Qt::ISODate)].openSlaBreaches += asInt(q.value(1));
    return Ok {};
}

Result<QList<ReasonCount>> rejectionReasons(QSqlDatabase& db, const QualitySql& sql, int limit)
{
    QList<ReasonCount> reasons;
    if (limit <= 0)
        return reasons;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString text
        = QStringLiteral("SELECT TRIM(rejection_reason) AS reason, COUNT(*) AS n "
                         "FROM customer_reply_grading%3 WHERE %1 AND rejection_reason IS NOT NULL "
                         "AND TRIM(rejection_reason) <> '' GROUP BY TRIM(rejection_reason) "
                         "ORDER BY n DESC, reason ASC LIMIT %2")
              .arg(sql.filter())
              .arg(limit)
              .arg(sql.dialect() == Dialect::Sqlite
                      ? QStringLiteral(" INDEXED BY customer_reply_grading_rejection_reason")
                      : QString());
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("rejection reasons"));
    QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("rejection reasons"));
    while (q.next())
        reasons.append({ q.value(0).toString(), q.value(1).toLongLong() });
    return reasons;
}

// Rejected drafts of the range whose conversation a person answered afterwards (drafts.manual_reply_at, set
// when the poller or a webhook sees that public reply). Only rejected rows are read (few).
Result<qint64> manualRepliesSeen(QSqlDatabase& db, const QualitySql& sql)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString text
        = QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading WHERE %1 AND NOT (%2) AND EXISTS "
                         "(SELECT 1 FROM drafts d WHERE d.id = customer_reply_grading.draft_id "
                         "AND d.manual_reply_at IS NOT NULL)")
              .arg(sql.filter(), sql.isTrue(QStringLiteral("approved")));
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("manual replies"));
    QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec() || !q.next())
        return storage::toError(q, QStringLiteral("manual replies"));
    return asInt(q.value(0));
}

// A consistent read: every query of one report sees the same rows.
class ReadSnapshot final {
public:
    ReadSnapshot(QSqlDatabase& db, Dialect dialect)
        : m_db(db)
    {
        m_open = m_db.transaction();
        if (m_open && dialect == Dialect::Postgres) {
            QSqlQuery q(m_db);
            q.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
        }
    }
    ~ReadSnapshot()
    {
        if (m_open)
            m_db.rollback();
    }
    Q_DISABLE_COPY_MOVE(ReadSnapshot)

private:
    QSqlDatabase& m_db;
    bool m_open = false;
};

template <typename T, typename Fn>
void runAsync(const std::shared_ptr<storage::Database>& database, QObject* context,
    std::function<void(Result<T>)> done, Fn work)
{
    // A watcher owned by the context: the answer always arrives through the context's event loop, later
    // (QFuture::then with a context may run the continuation at once when the work already finished).
    auto* watcher = new QFutureWatcher<Result<T>>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(database->run<Result<T>>(std::move(work)));
}

} // namespace

QualityTracker::QualityTracker(std::shared_ptr<storage::Database> database)
    : m_database(std::move(database))
{
}

Result<QualityReport> QualityTracker::computeNow(QSqlDatabase& db, Dialect dialect, const QualityQuery& query)
{
    if (auto ok = QualitySql::validate(query); !ok)
        return ok.error();
    if (!db.isOpen())
        return makeError(ErrorKind::Unavailable, QStringLiteral("the database is not open"));
    const QualitySql sql(dialect, query);
    ReadSnapshot snapshot(db, dialect);

    const RangeSplit split = splitRange(query);
    QHash<QDate, Tally> days;
    for (const auto& [from, to] : split.partial) {
        const QualityQuery part = subRange(query, from, to);
        auto partDays = dailyTallies(db, QualitySql(dialect, part), part);
        if (!partDays)
            return partDays.error();
        for (auto it = partDays->cbegin(); it != partDays->cend(); ++it)
            days[it.key()].add(it.value());
    }
    if (split.hasFullDays()) {
        if (auto ok = addRollupTallies(db, dialect, query, split, days); !ok)
            return ok.error();
        if (auto ok = addWithinSla(db, dialect, query, split, days); !ok)
            return ok.error();
    }
    if (auto ok = addOpenBreaches(db, sql, query, days); !ok)
        return ok.error();

    QualityReport report;
    report.query = query;
    const QDate first = query.from.toUTC().date();
    const QDate last = query.to.toUTC().addMSecs(-1).date();
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        DailyPoint point { d, days.value(d) };
        report.totals.add(point.tally);
        report.daily.append(point);
    }

    auto frt = durationStats(
        db, dialect, query, split, 0, report.totals.firstResponseCount, report.totals.firstResponseSumMs);
    if (!frt)
        return frt.error();
    report.firstResponse = *frt;
    auto approval = durationStats(
        db, dialect, query, split, 1, report.totals.approvalTimeCount, report.totals.approvalTimeSumMs);
    if (!approval)
        return approval.error();
    report.approvalTime = *approval;
    auto reasons = rejectionReasons(db, sql, query.topRejectionReasons);
    if (!reasons)
        return reasons.error();
    report.rejectionReasons = *reasons;

    auto manualSeen = manualRepliesSeen(db, sql);
    if (!manualSeen)
        return manualSeen.error();
    VolumeStats& v = report.volume;
    v.aiDrafted = report.totals.approved;
    const qint64 rejected = std::max<qint64>(0, report.totals.reviewed - report.totals.approved);
    v.unanswered = std::max<qint64>(0, rejected - *manualSeen);
    if (query.chatwootOutgoingCount) {
        v.source = VolumeSource::Chatwoot;
        v.total = *query.chatwootOutgoingCount;
        v.manual = std::max<qint64>(0, v.total - v.aiDrafted);
    } else {
        v.source = VolumeSource::CxPilot;
        v.manual = *manualSeen;
        v.total = v.aiDrafted + v.manual;
    }
    if (v.total > 0)
        v.aiDraftedPct = std::min(100.0, 100.0 * double(v.aiDrafted) / double(v.total));
    return report;
}

Result<QStringList> QualityTracker::conversationIdsNow(
    QSqlDatabase& db, Dialect dialect, const QualityQuery& query, const DrillDown& drill)
{
    if (auto ok = QualitySql::validate(query); !ok)
        return ok.error();
    if (drill.editRatioBucket && (*drill.editRatioBucket < 0 || *drill.editRatioBucket >= kEditRatioBuckets))
        return makeError(ErrorKind::Invalid, QStringLiteral("no such edit-ratio bucket"),
            QStringLiteral("editRatioBucket"));
    if (drill.approvalBucket && (*drill.approvalBucket < 0 || *drill.approvalBucket >= kApprovalBuckets))
        return makeError(ErrorKind::Invalid, QStringLiteral("no such approval-time bucket"),
            QStringLiteral("approvalBucket"));
    const QualitySql sql(dialect, query);
    QString text
        = QStringLiteral("SELECT DISTINCT conversation_id FROM customer_reply_grading WHERE ") + sql.filter();
    if (drill.editRatioBucket)
        text += QStringLiteral(" AND %1 = %2")
                    .arg(QualitySql::editRatioBucketCase(QStringLiteral("edit_ratio")))
                    .arg(*drill.editRatioBucket);
    if (drill.approvalBucket)
        text += QStringLiteral(" AND %1 = %2")
                    .arg(QualitySql::approvalBucketCase(sql.approvalMs()))
                    .arg(*drill.approvalBucket);
    if (drill.slaBreachesOnly)
        text += QStringLiteral(" AND %1 > %2")
                    .arg(sql.firstResponseMs())
                    .arg(qint64(query.slaMinutes) * 60000);
    text += QStringLiteral(" ORDER BY conversation_id LIMIT %1").arg(std::max(0, drill.limit));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("drill-down"));
    QualitySql::bindAll(q, drill.day ? sql.filterValuesForDay(*drill.day) : sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("drill-down"));
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

Result<QHash<QString, QString>> QualityTracker::customerNamesNow(QSqlDatabase& db, const QStringList& ids)
{
    QHash<QString, QString> names;
    if (ids.isEmpty())
        return names;
    QStringList marks;
    for (qsizetype i = 0; i < ids.size(); ++i)
        marks << QStringLiteral("?");
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(
            QStringLiteral("SELECT g.conversation_id, d.customer_name FROM customer_reply_grading g JOIN "
                           "drafts d ON d.id = g.draft_id WHERE g.conversation_id IN (%1) AND "
                           "d.customer_name IS NOT NULL AND d.customer_name <> ''")
                .arg(marks.join(QStringLiteral(", ")))))
        return storage::toError(q, QStringLiteral("customer names"));
    for (const QString& id : ids)
        q.addBindValue(id);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("customer names"));
    while (q.next())
        names.insert(q.value(0).toString(), q.value(1).toString());
    return names;
}

void QualityTracker::drillItems(
    const QualityQuery& query, const DrillDown& drill, QObject* context, ItemsCallback done) const
{
    const Dialect dialect = m_database->dialect();
    runAsync<QList<DrillItem>>(m_database, context, std::move(done),
        [dialect, query, drill](QSqlDatabase& db) -> Result<QList<DrillItem>> {
            auto ids = conversationIdsNow(db, dialect, query, drill);
            if (!ids)
                return ids.error();
            auto names = customerNamesNow(db, *ids);
            if (!names)
                return names.error();
            QList<DrillItem> items;
            for (const QString& id : std::as_const(*ids))
                items.append({ id, names->value(id) });
            return items;
        });
}

Result<FilterChoices> QualityTracker::filterChoicesNow(QSqlDatabase& db)
{
    // Loose index scan (PostgreSQL and SQLite alike): each step is one index probe for the next larger value,
    // so the cost grows with the number of distinct values, not with the number of rows.
    auto distinct = [&db](const QString& column, const QString& after) -> Result<QVariantList> {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        const QString text = QStringLiteral(
            "WITH RECURSIVE t(v) AS (SELECT (SELECT MIN(%1) FROM customer_reply_grading WHERE %1 > %2) "
            "UNION ALL SELECT (SELECT MIN(%1) FROM customer_reply_grading WHERE %1 > t.v) FROM t "
            "WHERE t.v IS NOT NULL) SELECT v FROM t WHERE v IS NOT NULL")
                                 .arg(column, after);
        if (!q.exec(text))
            return storage::toError(q, QStringLiteral("filter choices"));
        QVariantList values;
        while (q.next())
            values << q.value(0);
        return values;
    };
    FilterChoices c;
    // Inbox ids are positive (the roll-up's -1 stands for "no inbox"); a reviewer name is never empty.
    auto inboxes = distinct(QStringLiteral("inbox_id"), QStringLiteral("0"));
    if (!inboxes)
        return inboxes.error();
    for (const QVariant& v : std::as_const(*inboxes))
        c.inboxes << v.toLongLong();
    auto reviewers = distinct(QStringLiteral("graded_by"), QStringLiteral("''"));
    if (!reviewers)
        return reviewers.error();
    for (const QVariant& v : std::as_const(*reviewers))
        c.reviewers << v.toString();
    return c;
}

void QualityTracker::filterChoices(QObject* context, ChoicesCallback done) const
{
    runAsync<FilterChoices>(
        m_database, context, std::move(done), [](QSqlDatabase& db) { return filterChoicesNow(db); });
}

void QualityTracker::compute(const QualityQuery& query, QObject* context, ReportCallback done) const
{
    const Dialect dialect = m_database->dialect(); // the work must not own the database it runs in
    runAsync<QualityReport>(m_database, context, std::move(done),
        [dialect, query](QSqlDatabase& db) { return computeNow(db, dialect, query); });
}

void QualityTracker::conversationIds(
    const QualityQuery& query, const DrillDown& drill, QObject* context, IdsCallback done) const
{
    const Dialect dialect = m_database->dialect();
    runAsync<QStringList>(m_database, context, std::move(done),
        [dialect, query, drill](QSqlDatabase& db) { return conversationIdsNow(db, dialect, query, drill); });
}

} // namespace cx::metrics
