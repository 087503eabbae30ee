// WelcomeDialog: shown only while Chatwoot is not configured; "Connect to Chatwoot" opens the settings
// dialog on its Chatwoot page and a save closes the welcome; "Try the demo" emits demoRequested().
// ShortcutsDialog (the other small dialog of the first minutes): rows from actions, filter.
#include "ScreenshotSupport.h"
#include "SettingsDialog.h"
#include "ShortcutsDialog.h"
#include "WelcomeDialog.h"
#include "foundation/SecretStore.h"

#include <QAction>
#include <QCommandLinkButton>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using cx::SecretStore;
using cx::Settings;
using cx::gui::SettingsDialog;
using cx::gui::ShortcutEntry;
using cx::gui::ShortcutsDialog;
using cx::gui::WelcomeDialog;

namespace {

class MemorySecretStore final : public SecretStore {
public:
    QHash<QString, QString> values;
    void read(const QString& key, QObject* context, ReadCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, done] {
            if (!values.contains(key))
                return done(cx::makeError(cx::ErrorKind::NotFound, QStringLiteral("none"), key));
            done(values.value(key));
        });
    }
    void write(const QString& key, const QString& value, QObject* context, WriteCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, value, done] {
            values.insert(key, value);
            done(cx::Ok {});
        });
    }
    void remove(const QString& key, QObject* context, WriteCallback done) override
    {
        QTimer::singleShot(0, context, [this, key, done] {
            values.remove(key);
            done(cx::Ok {});
        });
    }
};

} // namespace

class TestWelcomeDialog final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_ini;
    MemorySecretStore m_secrets;
    WelcomeDialog* m_welcome = nullptr;

    WelcomeDialog* open()
    {
        m_welcome = new WelcomeDialog(&m_secrets, m_ini.get());
        m_welcome->show();
        if (!QTest::qWaitForWindowExposed(m_welcome))
            qWarning("welcome not exposed");
        return m_welcome;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        for (const char* v : { "CHATWOOT_BASE_URL", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_API_KEY" })
            qunsetenv(v);
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_ini = std::make_unique<QSettings>(
            m_dir->filePath(QStringLiteral("cxpilot.ini")), QSettings::IniFormat);
        m_secrets.values.clear();
    }
    void cleanup()
    {
        delete m_welcome;
        m_welcome = nullptr;
        m_ini.reset();
        m_dir.reset();
    }

    void shouldShow_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("account");
        QTest::addColumn<bool>("show");
        QTest::newRow("nothing configured") << QString() << QString() << true;
        QTest::newRow("URL without account")
            << QStringLiteral("https://chat.example.com") << QString() << true;
        QTest::newRow("account without URL") << QString() << QStringLiteral("3") << true;
        QTest::newRow("URL and account")
            << QStringLiteral("https://chat.example.com") << QStringLiteral("3") << false;
    }
    void shouldShow()
    {
        QFETCH(QString, url);
        QFETCH(QString, account);
        QFETCH(bool, show);
        Settings s;
        if (!url.isEmpty())
            QVERIFY(s.setChatwootBaseUrl(url).ok());
        if (!account.isEmpty())
            QVERIFY(s.setChatwootAccountId(account).ok());
        QCOMPARE(WelcomeDialog::shouldShow(s), show);
    }

    void demoButtonEmitsAndCloses()
    {
        open();
        QSignalSpy demo(m_welcome, &WelcomeDialog::demoRequested);
        QTest::mouseClick(
            m_welcome->findChild<QCommandLinkButton*>(QStringLiteral("tryDemoButton")), Qt::LeftButton);
        QCOMPARE(demo.size(), 1);
        QVERIFY(!m_welcome->isVisible());
        QCOMPARE(m_welcome->result(), int(QDialog::Accepted));
        QVERIFY(!m_welcome->settingsDialog());
    }

    void connectOpensSettingsAndASaveCloses()
    {
        open();
        QSignalSpy saved(m_welcome, &WelcomeDialog::settingsSaved);
        QSignalSpy demo(m_welcome, &WelcomeDialog::demoRequested);
        QTest::mouseClick(m_welcome->findChild<QCommandLinkButton*>(QStringLiteral("connectChatwootButton")),
            Qt::LeftButton);
        SettingsDialog* settings = m_welcome->settingsDialog();
        QVERIFY(settings);
        QVERIFY(QTest::qWaitForWindowExposed(settings));
        QCOMPARE(settings->findChild<QTabWidget*>(QStringLiteral("settingsTabs"))->currentIndex(), 0);
        QVERIFY(m_welcome->isVisible());

        auto* url = settings->findChild<QLineEdit*>(QStringLiteral("chatwootUrlEdit"));
        auto* account = settings->findChild<QLineEdit*>(QStringLiteral("accountIdEdit"));
        QTest::keyClicks(url, QStringLiteral("https://chat.example.com"));
        QTest::keyClicks(account, QStringLiteral("12"));
        QTest::mouseClick(settings->findChild<QPushButton*>(QStringLiteral("saveButton")), Qt::LeftButton);
        QTRY_COMPARE(saved.size(), 1);
        QTRY_VERIFY(!m_welcome->isVisible());
        QCOMPARE(m_welcome->result(), int(QDialog::Accepted));
        QCOMPARE(demo.size(), 0);
        QCOMPARE(saved.at(0).at(0).value<Settings>().chatwootAccountId(), 12);
        QSettings reread(m_ini->fileName(), QSettings::IniFormat);
        QVERIFY(!WelcomeDialog::shouldShow(Settings::load(reread)));
    }

    void cancellingSettingsKeepsTheWelcome()
    {
        open();
        QTest::mouseClick(m_welcome->findChild<QCommandLinkButton*>(QStringLiteral("connectChatwootButton")),
            Qt::LeftButton);
        QPointer<SettingsDialog> settings = m_welcome->settingsDialog();
        QVERIFY(settings);
        QTest::mouseClick(settings->findChild<QPushButton*>(QStringLiteral("cancelButton")), Qt::LeftButton);
        QTRY_VERIFY(!settings); // deleted on close
        QVERIFY(m_welcome->isVisible());
    }

    void welcomeScreenshots()
    {
        open();
        QVERIFY(cx::test::saveScreenshot(m_welcome, QStringLiteral("welcome-light")));
        m_welcome->setPalette(cx::test::darkPalette());
        QVERIFY(cx::test::saveScreenshot(m_welcome, QStringLiteral("welcome-dark")));
        for (const char* name : { "connectChatwootButton", "tryDemoButton" }) {
            auto* b = m_welcome->findChild<QCommandLinkButton*>(QLatin1String(name));
            QVERIFY(b);
            QVERIFY(b->height() >= 48); // big buttons
        }
    }

    void shortcutsFromActions()
    {
        QAction save(QStringLiteral("&Save && close"));
        save.setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_S), QKeySequence(Qt::Key_F2) });
        QAction find(QStringLiteral("Find…"));
        find.setShortcut(QKeySequence(QKeySequence::Find));
        QAction none(QStringLiteral("No shortcut"));
        const QList<ShortcutEntry> entries = ShortcutsDialog::fromActions({ &save, &find, &none, nullptr });
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.at(0).description, QStringLiteral("Save & close"));
        QCOMPARE(entries.at(0).keys, QKeySequence(Qt::CTRL | Qt::Key_S).toString(QKeySequence::NativeText));
        QCOMPARE(entries.at(1).keys, QStringLiteral("F2"));
        QCOMPARE(entries.at(2).description, QStringLiteral("Find"));
    }

    void shortcutsTableAndFilter()
    {
        QList<ShortcutEntry> entries
            = { ShortcutEntry(QKeySequence(Qt::CTRL | Qt::Key_Return), QStringLiteral("Approve the draft")),
                  ShortcutEntry(QStringLiteral("1 – 5"), QStringLiteral("Grade the focused criterion")),
                  ShortcutEntry(QKeySequence(Qt::CTRL | Qt::Key_Comma), QStringLiteral("Open settings")) };
        ShortcutsDialog dialog(entries);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(1, 0)->text(), QStringLiteral("1 – 5"));
        QCOMPARE(table->item(2, 1)->text(), QStringLiteral("Open settings"));
        QCOMPARE(dialog.visibleRowCount(), 3);
        auto* filter = dialog.findChild<QLineEdit*>(QStringLiteral("shortcutsFilter"));
        QVERIFY(!filter->accessibleName().isEmpty());
        QTest::keyClicks(filter, QStringLiteral("grade"));
        QCOMPARE(dialog.visibleRowCount(), 1);
        QVERIFY(!table->isRowHidden(1));
        filter->clear();
        QCOMPARE(dialog.visibleRowCount(), 3);
        // Nothing is cut off: the keys column fits its widest entry.
        QVERIFY(table->columnWidth(0) >= table->fontMetrics().horizontalAdvance(table->item(0, 0)->text()));
        QVERIFY(cx::test::saveScreenshot(&dialog, QStringLiteral("shortcuts-light")));
        dialog.setPalette(cx::test::darkPalette());
        QVERIFY(cx::test::saveScreenshot(&dialog, QStringLiteral("shortcuts-dark")));
    }
};

QTEST_MAIN(TestWelcomeDialog)
#include "tst_welcomedialog.moc"
