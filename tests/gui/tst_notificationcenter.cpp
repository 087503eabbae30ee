// NotificationCenter: freedesktop notifications over D-Bus against a test double that owns
// org.freedesktop.Notifications on the session bus (its own connection in this process); a click
// (ActionInvoked) opens the right draft; the fallback; and the no-tray path (offscreen has no tray: never
// hide on close).
#include "NotificationCenter.h"

#include <QAction>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTest>

using cx::gui::NotificationCenter;
using Channel = cx::gui::NotificationCenter::Channel;

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

// Records Notify calls and hands out ids, like a notification daemon.
class FakeNotificationServer final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")
public:
    struct Call {
        QString appName;
        QString summary;
        QString body;
        QStringList actions;
        QVariantMap hints;
        int timeout = 0;
    };
    QList<Call> calls;
    uint nextId = 41;

public Q_SLOTS:
    uint Notify(const QString& appName, uint replacesId, const QString& appIcon, const QString& summary,
        const QString& body, const QStringList& actions, const QVariantMap& hints, int timeout)
    {
        Q_UNUSED(replacesId)
        Q_UNUSED(appIcon)
        calls.append(Call { appName, summary, body, actions, hints, timeout });
        return ++nextId;
    }
    QStringList GetCapabilities() { return { QStringLiteral("actions"), QStringLiteral("body") }; }
    void CloseNotification(uint) { }
};

} // namespace

class TestNotificationCenter final : public QObject {
    Q_OBJECT
private slots:
    void noTrayMeansNoHideOnClose()
    {
        // Offscreen: no system tray. The window must not hide on close, or the user is stranded.
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        NotificationCenter center(
            QDBusConnection(QStringLiteral("no-bus"))); // not connected: no D-Bus either
        QVERIFY(!center.isTrayAvailable());
        QVERIFY(!center.shouldHideOnClose());
        QSignalSpy delivered(&center, &NotificationCenter::notificationDelivered);
        center.notifyNewDraft(
            QStringLiteral("d1"), QStringLiteral("Ada"), QStringLiteral("Hello"), QStringLiteral("low"));
        QCOMPARE(delivered.size(), 1); // synchronously: nowhere to go
        QCOMPARE(delivered.at(0).at(1).value<Channel>(), Channel::None);
    }

    void countAndMenu()
    {
        NotificationCenter center(QDBusConnection(QStringLiteral("no-bus")));
        QCOMPARE(center.trayToolTip(), QStringLiteral("CX Pilot — no drafts waiting"));
        center.setPendingCount(3);
        QCOMPARE(center.trayToolTip(), QStringLiteral("CX Pilot — 3 drafts waiting for review"));
        QCOMPARE(center.countAction()->text(), QStringLiteral("3 drafts waiting"));
        QVERIFY(center.trayIcon());
        QVERIFY(center.trayIcon()->toolTip().startsWith(center.trayToolTip()));
        QVERIFY(center.trayIcon()->contextMenu());
        QCOMPARE(center.trayIcon()->contextMenu()->actions().size(), 6); // count, -, show, pause, -, quit

        QSignalSpy show(&center, &NotificationCenter::showWindowRequested);
        QSignalSpy quit(&center, &NotificationCenter::quitRequested);
        center.showWindowAction()->trigger();
        center.quitAction()->trigger();
        QCOMPARE(show.size(), 1);
        QCOMPARE(quit.size(), 1);
        center.pauseAction()->trigger();
        QVERIFY(center.isPaused());
        QVERIFY(center.trayIcon()->toolTip().contains(QLatin1String("paused")));
    }

    void dbusNotificationOpensTheRightDraft()
    {
        QDBusConnection server = startFakeServer();
        if (!server.isConnected())
            return;
        NotificationCenter center; // the session bus, as in production
        QSignalSpy delivered(&center, &NotificationCenter::notificationDelivered);
        QSignalSpy open(&center, &NotificationCenter::openDraftRequested);

        center.notifyNewDraft(QStringLiteral("draft-a"), QStringLiteral("Ada Lovelace"),
            QStringLiteral("Hello Ada, <b>your refund</b> was issued today."), QStringLiteral("high"));
        center.notifyNewDraft(QStringLiteral("draft-b"), QStringLiteral("Grace Hopper"),
            QStringLiteral("Hi Grace"), QStringLiteral("low"));
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 5000);
        QCOMPARE(delivered.at(0).at(1).value<Channel>(), Channel::DBus);
        QCOMPARE(m_fake->calls.size(), 2);
        const auto& first = m_fake->calls.at(0);
        QCOMPARE(first.appName, QStringLiteral("CX Pilot"));
        QCOMPARE(first.summary, QStringLiteral("New draft for Ada Lovelace"));
        QVERIFY(first.body.contains(QLatin1String("&lt;b&gt;your refund&lt;/b&gt;"))); // escaped, not markup
        QVERIFY(first.body.contains(QLatin1String("High risk")));
        QCOMPARE(first.actions, (QStringList { QStringLiteral("default"), QStringLiteral("Open") }));
        QCOMPARE(first.hints.value(QStringLiteral("urgency")).toInt(), 2);
        QCOMPARE(first.hints.value(QStringLiteral("desktop-entry")).toString(), QStringLiteral("cxpilot"));
        QCOMPARE(m_fake->calls.at(1).hints.value(QStringLiteral("urgency")).toInt(), 1);
        QCOMPARE(center.openNotificationCount(), 2);

        // The user clicks the second notification (id 43): draft-b opens.
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(43), QStringLiteral("default") });
        QVERIFY(open.wait(5000));
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("draft-b"));

        // Someone else's notification, or another action: nothing.
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(999), QStringLiteral("default") });
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(42), QStringLiteral("dismiss") });
        // Closed notifications are forgotten: a late click does nothing.
        emitSignal(server, QStringLiteral("NotificationClosed"), { uint(42), uint(2) });
        QTRY_COMPARE(center.openNotificationCount(), 1);
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(42), QStringLiteral("default") });
        // Signals from one sender arrive in order: once a later click on 43 has opened draft-b again, every
        // click above has been handled, and none of them opened anything.
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(43), QStringLiteral("default") });
        QVERIFY(open.wait(5000));
        QCOMPARE(open.size(), 2);
        QCOMPARE(open.at(1).at(0).toString(), QStringLiteral("draft-b"));

        // Paused: nothing is sent.
        center.setPaused(true);
        center.notifyNewDraft(
            QStringLiteral("draft-c"), QStringLiteral("X"), QStringLiteral("Y"), QStringLiteral("low"));
        // Unpaused, the next one is sent. Calls reach the server in order: when it has exactly one more
        // call and that is draft-d's, draft-c was never sent.
        center.setPaused(false);
        center.notifyNewDraft(
            QStringLiteral("draft-d"), QStringLiteral("Zed"), QStringLiteral("Y"), QStringLiteral("low"));
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 3, 5000);
        QCOMPARE(m_fake->calls.size(), 3);
        QCOMPARE(m_fake->calls.at(2).summary, QStringLiteral("New draft for Zed"));
        // And with no tray, still no hide-on-close, even though notifications work.
        QVERIFY(!center.shouldHideOnClose());
        stopFakeServer(server);
    }

    void dbusErrorFallsBack()
    {
        if (!sessionBusOrSkip())
            return;
        // Nobody owns org.freedesktop.Notifications: the call fails, the fallback runs (no tray offscreen:
        // None).
        QVERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(kService).value());
        NotificationCenter center;
        QSignalSpy delivered(&center, &NotificationCenter::notificationDelivered);
        center.notifyNewDraft(
            QStringLiteral("draft-z"), QStringLiteral("Ada"), QStringLiteral("Hi"), QStringLiteral("low"));
        QVERIFY(delivered.wait(5000));
        QCOMPARE(delivered.at(0).at(1).value<Channel>(), Channel::None);
        QCOMPARE(center.openNotificationCount(), 0);
    }

private:
    bool sessionBusOrSkip()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
            || !QDBusConnection::sessionBus().isConnected()) {
            if (qEnvironmentVariableIsSet("CI"))
                qFatal("CI run without a D-Bus session: run the suite through tests/run-all.sh");
            QTest::qSkip("no D-Bus session bus (run through tests/run-all.sh)", __FILE__, __LINE__);
            return false;
        }
        return true;
    }

    QDBusConnection startFakeServer()
    {
        if (!sessionBusOrSkip())
            return QDBusConnection(QStringLiteral("none"));
        QDBusConnection conn = QDBusConnection::connectToBus(
            QDBusConnection::SessionBus, QStringLiteral("fake-notifications"));
        if (!conn.isConnected()) {
            QTest::qFail("cannot open a second session-bus connection", __FILE__, __LINE__);
            return conn;
        }
        m_fake = std::make_unique<FakeNotificationServer>();
        if (!conn.registerObject(kPath, m_fake.get(), QDBusConnection::ExportAllSlots)
            || !conn.registerService(kService)) {
            QTest::qFail(qPrintable(QStringLiteral("cannot own %1 (a notification daemon runs?): %2")
                                        .arg(kService, conn.lastError().message())),
                __FILE__, __LINE__);
            return QDBusConnection(QStringLiteral("none"));
        }
        return conn;
    }

    void stopFakeServer(QDBusConnection& conn)
    {
        conn.unregisterService(kService);
        conn.unregisterObject(kPath);
        QDBusConnection::disconnectFromBus(QStringLiteral("fake-notifications"));
        m_fake.reset();
    }

    static void emitSignal(QDBusConnection& conn, const QString& name, const QVariantList& args)
    {
        QDBusMessage signal = QDBusMessage::createSignal(kPath, kService, name);
        signal.setArguments(args);
        QVERIFY(conn.send(signal));
    }

    std::unique_ptr<FakeNotificationServer> m_fake;
};

QTEST_MAIN(TestNotificationCenter)
#include "tst_notificationcenter.moc"
