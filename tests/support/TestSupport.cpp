#include "TestSupport.h"

#include <QDir>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

namespace cx::test {

QString sourceDir()
{
    const QString dir = qEnvironmentVariable("CXPILOT_SOURCE_DIR");
    return dir.isEmpty() ? QDir::currentPath() : dir;
}

QString sharedDir()
{
    const QString dir = qEnvironmentVariable("CXPILOT_SHARED_DIR");
    return dir.isEmpty() ? sourceDir() + QStringLiteral("/../shared") : dir;
}

QString fixturePath(const QString& relative)
{
    return sourceDir() + QStringLiteral("/tests/fixtures/") + relative;
}

bool runningUnderCi()
{
    return qEnvironmentVariableIsSet("CI");
}

QString postgresAdminUrl()
{
    const QString url = qEnvironmentVariable("CXPILOT_TEST_PG_URL");
    if (url.isEmpty() && runningUnderCi())
        qFatal(
            "CI run without PostgreSQL (CXPILOT_TEST_PG_URL unset): run the suite through tests/run-all.sh");
    return url;
}

bool execOnPostgres(const QString& databaseUrl, const QStringList& statements)
{
    const QUrl url(databaseUrl);
    const QString connection = QStringLiteral("cx-test-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(url.host());
        db.setPort(url.port(5432));
        db.setUserName(url.userName());
        db.setPassword(url.password());
        db.setDatabaseName(url.path().mid(1));
        if (!db.open()) {
            qWarning("admin connection failed: %s", qPrintable(db.lastError().text()));
            ok = false;
        }
        QSqlQuery q(db);
        for (const QString& sql : statements) {
            if (!ok)
                break;
            ok = q.exec(sql);
            if (!ok)
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

QString createPostgresDatabase(const QString& prefix)
{
    const QString admin = postgresAdminUrl();
    if (admin.isEmpty())
        return {};
    const QString name = prefix + QLatin1Char('_') + QUuid::createUuid().toString(QUuid::Id128).left(12);
    if (!execOnPostgres(admin, { QStringLiteral("CREATE DATABASE \"%1\"").arg(name) }))
        return {};
    QUrl result(admin);
    result.setPath(QLatin1Char('/') + name);
    return result.toString();
}

} // namespace cx::test
