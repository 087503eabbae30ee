// The demo window in a real window on the virtual display: starts, paints, opens its database, quits.
#include "AboutDialog.h"
#include "ApprovalsDrawer.h"
#include "DashboardWidget.h"
#include "KnowledgeBaseDialog.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "NotificationCenter.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "pipeline/ChatwootPoller.h"
#include "storage/Database.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace cx::gui;

class TestMainWindow final : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (QGuiApplication::platformName() != QLatin1String("xcb"))
            qWarning("running on %s, not a real X display", qPrintable(QGuiApplication::platformName()));
    }

    void demoStartsShowsAndQuits()
    {
        QString demoDb;
        {
            MainWindow window(MainWindow::Options { true, {} });
            QSignalSpy ready(&window, &MainWindow::databaseReady);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(ready.wait(10000));
            QVERIFY(window.database());
            QCOMPARE(window.database()->dialect(), cx::storage::Dialect::Sqlite);
            demoDb = window.database()->url().path;
            QVERIFY(QFile::exists(demoDb));
            auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
            QVERIFY(banner && banner->isVisible());
            QVERIFY(banner->text().contains(QLatin1String("simulated")));
            auto* status = window.findChild<QLabel*>(QStringLiteral("databaseStatus"));
            QVERIFY(status->text().contains(QLatin1String("SQLite")));
            window.close();
        }
        QVERIFY2(!QFile::exists(demoDb), "the demo database is thrown away");
    }

    void dashboardTabHidesTheDrawerAndRefreshes()
    {
        MainWindow window(MainWindow::Options { true, {} });
        QSignalSpy ready(&window, &MainWindow::databaseReady);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(ready.wait(10000));
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        auto* drawer = window.findChild<ApprovalsDrawer*>();
        auto* dashboard = window.findChild<DashboardWidget*>();
        QVERIFY(tabs && drawer && dashboard);
        QVERIFY(drawer->isVisible());
        dashboard->setAutoRefreshInterval(0); // only the tab may refresh it here
        // Let a start-up refresh finish so the one the tab asks for is its own.
        QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isBusy(), 10000);
        QSignalSpy refreshed(dashboard, &DashboardWidget::refreshed);
        tabs->setCurrentWidget(dashboard);
        QVERIFY(!drawer->isVisible());
        QVERIFY(refreshed.wait(10000));
        tabs->setCurrentIndex(0);
        QVERIFY(drawer->isVisible());
    }

    // File › Knowledge base… ingests the connected Chatwoot's Help Center; the status bar follows.
    void knowledgeBaseFromTheFileMenu()
    {
        MainWindow window(MainWindow::Options { true, {} });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* status = window.findChild<QLabel*>(QStringLiteral("knowledgeStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("passages")), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(window.services()->chatwoot() != nullptr, 10000);
        const QString before = status->text();
        window.services()->demoSandbox()->addPortal(QStringLiteral("care"), QStringLiteral("Care"));
        window.services()->demoSandbox()->addArticle(QStringLiteral("care"), QStringLiteral("Lantern care"),
            QStringLiteral("# Lantern care\n\nWipe the glass of the storm lantern with a dry cloth."));
        auto* action = window.findChild<QAction*>(QStringLiteral("knowledgeBaseAction"));
        QVERIFY(action);
        action->trigger();
        auto* dialog = window.findChild<KnowledgeBaseDialog*>();
        QVERIFY(dialog && dialog->isVisible());
        auto* helpCenter = dialog->findChild<QPushButton*>(QStringLiteral("ingestHelpCenterButton"));
        QVERIFY(helpCenter->isEnabled());
        QSignalSpy finished(dialog, &KnowledgeBaseDialog::finished);
        helpCenter->click();
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("Help Center of")),
            qPrintable(finished.first().at(1).toString()));
        QTRY_VERIFY(status->text() != before);
        QVERIFY(status->text().contains(QLatin1String("passages")));
        action->trigger(); // raised, not a second one
        QCOMPARE(window.findChildren<KnowledgeBaseDialog*>().size(), 1);
    }

    // A save applies at once: the status bar leaves "not configured" for the new Chatwoot, and the model's
    // state is a final one (never "starting…" for ever), with or without Chatwoot.
    void settingsApplyWithoutRestart()
    {
        cx::sandbox::ChatwootSandbox sandbox;
        QVERIFY(sandbox.listen());
        const QByteArray savedToken = qgetenv("CHATWOOT_API_KEY");
        const bool hadToken = qEnvironmentVariableIsSet("CHATWOOT_API_KEY");
        qputenv("CHATWOOT_API_KEY", sandbox.token().toUtf8());
        QTemporaryDir dir;
        {
            MainWindow window(MainWindow::Options {
                false, QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("a.db")) });
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* chatwoot = window.findChild<QLabel*>(QStringLiteral("chatwootStatus"));
            auto* model = window.findChild<QLabel*>(QStringLiteral("modelStatus"));
            auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
            QVERIFY(chatwoot && model && banner);
            QTRY_VERIFY_WITH_TIMEOUT(!model->text().contains(QLatin1String("starting")), 15000);
            QTRY_VERIFY_WITH_TIMEOUT(!chatwoot->text().contains(QLatin1String("starting")), 15000);

            cx::Settings settings = window.services()->settings();
            QVERIFY(settings.setChatwootBaseUrl(sandbox.url().toString()));
            QVERIFY(settings.setChatwootAccountId(QString::number(sandbox.accountId())));
            QVERIFY(settings.setSlaMinutes(QStringLiteral("42")));
            window.applySettings(settings);
            QVERIFY(banner->text().contains(QLatin1String("applied")));
            QTRY_VERIFY_WITH_TIMEOUT(window.services()->chatwoot() != nullptr, 15000);
            QCOMPARE(window.services()->chatwoot()->config().baseUrl, sandbox.url());
            QCOMPARE(window.services()->settings().slaMinutes(), 42);
            QTRY_VERIFY_WITH_TIMEOUT(!chatwoot->text().contains(QLatin1String("starting")), 15000);
            QVERIFY2(
                !chatwoot->text().contains(QLatin1String("not configured")), qPrintable(chatwoot->text()));
            QVERIFY2(!chatwoot->text().contains(QLatin1String("unavailable")), qPrintable(chatwoot->text()));
            QTRY_VERIFY_WITH_TIMEOUT(!model->text().contains(QLatin1String("starting")), 15000);
            QVERIFY2(!model->text().contains(QLatin1String("idle")), qPrintable(model->text()));
        }
        if (hadToken)
            qputenv("CHATWOOT_API_KEY", savedToken);
        else
            qunsetenv("CHATWOOT_API_KEY");
    }

    // Chatwoot unreachable: one banner saying what to do, not repeated by every failed poll (closed, it stays
    // closed); the status bar and the queue's empty state say so.
    void unreachableChatwootSaysSoOnce()
    {
        const QByteArray savedToken = qgetenv("CHATWOOT_API_KEY");
        const bool hadToken = qEnvironmentVariableIsSet("CHATWOOT_API_KEY");
        qputenv("CHATWOOT_API_KEY", "test-token");
        QTemporaryDir dir;
        {
            MainWindow::Options options { false,
                QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("b.db")) };
            options.pollIntervalMs = 200;
            MainWindow window(options);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* model = window.findChild<QLabel*>(QStringLiteral("modelStatus"));
            QTRY_VERIFY_WITH_TIMEOUT(!model->text().contains(QLatin1String("starting")), 15000);
            cx::Settings settings = window.services()->settings();
            QVERIFY(settings.setChatwootBaseUrl(QStringLiteral("http://127.0.0.1:1")));
            QVERIFY(settings.setChatwootAccountId(QStringLiteral("1")));
            window.applySettings(settings);
            auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
            auto* chatwoot = window.findChild<QLabel*>(QStringLiteral("chatwootStatus"));
            auto* empty = window.findChild<QLabel*>(QStringLiteral("queueEmptyState"));
            QVERIFY(banner && chatwoot && empty);
            QTRY_VERIFY_WITH_TIMEOUT(banner->text().contains(QLatin1String("cannot be reached")), 20000);
            QVERIFY(banner->text().contains(QStringLiteral("File › Settings")));
            QCOMPARE(banner->kind(), MessageBanner::Kind::Warning);
            QTRY_VERIFY_WITH_TIMEOUT(chatwoot->text().contains(QLatin1String("cannot be reached")), 20000);
            QVERIFY(empty->isVisible());
            QVERIFY2(empty->text().contains(QLatin1String("cannot be reached")), qPrintable(empty->text()));
            // The reviewer closes it; later failed polls do not bring it back.
            banner->hide();
            QTRY_VERIFY_WITH_TIMEOUT(window.services()->poller() != nullptr, 10000);
            QSignalSpy failed(window.services()->poller(), &cx::pipeline::ChatwootPoller::pollFailed);
            QTRY_VERIFY_WITH_TIMEOUT(failed.size() >= 3, 20000);
            QVERIFY(!banner->isVisible());
        }
        if (hadToken)
            qputenv("CHATWOOT_API_KEY", savedToken);
        else
            qunsetenv("CHATWOOT_API_KEY");
    }

    // The demo's queue has conversations past 75 % of the SLA and past it: they make one SLA notification
    // (a summary), aimed at a conversation; File › Pause SLA alerts toggles the pause and keeps it.
    void slaAlertsFromTheQueue()
    {
        MainWindow window(MainWindow::Options { true, {} });
        auto* center = window.findChild<NotificationCenter*>();
        QVERIFY(center);
        center->setSlaAlertsPaused(false);
        QSignalSpy delivered(center, &NotificationCenter::notificationDelivered);
        auto slaDeliveries = [&delivered] {
            int n = 0;
            for (const QList<QVariant>& args : delivered)
                n += args.at(0).toString().startsWith(QLatin1String("conversation:")) ? 1 : 0;
            return n;
        };
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(slaDeliveries() >= 1, 30000);
        QCOMPARE(slaDeliveries(), 1); // several due at once: one summary
        auto* pause = window.findChild<QAction*>(QStringLiteral("pauseSlaAlertsAction"));
        QVERIFY(pause && pause->isCheckable());
        pause->trigger();
        QVERIFY(center->slaAlertsPaused());
        QVERIFY(QSettings().value(QStringLiteral("notifications/slaAlertsPaused")).toBool());
        pause->trigger();
        QVERIFY(!center->slaAlertsPaused());
        QVERIFY(!QSettings().value(QStringLiteral("notifications/slaAlertsPaused")).toBool());
    }

    void aboutDialogFromTheDesignerForm()
    {
        AboutDialog dialog;
        QVERIFY(dialog.versionText().contains(QLatin1String(CXPILOT_VERSION)));
        QVERIFY(dialog.findChild<QWidget*>(QStringLiteral("buttonBox")));
        QCOMPARE(dialog.windowTitle(), QStringLiteral("About CX Pilot"));
    }

    void unreachableDatabaseShowsBannerNotDialog()
    {
        MainWindow window(MainWindow::Options { false, QStringLiteral("postgresql://u:p@127.0.0.1:1/none") });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* banner = window.findChild<MessageBanner*>(QStringLiteral("messageBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 15000);
        QCOMPARE(banner->kind(), MessageBanner::Kind::Error);
        QVERIFY(banner->text().contains(QLatin1String("could not be opened")));
        QVERIFY(!banner->text().contains(QLatin1String(":p@")));
        QVERIFY(QApplication::topLevelWidgets().size() >= 1);
        QVERIFY(!QApplication::activeModalWidget());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
