// The reviewer's ways through the queue: the queue's table, opening a conversation and its draft, and
// which draft comes next (auto-advance after a review, "Next waiting draft").
#include "ApprovalsDrawer.h"
#include "ConversationFilterModel.h"
#include "ConversationModel.h"
#include "ConversationQueueView.h"
#include "ConversationThreadView.h"
#include "DraftModel.h"
#include "DraftView.h"
#include "MainWindow.h"
#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "review/QueueUrgency.h"
#include "storage/Database.h"

#include <QCheckBox>
#include <QComboBox>

namespace cx::gui {

void MainWindow::buildQueue()
{
    m_scope = new QComboBox(this);
    m_scope->setObjectName(QStringLiteral("queueScope"));
    m_scope->setAccessibleName(tr("Which conversations"));
    m_scope->addItem(tr("All"), int(ConversationFilterModel::Scope::All));
    m_scope->addItem(tr("Mine"), int(ConversationFilterModel::Scope::Mine));
    m_scope->addItem(tr("Unassigned"), int(ConversationFilterModel::Scope::Unassigned));
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setScope(static_cast<ConversationFilterModel::Scope>(m_scope->currentData().toInt()));
    });
    m_draftsOnly = new QCheckBox(tr("Drafts waiting"), this);
    m_draftsOnly->setObjectName(QStringLiteral("draftsWaitingFilter"));
    connect(m_draftsOnly, &QCheckBox::toggled, m_filter, &ConversationFilterModel::setDraftsWaitingOnly);
    m_atRiskOnly = new QCheckBox(tr("SLA at risk"), this);
    m_atRiskOnly->setObjectName(QStringLiteral("slaAtRiskFilter"));
    connect(m_atRiskOnly, &QCheckBox::toggled, m_filter, &ConversationFilterModel::setSlaAtRiskOnly);

    m_queue = new ConversationQueueView(this);
    m_queue->setObjectName(QStringLiteral("conversationQueue"));
    m_queue->setAccessibleName(tr("Conversation queue"));
    m_queue->setModel(m_filter);
    m_queue->setSortingEnabled(true);
    // Most urgent first: SLA tier (one up for an angry or urgent customer), then the longest wait.
    m_queue->sortByColumn(ConversationModel::SlaColumn, Qt::DescendingOrder);
    m_queue->fitColumns();
    connect(m_queue->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (!current.isValid())
                return;
            const qint64 id = current.data(ConversationModel::ConversationIdRole).toLongLong();
            if (id != m_currentConversation) {
                ++m_navigation; // the reviewer chose: a pending auto-advance must not override it
                openConversation(id);
            }
        });
}

void MainWindow::openConversation(qint64 conversationId)
{
    m_currentConversation = conversationId;
    const QModelIndex source = m_conversations->indexOf(conversationId);
    const QModelIndex proxy = m_filter->mapFromSource(source);
    if (proxy.isValid() && m_queue->currentIndex().row() != proxy.row())
        m_queue->setCurrentIndex(proxy);
    else if (!proxy.isValid())
        m_queue->selectionModel()->clear(); // not in the queue (filtered out, resolved): highlight nothing
                                            // rather than another contact
    m_thread->clear();
    refreshThread();
    showDraftForConversation(conversationId);
    emit conversationShown(conversationId);
}

void MainWindow::showDraftForConversation(qint64 conversationId)
{
    QString draftId;
    for (int row = 0; row < m_drafts->rowCount(); ++row) {
        const PendingDraft* d = m_drafts->draftAt(row);
        if (d && d->conversationId == conversationId && d->kind == QLatin1String("cx_reply")
            && d->state == QLatin1String("noted"))
            draftId = d->id;
    }
    // No draft to review: an approved reply still on its way is shown with its state (never invisible).
    if (draftId.isEmpty()) {
        if (const PendingDraft* approved = m_drafts->awaitingSend().value(conversationId))
            draftId = approved->id;
    }
    if (draftId.isEmpty()) {
        // Even while a send is under way: the drawer never shows another conversation's draft than the
        // one selected (the send goes on in the core; the queue shows its state).
        ++m_draftRequest;
        m_drawer->clearDraft();
        return;
    }
    openDraft(draftId);
}

void MainWindow::openDraft(const QString& draftId)
{
    auto db = m_services->database();
    if (!db)
        return;
    const QString contact = [&] {
        const PendingDraft* d = m_drafts->draft(draftId);
        const chatwoot::Conversation* c = d ? m_conversations->conversation(d->conversationId) : nullptr;
        return c ? c->contact.name : QString();
    }();
    const quint64 request = ++m_draftRequest;
    review::dbCall<Result<DraftView>>(
        db, this,
        [draftId](storage::Database& database) -> Result<DraftView> {
            (void)review::DraftStore(database).markReviewOpened(draftId, Clock::nowUtc());
            return loadDraftView(database, draftId);
        },
        [this, contact, request](Result<DraftView> view) {
            if (request != m_draftRequest)
                return; // the reviewer (or auto-advance) went elsewhere meanwhile
            if (!view) {
                m_drawer->showNotice(view.error().message, true);
                return;
            }
            DraftView v = view.value();
            if (v.contactName.isEmpty())
                v.contactName = contact;
            if (m_currentConversation != v.conversationId) {
                m_currentConversation = 0;
                openConversation(v.conversationId); // also selects the row
                return;
            }
            if (m_drawer->showDraft(v)) {
                m_drawer->show();
                if (v.state == QLatin1String("approved")) {
                    const PendingDraft* queued = m_drafts->draft(v.id);
                    m_drawer->showDelivery(queued ? deliveryStateOf(*queued) : DeliveryState { v.id });
                }
            }
            emit draftShown(v.id);
        });
}

void MainWindow::moveToNextDraft(const QString& current, NextDraft mode)
{
    // Candidates: waiting reply drafts of conversations the queue shows (so the selection can follow), in
    // the queue's urgency order (review::urgencyOrder: SLA state, then waiting time), not in draft order.
    QList<review::UrgencyCandidate> candidates;
    for (int row = 0; row < m_drafts->rowCount(); ++row) {
        const PendingDraft* d = m_drafts->draftAt(row);
        if (!d || d->kind != QLatin1String("cx_reply") || d->state != QLatin1String("noted"))
            continue;
        if (mode == NextDraft::AfterReview && d->id == current)
            continue; // just reviewed (the draft list may not know yet)
        if (m_filter->mapFromSource(m_conversations->indexOf(d->conversationId)).isValid())
            candidates.append({ d->id, m_conversations->urgency(d->conversationId) });
    }
    // After a review: the most urgent one left. "Next waiting draft": the one after the current in that
    // order (wrapping round), so pressing it again walks the whole queue.
    openFirstLiveDraft(
        review::urgencyOrder(candidates, mode == NextDraft::Following ? current : QString()), ++m_navigation);
}

void MainWindow::openFirstLiveDraft(QStringList candidates, quint64 navigation)
{
    if (navigation != m_navigation)
        return; // the reviewer chose something else meanwhile
    if (candidates.isEmpty()) {
        ++m_draftRequest;
        m_drawer->clearDraft();
        return;
    }
    const QString id = candidates.takeFirst();
    const PendingDraft* d = m_drafts->draft(id);
    if (!d)
        return openFirstLiveDraft(candidates, navigation);
    if (!m_services->chatwoot())
        return openDraft(id);
    // The queue may be a poll behind: ask Chatwoot whether the conversation is still open before opening
    // it. (The core's stale check refuses a send into a resolved conversation as well.)
    const qint64 conversationId = d->conversationId;
    m_services->chatwoot()->fetchConversation(conversationId, this,
        [this, id, conversationId, candidates, navigation](Result<chatwoot::ConversationHistory> history) {
            if (navigation != m_navigation)
                return;
            if (history && history->conversation.status == chatwoot::ConversationStatus::Resolved) {
                m_conversations->remove(conversationId);
                return openFirstLiveDraft(candidates, navigation);
            }
            openDraft(id); // open (or pending, or unknown because Chatwoot did not answer: the core checks)
        });
}

void MainWindow::selectRelative(int delta)
{
    const int rows = m_filter->rowCount();
    if (rows == 0)
        return;
    const int current
        = m_queue->currentIndex().isValid() ? m_queue->currentIndex().row() : (delta > 0 ? -1 : rows);
    const int next = qBound(0, current + delta, rows - 1);
    m_queue->setCurrentIndex(m_filter->index(next, ConversationModel::ContactColumn));
}

} // namespace cx::gui
