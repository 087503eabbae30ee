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
// a "default" action: clicking one emits openDraftRequested(draftId) (openConversationRequested for an SLA
// alert). Several drafts arriving together make one summary notification, not one each. When D-Bus is
// unavailable or the call fails, QSystemTrayIcon::showMessage is the fallback (if a tray exists). The tray's
// tooltip and menu show how many drafts wait; its menu offers Show window, Pause notifications, Pause SLA
// alerts and Quit. Hiding to the tray on close is only allowed while a tray really shows our icon
// (shouldHideOnClose), or the user would be stranded.
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

    // A new draft: its contact, the customer's question it answers (shown, not the draft's greeting) and
    // its risk level (low|medium|high).
    struct DraftNotice {
        QString draftId;
        QString contact;
        QString question;
        QString riskLevel;
    };
    // One notification for one draft; for several, one summary ("3 new drafts to review") that opens the
    // first. Nothing while paused.
    void notifyNewDrafts(const QList<DraftNotice>& drafts);
    void notifyNewDraft(
        const QString& draftId, const QString& contact, const QString& question, const QString& riskLevel);

    // A conversation past 75 % of its reply-time target, or past the target (breached).
    struct SlaNotice {
        qint64 conversationId = 0;
        QString contact;
        bool breached = false;
        qint64 waitedMinutes = 0;
    };
    // One notification (a summary for several); nothing while notifications or SLA alerts are paused.
    // notificationDelivered names the target "conversation:<id>".
    void notifySla(const QList<SlaNotice>& notices);
    void setSlaAlertsPaused(bool paused);
    bool slaAlertsPaused() const { return m_slaPaused; }

    // The tray menu's actions (QAction is not a widget): for the window's own menu, and tests.
    QAction* showWindowAction() const { return m_showAction; }
    QAction* pauseAction() const { return m_pauseAction; }
    QAction* slaPauseAction() const { return m_slaPauseAction; }
    QAction* quitAction() const { return m_quitAction; }
    QAction* countAction() const { return m_countAction; }
    QSystemTrayIcon* trayIcon() const { return m_tray; }

    // The notification ids the server gave us that are still open (tests).
    int openNotificationCount() const { return int(m_openNotifications.size()); }

signals:
    void openDraftRequested(const QString& draftId);
    void openConversationRequested(qint64 conversationId);
    void slaAlertsPausedChanged(bool paused);
    void showWindowRequested();
    void quitRequested();
    void pausedChanged(bool paused);
    // Where a notification went (Channel::None: nowhere — no D-Bus and no tray); draftId is the target: the
    // (first) draft's id, or "conversation:<id>" for an SLA alert.
    void notificationDelivered(const QString& draftId, cx::gui::NotificationCenter::Channel channel);

private Q_SLOTS:
    void onActionInvoked(uint id, const QString& action);
    void onNotificationClosed(uint id, uint reason);

private:
    void setUpActions();
    void setUpTray();
    void updateCountTexts();
    // target: a draft id, or "conversation:<id>".
    void send(const QString& target, const QString& summary, const QString& body, bool urgent);
    bool sendOverDBus(const QString& target, const QString& summary, const QString& body, bool urgent);
    void fallBack(const QString& target, const QString& summary, const QString& body);
    void open(const QString& target);
    QIcon appIcon() const;

    QDBusConnection m_bus;
    QSystemTrayIcon* m_tray = nullptr; // a child: dies with us
    QMenu* m_menu = nullptr;
    QAction* m_countAction = nullptr;
    QAction* m_showAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_slaPauseAction = nullptr;
    QAction* m_quitAction = nullptr;
    QHash<uint, QString> m_openNotifications; // server id -> target
    QString m_lastTrayDraft;
    int m_pendingCount = 0;
    bool m_paused = false;
    bool m_slaPaused = false;
};

} // namespace cx::gui
