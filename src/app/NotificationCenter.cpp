#include "NotificationCenter.h"

#include "AppIcon.h"
#include "Translations.h"
#include "foundation/LogCategories.h"

#include <QAction>
#include <QApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QMenu>
#include <QSystemTrayIcon>

namespace cx::gui {

namespace {

const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
const QString kInterface = QStringLiteral("org.freedesktop.Notifications");
const QString kConversationTarget = QStringLiteral("conversation:");

QString shortened(const QString& text)
{
    QString line = text.simplified();
    if (line.size() > 140)
        line = line.left(139) + QChar(0x2026);
    return line;
}

// "Ada, Grace, Zed and 2 more"
QString nameList(const QStringList& names)
{
    const QStringList shown = names.mid(0, 3);
    const int rest = int(names.size() - shown.size());
    const QString joined = shown.join(QStringLiteral(", "));
    return rest > 0
        ? QCoreApplication::translate("cx::gui::NotificationCenter", "%1 and %n more", nullptr, rest)
              .arg(joined)
        : joined;
}

} // namespace

NotificationCenter::NotificationCenter(QObject* parent)
    : NotificationCenter(QDBusConnection::sessionBus(), parent)
{
}

NotificationCenter::NotificationCenter(const QDBusConnection& bus, QObject* parent)
    : QObject(parent)
    , m_bus(bus)
{
    Translations::ensureEnglishPlurals();
    setUpActions();
    setUpTray();
    if (m_bus.isConnected()) {
        // Any sender: matching on the service name would need a (blocking) owner lookup. Only ids we were
        // given are acted upon.
        m_bus.connect(QString(), kPath, kInterface, QStringLiteral("ActionInvoked"), this,
            SLOT(onActionInvoked(uint, QString)));
        m_bus.connect(QString(), kPath, kInterface, QStringLiteral("NotificationClosed"), this,
            SLOT(onNotificationClosed(uint, uint)));
    }
    updateCountTexts();
}

NotificationCenter::~NotificationCenter()
{
    if (m_bus.isConnected()) {
        m_bus.disconnect(QString(), kPath, kInterface, QStringLiteral("ActionInvoked"), this,
            SLOT(onActionInvoked(uint, QString)));
        m_bus.disconnect(QString(), kPath, kInterface, QStringLiteral("NotificationClosed"), this,
            SLOT(onNotificationClosed(uint, uint)));
    }
    delete m_tray; // before the menu it shows
    m_tray = nullptr;
    delete m_menu;
}

void NotificationCenter::setUpActions()
{
    m_countAction = new QAction(this);
    m_countAction->setEnabled(false);
    m_showAction = new QAction(tr("Show window"), this);
    m_showAction->setObjectName(QStringLiteral("trayShowAction"));
    connect(m_showAction, &QAction::triggered, this, &NotificationCenter::showWindowRequested);
    m_pauseAction = new QAction(tr("Pause notifications"), this);
    m_pauseAction->setObjectName(QStringLiteral("trayPauseAction"));
    m_pauseAction->setCheckable(true);
    connect(m_pauseAction, &QAction::toggled, this, &NotificationCenter::setPaused);
    m_slaPauseAction = new QAction(tr("&Pause SLA alerts"), this);
    m_slaPauseAction->setObjectName(QStringLiteral("pauseSlaAlertsAction"));
    m_slaPauseAction->setCheckable(true);
    m_slaPauseAction->setToolTip(
        tr("No notification when a waiting conversation nears or passes its reply-time target"));
    connect(m_slaPauseAction, &QAction::toggled, this, &NotificationCenter::setSlaAlertsPaused);
    m_quitAction = new QAction(tr("Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("trayQuitAction"));
    connect(m_quitAction, &QAction::triggered, this, &NotificationCenter::quitRequested);
}

void NotificationCenter::setUpTray()
{
    if (!qobject_cast<QApplication*>(QCoreApplication::instance()))
        return; // a QSystemTrayIcon needs a widget application
    m_menu = new QMenu;
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_menu->addAction(m_countAction);
    m_menu->addSeparator();
    m_menu->addAction(m_showAction);
    m_menu->addAction(m_pauseAction);
    m_menu->addAction(m_slaPauseAction);
    m_menu->addSeparator();
    m_menu->addAction(m_quitAction);
    m_tray = new QSystemTrayIcon(appIcon(), this);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            emit showWindowRequested();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
        if (!m_lastTrayDraft.isEmpty())
            open(m_lastTrayDraft);
    });
    // Shown even without a tray right now: Qt puts it there once a tray appears.
    m_tray->show();
}

QIcon NotificationCenter::appIcon() const
{
    const QIcon window = QApplication::windowIcon();
    return window.isNull() ? cx::gui::appIcon() : window;
}

bool NotificationCenter::isTrayAvailable() const
{
    return m_tray && QSystemTrayIcon::isSystemTrayAvailable() && m_tray->isVisible();
}

void NotificationCenter::setPendingCount(int count)
{
    count = std::max(0, count);
    if (count == m_pendingCount)
        return;
    m_pendingCount = count;
    updateCountTexts();
}

QString NotificationCenter::trayToolTip() const
{
    if (m_pendingCount == 0)
        return tr("CX Pilot — no drafts waiting");
    return tr("CX Pilot — %n draft(s) waiting for review", nullptr, m_pendingCount);
}

void NotificationCenter::updateCountTexts()
{
    m_countAction->setText(
        m_pendingCount == 0 ? tr("No drafts waiting") : tr("%n draft(s) waiting", nullptr, m_pendingCount));
    if (m_tray)
        m_tray->setToolTip(
            m_paused ? trayToolTip() + QLatin1Char('\n') + tr("Notifications paused") : trayToolTip());
}

void NotificationCenter::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    {
        const QSignalBlocker block(m_pauseAction);
        m_pauseAction->setChecked(paused);
    }
    updateCountTexts();
    emit pausedChanged(paused);
}

void NotificationCenter::setSlaAlertsPaused(bool paused)
{
    if (paused == m_slaPaused)
        return;
    m_slaPaused = paused;
    {
        const QSignalBlocker block(m_slaPauseAction);
        m_slaPauseAction->setChecked(paused);
    }
    emit slaAlertsPausedChanged(paused);
}

void NotificationCenter::notifyNewDraft(
    const QString& draftId, const QString& contact, const QString& question, const QString& riskLevel)
{
    notifyNewDrafts({ DraftNotice { draftId, contact, question, riskLevel } });
}

void NotificationCenter::notifyNewDrafts(const QList<DraftNotice>& drafts)
{
    if (m_paused || drafts.isEmpty())
        return;
    bool urgent = false;
    QStringList names;
    for (const DraftNotice& d : drafts) {
        urgent = urgent || d.riskLevel == QLatin1String("high");
        const QString name = d.contact.isEmpty() ? tr("a customer") : d.contact;
        if (!names.contains(name))
            names.append(name);
    }
    if (drafts.size() > 1) {
        send(drafts.first().draftId, tr("%n new draft(s) to review", nullptr, int(drafts.size())),
            tr("For %1").arg(nameList(names)), urgent);
        return;
    }
    const DraftNotice& d = drafts.first();
    const QString summary = tr("New draft for %1").arg(names.first());
    QString risk;
    if (d.riskLevel == QLatin1String("high"))
        risk = tr("High risk");
    else if (d.riskLevel == QLatin1String("medium"))
        risk = tr("Medium risk");
    else if (d.riskLevel == QLatin1String("low"))
        risk = tr("Low risk");
    const QString question
        = d.question.trimmed().isEmpty() ? tr("A reply is ready for review.") : shortened(d.question);
    send(d.draftId, summary, risk.isEmpty() ? question : question + QLatin1Char('\n') + risk, urgent);
}

void NotificationCenter::notifySla(const QList<SlaNotice>& notices)
{
    if (m_paused || m_slaPaused || notices.isEmpty())
        return;
    int breached = 0;
    QStringList names;
    for (const SlaNotice& n : notices) {
        breached += n.breached ? 1 : 0;
        const QString name = n.contact.isEmpty() ? tr("a customer") : n.contact;
        if (!names.contains(name))
            names.append(name);
    }
    const QString target = kConversationTarget + QString::number(notices.first().conversationId);
    if (notices.size() > 1) {
        QString body = nameList(names);
        if (breached > 0)
            body += QLatin1Char('\n') + tr("%n past the reply-time target", nullptr, breached);
        send(target, tr("%n conversation(s) waiting too long", nullptr, int(notices.size())), body,
            breached > 0);
        return;
    }
    const SlaNotice& n = notices.first();
    const int minutes = int(n.waitedMinutes);
    if (n.breached)
        send(target, tr("Reply-time target missed: %1").arg(names.first()),
            tr("Waiting for %n minute(s), past the target.", nullptr, minutes), true);
    else
        send(target, tr("Reply soon: %1").arg(names.first()),
            tr("Waiting for %n minute(s), over 75 % of the reply-time target.", nullptr, minutes), false);
}

void NotificationCenter::send(const QString& target, const QString& summary, const QString& body, bool urgent)
{
    if (!sendOverDBus(target, summary, body, urgent))
        fallBack(target, summary, body);
}

void NotificationCenter::open(const QString& target)
{
    if (target.startsWith(kConversationTarget))
        emit openConversationRequested(target.mid(kConversationTarget.size()).toLongLong());
    else
        emit openDraftRequested(target);
}

bool NotificationCenter::sendOverDBus(
    const QString& draftId, const QString& summary, const QString& body, bool urgent)
{
    if (!m_bus.isConnected())
        return false;
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kInterface, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("cxpilot"));
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(urgent ? 2 : 1)));
    hints.insert(QStringLiteral("category"), QStringLiteral("im.received"));
    // Servers may read the body as simple markup: customer text is escaped.
    call << QStringLiteral("CX Pilot") << uint(0) << QStringLiteral("cxpilot") << summary
         << body.toHtmlEscaped() << QStringList { QStringLiteral("default"), tr("Open") } << hints << int(-1);
    auto* watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
        [this, draftId, summary, body](QDBusPendingCallWatcher* w) {
            w->deleteLater();
            const QDBusPendingReply<uint> reply = *w;
            if (reply.isError()) {
                qCInfo(lcApp) << "desktop notification over D-Bus failed:" << reply.error().name();
                fallBack(draftId, summary, body);
                return;
            }
            m_openNotifications.insert(reply.value(), draftId);
            emit notificationDelivered(draftId, Channel::DBus);
        });
    return true;
}

void NotificationCenter::fallBack(const QString& draftId, const QString& summary, const QString& body)
{
    if (isTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        m_lastTrayDraft = draftId;
        m_tray->showMessage(summary, body, appIcon(), 15000);
        emit notificationDelivered(draftId, Channel::Tray);
        return;
    }
    emit notificationDelivered(draftId, Channel::None);
}

void NotificationCenter::onActionInvoked(uint id, const QString& action)
{
    const auto it = m_openNotifications.constFind(id);
    if (it == m_openNotifications.constEnd())
        return; // someone else's notification
    if (action == QLatin1String("default"))
        open(it.value());
}

void NotificationCenter::onNotificationClosed(uint id, uint /*reason*/)
{
    m_openNotifications.remove(id);
}

} // namespace cx::gui
