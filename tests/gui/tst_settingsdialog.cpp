// SettingsDialog: inline validation next to each field and Save disabled while one is invalid; Save writes
// the settings file and never a secret; secrets land in the store (the real keychain in a D-Bus session) and
// the field then says "stored"; "Test connection" against the Chatwoot and OpenAI sandboxes (success and
// 401 inline); environment overrides read-only and not written to the file; keychain unavailable.
#include "MessageBanner.h"
#include "ScreenshotSupport.h"
#include "SettingsDialog.h"
#include "chatwoot/ChatwootSandbox.h"
#include "foundation/KeychainSecretStore.h"
#include "foundation/SecretStore.h"
#include "openai/OpenAiSandbox.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <memory>

using cx::ErrorKind;
using cx::Result;
using cx::SecretStore;
using cx::Settings;
using cx::Status;
using cx::gui::SettingsDialog;
namespace SecretKey = cx::SecretKey;

namespace {

// An in-memory SecretStore, asynchronous like the real ones; `unavailable` plays a missing keychain.
class MemorySecretStore final : public SecretStore {
public:
    QHash<QString, QString> values;
    bool unavailable = false;

    void read(const QString& key, QObject* context, ReadCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, done] {
            if (unavailable)
                return done(
                    cx::makeError(ErrorKind::Unavailable, QStringLiteral("Keychain missing: start one")));
            if (!values.contains(key))
                return done(cx::makeError(ErrorKind::NotFound, QStringLiteral("none"), key));
            done(values.value(key));
        });
    }
    void write(const QString& key, const QString& value, QObject* context, WriteCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, value, done] {
            if (unavailable)
                return done(
                    cx::makeError(ErrorKind::Unavailable, QStringLiteral("Keychain missing: start one")));
            values.insert(key, value);
            done(cx::Ok {});
        });
    }
    void remove(const QString& key, QObject* context, WriteCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, done] {
            if (unavailable)
                return done(
                    cx::makeError(ErrorKind::Unavailable, QStringLiteral("Keychain missing: start one")));
            values.remove(key);
            done(cx::Ok {});
        });
    }
};

const char* const kEnvVariables[] = { "CHATWOOT_BASE_URL", "CHATWOOT_ACCOUNT_ID", "AI_CUSTOMER_DRAFT_ENABLED",
    "OPENAI_BASE_URL", "OPENAI_MODEL", "CXPILOT_DATABASE_URL", "CXPILOT_REVIEWER", "CHATWOOT_API_KEY",
    "OPENAI_API_KEY", "CHATWOOT_WEBHOOK_SECRET", "CXPILOT_DATABASE_PASSWORD" };

template <typename T> Result<T> waitFor(std::function<void(QObject*, std::function<void(Result<T>)>)> start)
{
    QObject context;
    std::optional<Result<T>> result;
    start(&context, [&](Result<T> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return cx::makeError(ErrorKind::Timeout, QStringLiteral("keychain call did not finish"));
    return std::move(*result);
}

} // namespace

class TestSettingsDialog final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_ini;
    MemorySecretStore m_secrets;
    SettingsDialog* m_dialog = nullptr;

    SettingsDialog* open(SecretStore* store = nullptr)
    {
        m_dialog = new SettingsDialog(store ? store : &m_secrets, m_ini.get());
        m_dialog->show();
        if (!QTest::qWaitForWindowExposed(m_dialog))
            qWarning("settings dialog not exposed");
        return m_dialog;
    }
    template <typename T> T* find(const QString& name) const
    {
        T* w = m_dialog->findChild<T*>(name);
        if (!w)
            qFatal("no widget named %s", qPrintable(name));
        return w;
    }
    QLineEdit* edit(const QString& field) const { return find<QLineEdit>(field + QStringLiteral("Edit")); }
    QLabel* error(const QString& field) const { return find<QLabel>(field + QStringLiteral("Error")); }
    QLabel* status(const QString& secret) const { return find<QLabel>(secret + QStringLiteral("Status")); }
    QPushButton* saveButton() const { return find<QPushButton>(QStringLiteral("saveButton")); }
    void type(const QString& field, const QString& text)
    {
        QLineEdit* e = edit(field);
        e->clear();
        QTest::keyClicks(e, text);
    }
    void fillValidChatwoot(const QString& url = QStringLiteral("https://chat.example.com"),
        const QString& account = QStringLiteral("7"))
    {
        type(QStringLiteral("chatwootUrl"), url);
        type(QStringLiteral("accountId"), account);
    }
    QByteArray iniBytes() const
    {
        m_ini->sync();
        QFile f(m_ini->fileName());
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll();
    }
    // Every text the dialog shows, for "the secret is never displayed".
    QString allShownText() const
    {
        QString all;
        for (const QLineEdit* e : m_dialog->findChildren<QLineEdit*>())
            all += e->text() + e->placeholderText() + e->toolTip() + QLatin1Char('\n');
        for (const QLabel* l : m_dialog->findChildren<QLabel*>())
            all += l->text() + l->toolTip() + QLatin1Char('\n');
        return all;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        for (const char* variable : kEnvVariables)
            qunsetenv(variable);
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_ini = std::make_unique<QSettings>(
            m_dir->filePath(QStringLiteral("cxpilot.ini")), QSettings::IniFormat);
        m_secrets.values.clear();
        m_secrets.unavailable = false;
    }

    void cleanup()
    {
        delete m_dialog;
        m_dialog = nullptr;
        m_ini.reset();
        m_dir.reset();
        for (const char* variable : kEnvVariables)
            qunsetenv(variable);
    }

    void invalidFieldShowsMessageNextToItAndDisablesSave_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("bad");
        QTest::addColumn<QString>("good");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("page");
        QTest::newRow("Chatwoot URL without scheme")
            << QStringLiteral("chatwootUrl") << QStringLiteral("chat.example.com")
            << QStringLiteral("https://chat.example.com") << QStringLiteral("CHATWOOT_BASE_URL") << 0;
        QTest::newRow("account id 0") << QStringLiteral("accountId") << QStringLiteral("0")
                                      << QStringLiteral("3") << QStringLiteral("not a positive integer") << 0;
        QTest::newRow("account id missing with a URL")
            << QStringLiteral("accountId") << QString() << QStringLiteral("3") << QStringLiteral("required")
            << 0;
        QTest::newRow("model endpoint with ftp scheme")
            << QStringLiteral("modelUrl") << QStringLiteral("ftp://x.y")
            << QStringLiteral("http://127.0.0.1:11434/v1") << QStringLiteral("http or https") << 1;
        QTest::newRow("SLA 0") << QStringLiteral("slaMinutes") << QStringLiteral("0") << QStringLiteral("15")
                               << QStringLiteral("SLA minutes") << 2;
        QTest::newRow("edit ratio above 1") << QStringLiteral("editRatio") << QStringLiteral("1.5")
                                            << QStringLiteral("0.25") << QStringLiteral("from 0 to 1") << 2;
        QTest::newRow("database password in the URL")
            << QStringLiteral("databaseUrl") << QStringLiteral("postgresql://cx:hunter2@db.local:5432/cx")
            << QStringLiteral("postgresql://cx@db.local:5432/cx") << QStringLiteral("keychain") << 2;
    }
    void invalidFieldShowsMessageNextToItAndDisablesSave()
    {
        QFETCH(QString, field);
        QFETCH(QString, bad);
        QFETCH(QString, good);
        QFETCH(QString, message);
        QFETCH(int, page);
        open();
        fillValidChatwoot();
        m_dialog->showPage(static_cast<SettingsDialog::Page>(page));
        QVERIFY(saveButton()->isEnabled());
        QVERIFY(error(field)->isHidden());
        QSignalSpy validity(m_dialog, &SettingsDialog::validityChanged);

        type(field, bad);
        QVERIFY(error(field)->isVisible());
        QVERIFY2(error(field)->text().contains(message), qPrintable(error(field)->text()));
        QVERIFY(!saveButton()->isEnabled());
        QVERIFY(!m_dialog->isValid());
        QVERIFY(!validity.isEmpty());
        QCOMPARE(validity.last().at(0).toBool(), false);
        // Next to its field: right under the edit, in the same column.
        QCOMPARE(error(field)->parentWidget(), edit(field)->parentWidget());
        QCOMPARE(error(field)->x(), edit(field)->x());
        QVERIFY(error(field)->y() >= edit(field)->geometry().bottom());
        QVERIFY(error(field)->y() - edit(field)->geometry().bottom() < 12);
        auto* tabs = find<QTabWidget>(QStringLiteral("settingsTabs"));
        QVERIFY(!tabs->tabIcon(page).isNull());
        // Save does nothing while invalid, even when called directly.
        m_dialog->save();
        QVERIFY(!QFile::exists(m_ini->fileName()) || !iniBytes().contains("chat.example.com"));
        QVERIFY(m_dialog->isVisible());

        type(field, good);
        QVERIFY(error(field)->isHidden());
        QVERIFY(saveButton()->isEnabled());
        QVERIFY(tabs->tabIcon(page).isNull());
        QCOMPARE(validity.last().at(0).toBool(), true);
    }

    void slaYellowAboveGreenIsRefused()
    {
        open();
        find<QDoubleSpinBox>(QStringLiteral("targetSlaYellow"))->setValue(97);
        QVERIFY(!saveButton()->isEnabled());
        QVERIFY(find<QLabel>(QStringLiteral("targetsError"))->text().contains(QStringLiteral("yellow")));
        find<QDoubleSpinBox>(QStringLiteral("targetSlaYellow"))->setValue(80);
        QVERIFY(saveButton()->isEnabled());
    }

    void validFormSavesToIniAndNeverASecret()
    {
        open();
        QTRY_COMPARE(status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Not set"));
        fillValidChatwoot(QStringLiteral("https://chat.example.com/"), QStringLiteral("7"));
        type(QStringLiteral("chatwootToken"), QStringLiteral("tok-SECRET-123"));
        type(QStringLiteral("webhookSecret"), QStringLiteral("whsec-SECRET-789"));
        type(QStringLiteral("modelUrl"), QStringLiteral("http://127.0.0.1:11434/v1"));
        type(QStringLiteral("modelName"), QStringLiteral("llama3.1"));
        type(QStringLiteral("modelApiKey"), QStringLiteral("sk-SECRET-456"));
        type(QStringLiteral("databaseUrl"), QStringLiteral("postgresql://cx@db.local:5432/cx"));
        type(QStringLiteral("databasePassword"), QStringLiteral("pg-SECRET-000"));
        type(QStringLiteral("slaMinutes"), QStringLiteral("20"));
        type(QStringLiteral("editRatio"), QStringLiteral("0.3"));
        type(QStringLiteral("reviewerName"), QStringLiteral("Ada Lovelace"));
        find<QCheckBox>(QStringLiteral("draftingEnabledCheck"))->setChecked(false);
        find<QDoubleSpinBox>(QStringLiteral("targetTone"))->setValue(4.2);
        QCOMPARE(status(QStringLiteral("chatwootToken"))->text(),
            QStringLiteral("New value: stored in the keychain when you save"));

        QSignalSpy saved(m_dialog, &SettingsDialog::saved);
        QTest::mouseClick(saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        QCOMPARE(m_dialog->result(), int(QDialog::Accepted));
        const auto emitted = saved.at(0).at(0).value<Settings>();
        QCOMPARE(emitted.chatwootBaseUrl(), QUrl(QStringLiteral("https://chat.example.com")));
        QCOMPARE(emitted.chatwootAccountId(), 7);
        QCOMPARE(emitted.slaMinutes(), 20);
        QCOMPARE(emitted.draftingEnabled(), false);
        QCOMPARE(emitted.targets().tone, 4.2);

        const QByteArray ini = iniBytes();
        QVERIFY2(ini.contains("chat.example.com"), ini.constData());
        QVERIFY(ini.contains("minutes=20"));
        for (const char* secret : { "SECRET", "tok-", "sk-", "whsec", "pg-" })
            QVERIFY2(!ini.contains(secret), secret);
        QSettings reread(m_ini->fileName(), QSettings::IniFormat);
        const Settings loaded = Settings::load(reread);
        QCOMPARE(loaded.chatwootAccountId(), 7);
        QCOMPARE(loaded.modelName(), QStringLiteral("llama3.1"));
        QCOMPARE(loaded.reviewerName(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(loaded.databaseUrl(), QStringLiteral("postgresql://cx@db.local:5432/cx"));
        QCOMPARE(loaded.editRatioThreshold(), 0.3);
        QCOMPARE(loaded.draftingEnabled(), false);
        QCOMPARE(loaded.targets().tone, 4.2);

        QCOMPARE(m_secrets.values.value(SecretKey::ChatwootApiToken), QStringLiteral("tok-SECRET-123"));
        QCOMPARE(m_secrets.values.value(SecretKey::OpenAiApiKey), QStringLiteral("sk-SECRET-456"));
        QCOMPARE(m_secrets.values.value(SecretKey::WebhookSecret), QStringLiteral("whsec-SECRET-789"));
        QCOMPARE(m_secrets.values.value(SecretKey::DatabasePassword), QStringLiteral("pg-SECRET-000"));
        QCOMPARE(status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Stored in keychain"));
        QVERIFY(edit(QStringLiteral("chatwootToken"))->text().isEmpty());
        QVERIFY(!allShownText().contains(QStringLiteral("SECRET")));
    }

    void storedSecretIsShownAsStoredNeverItsValueAndCanBeRemoved()
    {
        m_secrets.values.insert(SecretKey::ChatwootApiToken, QStringLiteral("tok-SECRET-stored"));
        open();
        QTRY_COMPARE(status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Stored in keychain"));
        QTRY_COMPARE(status(QStringLiteral("modelApiKey"))->text(), QStringLiteral("Not set"));
        QVERIFY(!allShownText().contains(QStringLiteral("SECRET")));
        QVERIFY(!find<QPushButton>(QStringLiteral("modelApiKeyRemove"))->isEnabled());
        auto* remove = find<QPushButton>(QStringLiteral("chatwootTokenRemove"));
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QVERIFY(status(QStringLiteral("chatwootToken"))->text().contains(QStringLiteral("removed")));
        QVERIFY2(m_secrets.values.contains(SecretKey::ChatwootApiToken), "removed before Save");
        QSignalSpy saved(m_dialog, &SettingsDialog::saved);
        QTest::mouseClick(saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        QVERIFY(!m_secrets.values.contains(SecretKey::ChatwootApiToken));
        QCOMPARE(status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Not set"));
    }

    void secretTypedLandsInTheRealKeychain()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without a D-Bus session: use tests/run-all.sh");
            QSKIP("needs a D-Bus session with a Secret Service (tests/run-all.sh provides one)");
        }
        const QString service
            = QStringLiteral("cxpilot-test-settings-") + QUuid::createUuid().toString(QUuid::Id128);
        cx::KeychainSecretStore keychain(service, 200);
        const QString token = QStringLiteral("tok-") + QUuid::createUuid().toString(QUuid::Id128);
        open(&keychain);
        QTRY_COMPARE_WITH_TIMEOUT(
            status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Not set"), 20000);
        fillValidChatwoot();
        type(QStringLiteral("chatwootToken"), token);
        QSignalSpy saved(m_dialog, &SettingsDialog::saved);
        QTest::mouseClick(saveButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 20000);
        QCOMPARE(status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Stored in keychain"));

        cx::KeychainSecretStore reader(service, 200);
        const Result<QString> back = waitFor<QString>(
            [&](QObject* c, auto done) { reader.read(SecretKey::ChatwootApiToken, c, done); });
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back.value(), token);
        QVERIFY(!iniBytes().contains(token.toUtf8()));

        // A second dialog sees it as stored.
        delete m_dialog;
        open(&keychain);
        QTRY_COMPARE_WITH_TIMEOUT(
            status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Stored in keychain"), 20000);
        const Result<cx::Ok> removed = waitFor<cx::Ok>(
            [&](QObject* c, auto done) { reader.remove(SecretKey::ChatwootApiToken, c, done); });
        QVERIFY(removed.ok());
    }

    void testChatwootConnection_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<bool>("typed");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expected");
        QTest::newRow("right token typed")
            << QStringLiteral("sandbox-token") << true << true << QStringLiteral("Connected");
        QTest::newRow("right token from the keychain")
            << QStringLiteral("sandbox-token") << false << true << QStringLiteral("Connected");
        QTest::newRow("wrong token") << QStringLiteral("wrong-token") << true << false
                                     << QStringLiteral("401");
    }
    void testChatwootConnection()
    {
        QFETCH(QString, token);
        QFETCH(bool, typed);
        QFETCH(bool, ok);
        QFETCH(QString, expected);
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen() != 0);
        QCOMPARE(sandbox.token(), QStringLiteral("sandbox-token"));
        if (!typed)
            m_secrets.values.insert(SecretKey::ChatwootApiToken, token);
        open();
        fillValidChatwoot(sandbox.url().toString(), QString::number(sandbox.accountId()));
        if (typed)
            type(QStringLiteral("chatwootToken"), token);
        QSignalSpy finished(m_dialog, &SettingsDialog::chatwootTestFinished);
        auto* button = find<QPushButton>(QStringLiteral("testChatwootButton"));
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).toBool(), ok);
        auto* result = find<QLabel>(QStringLiteral("chatwootTestResult"));
        QVERIFY2(result->text().contains(expected), qPrintable(result->text()));
        // Each check once, in words (not URL paths), no environment-variable names.
        QCOMPARE(result->text().count(QStringLiteral("API token:")), 1);
        QVERIFY(!result->text().contains(QStringLiteral("/api/v1/profile")));
        QVERIFY(!result->text().contains(QStringLiteral("CHATWOOT_")));
        if (ok) {
            QVERIFY(!result->text().contains(QStringLiteral("\u2717")));
        } else {
            QVERIFY(result->text().contains(QStringLiteral("\u2717")));
            QVERIFY(result->text().contains(QStringLiteral("Server: alive"))); // what worked, too
        }
        QVERIFY(!result->text().contains(token));
        QVERIFY(button->isEnabled());
        QVERIFY(sandbox.requestCount(QStringLiteral("/api/v1/profile")) >= 1);
        QVERIFY(!m_dialog->findChild<cx::gui::MessageBanner*>()->isVisible());
        // Testing saves nothing.
        QVERIFY(!QFile::exists(m_ini->fileName()) || !iniBytes().contains("127.0.0.1"));
        if (typed) {
            if (!ok)
                m_dialog->setPalette(cx::test::darkPalette());
            QVERIFY(cx::test::saveScreenshot(m_dialog,
                ok ? QStringLiteral("settings-chatwoot-ok") : QStringLiteral("settings-chatwoot-401-dark")));
        }
    }

    void testModelConnection_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("expected");
        QTest::newRow("right key") << QStringLiteral("sk-right") << true << QStringLiteral("Connected");
        QTest::newRow("wrong key") << QStringLiteral("sk-wrong") << false << QStringLiteral("401");
    }
    void testModelConnection()
    {
        QFETCH(QString, key);
        QFETCH(bool, ok);
        QFETCH(QString, expected);
        cx::sandbox::OpenAiSandbox sandbox;
        QVERIFY(sandbox.start().ok());
        sandbox.setRequiredApiKey(QStringLiteral("sk-right"));
        open();
        m_dialog->showPage(SettingsDialog::Page::Model);
        type(QStringLiteral("modelUrl"), sandbox.baseUrl().toString());
        type(QStringLiteral("modelName"), QStringLiteral("gpt-4o-mini"));
        type(QStringLiteral("modelApiKey"), key);
        QSignalSpy finished(m_dialog, &SettingsDialog::modelTestFinished);
        QTest::mouseClick(find<QPushButton>(QStringLiteral("testModelButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).toBool(), ok);
        auto* result = find<QLabel>(QStringLiteral("modelTestResult"));
        QVERIFY2(result->text().contains(expected), qPrintable(result->text()));
        QVERIFY(!result->text().contains(key));
        QCOMPARE(sandbox.requestCount(cx::sandbox::OpenAiSandbox::Endpoint::ChatCompletions), 1);
        if (!ok)
            QVERIFY(result->text().contains(QStringLiteral("refused")));
        QVERIFY(cx::test::saveScreenshot(
            m_dialog, ok ? QStringLiteral("settings-model-ok") : QStringLiteral("settings-model-401")));
    }

    void environmentOverridesAreReadOnlyAndNotSaved()
    {
        m_ini->setValue(QStringLiteral("chatwoot/baseUrl"), QStringLiteral("https://stored.example.com"));
        m_ini->sync();
        qputenv("CHATWOOT_BASE_URL", "https://env.example.com");
        qputenv("AI_CUSTOMER_DRAFT_ENABLED", "false");
        qputenv("CHATWOOT_API_KEY", "tok-SECRET-env");
        open();
        QLineEdit* url = edit(QStringLiteral("chatwootUrl"));
        QVERIFY(url->isReadOnly());
        QCOMPARE(url->text(), QStringLiteral("https://env.example.com"));
        auto* note = find<QLabel>(QStringLiteral("chatwootUrlEnvNote"));
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("CHATWOOT_BASE_URL")));
        QVERIFY(!edit(QStringLiteral("accountId"))->isReadOnly());
        auto* drafting = find<QCheckBox>(QStringLiteral("draftingEnabledCheck"));
        QVERIFY(!drafting->isEnabled());
        QVERIFY(!drafting->isChecked());
        QVERIFY(find<QLabel>(QStringLiteral("draftingEnabledEnvNote"))
                    ->text()
                    .contains(QStringLiteral("AI_CUSTOMER_DRAFT_ENABLED")));
        QCOMPARE(status(QStringLiteral("chatwootToken"))->text(),
            QStringLiteral("From environment CHATWOOT_API_KEY"));
        QVERIFY(!edit(QStringLiteral("chatwootToken"))->isEnabled());
        QVERIFY(!find<QPushButton>(QStringLiteral("chatwootTokenRemove"))->isEnabled());
        QVERIFY(!allShownText().contains(QStringLiteral("SECRET")));
        cx::test::saveScreenshot(m_dialog, QStringLiteral("settings-environment"));

        type(QStringLiteral("accountId"), QStringLiteral("3"));
        QSignalSpy saved(m_dialog, &SettingsDialog::saved);
        QTest::mouseClick(saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        const auto emitted = saved.at(0).at(0).value<Settings>();
        QCOMPARE(emitted.chatwootBaseUrl(), QUrl(QStringLiteral("https://env.example.com")));
        QCOMPARE(emitted.draftingEnabled(), false);
        const QByteArray ini = iniBytes();
        QVERIFY2(ini.contains("stored.example.com"), ini.constData());
        QVERIFY(!ini.contains("env.example.com"));
        QVERIFY2(!ini.contains("drafting"), "an environment value was written to the file");
        QVERIFY(!ini.contains("SECRET"));
        QVERIFY(ini.contains("accountId=3"));
        QVERIFY(m_secrets.values.isEmpty());
    }

    void keychainUnavailableIsToldAndSaveKeepsTheDialogOpen()
    {
        m_secrets.unavailable = true;
        open();
        QTRY_COMPARE(
            status(QStringLiteral("chatwootToken"))->text(), QStringLiteral("Keychain not available"));
        auto* banner = m_dialog->findChild<cx::gui::MessageBanner*>();
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(QStringLiteral("start one")));
        fillValidChatwoot();
        type(QStringLiteral("chatwootToken"), QStringLiteral("tok-SECRET-1"));
        QSignalSpy saved(m_dialog, &SettingsDialog::saved);
        QTest::mouseClick(saveButton(), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1); // the file was written
        QVERIFY(m_dialog->isVisible());
        QVERIFY(m_dialog->result() != int(QDialog::Accepted));
        QVERIFY(status(QStringLiteral("chatwootToken"))->text().startsWith(QStringLiteral("Not saved")));
        QCOMPARE(banner->kind(), cx::gui::MessageBanner::Kind::Error);
        QVERIFY(iniBytes().contains("chat.example.com"));
        QVERIFY(!iniBytes().contains("SECRET"));
        QVERIFY(saveButton()->isEnabled());
    }

    void everyControlHasANameAndAnAccessibleName()
    {
        open();
        const QList<QWidget*> widgets = m_dialog->findChildren<QWidget*>();
        int checked = 0;
        for (QWidget* w : widgets) {
            const bool inputs = qobject_cast<QLineEdit*>(w) || qobject_cast<QDoubleSpinBox*>(w);
            const bool buttons = qobject_cast<QPushButton*>(w) || qobject_cast<QCheckBox*>(w);
            if (!inputs && !buttons)
                continue;
            if (qobject_cast<QAbstractSpinBox*>(w->parentWidget()))
                continue; // a spin box's own line edit
            ++checked;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            if (inputs)
                QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
        QVERIFY(checked > 25);
    }

    void screenshotsLightAndDark()
    {
        open();
        fillValidChatwoot(QStringLiteral("chat.example.com"), QStringLiteral("0"));
        m_dialog->resize(m_dialog->sizeHint());
        const QStringList pages = { QStringLiteral("chatwoot"), QStringLiteral("model"),
            QStringLiteral("review"), QStringLiteral("targets") };
        for (const bool dark : { false, true }) {
            m_dialog->setPalette(dark ? cx::test::darkPalette() : QPalette());
            for (int i = 0; i < pages.size(); ++i) {
                m_dialog->showPage(static_cast<SettingsDialog::Page>(i));
                QVERIFY(cx::test::saveScreenshot(m_dialog,
                    QStringLiteral("settings-%1-%2")
                        .arg(pages.at(i), dark ? QStringLiteral("dark") : QStringLiteral("light"))));
            }
        }
        // The error text is not cut off: its label is tall enough for its wrapped text.
        QLabel* e = error(QStringLiteral("chatwootUrl"));
        m_dialog->showPage(SettingsDialog::Page::Chatwoot);
        QCoreApplication::processEvents();
        QVERIFY(e->height() >= e->heightForWidth(e->width()));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
