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

#include <limits>

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

namespace {
const char* const kSelectColumns
    = "SELECT seq, at, actor, action, entity_type, entity_id, from_state, to_state, "
      "details, prev_hash, hash FROM audit_log";

AuditEntry entryFrom(const QSqlQuery& q)
{
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
    return e;
}
} // namespace

Result<QList<AuditEntry>> AuditLog::readAll()
{
    QList<AuditEntry> entries;
    const Status read = forEach([&entries](const AuditEntry& e) {
        entries.append(e);
        return true;
    });
    if (!read)
        return read.error();
    return entries;
}

Status AuditLog::forEach(const std::function<bool(const AuditEntry&)>& visit, int batch)
{
    batch = qMax(1, batch);
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.prepare(QLatin1String(kSelectColumns) + QStringLiteral(" WHERE seq > ? ORDER BY seq LIMIT ?")))
        return storage::toError(q, QStringLiteral("reading the audit log"));
    qint64 after = std::numeric_limits<qint64>::min();
    for (;;) {
        q.bindValue(0, after);
        q.bindValue(1, batch);
        if (!q.exec())
            return storage::toError(q, QStringLiteral("reading the audit log"));
        int rows = 0;
        while (q.next()) {
            const AuditEntry e = entryFrom(q);
            ++rows;
            after = e.seq;
            if (!visit(e))
                return Ok {};
        }
        q.finish();
        if (rows < batch)
            return Ok {};
    }
}

Result<ChainCheck> AuditLog::verify()
{
    ChainVerifier verifier;
    const Status read = forEach([&verifier](const AuditEntry& e) { return verifier.add(e); });
    if (!read)
        return read.error();
    return verifier.result();
}

Result<qint64> AuditLog::exportJsonl(const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Invalid,
            QCoreApplication::translate("Review", "cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    qint64 count = 0;
    bool written = true;
    const Status read = forEach([&](const AuditEntry& e) {
        written = file.write(toJsonLine(e)) >= 0;
        ++count;
        return written;
    });
    if (!read)
        return read.error();
    if (!written || !file.commit())
        return makeError(ErrorKind::Internal,
            QCoreApplication::translate("Review", "cannot write %1: %2").arg(path, file.errorString()));
    return count;
}

} // namespace cx::review
