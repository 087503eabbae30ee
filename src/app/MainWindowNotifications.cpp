// The window's notifications: new drafts (several arriving in one refresh make one summary, whose body is
// the customer's question, not the draft's greeting), SLA alerts (review::SlaAlerts decides, the window
// only shows; pausable, the pause kept in the settings), and what a click on a notification opens.
#include "ConversationModel.h"
#include "DraftModel.h"
#include "MainWindow.h"
#include "NotificationCenter.h"
#include "foundation/Clock.h"
#include "review/SlaAlerts.h"

#include <QAction>
#include <QSettings>

#include <algorithm>

namespace cx::gui {

namespace {
constexpr auto kSlaPausedKey = "notifications/slaAlertsPaused";
constexpr int kSlaCheckMaxMs = 60 * 1000;
} // namespace

void MainWindow::wireNotifications()
{
    m_slaAlerts = std::make_unique<review::SlaAlerts>(m_services->settings().slaMinutes());
    m_notifications->setSlaAlertsPaused(qsettings().value(QLatin1String(kSlaPausedKey), false).toBool());
    connect(m_notifications, &NotificationCenter::slaAlertsPausedChanged, this,
        [this](bool paused) { qsettings().setValue(QLatin1String(kSlaPausedKey), paused); });

    // The draft list announces each new draft of one refresh in a row: a zero timer collects them.
    m_newDraftTimer = new QTimer(this);
    m_newDraftTimer->setSingleShot(true);
    m_newDraftTimer->setInterval(0);
    connect(m_newDraftTimer, &QTimer::timeout, this, &MainWindow::notifyNewDrafts);
    connect(m_drafts, &DraftModel::draftAdded, this, [this](const QString& id) {
        m_newDrafts.append(id);
        m_newDraftTimer->start();
    });
    // SLA states change with time, not only with polls.
    m_slaTimer = new QTimer(this);
    m_slaTimer->setSingleShot(true);
    connect(m_slaTimer, &QTimer::timeout, this, &MainWindow::checkSla);

    connect(m_notifications, &NotificationCenter::openDraftRequested, this, [this](const QString& id) {
        showNormal();
        raise();
        activateWindow();
        openDraft(id);
    });
    connect(m_notifications, &NotificationCenter::openConversationRequested, this, [this](qint64 id) {
        showNormal();
        raise();
        activateWindow();
        openConversation(id);
    });
    connect(m_notifications, &NotificationCenter::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
}

void MainWindow::noteCustomerQuestions(const QList<chatwoot::Conversation>& conversations)
{
    for (const chatwoot::Conversation& c : conversations) {
        if (c.lastMessage && c.lastMessage->messageType == chatwoot::MessageType::Incoming
            && !c.lastMessage->isPrivate && !c.lastMessage->content.trimmed().isEmpty())
            m_customerQuestions.insert(c.id, c.lastMessage->content);
    }
}

void MainWindow::notifyNewDrafts()
{
    QList<NotificationCenter::DraftNotice> notices;
    for (const QString& id : std::exchange(m_newDrafts, {})) {
        const PendingDraft* d = m_drafts->draft(id);
        if (!d || d->kind != QLatin1String("cx_reply") || d->isAwaitingSend())
            continue;
        const chatwoot::Conversation* c = m_conversations->conversation(d->conversationId);
        notices.append({ id, c ? c->contact.name : tr("Conversation %1").arg(d->conversationId),
            m_customerQuestions.value(d->conversationId), d->riskLevel });
    }
    m_notifications->notifyNewDrafts(notices);
}

void MainWindow::checkSla()
{
    if (!m_slaAlerts)
        return;
    m_slaAlerts->setSlaMinutes(m_services->settings().slaMinutes());
    QList<review::SlaAlerts::Waiting> waiting;
    for (int row = 0; row < m_conversations->rowCount(); ++row) {
        if (const chatwoot::Conversation* c = m_conversations->conversationAt(row))
            waiting.append({ c->id, c->waitingSince });
    }
    const QDateTime now = Clock::nowUtc();
    QList<NotificationCenter::SlaNotice> notices;
    for (const review::SlaAlerts::Alert& a : m_slaAlerts->update(waiting, now)) {
        const chatwoot::Conversation* c = m_conversations->conversation(a.conversationId);
        notices.append({ a.conversationId, c ? c->contact.name : tr("Conversation %1").arg(a.conversationId),
            a.kind == review::SlaAlerts::Kind::Breached, a.waitedMinutes });
    }
    // Alerts due while paused are dropped, not saved up for later.
    m_notifications->notifySla(notices);
    const QDateTime next = m_slaAlerts->nextDue(now);
    if (next.isValid())
        m_slaTimer->start(int(std::clamp<qint64>(now.msecsTo(next), 1000, kSlaCheckMaxMs)));
    else
        m_slaTimer->start(kSlaCheckMaxMs);
}

} // namespace cx::gui
