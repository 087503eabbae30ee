#pragma once
// Loads tests/fixtures/metrics/signals.json (learning signals + open drafts) into a database, and inserts
// single learning signals for other tests. Header-only: shared by tests/metrics and tests/reports.

#include "TestSupport.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>

namespace cx::test {

inline QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODateWithMs).toUTC();
}
inline QDateTime utc(const QString& iso)
{
    return QDateTime::fromString(iso, Qt::ISODateWithMs).toUTC();
}

struct SignalRow {
    QString conversationId = QStringLiteral("c");
    QVariant inboxId; // null or qint64
    QString gradedBy = QStringLiteral("alice");
    QDateTime gradedAt;
    int tone = 5, accuracy = 5, policy = 5;
    QVariant editDistance, editRatio; // null when absent
    bool approved = true, withoutMajorEdits = true;
    QString rejectionReason; // empty = NULL
    QDateTime customerMessageAt, sentAt, draftReadyAt, approvedAt;
    QString draftReply = QStringLiteral("draft");
    QString humanReply; // empty = NULL
    QString customerMessage; // empty = NULL
    QString draftId; // empty = NULL (no drafts row behind the signal)
};

inline Status insertSignal(storage::Database& db, const SignalRow& r)
{
    using storage::toSqlTime;
    const auto d = db.dialect();
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO customer_reply_grading (id, conversation_id, inbox_id, draft_reply, human_reply, tone, "
        "accuracy, policy, edit_distance, edit_ratio, approved, approved_without_major_edits, "
        "rejection_reason, "
        "graded_by, graded_at, customer_message_at, draft_ready_at, approved_at, sent_at, customer_message, "
        "draft_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    auto text = [](const QString& s) {
        return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
    };
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(r.conversationId);
    q.addBindValue(r.inboxId.isNull() ? QVariant(QMetaType::fromType<qlonglong>()) : r.inboxId);
    q.addBindValue(r.draftReply);
    q.addBindValue(text(r.humanReply));
    q.addBindValue(r.tone);
    q.addBindValue(r.accuracy);
    q.addBindValue(r.policy);
    q.addBindValue(r.editDistance.isNull() ? QVariant(QMetaType::fromType<int>()) : r.editDistance);
    q.addBindValue(r.editRatio.isNull() ? QVariant(QMetaType::fromType<double>()) : r.editRatio);
    q.addBindValue(r.approved);
    q.addBindValue(r.withoutMajorEdits);
    q.addBindValue(text(r.rejectionReason));
    q.addBindValue(r.gradedBy);
    q.addBindValue(toSqlTime(r.gradedAt, d));
    q.addBindValue(toSqlTime(r.customerMessageAt, d));
    q.addBindValue(toSqlTime(r.draftReadyAt, d));
    q.addBindValue(toSqlTime(r.approvedAt, d));
    q.addBindValue(toSqlTime(r.sentAt, d));
    q.addBindValue(text(r.customerMessage));
    q.addBindValue(text(r.draftId));
    if (!q.exec())
        return storage::toError(q);
    return Ok {};
}

inline Status insertOpenDraft(
    storage::Database& db, const QString& state, qint64 inbox, const QDateTime& customerAt)
{
    using storage::toSqlTime;
    static qint64 message = 1000;
    QSqlQuery q(db.connection());
    q.prepare(
        QStringLiteral("INSERT INTO drafts (id, account_id, conversation_id, message_id, inbox_id, state, "
                       "draft_text, customer_message_at, created_at, updated_at) "
                       "VALUES (?, 1, ?, ?, ?, ?, 'draft', ?, ?, ?)"));
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(++message);
    q.addBindValue(message);
    q.addBindValue(inbox);
    q.addBindValue(state);
    q.addBindValue(toSqlTime(customerAt, db.dialect()));
    q.addBindValue(toSqlTime(customerAt, db.dialect()));
    q.addBindValue(toSqlTime(customerAt, db.dialect()));
    if (!q.exec())
        return storage::toError(q);
    return Ok {};
}

// Inserts every row of tests/fixtures/metrics/signals.json. Returns an empty string or the error.
inline QString loadSignalsFixture(storage::Database& db)
{
    QFile f(fixturePath(QStringLiteral("metrics/signals.json")));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot open the fixture");
    const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
    auto time = [](const QJsonObject& o, const char* key) {
        return o.contains(QLatin1String(key)) ? utc(o.value(QLatin1String(key)).toString()) : QDateTime();
    };
    for (const QJsonValue& v : root.value(QLatin1String("signals")).toArray()) {
        const QJsonObject o = v.toObject();
        SignalRow r;
        r.conversationId = o.value(QLatin1String("conv")).toString();
        r.inboxId = QVariant::fromValue(qint64(o.value(QLatin1String("inbox")).toInt()));
        r.gradedBy = o.value(QLatin1String("by")).toString();
        r.gradedAt = time(o, "graded");
        r.tone = o.value(QLatin1String("t")).toInt();
        r.accuracy = o.value(QLatin1String("a")).toInt();
        r.policy = o.value(QLatin1String("p")).toInt();
        if (o.contains(QLatin1String("ed")))
            r.editDistance = o.value(QLatin1String("ed")).toInt();
        if (o.contains(QLatin1String("er")))
            r.editRatio = o.value(QLatin1String("er")).toDouble();
        r.approved = o.value(QLatin1String("approved")).toBool();
        r.withoutMajorEdits = o.value(QLatin1String("awme")).toBool();
        r.rejectionReason = o.value(QLatin1String("reason")).toString();
        r.customerMessageAt = time(o, "customer");
        r.sentAt = time(o, "sent");
        r.draftReadyAt = time(o, "ready");
        r.approvedAt = time(o, "approvedAt");
        r.draftReply = QStringLiteral("Draft reply ") + o.value(QLatin1String("key")).toString();
        if (r.approved)
            r.humanReply = QStringLiteral("Final reply ") + o.value(QLatin1String("key")).toString();
        if (auto ok = insertSignal(db, r); !ok)
            return ok.error().toString();
    }
    for (const QJsonValue& v : root.value(QLatin1String("openDrafts")).toArray()) {
        const QJsonObject o = v.toObject();
        if (auto ok = insertOpenDraft(db, o.value(QLatin1String("state")).toString(),
                o.value(QLatin1String("inbox")).toInt(), time(o, "customer"));
            !ok)
            return ok.error().toString();
    }
    return {};
}

} // namespace cx::test
