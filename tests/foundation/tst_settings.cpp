#include "foundation/Settings.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace cx;

class TestSettings final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        for (const char* v : { "CHATWOOT_BASE_URL", "CHATWOOT_ACCOUNT_ID", "AI_CUSTOMER_DRAFT_ENABLED",
                 "OPENAI_BASE_URL", "OPENAI_MODEL", "CXPILOT_DATABASE_URL" })
            qunsetenv(v);
    }

    void defaults()
    {
        const Settings s;
        QCOMPARE(s.modelName(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(s.slaMinutes(), 15);
        QVERIFY(s.draftingEnabled());
        QVERIFY(s.databaseUrl().startsWith(QLatin1String("sqlite://")));
        QVERIFY(s.databaseUrl().endsWith(QLatin1String("cxpilot.db")));
        QCOMPARE(s.targets().tone, 4.5);
        QCOMPARE(s.targets().accuracy, 4.7);
        QCOMPARE(s.targets().policy, 4.8);
        QCOMPARE(s.targets().approvalRatePct, 85.0);
        QCOMPARE(s.editRatioThreshold(), 0.2);
        QVERIFY(!s.isChatwootConfigured());
    }

    void validation_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("namedField");

        QTest::newRow("url with https") << "chatwoot"
                                        << "https://chat.example.com" << true << "";
        QTest::newRow("url with http and port") << "chatwoot"
                                                << "http://127.0.0.1:3000" << true << "";
        QTest::newRow("url without scheme") << "chatwoot"
                                            << "chat.example.com" << false << "CHATWOOT_BASE_URL";
        QTest::newRow("url with ftp scheme") << "chatwoot"
                                             << "ftp://chat.example.com" << false << "CHATWOOT_BASE_URL";
        QTest::newRow("url garbage") << "chatwoot"
                                     << "http://" << false << "CHATWOOT_BASE_URL";
        QTest::newRow("account 1") << "account"
                                   << "1" << true << "";
        QTest::newRow("account 0") << "account"
                                   << "0" << false << "CHATWOOT_ACCOUNT_ID";
        QTest::newRow("account negative") << "account"
                                          << "-4" << false << "CHATWOOT_ACCOUNT_ID";
        QTest::newRow("account text") << "account"
                                      << "acme" << false << "CHATWOOT_ACCOUNT_ID";
        QTest::newRow("account decimal") << "account"
                                         << "1.5" << false << "CHATWOOT_ACCOUNT_ID";
        QTest::newRow("sla 15") << "sla"
                                << "15" << true << "";
        QTest::newRow("sla 0") << "sla"
                               << "0" << false << "SLA minutes";
        QTest::newRow("sla negative") << "sla"
                                      << "-1" << false << "SLA minutes";
        QTest::newRow("sla text") << "sla"
                                  << "soon" << false << "SLA minutes";
        QTest::newRow("drafting false") << "drafting"
                                        << "false" << true << "";
        QTest::newRow("drafting 0") << "drafting"
                                    << "0" << true << "";
        QTest::newRow("drafting maybe") << "drafting"
                                        << "maybe" << false << "AI_CUSTOMER_DRAFT_ENABLED";
        QTest::newRow("database sqlite") << "database"
                                         << "sqlite:///tmp/x.db" << true << "";
        QTest::newRow("database postgres") << "database"
                                           << "postgresql://u:p@localhost:5432/cx" << true << "";
        QTest::newRow("database postgres without db")
            << "database"
            << "postgresql://u:p@localhost:5432" << false << "database URL";
        QTest::newRow("database mysql") << "database"
                                        << "mysql://x/y" << false << "database URL";
        QTest::newRow("model url") << "model"
                                   << "http://127.0.0.1:8080/v1" << true << "";
        QTest::newRow("model url no scheme") << "model"
                                             << "localhost:8080" << false << "model endpoint";
        QTest::newRow("edit ratio 0.3") << "ratio"
                                        << "0.3" << true << "";
        QTest::newRow("edit ratio 1.5") << "ratio"
                                        << "1.5" << false << "edit ratio threshold";
    }

    void validation()
    {
        QFETCH(QString, setting);
        QFETCH(QString, value);
        QFETCH(bool, accepted);
        QFETCH(QString, namedField);
        Settings s;
        const Settings before = s;
        Status st = Ok {};
        if (setting == QLatin1String("chatwoot"))
            st = s.setChatwootBaseUrl(value);
        else if (setting == QLatin1String("account"))
            st = s.setChatwootAccountId(value);
        else if (setting == QLatin1String("sla"))
            st = s.setSlaMinutes(value);
        else if (setting == QLatin1String("drafting"))
            st = s.setDraftingEnabled(value);
        else if (setting == QLatin1String("database"))
            st = s.setDatabaseUrl(value);
        else if (setting == QLatin1String("model"))
            st = s.setModelBaseUrl(value);
        else if (setting == QLatin1String("ratio"))
            st = s.setEditRatioThreshold(value);
        QCOMPARE(st.ok(), accepted);
        if (!accepted) {
            QCOMPARE(st.error().kind, ErrorKind::Invalid);
            QCOMPARE(st.error().field, namedField);
            QVERIFY2(st.error().message.contains(namedField), qPrintable(st.error().message));
            // A rejected value leaves the setting as it was.
            QCOMPARE(s.chatwootAccountId(), before.chatwootAccountId());
            QCOMPARE(s.slaMinutes(), before.slaMinutes());
            QCOMPARE(s.databaseUrl(), before.databaseUrl());
        }
    }

    void environmentOverridesStoredSettings()
    {
        QTemporaryDir dir;
        QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        Settings stored;
        QVERIFY(stored.setChatwootBaseUrl(QStringLiteral("https://stored.example.com")).ok());
        QVERIFY(stored.setChatwootAccountId(QStringLiteral("3")).ok());
        QVERIFY(stored.setSlaMinutes(QStringLiteral("30")).ok());
        QVERIFY(stored.save(store).ok());

        Settings loaded = Settings::load(store);
        QCOMPARE(loaded.chatwootBaseUrl().toString(), QStringLiteral("https://stored.example.com"));
        QCOMPARE(loaded.chatwootAccountId(), 3);
        QCOMPARE(loaded.slaMinutes(), 30);
        QVERIFY(loaded.environmentOverrides().isEmpty());

        qputenv("CHATWOOT_BASE_URL", "https://env.example.com/");
        qputenv("CHATWOOT_ACCOUNT_ID", "7");
        qputenv("AI_CUSTOMER_DRAFT_ENABLED", "false");
        loaded = Settings::load(store);
        QCOMPARE(loaded.chatwootBaseUrl().toString(), QStringLiteral("https://env.example.com"));
        QCOMPARE(loaded.chatwootAccountId(), 7);
        QVERIFY(!loaded.draftingEnabled());
        QCOMPARE(loaded.slaMinutes(), 30); // not overridden
        QCOMPARE(loaded.environmentOverrides().size(), 3);

        // A bad environment value is ignored, not applied.
        qputenv("CHATWOOT_ACCOUNT_ID", "zero");
        loaded = Settings::load(store);
        QCOMPARE(loaded.chatwootAccountId(), 3);
    }

    void secretsNeverReachTheSettingsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s.ini"));
        {
            QSettings store(path, QSettings::IniFormat);
            qputenv("CHATWOOT_API_KEY", "tok-secret-123");
            qputenv("OPENAI_API_KEY", "sk-secret-456");
            Settings s = Settings::load(store);
            QVERIFY(s.save(store).ok());
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray content = f.readAll();
        QVERIFY(!content.contains("tok-secret-123"));
        QVERIFY(!content.contains("sk-secret-456"));
        QVERIFY(content.contains("gpt-4o-mini"));
        qunsetenv("CHATWOOT_API_KEY");
        qunsetenv("OPENAI_API_KEY");
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
