#include "Database.h"

#include "foundation/LogCategories.h"
#include "foundation/Settings.h"
#include "storage/Migrator.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

namespace cx::storage {

Database::Database(DatabaseUrl url)
    : m_url(std::move(url))
    , m_baseName(QStringLiteral("cxdb-") + QUuid::createUuid().toString(QUuid::Id128).left(12))
{
    // Two workers: enough to keep the GUI free, few enough for SQLite's single writer.
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
}

Database::~Database()
{
    m_pool.waitForDone();
    m_pool.clear();
    QMutexLocker lock(&m_mutex);
    // Connections of other threads cannot be touched from here (QtSql warns); removing closes them.
    for (const QString& name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
}

namespace {
// The absolute path of the default SQLite database (Settings::defaultDatabaseUrl()).
QString defaultSqlitePath()
{
    auto parsed = DatabaseUrl::parse(Settings::defaultDatabaseUrl());
    return parsed ? QFileInfo(parsed->path).absoluteFilePath() : QString();
}
} // namespace

Result<std::shared_ptr<Database>> Database::open(const QString& url)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error();
    return open(parsed.value());
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseUrl& url)
{
    if (url.dialect == Dialect::Sqlite && url.path != QLatin1String(":memory:")) {
        // SQLite creates a missing file, so a mistyped path would silently give a new, empty database.
        // Only the default database (no URL configured) has its folder created: that is its standard place.
        // Any other URL must name an existing folder.
        const QFileInfo info(url.path);
        if (!info.absoluteDir().exists()) {
            const bool isDefault = info.absoluteFilePath() == defaultSqlitePath();
            if (!isDefault)
                return makeError(ErrorKind::Invalid,
                    QCoreApplication::translate("Storage", "database URL %1: the folder %2 does not exist")
                        .arg(url.redacted(), info.absolutePath()),
                    QStringLiteral("database URL"));
            if (!QDir().mkpath(info.absolutePath()))
                return makeError(ErrorKind::Unavailable,
                    QCoreApplication::translate("Storage", "cannot create the folder %1")
                        .arg(info.absolutePath()),
                    QStringLiteral("database URL"));
        }
        if (info.exists() && info.isDir())
            return makeError(ErrorKind::Invalid,
                QCoreApplication::translate("Storage", "database URL %1: is a folder, not a file")
                    .arg(url.redacted()),
                QStringLiteral("database URL"));
    }
    std::shared_ptr<Database> db(new Database(url));
    QSqlDatabase connection = db->connection();
    if (!connection.isOpen())
        return toError(
            connection.lastError(), QCoreApplication::translate("Storage", "opening %1").arg(url.redacted()));
    auto version = Migrator::migrate(connection, url.dialect);
    if (!version)
        return version.error();
    db->m_schemaVersion = version.value();
    qCInfo(lcStorage) << "database" << url.redacted() << "at schema version" << db->m_schemaVersion;
    return db;
}

QString Database::connectionNameForThisThread() const
{
    return m_baseName + QLatin1Char('-')
        + QString::number(reinterpret_cast<quintptr>(QThread::currentThread()), 16);
}

Result<QSqlDatabase> Database::openConnection(const QString& name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_url.driverName(), name);
    if (m_url.dialect == Dialect::Sqlite) {
        db.setDatabaseName(m_url.path);
        // Several connections (GUI + workers, or two processes) share the file: wait for locks rather than
        // fail.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(m_url.host);
        db.setPort(m_url.port);
        db.setUserName(m_url.user);
        db.setPassword(m_url.password);
        db.setDatabaseName(m_url.database);
        db.setConnectOptions(QStringLiteral("connect_timeout=5;application_name=cxpilot"));
    }
    if (!db.open())
        return toError(
            db.lastError(), QCoreApplication::translate("Storage", "opening %1").arg(m_url.redacted()));
    QSqlQuery q(db);
    if (m_url.dialect == Dialect::Sqlite) {
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        q.exec(QStringLiteral("PRAGMA journal_mode = WAL"));
        q.exec(QStringLiteral("PRAGMA synchronous = NORMAL"));
    } else {
        q.exec(QStringLiteral("SET TIME ZONE 'UTC'"));
    }
    return db;
}

QSqlDatabase Database::connection()
{
    const QString name = connectionNameForThisThread();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen() || db.open())
            return db;
        return db;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_connectionNames.insert(name);
    }
    auto opened = openConnection(name);
    if (!opened) {
        qCWarning(lcStorage) << opened.error().toString();
        return QSqlDatabase::database(name, false);
    }
    return opened.value();
}

Status Database::reconnect()
{
    const QString name = connectionNameForThisThread();
    if (QSqlDatabase::contains(name)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    auto opened = openConnection(name);
    if (!opened)
        return opened.error();
    return Ok {};
}

Status Database::ensureConnected()
{
    {
        QSqlQuery ping(connection());
        if (ping.exec(QStringLiteral("SELECT 1")))
            return Ok {};
    }
    return reconnect();
}

Status Database::transaction(const std::function<Status(QSqlDatabase&)>& work)
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return toError(db.lastError(), QCoreApplication::translate("Storage", "the database is not open"));
    // SQLite: take the write lock up front (BEGIN IMMEDIATE), so two writers queue instead of deadlocking
    // on a lock upgrade half-way through.
    if (m_url.dialect == Dialect::Sqlite) {
        QSqlQuery begin(db);
        if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return toError(begin, QCoreApplication::translate("Storage", "starting a transaction"));
    } else if (!db.transaction()) {
        return toError(db.lastError(), QCoreApplication::translate("Storage", "starting a transaction"));
    }
    Status result = work(db);
    if (!result.ok()) {
        db.rollback();
        return result;
    }
    if (!db.commit()) {
        const Error e = toError(db.lastError(), QCoreApplication::translate("Storage", "committing"));
        db.rollback();
        return e;
    }
    return result;
}

QString Database::sessionUser()
{
    if (m_url.dialect == Dialect::Sqlite)
        return {};
    QSqlQuery q(connection());
    if (q.exec(QStringLiteral("SELECT current_user")) && q.next())
        return q.value(0).toString();
    return {};
}

} // namespace cx::storage
