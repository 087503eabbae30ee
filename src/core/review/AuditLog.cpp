#include "AuditLog.h"

#include "foundation/Clock.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSqlQuery>

namespace cx::review {

AuditLog::AuditLog(storage::Database& db)
    : m_db(db)
{
}

QString AuditLog::textHash(const QString& text)
{
    return QString::fromLatin1(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<AuditEntry> AuditLog::append(const Change& change)
{
    QSqlDatabase c = m_db.connection();
    QSqlQuery q(c);
    if (m_db.dialect() == storage::Dialect::Postgres
        && !q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(727275)")))
        return storage::toError(q, QStringLiteral("audit lock"));
    if (!q.exec(QStringLiteral("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")))
        return storage::toError(q, QStringLiteral("audit head"));
    qint64 seq = 1;
    QString prev = genesisHash();
    if (q.next()) {
        seq = q.value(0).toLongLong() + 1;
        prev = q.value(1).toString();
    }
    AuditEntry entry;
    entry.at = Clock::nowUtc();
    entry.actor = change.actor;
    entry.action = change.action;
    entry.entityType = change.entityType;
    entry.entityId = change.entityId;
    entry.fromState = change.fromState;
    entry.toState = change.toState;
    entry.details = change.details;
    entry = sealEntry(entry, seq, prev);

    q.prepare(
        QStringLiteral("INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, from_state, "
                       "to_state, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(entry.seq);
    q.addBindValue(storage::toSqlTime(entry.at, m_db.dialect()));
    q.addBindValue(entry.actor);
    q.addBindValue(entry.action);
    q.addBindValue(entry.entityType);
    q.addBindValue(entry.entityId);
    q.addBindValue(entry.fromState);
    q.addBindValue(entry.toState);
    q.addBindValue(QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact)));
    q.addBindValue(entry.prevHash);
    q.addBindValue(entry.hash);
    if (!q.exec())
        return storage::toError(q, QCoreApplication::translate("Review", "writing the audit log"));
    return entry;
}

Result<QList<AuditEntry>> AuditLog::readAll()
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral(
            "SELECT seq, at, actor, action, entity_type, entity_id, from_state, to_state, details, "
            "prev_hash, hash FROM audit_log ORDER BY seq")))
        return storage::toError(q, QStringLiteral("reading the audit log"));
    QList<AuditEntry> entries;
    while (q.next()) {
        AuditEntry e;
        e.seq = q.value(0).toLongLong();
        e.at = storage::fromSqlTime(q.value(1));
        e.actor = q.value(2).toString();
        e.action = q.value(3).toString();
        e.entityType = q.value(4).toString();
        e.entityId = q.value(5).toString();
        e.fromState = q.value(6).toString();
        e.toState = q.value(7).toString();
        e.details = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
        e.prevHash = q.value(9).toString();
        e.hash = q.value(10).toString();
        entries.append(e);
    }
    return entries;
}

Result<ChainCheck> AuditLog::verify()
{
    auto entries = readAll();
    if (!entries)
        return entries.error();
    return verifyChain(entries.value());
}

Result<int> AuditLog::exportJsonl(const QString& path)
{
    auto entries = readAll();
    if (!entries)
        return entries.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Invalid,
            QCoreApplication::translate("Review", "cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    for (const AuditEntry& e : entries.value())
        file.write(toJsonLine(e));
    if (!file.commit())
        return makeError(ErrorKind::Internal,
            QCoreApplication::translate("Review", "cannot write %1: %2").arg(path, file.errorString()));
    return static_cast<int>(entries->size());
}

} // namespace cx::review
