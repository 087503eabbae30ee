// Against a real Secret Service (GNOME Keyring in the D-Bus session tests/run-all.sh starts), and the
// error path with no secret service at all (a child process with no session bus).
#include "foundation/EnvSecretStore.h"
#include "foundation/KeychainSecretStore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace cx;

namespace {
template <typename T> T waitFor(std::function<void(QObject*, std::function<void(T)>)> start)
{
    QObject context;
    std::optional<T> result;
    start(&context, [&](T r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        qFatal("keychain call did not finish");
    return std::move(*result);
}

// Child mode: try the keychain with no session bus and print what came back.
int runNoServiceProbe()
{
    KeychainSecretStore store(QStringLiteral("cxpilot-test"), 50);
    const Status st = waitFor<Status>([&](QObject* c, auto done) {
        store.write(QStringLiteral("probe"), QStringLiteral("value"), c, done);
    });
    printf("%s|%s\n", st.ok() ? "ok" : qPrintable(errorKindName(st.error().kind)),
        st.ok() ? "" : qPrintable(st.error().message));
    return 0;
}
} // namespace

class TestKeychain final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without a D-Bus session: use tests/run-all.sh");
            QSKIP("needs a D-Bus session with a Secret Service (tests/run-all.sh provides one)");
        }
    }

    void roundTripAgainstRealSecretService()
    {
        KeychainSecretStore store(QStringLiteral("cxpilot-test"), 200);
        const QString key = QStringLiteral("test-") + QUuid::createUuid().toString(QUuid::Id128);
        const QString secret = QStringLiteral("tok-ünïcode-✓-") + QUuid::createUuid().toString();

        auto written = waitFor<Status>([&](QObject* c, auto done) { store.write(key, secret, c, done); });
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));

        auto read = waitFor<Result<QString>>([&](QObject* c, auto done) { store.read(key, c, done); });
        QVERIFY2(read.ok(), qPrintable(read.ok() ? QString() : read.error().toString()));
        QCOMPARE(read.value(), secret);

        auto removed = waitFor<Status>([&](QObject* c, auto done) { store.remove(key, c, done); });
        QVERIFY(removed.ok());

        auto gone = waitFor<Result<QString>>([&](QObject* c, auto done) { store.read(key, c, done); });
        QVERIFY(!gone.ok());
        QCOMPARE(gone.error().kind, ErrorKind::NotFound);
    }

    void environmentWinsOverKeychain()
    {
        qputenv("CHATWOOT_API_KEY", "from-env");
        LayeredSecretStore store(std::make_unique<KeychainSecretStore>(QStringLiteral("cxpilot-test"), 200));
        auto read = waitFor<Result<QString>>(
            [&](QObject* c, auto done) { store.read(SecretKey::ChatwootApiToken, c, done); });
        QVERIFY(read.ok());
        QCOMPARE(read.value(), QStringLiteral("from-env"));
        qunsetenv("CHATWOOT_API_KEY");
    }

    void noSecretServiceGivesActionableError()
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/bus"));
        env.insert(QStringLiteral("CX_KEYCHAIN_NO_SERVICE_PROBE"), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
        QVERIFY2(output.startsWith(QLatin1String("unavailable|")), qPrintable(output));
        QVERIFY(output.contains(QLatin1String("keychain is not available")));
        QVERIFY(output.contains(QLatin1String("CHATWOOT_API_KEY")));
    }
};

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("CX_KEYCHAIN_NO_SERVICE_PROBE"))
        return runNoServiceProbe();
    TestKeychain test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_keychain.moc"
