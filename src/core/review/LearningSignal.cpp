#include "LearningSignal.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "review/EditDistance.h"
#include "review/MajorEdits.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

namespace cx::review {

namespace {
QString iso(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}
QDateTime fromIso(const QJsonValue& v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}
} // namespace

QJsonObject LearningSignal::toJson() const
{
    QJsonObject o { { QStringLiteral("id"), id }, { QStringLiteral("draft_id"), draftId },
        { QStringLiteral("conversation_id"), conversationId }, { QStringLiteral("inbox_id"), inboxId },
        { QStringLiteral("draft_text"), draftText }, { QStringLiteral("customer_message"), customerMessage },
        { QStringLiteral("final_text"), finalText }, { QStringLiteral("edit_distance"), editDistance },
        { QStringLiteral("edit_ratio"), editRatio }, { QStringLiteral("tone"), grades.tone },
        { QStringLiteral("accuracy"), grades.accuracy }, { QStringLiteral("policy"), grades.policy },
        { QStringLiteral("sources"), sources }, { QStringLiteral("approved"), approved },
        { QStringLiteral("approved_without_major_edits"), approvedWithoutMajorEdits },
        { QStringLiteral("rejection_reason"), rejectionReason }, { QStringLiteral("graded_by"), gradedBy },
        { QStringLiteral("graded_at"), iso(gradedAt) },
        { QStringLiteral("customer_message_at"), iso(customerMessageAt) },
        { QStringLiteral("draft_ready_at"), iso(draftReadyAt) },
        { QStringLiteral("review_opened_at"), iso(reviewOpenedAt) },
        { QStringLiteral("approved_at"), iso(approvedAt) }, { QStringLiteral("sent_at"), iso(sentAt) } };
    if (confidence)
        o.insert(QStringLiteral("confidence"), *confidence);
    return o;
}

Result<LearningSignal> LearningSignal::fromJson(const QJsonObject& o)
{
    auto grades = parseGrades(o);
    if (!grades)
        return grades.error();
    LearningSignal s;
    s.id = o.value(QStringLiteral("id")).toString();
    s.draftId = o.value(QStringLiteral("draft_id")).toString();
    s.conversationId = o.value(QStringLiteral("conversation_id")).toString();
    s.inboxId = o.value(QStringLiteral("inbox_id")).toInteger();
    s.draftText = o.value(QStringLiteral("draft_text")).toString();
    s.customerMessage = o.value(QStringLiteral("customer_message")).toString();
    s.finalText = o.value(QStringLiteral("final_text")).toString();
    s.editDistance = o.value(QStringLiteral("edit_distance")).toInt();
    s.editRatio = o.value(QStringLiteral("edit_ratio")).toDouble();
    s.grades = grades.value();
    s.sources = o.value(QStringLiteral("sources")).toArray();
    if (o.contains(QStringLiteral("confidence")))
        s.confidence = o.value(QStringLiteral("confidence")).toDouble();
    s.approved = o.value(QStringLiteral("approved")).toBool();
    s.approvedWithoutMajorEdits = o.value(QStringLiteral("approved_without_major_edits")).toBool();
    s.rejectionReason = o.value(QStringLiteral("rejection_reason")).toString();
    s.gradedBy = o.value(QStringLiteral("graded_by")).toString();
    s.gradedAt = fromIso(o.value(QStringLiteral("graded_at")));
    s.customerMessageAt = fromIso(o.value(QStringLiteral("customer_message_at")));
    s.draftReadyAt = fromIso(o.value(QStringLiteral("draft_ready_at")));
    s.reviewOpenedAt = fromIso(o.value(QStringLiteral("review_opened_at")));
    s.approvedAt = fromIso(o.value(QStringLiteral("approved_at")));
    s.sentAt = fromIso(o.value(QStringLiteral("sent_at")));
    if (s.id.isEmpty() || s.draftId.isEmpty() || s.gradedBy.isEmpty())
        return makeError(
            ErrorKind::Malformed, QStringLiteral("queued learning signal lacks id, draft_id or graded_by"));
    return s;
}

LearningSignal captureLearningSignal(const DraftRecord& draft, const QString& finalText, const Grades& grades,
    const QString& reviewer, bool sent, const QString& rejectionReason, double editRatioThreshold)
{
    LearningSignal s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.draftId = draft.id;
    s.conversationId = QString::number(draft.conversationId);
    s.inboxId = draft.inboxId;
    s.draftText = draft.content.text;
    s.customerMessage = draft.customerMessage;
    s.finalText = finalText;
    if (sent) {
        const EditDistance d = editDistance(draft.content.text, finalText);
        s.editDistance = d.distance;
        s.editRatio = d.ratio;
    }
    s.grades = grades;
    s.sources = draft.content.sources;
    s.confidence = draft.content.confidence;
    s.approved = sent;
    s.approvedWithoutMajorEdits = approvedWithoutMajorEdits(sent, s.editRatio, editRatioThreshold);
    s.rejectionReason = rejectionReason;
    s.gradedBy = reviewer;
    s.gradedAt = Clock::nowUtc();
    s.customerMessageAt = draft.customerMessageAt;
    s.draftReadyAt = draft.createdAt;
    s.reviewOpenedAt = draft.reviewOpenedAt;
    s.approvedAt = draft.approvedAt;
    s.sentAt = draft.sentAt;
    return s;
}

SignalStore::SignalStore(storage::Database& db)
    : m_db(db)
{
}

Status SignalStore::insert(const LearningSignal& s)
{
    const auto dialect = m_db.dialect();
    using storage::toSqlTime;
    QSqlQuery q(m_db.connection());
    // ON CONFLICT DO NOTHING on the draft id: the second save of the same draft's signal changes nothing.
    q.prepare(QStringLiteral(
        "INSERT INTO customer_reply_grading (id, conversation_id, draft_id, inbox_id, draft_reply, "
        "human_reply, tone, "
        "accuracy, policy, edit_distance, edit_ratio, approved, approved_without_major_edits, "
        "rejection_reason, "
        "graded_by, graded_at, rag_sources, confidence, customer_message_at, draft_ready_at, "
        "review_opened_at, "
        "approved_at, sent_at, customer_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, "
        "?) "
        "ON CONFLICT (draft_id) WHERE draft_id IS NOT NULL DO NOTHING"));
    const QVariant null;
    for (const QVariant& v : QVariantList { s.id, s.conversationId,
             s.draftId.isEmpty() ? null : QVariant(s.draftId), s.inboxId > 0 ? QVariant(s.inboxId) : null,
             s.draftText, s.finalText.isEmpty() ? null : QVariant(s.finalText), s.grades.tone,
             s.grades.accuracy, s.grades.policy, s.editDistance, s.editRatio, s.approved,
             s.approvedWithoutMajorEdits, s.rejectionReason.isEmpty() ? null : QVariant(s.rejectionReason),
             s.gradedBy, toSqlTime(s.gradedAt, dialect),
             QString::fromUtf8(QJsonDocument(s.sources).toJson(QJsonDocument::Compact)),
             s.confidence ? QVariant(qRound(*s.confidence * 100) / 100.0) : null,
             toSqlTime(s.customerMessageAt, dialect), toSqlTime(s.draftReadyAt, dialect),
             toSqlTime(s.reviewOpenedAt, dialect), toSqlTime(s.approvedAt, dialect),
             toSqlTime(s.sentAt, dialect), s.customerMessage.isEmpty() ? null : QVariant(s.customerMessage) })
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "saving the learning signal"));
    return Ok {};
}

Status SignalStore::saveLearningSignal(const LearningSignal& signal)
{
    return insert(signal);
}

Status SignalStore::batchSaveLearningSignals(const QList<LearningSignal>& batch)
{
    return m_db.transaction([&](QSqlDatabase&) -> Status {
        for (qsizetype i = 0; i < batch.size(); ++i) {
            if (Status st = insert(batch.at(i)); !st) {
                Error e = st.error();
                e.message = QCoreApplication::translate("Review", "row %1 (draft %2): %3")
                                .arg(i + 1)
                                .arg(batch.at(i).draftId, e.message);
                return e;
            }
        }
        return Ok {};
    });
}

Result<int> SignalStore::countForDraft(const QString& draftId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading WHERE draft_id = ?"));
    q.addBindValue(draftId);
    if (!q.exec() || !q.next())
        return storage::toError(q);
    return q.value(0).toInt();
}

SignalQueue::SignalQueue(storage::Database& local)
    : m_local(local)
{
}

Status SignalQueue::enqueue(const LearningSignal& signal, const QString& why)
{
    QSqlQuery q(m_local.connection());
    q.prepare(
        QStringLiteral("INSERT INTO signal_queue (id, payload, created_at, attempts, last_error) VALUES "
                       "(?, ?, ?, 0, ?) ON CONFLICT (id) DO NOTHING"));
    q.addBindValue(signal.id);
    q.addBindValue(QString::fromUtf8(QJsonDocument(signal.toJson()).toJson(QJsonDocument::Compact)));
    q.addBindValue(storage::toSqlTime(Clock::nowUtc(), m_local.dialect()));
    q.addBindValue(why);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "queueing the learning signal"));
    qCWarning(lcReview) << "learning signal for draft" << signal.draftId << "queued locally:" << why;
    return Ok {};
}

Result<int> SignalQueue::size()
{
    QSqlQuery q(m_local.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM signal_queue")) || !q.next())
        return storage::toError(q);
    return q.value(0).toInt();
}

Result<int> SignalQueue::flushTo(storage::Database& target)
{
    QSqlQuery q(m_local.connection());
    if (!q.exec(QStringLiteral("SELECT id, payload FROM signal_queue ORDER BY created_at")))
        return storage::toError(q);
    QList<std::pair<QString, QString>> rows;
    while (q.next())
        rows.append({ q.value(0).toString(), q.value(1).toString() });
    if (rows.isEmpty())
        return 0;
    if (Status up = target.ensureConnected(); !up)
        return up.error();
    SignalStore store(target);
    int moved = 0;
    for (const auto& [id, payload] : rows) {
        auto signal = LearningSignal::fromJson(QJsonDocument::fromJson(payload.toUtf8()).object());
        if (!signal)
            return signal.error();
        // Saved first, then removed: a crash in between saves it again, which the draft key makes a no-op.
        if (Status st = store.saveLearningSignal(signal.value()); !st) {
            QSqlQuery mark(m_local.connection());
            mark.prepare(QStringLiteral(
                "UPDATE signal_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?"));
            mark.addBindValue(st.error().message);
            mark.addBindValue(id);
            (void)mark.exec();
            return st.error();
        }
        QSqlQuery remove(m_local.connection());
        remove.prepare(QStringLiteral("DELETE FROM signal_queue WHERE id = ?"));
        remove.addBindValue(id);
        if (!remove.exec())
            return storage::toError(remove);
        ++moved;
    }
    return moved;
}

} // namespace cx::review
