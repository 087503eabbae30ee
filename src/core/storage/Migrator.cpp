#include "Migrator.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "storage/SqlError.h"
#include "storage/SqlScript.h"
#include "storage/SqlTime.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>

namespace cx::storage {

namespace {
QString dialectFolder(Dialect d)
{
    return d == Dialect::Sqlite ? QStringLiteral(":/sql/sqlite") : QStringLiteral(":/sql/postgresql");
}

Status exec(QSqlDatabase& db, const QString& sql, const QString& context)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return toError(q, context);
    return Ok {};
}
} // namespace

QList<Migrator::Migration> Migrator::available(Dialect dialect)
{
    QList<Migration> result;
    const QDir dir(dialectFolder(dialect));
    for (const QString& file : dir.entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name)) {
        bool ok = false;
        const int version = file.section(QLatin1Char('_'), 0, 0).toInt(&ok);
        if (ok)
            result.append({ version, file.section(QLatin1Char('_'), 1).chopped(4), dir.filePath(file) });
    }
    return result;
}

int Migrator::latestVersion(Dialect dialect)
{
    const auto all = available(dialect);
    return all.isEmpty() ? 0 : all.last().version;
}

Result<int> Migrator::currentVersion(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return 0;
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !q.next())
        return toError(q, QStringLiteral("reading the schema version"));
    return q.value(0).toInt();
}

Result<QSet<int>> Migrator::appliedVersions(QSqlDatabase& db)
{
    QSet<int> versions;
    if (!db.tables().contains(QStringLiteral("schema_version")))
        return versions;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT version FROM schema_version")))
        return toError(q, QStringLiteral("reading the schema version"));
    while (q.next())
        versions.insert(q.value(0).toInt());
    return versions;
}

Result<int> Migrator::migrate(QSqlDatabase& db, Dialect dialect)
{
    const QString createVersionTable = dialect == Dialect::Sqlite
        ? QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            "applied_at TEXT NOT NULL)")
        : QStringLiteral(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL)");
    // Every migration is applied that is not recorded yet, not only those above the highest recorded: the
    // numbers are reserved per branch, so a migration can arrive below one applied earlier (0005 after 0301).
    auto missing = [&]() -> Result<QList<Migration>> {
        auto applied = appliedVersions(db);
        if (!applied)
            return applied.error();
        QList<Migration> result;
        for (const Migration& m : available(dialect))
            if (!applied.value().contains(m.version))
                result.append(m);
        return result;
    };
    // Up to date already: touch nothing (a reviewer's login may not create tables, and needs not).
    if (auto todo = missing(); todo && todo.value().isEmpty())
        return currentVersion(db);
    if (dialect == Dialect::Postgres) {
        // Two processes starting at once: the second waits here, then finds nothing left to do.
        if (auto st
            = exec(db, QStringLiteral("SELECT pg_advisory_lock(727274)"), QStringLiteral("migration lock"));
            !st)
            return st.error();
    }
    auto unlock = qScopeGuard([&] {
        if (dialect == Dialect::Postgres)
            (void)exec(db, QStringLiteral("SELECT pg_advisory_unlock(727274)"), {});
    });
    if (auto st = exec(db, createVersionTable, QStringLiteral("creating schema_version")); !st)
        return st.error();

    auto todo = missing();
    if (!todo)
        return todo.error();
    for (const Migration& m : todo.value()) {
        QFile f(m.path);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorKind::Internal, QStringLiteral("cannot read migration %1").arg(m.path));
        const QString script = QString::fromUtf8(f.readAll());
        const QString begin
            = dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
        if (auto st = exec(db, begin, QStringLiteral("migration %1").arg(m.version)); !st)
            return st.error();
        for (const QString& statement : splitSqlScript(script)) {
            QSqlQuery q(db);
            if (!q.exec(statement)) {
                const Error e = toError(q, QStringLiteral("migration %1 (%2)").arg(m.version).arg(m.name));
                (void)exec(db, QStringLiteral("ROLLBACK"), {});
                return e;
            }
        }
        QSqlQuery record(db);
        record.prepare(
            QStringLiteral("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)"));
        record.addBindValue(m.version);
        record.addBindValue(m.name);
        record.addBindValue(toSqlTime(Clock::nowUtc(), dialect));
        if (!record.exec()) {
            const Error e = toError(record, QStringLiteral("recording migration %1").arg(m.version));
            (void)exec(db, QStringLiteral("ROLLBACK"), {});
            return e;
        }
        if (auto st = exec(db, QStringLiteral("COMMIT"), QStringLiteral("migration %1").arg(m.version)); !st)
            return st.error();
        qCInfo(lcStorage) << "applied migration" << m.version << m.name;
    }
    return currentVersion(db);
}

} // namespace cx::storage
