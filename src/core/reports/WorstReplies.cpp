#include "reports/WorstReplies.h"

#include "metrics/QualitySql.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlQuery>

namespace cx::reports {

Result<QList<GradedReply>> worstReplies(
    QSqlDatabase& db, storage::Dialect dialect, const metrics::QualityQuery& query, int limit)
{
    if (auto ok = metrics::QualitySql::validate(query); !ok)
        return ok.error();
    QList<GradedReply> replies;
    if (limit <= 0)
        return replies;
    const metrics::QualitySql sql(dialect, query);
    const QString text
        = QStringLiteral("SELECT conversation_id, graded_at, graded_by, tone, accuracy, policy, %1, "
                         "rejection_reason, draft_reply, human_reply, (SELECT d.customer_name FROM drafts d "
                         "WHERE d.id = customer_reply_grading.draft_id) FROM customer_reply_grading "
                         "WHERE %2 AND (NOT (%4) OR tone < 4 OR accuracy < 4 OR policy < 4) "
                         "ORDER BY tone + accuracy + policy ASC, "
                         "CASE WHEN tone < accuracy AND tone < policy THEN tone "
                         "WHEN accuracy < policy THEN accuracy ELSE policy END ASC, "
                         "graded_at DESC LIMIT %3")
              .arg(sql.asInt(QStringLiteral("approved")), sql.filter())
              .arg(limit)
              .arg(sql.isTrue(QStringLiteral("approved")));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("worst replies"));
    metrics::QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("worst replies"));
    while (q.next()) {
        GradedReply r;
        r.conversationId = q.value(0).toString();
        r.gradedAt = storage::fromSqlTime(q.value(1));
        r.gradedBy = q.value(2).toString();
        r.tone = q.value(3).toInt();
        r.accuracy = q.value(4).toInt();
        r.policy = q.value(5).toInt();
        r.approved = q.value(6).toInt() == 1;
        r.rejectionReason = q.value(7).toString();
        r.draft = q.value(8).toString();
        r.final = q.value(9).toString();
        r.customerName = q.value(10).toString();
        replies.append(r);
    }
    return replies;
}

} // namespace cx::reports
