#include "DraftStore.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

namespace cx::review {

using storage::fromSqlTime;
using storage::toError;

namespace {
const char* const kColumns
    = "id, account_id, conversation_id, message_id, inbox_id, kind, state, draft_text, "
      "sources, confidence, tone, evidence, risk_level, risk, model, prompt_variant, "
      "offline, timings, usage, note_message_id, superseded_by, final_text, reviewed_by, "
      "rejection_reason, grade_tone, grade_accuracy, grade_policy, sent_message_id, "
      "customer_message_at, created_at, updated_at, review_opened_at, approved_at, sent_at, "
      "customer_message, customer_name";

QString json(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}
QString json(const QJsonArray& a)
{
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}
QJsonObject object(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).object();
}
QJsonArray array(const QVariant& v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).array();
}
QVariant nullableText(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : s;
}
QVariant nullableId(qint64 v)
{
    return v > 0 ? QVariant(v) : QVariant(QMetaType::fromType<qint64>());
}

DraftRecord fromRow(const QSqlQuery& q)
{
    DraftRecord d;
    d.id = q.value(0).toString();
    d.accountId = q.value(1).toLongLong();
    d.conversationId = q.value(2).toLongLong();
    d.messageId = q.value(3).toLongLong();
    d.inboxId = q.value(4).toLongLong();
    d.kind = q.value(5).toString();
    d.state = parseDraftState(q.value(6).toString()).value_or(DraftState::Drafted);
    d.content.text = q.value(7).toString();
    d.content.sources = array(q.value(8));
    if (!q.value(9).isNull())
        d.content.confidence = q.value(9).toDouble();
    d.content.tone = object(q.value(10));
    d.content.evidence = array(q.value(11));
    d.content.riskLevel = q.value(12).toString();
    d.content.risk = object(q.value(13));
    d.content.model = q.value(14).toString();
    d.content.promptVariant = q.value(15).toString();
    d.content.offline = q.value(16).toBool();
    d.content.timings = object(q.value(17));
    d.content.usage = object(q.value(18));
    d.noteMessageId = q.value(19).toLongLong();
    d.supersededBy = q.value(20).toString();
    d.finalText = q.value(21).toString();
    d.reviewedBy = q.value(22).toString();
    d.rejectionReason = q.value(23).toString();
    if (!q.value(24).isNull())
        d.grades = Grades { q.value(24).toInt(), q.value(25).toInt(), q.value(26).toInt() };
    d.sentMessageId = q.value(27).toLongLong();
    d.customerMessageAt = fromSqlTime(q.value(28));
    d.createdAt = fromSqlTime(q.value(29));
    d.updatedAt = fromSqlTime(q.value(30));
    d.reviewOpenedAt = fromSqlTime(q.value(31));
    d.approvedAt = fromSqlTime(q.value(32));
    d.sentAt = fromSqlTime(q.value(33));
    d.customerMessage = q.value(34).toString(); // the learning signal's customer_message (fine-tuning)
    d.customerName = q.value(35).toString();
    return d;
}
} // namespace

QString draftStateName(DraftState state)
{
    switch (state) {
    case DraftState::Drafted:
        return QStringLiteral("drafted");
    case DraftState::Noted:
        return QStringLiteral("noted");
    case DraftState::Approved:
        return QStringLiteral("approved");
    case DraftState::Sent:
        return QStringLiteral("sent");
    case DraftState::Rejected:
        return QStringLiteral("rejected");
    case DraftState::Superseded:
        return QStringLiteral("superseded");
    }
    return {};
}

std::optional<DraftState> parseDraftState(const QString& name)
{
    for (DraftState s : { DraftState::Drafted, DraftState::Noted, DraftState::Approved, DraftState::Sent,
             DraftState::Rejected, DraftState::Superseded })
        if (draftStateName(s) == name)
            return s;
    return std::nullopt;
}

DraftStore::DraftStore(storage::Database& db)
    : m_db(db)
{
}

QSqlDatabase DraftStore::connection()
{
    return m_db.connection();
}

Result<DraftRecord> DraftStore::insert(DraftRecord d)
{
    if (d.id.isEmpty())
        d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QDateTime now = Clock::nowUtc();
    d.createdAt = now;
    d.updatedAt = now;
    const auto dialect = m_db.dialect();
    QSqlQuery q(connection());
    q.prepare(QStringLiteral(
        "INSERT INTO drafts (id, account_id, conversation_id, message_id, inbox_id, kind, state, "
        "draft_text, sources, confidence, tone, evidence, risk_level, risk, model, prompt_variant, "
        "offline, timings, usage, customer_message_at, created_at, updated_at, customer_message, "
        "customer_name) VALUES (?, ?, ?, ?, ?, ?, ?, COALESCE(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, "
        "?, ?)"));
    // (A claim has no text yet, and Qt binds an empty QString as NULL.)
    const DraftContent& c = d.content;
    for (const QVariant& v :
        QVariantList { d.id, d.accountId, d.conversationId, d.messageId, nullableId(d.inboxId), d.kind,
            draftStateName(d.state), c.text, json(c.sources),
            c.confidence ? QVariant(*c.confidence) : QVariant(QMetaType::fromType<double>()), json(c.tone),
            json(c.evidence), nullableText(c.riskLevel), json(c.risk), nullableText(c.model),
            nullableText(c.promptVariant), c.offline, json(c.timings), json(c.usage),
            storage::toSqlTime(d.customerMessageAt, dialect), storage::toSqlTime(now, dialect),
            storage::toSqlTime(now, dialect), nullableText(d.customerMessage), nullableText(d.customerName) })
        q.addBindValue(v);
    if (!q.exec())
        return toError(q, QCoreApplication::translate("Review", "saving the draft"));
    return d;
}

Result<DraftRecord> DraftStore::get(const QString& id)
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral("SELECT %1 FROM drafts WHERE id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(id);
    if (!q.exec())
        return toError(q, QCoreApplication::translate("Review", "reading a draft"));
    if (!q.next())
        return makeError(
            ErrorKind::NotFound, QCoreApplication::translate("Review", "No draft with id %1.").arg(id));
    return fromRow(q);
}

Result<std::optional<DraftRecord>> DraftStore::liveDraftFor(
    qint64 accountId, qint64 conversationId, qint64 messageId)
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral(
        "SELECT %1 FROM drafts WHERE account_id = ? AND conversation_id = ? AND message_id = ? "
        "AND state <> 'superseded'")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(accountId);
    q.addBindValue(conversationId);
    q.addBindValue(messageId);
    if (!q.exec())
        return toError(q);
    if (!q.next())
        return std::optional<DraftRecord> {};
    return std::optional<DraftRecord> { fromRow(q) };
}

Result<QList<DraftRecord>> DraftStore::pending(int limit)
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral(
        "SELECT %1 FROM drafts WHERE state IN ('drafted', 'noted') ORDER BY created_at LIMIT ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(limit);
    if (!q.exec())
        return toError(q);
    QList<DraftRecord> result;
    while (q.next())
        result.append(fromRow(q));
    return result;
}

Result<QStringList> DraftStore::ids(const QString& sql, int limit)
{
    QSqlQuery q(connection());
    q.prepare(sql);
    q.addBindValue(limit);
    if (!q.exec())
        return toError(q);
    QStringList result;
    while (q.next())
        result.append(q.value(0).toString());
    return result;
}

Result<QStringList> DraftStore::approvedWithoutOutbox(int limit)
{
    return ids(QStringLiteral("SELECT d.id FROM drafts d WHERE d.state = 'approved' AND NOT EXISTS "
                              "(SELECT 1 FROM reply_outbox o WHERE o.draft_id = d.id) ORDER BY d.approved_at "
                              "LIMIT ?"),
        limit);
}

Result<QStringList> DraftStore::reviewedWithoutSignal(int limit)
{
    return ids(
        QStringLiteral("SELECT d.id FROM drafts d WHERE d.state IN ('sent', 'rejected') AND NOT EXISTS "
                       "(SELECT 1 FROM customer_reply_grading g WHERE g.draft_id = d.id) ORDER BY "
                       "d.updated_at LIMIT ?"),
        limit);
}

Result<QList<DraftRecord>> DraftStore::waitingInConversation(qint64 accountId, qint64 conversationId)
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral("SELECT %1 FROM drafts WHERE account_id = ? AND conversation_id = ? "
                             "AND state IN ('drafted', 'noted') ORDER BY message_id")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(accountId);
    q.addBindValue(conversationId);
    if (!q.exec())
        return toError(q);
    QList<DraftRecord> result;
    while (q.next())
        result.append(fromRow(q));
    return result;
}

Status DraftStore::transition(
    const QString& id, const QList<DraftState>& from, const QString& setClause, const QVariantList& values)
{
    QStringList states;
    for (DraftState s : from)
        states << QLatin1Char('\'') + draftStateName(s) + QLatin1Char('\'');
    QSqlQuery q(connection());
    q.prepare(QStringLiteral("UPDATE drafts SET %1, updated_at = ? WHERE id = ? AND state IN (%2)")
                  .arg(setClause, states.join(QLatin1String(", "))));
    for (const QVariant& v : values)
        q.addBindValue(v);
    q.addBindValue(storage::toSqlTime(Clock::nowUtc(), m_db.dialect()));
    q.addBindValue(id);
    if (!q.exec())
        return toError(q, QCoreApplication::translate("Review", "updating the draft"));
    if (q.numRowsAffected() == 1)
        return Ok {};
    // Nothing moved: say what the draft is now, and who got there first.
    auto current = get(id);
    if (!current)
        return current.error();
    const DraftRecord& d = current.value();
    QString message;
    switch (d.state) {
    case DraftState::Superseded:
        message = QCoreApplication::translate(
            "Review", "This draft was superseded: the customer wrote again and a newer draft replaces it.");
        break;
    case DraftState::Approved:
    case DraftState::Sent:
        message = QCoreApplication::translate("Review", "This draft was already approved by %1 at %2.")
                      .arg(d.reviewedBy, d.approvedAt.toString(Qt::ISODate));
        break;
    case DraftState::Rejected:
        message = QCoreApplication::translate("Review", "This draft was already rejected by %1.")
                      .arg(d.reviewedBy);
        break;
    default:
        message = QCoreApplication::translate("Review", "This draft is %1, not ready for that step.")
                      .arg(draftStateName(d.state));
    }
    return makeError(ErrorKind::Conflict, message, QStringLiteral("state"));
}

Status DraftStore::updateContent(const QString& id, const DraftContent& c)
{
    return transition(id, { DraftState::Drafted },
        QStringLiteral(
            "draft_text = ?, sources = ?, confidence = ?, tone = ?, evidence = ?, risk_level = ?, risk = ?, "
            "model = ?, prompt_variant = ?, offline = ?, timings = ?, usage = ?"),
        { c.text, json(c.sources),
            c.confidence ? QVariant(*c.confidence) : QVariant(QMetaType::fromType<double>()), json(c.tone),
            json(c.evidence), nullableText(c.riskLevel), json(c.risk), nullableText(c.model),
            nullableText(c.promptVariant), c.offline, json(c.timings), json(c.usage) });
}

Status DraftStore::markNoted(const QString& id, qint64 noteMessageId)
{
    return transition(id, { DraftState::Drafted }, QStringLiteral("state = 'noted', note_message_id = ?"),
        { nullableId(noteMessageId) });
}

Status DraftStore::markReviewOpened(const QString& id, const QDateTime& at)
{
    QSqlQuery q(connection());
    q.prepare(
        QStringLiteral("UPDATE drafts SET review_opened_at = ? WHERE id = ? AND review_opened_at IS NULL"));
    q.addBindValue(storage::toSqlTime(at, m_db.dialect()));
    q.addBindValue(id);
    if (!q.exec())
        return toError(q);
    return Ok {};
}

Status DraftStore::markApproved(const QString& id, const Grades& g, const QString& reviewer,
    const QString& finalText, const QDateTime& at)
{
    return transition(id, { DraftState::Noted },
        QStringLiteral(
            "state = 'approved', grade_tone = ?, grade_accuracy = ?, grade_policy = ?, reviewed_by = ?, "
            "final_text = ?, approved_at = ?"),
        { g.tone, g.accuracy, g.policy, reviewer, finalText, storage::toSqlTime(at, m_db.dialect()) });
}

Status DraftStore::markSent(const QString& id, qint64 chatwootMessageId, const QDateTime& at)
{
    return transition(id, { DraftState::Approved },
        QStringLiteral("state = 'sent', sent_message_id = ?, sent_at = ?"),
        { chatwootMessageId, storage::toSqlTime(at, m_db.dialect()) });
}

Status DraftStore::markRejected(
    const QString& id, const Grades& g, const QString& reviewer, const QString& reason, const QDateTime& at)
{
    return transition(id, { DraftState::Drafted, DraftState::Noted },
        QStringLiteral(
            "state = 'rejected', grade_tone = ?, grade_accuracy = ?, grade_policy = ?, reviewed_by = ?, "
            "rejection_reason = ?, approved_at = NULL, review_opened_at = COALESCE(review_opened_at, ?)"),
        { g.tone, g.accuracy, g.policy, reviewer, reason, storage::toSqlTime(at, m_db.dialect()) });
}

Status DraftStore::markSuperseded(const QString& id, const QString& byDraftId)
{
    return transition(id, { DraftState::Drafted, DraftState::Noted },
        QStringLiteral("state = 'superseded', superseded_by = ?"), { nullableText(byDraftId) });
}

} // namespace cx::review

namespace cx::review {

Result<int> DraftStore::markAnsweredByPerson(
    qint64 accountId, qint64 conversationId, qint64 replyMessageId, const QDateTime& at)
{
    QSqlQuery q(connection());
    q.prepare(QStringLiteral(
        "UPDATE drafts SET manual_reply_at = ? WHERE account_id = ? AND conversation_id = ? AND state = "
        "'rejected' AND message_id < ? AND manual_reply_at IS NULL AND NOT EXISTS (SELECT 1 FROM drafts s "
        "WHERE s.account_id = ? AND s.conversation_id = ? AND s.sent_message_id = ?)"));
    for (const QVariant& v : QVariantList { storage::toSqlTime(at, m_db.dialect()), accountId, conversationId,
             replyMessageId, accountId, conversationId, replyMessageId })
        q.addBindValue(v);
    if (!q.exec())
        return toError(q, QCoreApplication::translate("Review", "recording a manual reply"));
    return q.numRowsAffected();
}

Status DraftStore::linkSuperseded(const QString& id, const QString& byDraftId)
{
    return transition(id, { DraftState::Superseded }, QStringLiteral("superseded_by = ?"), { byDraftId });
}

} // namespace cx::review
