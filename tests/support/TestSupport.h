#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTest>

namespace cx::test {

// The repository root and ../shared (datasets, specs), from the environment CTest sets.
QString sourceDir();
QString sharedDir();
QString fixturePath(const QString& relative); // tests/fixtures/<relative>

// PostgreSQL provided by the test command: a URL for an administrative role that may create databases
// and roles. Empty when not running under tests/run-all.sh on a developer machine. Under CI (CI set) a
// missing server is a broken run, not an optional part: this aborts the test (qFatal) so that no test can
// skip its PostgreSQL rows or functions silently.
QString postgresAdminUrl();

// True under CI (the CI environment variable is set, as .ci/run and tests/run-all.sh callers do).
bool runningUnderCi();
// Creates a fresh, empty database and returns its URL (owner: the admin role). Empty on failure.
QString createPostgresDatabase(const QString& prefix);
// Runs each statement on its own short-lived connection to `databaseUrl` (a postgresql:// URL with user and
// password), in order; stops at the first failure (logged). True when all succeeded.
bool execOnPostgres(const QString& databaseUrl, const QStringList& statements);

// Sets environment variables for one test and restores them after.
class EnvScope final {
public:
    explicit EnvScope(const QList<std::pair<const char*, QString>>& values)
    {
        for (const auto& [name, value] : values) {
            m_saved.append({ name, qgetenv(name), qEnvironmentVariableIsSet(name) });
            qputenv(name, value.toUtf8());
        }
    }
    ~EnvScope()
    {
        for (const auto& s : m_saved) {
            if (s.wasSet)
                qputenv(s.name, s.value);
            else
                qunsetenv(s.name);
        }
    }
    Q_DISABLE_COPY_MOVE(EnvScope)

private:
    struct Saved {
        const char* name;
        QByteArray value;
        bool wasSet;
    };
    QList<Saved> m_saved;
};

} // namespace cx::test

// First line of a test function (or initTestCase) that needs the PostgreSQL server tests/run-all.sh starts:
// without it, QSKIP on a developer machine, QFAIL under CI.
#define CX_REQUIRE_POSTGRES()                                                                                \
    do {                                                                                                     \
        if (qEnvironmentVariableIsEmpty("CXPILOT_TEST_PG_URL")) {                                            \
            if (::cx::test::runningUnderCi())                                                                \
                QFAIL("CI run without PostgreSQL (CXPILOT_TEST_PG_URL unset): use tests/run-all.sh");        \
            QSKIP("needs the PostgreSQL server tests/run-all.sh starts (CXPILOT_TEST_PG_URL)");              \
        }                                                                                                    \
    } while (false)
