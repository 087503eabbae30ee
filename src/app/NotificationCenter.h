#pragma once

#include <QDBusConnection>
#include <QHash>
#include <QIcon>
#include <QObject>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace cx::gui {

// The tray icon and desktop notifications, behind one widget-free facade (the only widgets are the tray's own
// QSystemTrayIcon and its context menu, created only when a QApplication runs).
//
// Notifications go to org.freedesktop.Notifications over D-Bus, asynchronously (never a blocking call), with
// a "default" action: clicking one emits openDraftRequested(draftId). When D-Bus is unavailable or the call
// fails, QSystemTrayIcon::showMessage is the fallback (if a tray exists). The tray's tooltip and menu show
// how many drafts wait; its menu offers Show window, Pause notifications and Quit. Hiding to the tray on
// close is only allowed while a tray really shows our icon (shouldHideOnClose), or the user would be
// stranded.
class NotificationCenter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotificationCenter)
public:
    enum class Channel { DBus, Tray, None };
    Q_ENUM(Channel)

    // Uses the session bus.
    explicit NotificationCenter(QObject* parent = nullptr);
    // Uses `bus` for notifications (tests pass their own connection; a disconnected one means "no D-Bus").
    explicit NotificationCenter(const QDBusConnection& bus, QObject* parent = nullptr);
    ~NotificationCenter() override;

    bool isTrayAvailable() const;
    bool shouldHideOnClose() const { return isTrayAvailable(); }

    void setPendingCount(int count);
    int pendingCount() const { return m_pendingCount; }
    QString trayToolTip() const;

    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    // A notification for a new draft: contact, the first line of the draft, its risk level (low|medium|high).
    // Nothing while paused.
    void notifyNewDraft(
        const QString& draftId, const QString& contact, const QString& firstLine, const QString& riskLevel);

    // The tray menu's actions (QAction is not a widget): for the window's own menu, and tests.
    QAction* showWindowAction() const { return m_showAction; }
    QAction* pauseAction() const { return m_pauseAction; }
    QAction* quitAction() const { return m_quitAction; }
    QAction* countAction() const { return m_countAction; }
    QSystemTrayIcon* trayIcon() const { return m_tray; }

    // The notification ids the server gave us that are still open (tests).
    int openNotificationCount() const { return int(m_openNotifications.size()); }

signals:
    void openDraftRequested(const QString& draftId);
    void showWindowRequested();
    void quitRequested();
    void pausedChanged(bool paused);
    // Where a notification went (Channel::None: nowhere — no D-Bus and no tray).
    void notificationDelivered(const QString& draftId, cx::gui::NotificationCenter::Channel channel);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);

private:
    void setUpActions();
    void setUpTray();
    void updateCountTexts();
    bool sendOverDBus(const QString& draftId, const QString& summary, const QString& body, bool urgent);
    void fallBack(const QString& draftId, const QString& summary, const QString& body);
    QIcon appIcon() const;

    QDBusConnection m_bus;
    QSystemTrayIcon* m_tray = nullptr; // a child: dies with us
    QMenu* m_menu = nullptr;
    QAction* m_countAction = nullptr;
    QAction* m_showAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_quitAction = nullptr;
    QHash<uint, QString> m_openNotifications; // server id -> draft id
    QString m_lastTrayDraft;
    int m_pendingCount = 0;
    bool m_paused = false;
};

} // namespace cx::gui
