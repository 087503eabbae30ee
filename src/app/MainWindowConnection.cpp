// When Chatwoot cannot be reached: one plain banner per outage with what to do (not one per failed poll),
// gone once a poll succeeds; the queue's empty state says why it is empty (unreachable, not configured,
// connecting, or simply nothing to show).
#include "ConversationFilterModel.h"
#include "ConversationQueueView.h"
#include "MainWindow.h"
#include "MessageBanner.h"

#include <QLabel>
#include <QVBoxLayout>

namespace cx::gui {

void MainWindow::buildQueueEmptyState()
{
    m_queueEmpty = new QLabel(m_queue->viewport());
    m_queueEmpty->setObjectName(QStringLiteral("queueEmptyState"));
    m_queueEmpty->setWordWrap(true);
    m_queueEmpty->setAlignment(Qt::AlignCenter);
    m_queueEmpty->setMargin(24);
    m_queueEmpty->setForegroundRole(QPalette::PlaceholderText);
    m_queueEmpty->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto* layout = new QVBoxLayout(m_queue->viewport());
    layout->addWidget(m_queueEmpty);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &MainWindow::updateQueueEmptyState);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateQueueEmptyState);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateQueueEmptyState);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateQueueEmptyState);
    updateQueueEmptyState();
}

void MainWindow::updateQueueEmptyState()
{
    if (!m_queueEmpty)
        return;
    QString text;
    if (m_chatwootUnreachable)
        text
            = tr("Chatwoot cannot be reached, so there are no conversations to show. CX Pilot keeps trying.");
    else if (!m_options.demo && !m_services->settings().isChatwootConfigured())
        text = tr("Connect to Chatwoot in File › Settings… to see your conversations here.");
    else if (!m_services->chatwoot())
        text = tr("Connecting to Chatwoot…");
    else
        text = tr("No conversations to show.");
    m_queueEmpty->setText(text);
    m_queueEmpty->setVisible(m_filter->rowCount() == 0);
}

void MainWindow::setChatwootReachable(bool reachable)
{
    if (reachable == !m_chatwootUnreachable)
        return; // said once per outage
    m_chatwootUnreachable = !reachable;
    if (reachable) {
        if (m_banner->isVisible() && m_banner->text() == m_unreachableText)
            m_banner->hide();
    } else {
        const QUrl url = m_services->settings().chatwootBaseUrl();
        m_unreachableText
            = tr("Chatwoot cannot be reached at %1. Check the network connection and the Chatwoot URL in "
                 "File › Settings… (Test connection shows which check fails). CX Pilot keeps trying.")
                  .arg(url.host().isEmpty() ? url.toString() : url.host());
        m_banner->showMessage(MessageBanner::Kind::Warning, m_unreachableText);
    }
    updateQueueEmptyState();
}

} // namespace cx::gui
