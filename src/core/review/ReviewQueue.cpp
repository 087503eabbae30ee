#include "review/ReviewQueue.h"

#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlQuery>
#include <QVariant>

namespace cx::review {

namespace {
QString firstLine(const QString& text, int maxChars)
{
    QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QChar(0x2026);
    return line;
}
} // namespace

Result<QList<ReviewQueueItem>> loadReviewQueue(QSqlDatabase& db, int limit)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // Approved drafts stay until they are sent (the draft moves to 'sent' together with its outbox row).
    q.prepare(QStringLiteral(
        "SELECT d.id, d.account_id, d.conversation_id, d.inbox_id, d.kind, d.state, d.draft_text, "
        "d.confidence, d.risk_level, d.offline, d.created_at, d.updated_at, d.final_text, o.state, "
        "o.recheck_after, o.last_error FROM drafts d LEFT JOIN reply_outbox o ON o.draft_id = d.id "
        "WHERE d.state IN ('drafted', 'noted', 'approved') ORDER BY d.created_at, d.id LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("load the review queue"));
    QList<ReviewQueueItem> out;
    while (q.next()) {
        ReviewQueueItem d;
        d.id = q.value(0).toString();
        d.accountId = q.value(1).toLongLong();
        d.conversationId = q.value(2).toLongLong();
        d.inboxId = q.value(3).toLongLong();
        d.kind = q.value(4).toString();
        d.state = q.value(5).toString();
        const QString finalText = q.value(12).toString();
        d.preview
            = firstLine(d.isAwaitingSend() && !finalText.isEmpty() ? finalText : q.value(6).toString(), 160);
        d.confidence = q.value(7).isNull() ? -1.0 : q.value(7).toDouble();
        d.riskLevel = q.value(8).toString();
        d.offline = q.value(9).toBool();
        d.createdAt = storage::fromSqlTime(q.value(10));
        d.updatedAt = storage::fromSqlTime(q.value(11));
        d.outboxState = q.value(13).toString();
        d.recheckAt = q.value(14).isNull() ? QDateTime() : storage::fromSqlTime(q.value(14));
        d.lastError = q.value(15).toString();
        out.append(d);
    }
    return out;
}

} // namespace cx::review
