#pragma once
// Rows for the approval guard tests, written with plain SQL (not through review::DraftStore, so that these
// tests say what the database itself allows, whatever the client code does).

#include "foundation/Clock.h"
#include "foundation/Result.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <atomic>

namespace cx::test {

inline QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

inline QString sha256Hex(const QString& text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

inline QVariant sqlNow(storage::Database& db)
{
    return storage::toSqlTime(Clock::nowUtc(), db.dialect());
}

// Runs one statement on `c`; the rows it changed, or the mapped error.
inline Result<int> execSql(QSqlDatabase c, const QString& sql, const QVariantList& values = {})
{
    QSqlQuery q(c);
    q.prepare(sql);
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q);
    return q.numRowsAffected();
}

inline Result<int> execSql(storage::Database& db, const QString& sql, const QVariantList& values = {})
{
    return execSql(db.connection(), sql, values);
}

// One value read back (through `db`, normally the owner's connection).
inline QVariant readValue(storage::Database& db, const QString& sql, const QVariantList& values = {})
{
    QSqlQuery q(db.connection());
    q.prepare(sql);
    for (const QVariant& v : values)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return QStringLiteral("<query failed: %1>").arg(q.lastError().text());
    return q.value(0);
}

// The review's record of a decided draft.
struct Review {
    QString reviewer;
    QString finalText = QStringLiteral("Thanks! Your order ships today.");
    int tone = 4, accuracy = 5, policy = 5;
};

struct DraftRow {
    QString id;
    qint64 accountId = 1;
    qint64 conversationId = 0;
};

// Inserts a draft in `state` (its own conversation and message); with `review`, it already carries the
// grades, reviewer, final text and approval time (as a draft that went through approval does).
inline Result<DraftRow> insertDraft(
    storage::Database& db, const QString& state, const Review* review = nullptr)
{
    static std::atomic<qint64> next { (QDateTime::currentMSecsSinceEpoch() % 1000000) * 1000 };
    DraftRow row { newId(), 1, ++next };
    QVariantList values { row.id, row.accountId, row.conversationId, row.conversationId, state, sqlNow(db),
        sqlNow(db) };
    QString sql = QStringLiteral(
        "INSERT INTO drafts (id, account_id, conversation_id, message_id, state, draft_text, created_at, "
        "updated_at%1) VALUES (?, ?, ?, ?, ?, 'Your order ships today.', ?, ?%2)");
    if (review) {
        sql = sql.arg(QStringLiteral(", grade_tone, grade_accuracy, grade_policy, reviewed_by, final_text, "
                                     "approved_at"),
            QStringLiteral(", ?, ?, ?, ?, ?, ?"));
        values << review->tone << review->accuracy << review->policy << review->reviewer << review->finalText
               << sqlNow(db);
    } else {
        sql = sql.arg(QString(), QString());
    }
    auto done = execSql(db, sql, values);
    if (!done)
        return done.error();
    return row;
}

// The approve step as the approval flow writes it: noted -> approved with grades, reviewer, text and time.
inline Result<int> approve(QSqlDatabase c, storage::Dialect dialect, const QString& draftId, const Review& r)
{
    return execSql(c,
        QStringLiteral("UPDATE drafts SET state = 'approved', grade_tone = ?, grade_accuracy = ?, "
                       "grade_policy = ?, reviewed_by = ?, final_text = ?, approved_at = ?, updated_at = ? "
                       "WHERE id = ? AND state = 'noted'"),
        { r.tone, r.accuracy, r.policy, r.reviewer, r.finalText, storage::toSqlTime(Clock::nowUtc(), dialect),
            storage::toSqlTime(Clock::nowUtc(), dialect), draftId });
}

struct OutboxValues {
    QString id = newId();
    QString draftId;
    QString sendKey;
    qint64 accountId = 1;
    qint64 conversationId = 0;
    QString content;
    QString contentHash; // empty: the SHA-256 of content
    QString approvedBy;
};

// An outbox row that matches `draft` and `review` exactly; tests change one field to see it refused.
inline OutboxValues outboxFor(const DraftRow& draft, const Review& review)
{
    OutboxValues o;
    o.draftId = draft.id;
    o.sendKey = QStringLiteral("draft:") + draft.id;
    o.accountId = draft.accountId;
    o.conversationId = draft.conversationId;
    o.content = review.finalText;
    o.approvedBy = review.reviewer;
    return o;
}

inline Result<int> insertOutbox(QSqlDatabase c, storage::Dialect dialect, const OutboxValues& o)
{
    const QVariant now = storage::toSqlTime(Clock::nowUtc(), dialect);
    return execSql(c,
        QStringLiteral(
            "INSERT INTO reply_outbox (id, draft_id, send_key, account_id, conversation_id, content, "
            "content_hash, state, attempts, approved_by, approved_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)"),
        { o.id, o.draftId, o.sendKey, o.accountId, o.conversationId, o.content,
            o.contentHash.isEmpty() ? sha256Hex(o.content) : o.contentHash, o.approvedBy, now, now, now });
}

} // namespace cx::test
