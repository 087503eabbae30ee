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
        // count, -, show, pause, pause SLA alerts, -, quit
        QCOMPARE(center.trayIcon()->contextMenu()->actions().size(), 7);
        QVERIFY(center.trayIcon()->contextMenu()->actions().contains(center.slaPauseAction()));

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
            QStringLiteral("Where is <b>my refund</b>?"), QStringLiteral("high"));
        center.notifyNewDraft(QStringLiteral("draft-b"), QStringLiteral("Grace Hopper"),
            QStringLiteral("Hi Grace"), QStringLiteral("low"));
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 5000);
        QCOMPARE(delivered.at(0).at(1).value<Channel>(), Channel::DBus);
        QCOMPARE(m_fake->calls.size(), 2);
        const auto& first = m_fake->calls.at(0);
        QCOMPARE(first.appName, QStringLiteral("CX Pilot"));
        QCOMPARE(first.summary, QStringLiteral("New draft for Ada Lovelace"));
        QVERIFY(first.body.contains(QLatin1String("&lt;b&gt;my refund&lt;/b&gt;"))); // escaped, not markup
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

    // Several drafts at once: one summary over D-Bus, plural, opening the first; the tray/fallback path
    // gets the same single summary.
    void manyDraftsMakeOneSummary()
    {
        const QList<NotificationCenter::DraftNotice> drafts {
            { QStringLiteral("d1"), QStringLiteral("Ada"), QStringLiteral("Where is my parcel?"),
                QStringLiteral("low") },
            { QStringLiteral("d2"), QStringLiteral("Grace"), QStringLiteral("Refund?"),
                QStringLiteral("high") },
            { QStringLiteral("d3"), QStringLiteral("Linus"), QStringLiteral("Size?"), QStringLiteral("low") },
            { QStringLiteral("d4"), QStringLiteral("Ken"), QStringLiteral("Colour?"), QStringLiteral("low") },
            { QStringLiteral("d5"), QStringLiteral("Barbara"), QStringLiteral("Open?"),
                QStringLiteral("low") },
        };
        {
            NotificationCenter offline(QDBusConnection(QStringLiteral("no-bus")));
            QSignalSpy delivered(&offline, &NotificationCenter::notificationDelivered);
            offline.notifyNewDrafts(drafts);
            QCOMPARE(delivered.size(), 1);
            QCOMPARE(delivered.at(0).at(0).toString(), QStringLiteral("d1"));
        }
        QDBusConnection server = startFakeServer();
        if (!server.isConnected())
            return;
        NotificationCenter center;
        QSignalSpy delivered(&center, &NotificationCenter::notificationDelivered);
        QSignalSpy open(&center, &NotificationCenter::openDraftRequested);
        center.notifyNewDrafts(drafts);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 1, 5000);
        QCOMPARE(m_fake->calls.size(), 1);
        // Plural through tr(..., n): "5 new drafts to review" once the English catalogue has the string.
        QVERIFY2(m_fake->calls.at(0).summary.startsWith(QLatin1String("5 new draft")),
            qPrintable(m_fake->calls.at(0).summary));
        QCOMPARE(m_fake->calls.at(0).body, QStringLiteral("For Ada, Grace, Linus and 2 more"));
        QCOMPARE(m_fake->calls.at(0).hints.value(QStringLiteral("urgency")).toInt(), 2); // one is high risk
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(42), QStringLiteral("default") });
        QVERIFY(open.wait(5000));
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("d1"));
        // One draft: its customer's question is the body.
        center.notifyNewDrafts({ drafts.at(1) });
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 2, 5000);
        QCOMPARE(m_fake->calls.at(1).summary, QStringLiteral("New draft for Grace"));
        QCOMPARE(m_fake->calls.at(1).body, QStringLiteral("Refund?\nHigh risk"));
        stopFakeServer(server);
    }

    // SLA alerts: at risk and breached, a summary for several, a click opens the conversation, and the
    // pause (its own, and the general one) stops them.
    void slaAlerts()
    {
        using Sla = NotificationCenter::SlaNotice;
        {
            // No D-Bus, no tray: the fallback path still reports where the alert went (nowhere).
            NotificationCenter offline(QDBusConnection(QStringLiteral("no-bus")));
            QSignalSpy delivered(&offline, &NotificationCenter::notificationDelivered);
            offline.notifySla({ Sla { 12, QStringLiteral("Ada"), true, 31 } });
            QCOMPARE(delivered.size(), 1);
            QCOMPARE(delivered.at(0).at(0).toString(), QStringLiteral("conversation:12"));
            QCOMPARE(delivered.at(0).at(1).value<Channel>(), Channel::None);
            offline.slaPauseAction()->trigger();
            QVERIFY(offline.slaAlertsPaused());
            offline.notifySla({ Sla { 12, QStringLiteral("Ada"), true, 31 } });
            offline.notifyNewDraft(QStringLiteral("d"), QStringLiteral("Ada"), QStringLiteral("?"), {});
            QCOMPARE(delivered.size(), 2); // the draft, not the SLA alert
            QCOMPARE(delivered.at(1).at(0).toString(), QStringLiteral("d"));
        }
        QDBusConnection server = startFakeServer();
        if (!server.isConnected())
            return;
        NotificationCenter center;
        QSignalSpy delivered(&center, &NotificationCenter::notificationDelivered);
        QSignalSpy openConversation(&center, &NotificationCenter::openConversationRequested);
        QSignalSpy openDraft(&center, &NotificationCenter::openDraftRequested);
        center.notifySla({ Sla { 7, QStringLiteral("Ada"), false, 12 } });
        center.notifySla({ Sla { 8, QStringLiteral("Grace"), true, 16 } });
        center.notifySla(
            { Sla { 8, QStringLiteral("Grace"), true, 40 }, Sla { 9, QStringLiteral("Linus"), false, 12 } });
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 3, 5000);
        QCOMPARE(m_fake->calls.at(0).summary, QStringLiteral("Reply soon: Ada"));
        QVERIFY2(m_fake->calls.at(0).body.startsWith(QLatin1String("Waiting for 12 minute")),
            qPrintable(m_fake->calls.at(0).body));
        QVERIFY(m_fake->calls.at(0).body.endsWith(QLatin1String("over 75 % of the reply-time target.")));
        QCOMPARE(m_fake->calls.at(0).hints.value(QStringLiteral("urgency")).toInt(), 1);
        QCOMPARE(m_fake->calls.at(1).summary, QStringLiteral("Reply-time target missed: Grace"));
        QCOMPARE(m_fake->calls.at(1).hints.value(QStringLiteral("urgency")).toInt(), 2);
        QVERIFY2(m_fake->calls.at(2).summary.startsWith(QLatin1String("2 conversation")),
            qPrintable(m_fake->calls.at(2).summary));
        QCOMPARE(m_fake->calls.at(2).body, QStringLiteral("Grace, Linus\n1 past the reply-time target"));
        emitSignal(server, QStringLiteral("ActionInvoked"), { uint(43), QStringLiteral("default") });
        QVERIFY(openConversation.wait(5000));
        QCOMPARE(openConversation.at(0).at(0).toLongLong(), 8);
        QCOMPARE(openDraft.size(), 0);
        // Paused (persisted by the window through slaAlertsPausedChanged): nothing is sent.
        QSignalSpy pausedChanged(&center, &NotificationCenter::slaAlertsPausedChanged);
        center.setSlaAlertsPaused(true);
        QCOMPARE(pausedChanged.size(), 1);
        QVERIFY(center.slaPauseAction()->isChecked());
        center.notifySla({ Sla { 10, QStringLiteral("Ken"), true, 50 } });
        center.setSlaAlertsPaused(false);
        center.notifySla({ Sla { 11, QStringLiteral("Barbara"), false, 12 } });
        QTRY_COMPARE_WITH_TIMEOUT(delivered.size(), 4, 5000);
        QCOMPARE(m_fake->calls.size(), 4);
        QCOMPARE(m_fake->calls.at(3).summary, QStringLiteral("Reply soon: Barbara"));
        stopFakeServer(server);
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
