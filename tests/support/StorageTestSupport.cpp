#include "StorageTestSupport.h"

#include "TestSupport.h"

namespace cx::test {

void addDialectRows(const char* prefix)
{
    QTest::newRow(QByteArray(QByteArray(prefix) + "sqlite").constData()) << QStringLiteral("sqlite");
    if (!postgresAdminUrl().isEmpty())
        QTest::newRow(QByteArray(QByteArray(prefix) + "postgresql").constData())
            << QStringLiteral("postgresql");
    else if (qEnvironmentVariableIsSet("CI"))
        qFatal("CI run without CXPILOT_TEST_PG_URL: run the suite through tests/run-all.sh");
}

std::shared_ptr<storage::Database> openFreshDatabase(const QString& dialect, QTemporaryDir& dir)
{
    QString url;
    if (dialect == QLatin1String("sqlite"))
        url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("test.db"));
    else
        url = createPostgresDatabase(QStringLiteral("cxtest"));
    if (url.isEmpty())
        return {};
    auto db = storage::Database::open(url);
    if (!db) {
        qWarning("%s", qPrintable(db.error().toString()));
        return {};
    }
    return db.value();
}

} // namespace cx::test
