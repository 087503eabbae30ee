#pragma once

#include "foundation/Result.h"
#include "storage/DatabaseUrl.h"

#include <QFuture>
#include <QMutex>
#include <QSet>
#include <QSqlDatabase>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace cx::storage {

// One database (SQLite file or PostgreSQL), migrated on open. QtSql connections belong to a thread, so each
// thread that uses the database gets its own connection, cloned from the first. Heavy work goes through
// run(), which executes on the database's own worker threads, never on the caller's (the GUI) thread.
class Database final {
    Q_DISABLE_COPY_MOVE(Database)
public:
    ~Database();

    // Opens (creating an SQLite file and its folder if needed) and applies migrations.
    static Result<std::shared_ptr<Database>> open(const QString& url);
    static Result<std::shared_ptr<Database>> open(const DatabaseUrl& url);

    Dialect dialect() const { return m_url.dialect; }
    const DatabaseUrl& url() const { return m_url; }
    int schemaVersion() const { return m_schemaVersion; }

    // This thread's connection (opened on first use). Check isOpen() — a server can go away.
    QSqlDatabase connection();
    // Drops and reopens this thread's connection (after the server came back).
    Status reconnect();
    // Checks this thread's connection with a trivial query and reconnects once if it is dead.
    Status ensureConnected();

    // Runs `work` in one transaction on this thread's connection: committed if it returns Ok, rolled back
    // otherwise. Nothing is half-written.
    Status transaction(const std::function<Status(QSqlDatabase&)>& work);

    // Runs `work` on a worker thread with that thread's connection; the future carries its result.
    template <typename T> QFuture<T> run(std::function<T(QSqlDatabase&)> work)
    {
        return runImpl<T>(std::move(work));
    }

    // The database's login (PostgreSQL current_user), or empty on SQLite. The reviewer identity in team mode.
    QString sessionUser();

private:
    explicit Database(DatabaseUrl url);
    Result<QSqlDatabase> openConnection(const QString& name);
    QString connectionNameForThisThread() const;

    template <typename T> QFuture<T> runImpl(std::function<T(QSqlDatabase&)> work);

    DatabaseUrl m_url;
    QString m_baseName;
    int m_schemaVersion = 0;
    QThreadPool m_pool;
    QMutex m_mutex;
    QSet<QString> m_connectionNames;
};

} // namespace cx::storage

#include <QtConcurrent/QtConcurrentRun>

namespace cx::storage {

template <typename T> QFuture<T> Database::runImpl(std::function<T(QSqlDatabase&)> work)
{
    return QtConcurrent::run(&m_pool, [this, work = std::move(work)]() -> T {
        QSqlDatabase db = connection();
        return work(db);
    });
}

} // namespace cx::storage
