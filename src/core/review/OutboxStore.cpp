#include "OutboxStore.h"

#include "foundation/Clock.h"
#include "review/AuditLog.h"
#include "review/DraftStore.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSqlQuery>
#include <QUuid>

namespace cx::review {

namespace {
const char* const kColumns
    = "id, draft_id, send_key, account_id, conversation_id, content, content_hash, state, "
      "attempts, last_known_message_id, chatwoot_message_id, last_error, approved_by, "
      "approved_at, updated_at, lease_owner, lease_until, recheck_after";

OutboxRow::State parseState(const QString& s)
{
    for (auto st : { OutboxRow::State::Pending, OutboxRow::State::Sending, OutboxRow::State::Unknown,
             OutboxRow::State::Sent, OutboxRow::State::Failed })
        if (outboxStateName(st) == s)
            return st;
    return OutboxRow::State::Unknown;
}

OutboxRow fromRow(const QSqlQuery& q)
{
    OutboxRow r;
    r.id = q.value(0).toString();
    r.draftId = q.value(1).toString();
    r.sendKey = q.value(2).toString();
    r.accountId = q.value(3).toLongLong();
    r.conversationId = q.value(4).toLongLong();
    r.content = q.value(5).toString();
    r.contentHash = q.value(6).toString();
    r.state = parseState(q.value(7).toString());
    r.attempts = q.value(8).toInt();
    r.lastKnownMessageId = q.value(9).toLongLong();
    r.chatwootMessageId = q.value(10).toLongLong();
    r.lastError = q.value(11).toString();
    r.approvedBy = q.value(12).toString();
    r.approvedAt = storage::fromSqlTime(q.value(13));
    r.updatedAt = storage::fromSqlTime(q.value(14));
    r.leaseOwner = q.value(15).toString();
    r.leaseUntil = storage::fromSqlTime(q.value(16));
    r.recheckAfter = storage::fromSqlTime(q.value(17));
    return r;
}
} // namespace

bool OutboxRow::leaseHeld(const QDateTime& now) const
{
    if (state != State::Sending)
        return false;
    if (leaseUntil.isValid())
        return now < leaseUntil;
    return updatedAt.isValid() && updatedAt.secsTo(now) < kLegacyLeaseSecs;
}

bool OutboxRow::inRecheckPause(const QDateTime& now) const
{
    return state == State::Unknown && recheckAfter.isValid() && now < recheckAfter;
}

QString outboxStateName(OutboxRow::State state)
{
    switch (state) {
    case OutboxRow::State::Pending:
        return QStringLiteral("pending");
    case OutboxRow::State::Sending:
        return QStringLiteral("sending");
    case OutboxRow::State::Unknown:
        return QStringLiteral("unknown");
    case OutboxRow::State::Sent:
        return QStringLiteral("sent");
    case OutboxRow::State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

OutboxStore::OutboxStore(storage::Database& db)
    : m_db(db)
{
}

Result<std::optional<OutboxRow>> OutboxStore::forDraft(const QString& draftId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM reply_outbox WHERE draft_id = ?").arg(QLatin1String(kColumns)));
    q.addBindValue(draftId);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "reading the outbox"));
    if (!q.next())
        return std::optional<OutboxRow> {};
    return std::optional<OutboxRow> { fromRow(q) };
}

Result<QList<OutboxRow>> OutboxStore::unsent(int limit)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM reply_outbox WHERE state <> 'sent' ORDER BY created_at LIMIT ?")
                  .arg(QLatin1String(kColumns)));
    q.addBindValue(limit);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "reading the outbox"));
    QList<OutboxRow> rows;
    while (q.next())
        rows.append(fromRow(q));
    return rows;
}

Result<OutboxRow> OutboxStore::queueApproved(const QString& draftId)
{
    auto existing = forDraft(draftId);
    if (!existing)
        return existing.error();
    if (existing.value())
        return *existing.value();
    auto draft = DraftStore(m_db).get(draftId);
    if (!draft)
        return draft.error();
    // The one door to the outbox: only a draft a person approved (grades, name, final text) gets a row.
    if (draft->state != DraftState::Approved)
        return makeError(ErrorKind::Conflict,
            QCoreApplication::translate("Review", "Draft %1 is %2: only an approved draft is sent.")
                .arg(draftId, draftStateName(draft->state)),
            QStringLiteral("state"));
    OutboxRow in;
    in.draftId = draftId;
    in.accountId = draft->accountId;
    in.conversationId = draft->conversationId;
    in.content = draft->finalText;
    in.lastKnownMessageId = draft->messageId; // our reply can only come after the customer's message
    in.approvedBy = draft->reviewedBy;
    in.approvedAt = draft->approvedAt;
    OutboxRow row = in;
    row.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    row.sendKey = QStringLiteral("draft:") + in.draftId;
    row.contentHash = AuditLog::textHash(in.content);
    row.state = OutboxRow::State::Pending;
    const auto dialect = m_db.dialect();
    const QDateTime now = Clock::nowUtc();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO reply_outbox (id, draft_id, send_key, account_id, conversation_id, content, "
        "content_hash, state, attempts, last_known_message_id, approved_by, approved_at, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)"));
    for (const QVariant& v : QVariantList { row.id, row.draftId, row.sendKey, row.accountId,
             row.conversationId, row.content, row.contentHash, row.lastKnownMessageId, row.approvedBy,
             storage::toSqlTime(row.approvedAt, dialect), storage::toSqlTime(now, dialect),
             storage::toSqlTime(now, dialect) })
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "writing the outbox"));
    return row;
}

Result<OutboxRow> OutboxStore::claim(const OutboxRow& row, const QString& owner, const QDateTime& leaseUntil)
{
    const auto dialect = m_db.dialect();
    QSqlQuery q(m_db.connection());
    q.prepare(
        QStringLiteral("UPDATE reply_outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?, "
                       "lease_owner = ?, "
                       "lease_until = ?, recheck_after = NULL WHERE id = ? AND state = ? AND attempts = ?"));
    q.addBindValue(storage::toSqlTime(Clock::nowUtc(), dialect));
    q.addBindValue(owner);
    q.addBindValue(storage::toSqlTime(leaseUntil, dialect));
    // (state, attempts) is the row's version: a second claimer, having read the same version, updates
    // nothing.
    q.addBindValue(row.id);
    q.addBindValue(outboxStateName(row.state));
    q.addBindValue(row.attempts);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "claiming the outbox row"));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorKind::Conflict,
            QCoreApplication::translate(
                "Review", "This reply is already being sent (or was sent) by another action."),
            QStringLiteral("outbox"));
    OutboxRow claimed = row;
    claimed.state = OutboxRow::State::Sending;
    claimed.attempts += 1;
    claimed.updatedAt = Clock::nowUtc();
    claimed.leaseOwner = owner;
    claimed.leaseUntil = leaseUntil;
    claimed.recheckAfter = {};
    return claimed;
}

Status OutboxStore::recordSent(const OutboxRow& row, qint64 chatwootMessageId, const QString& actor)
{
    return m_db.transaction([&](QSqlDatabase& c) -> Status {
        const QDateTime now = Clock::nowUtc();
        QSqlQuery q(c);
        q.prepare(
            QStringLiteral("UPDATE reply_outbox SET state = 'sent', chatwoot_message_id = ?, sent_at = ?, "
                           "updated_at = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL, "
                           "recheck_after = NULL WHERE id = ? AND state <> 'sent'"));
        q.addBindValue(chatwootMessageId);
        q.addBindValue(storage::toSqlTime(now, m_db.dialect()));
        q.addBindValue(storage::toSqlTime(now, m_db.dialect()));
        q.addBindValue(row.id);
        if (!q.exec())
            return storage::toError(q, QCoreApplication::translate("Review", "recording the sent reply"));
        if (q.numRowsAffected() == 0)
            return Ok {}; // already recorded
        if (Status st = DraftStore(m_db).markSent(row.draftId, chatwootMessageId, now); !st)
            return st;
        auto audit = AuditLog(m_db).append({ actor, QStringLiteral("reply.sent"), QStringLiteral("draft"),
            row.draftId, QStringLiteral("approved"), QStringLiteral("sent"),
            QJsonObject { { QStringLiteral("chatwoot_message_id"), chatwootMessageId },
                { QStringLiteral("final_text_sha256"), row.contentHash },
                { QStringLiteral("attempts"), row.attempts } } });
        if (!audit)
            return audit.error();
        return Ok {};
    });
}

Status OutboxStore::recordUnknown(const OutboxRow& row, const QString& error, const QDateTime& recheckAfter)
{
    const auto dialect = m_db.dialect();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "UPDATE reply_outbox SET state = 'unknown', last_error = ?, recheck_after = ?, lease_owner = NULL, "
        "lease_until = NULL, updated_at = ? WHERE id = ? AND state = ? AND attempts = ?"));
    for (const QVariant& v : QVariantList { error, storage::toSqlTime(recheckAfter, dialect),
             storage::toSqlTime(Clock::nowUtc(), dialect), row.id, outboxStateName(row.state), row.attempts })
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "recording the unknown outcome"));
    return Ok {};
}

Status OutboxStore::recordFailed(const OutboxRow& row, const QString& error)
{
    const auto dialect = m_db.dialect();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "UPDATE reply_outbox SET state = 'failed', last_error = ?, recheck_after = NULL, lease_owner = NULL, "
        "lease_until = NULL, updated_at = ? WHERE id = ? AND state = ? AND attempts = ?"));
    for (const QVariant& v : QVariantList { error, storage::toSqlTime(Clock::nowUtc(), dialect), row.id,
             outboxStateName(row.state), row.attempts })
        q.addBindValue(v);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "recording the send problem"));
    return Ok {};
}

} // namespace cx::review
