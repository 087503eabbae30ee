#include "ConversationFilterModel.h"

#include "ConversationModel.h"

namespace cx::gui {

ConversationFilterModel::ConversationFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ConversationModel::SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Most urgent first (review::QueueUrgency): the SLA column's sort value is the SLA tier — one up for a
    // customer who sounds angry or asks for speed — then the longest wait.
    sort(ConversationModel::SlaColumn, Qt::DescendingOrder);
}

void ConversationFilterModel::setScope(Scope scope)
{
    if (scope == m_scope)
        return;
    m_scope = scope;
    invalidateRowsFilter();
}

void ConversationFilterModel::setCurrentUserId(qint64 userId)
{
    if (userId == m_currentUserId)
        return;
    m_currentUserId = userId;
    if (m_scope == Scope::Mine)
        invalidateRowsFilter();
}

void ConversationFilterModel::setInboxId(qint64 inboxId)
{
    if (inboxId == m_inboxId)
        return;
    m_inboxId = inboxId;
    invalidateRowsFilter();
}

void ConversationFilterModel::setDraftsWaitingOnly(bool only)
{
    if (only == m_draftsWaitingOnly)
        return;
    m_draftsWaitingOnly = only;
    invalidateRowsFilter();
}

void ConversationFilterModel::setSlaAtRiskOnly(bool only)
{
    if (only == m_slaAtRiskOnly)
        return;
    m_slaAtRiskOnly = only;
    invalidateRowsFilter();
}

qint64 ConversationFilterModel::conversationIdAt(int proxyRow) const
{
    return index(proxyRow, 0).data(ConversationModel::ConversationIdRole).toLongLong();
}

bool ConversationFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex cell = sourceModel()->index(sourceRow, 0, sourceParent);
    const qint64 assignee = cell.data(ConversationModel::AssigneeIdRole).toLongLong();
    switch (m_scope) {
    case Scope::All:
        break;
    case Scope::Mine:
        if (m_currentUserId <= 0 || assignee != m_currentUserId)
            return false;
        break;
    case Scope::Unassigned:
        if (assignee != 0)
            return false;
        break;
    }
    if (m_inboxId > 0 && cell.data(ConversationModel::InboxIdRole).toLongLong() != m_inboxId)
        return false;
    if (m_draftsWaitingOnly && !cell.data(ConversationModel::DraftWaitingRole).toBool())
        return false;
    if (m_slaAtRiskOnly) {
        const auto sla = SlaState(cell.data(ConversationModel::SlaStateRole).toInt());
        if (sla != SlaState::AtRisk && sla != SlaState::Breached)
            return false;
    }
    return true;
}

bool ConversationFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    if (a != b) {
        if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
            return QString::localeAwareCompare(a.toString(), b.toString()) < 0;
        return QVariant::compare(a, b) == QPartialOrdering::Less;
    }
    // Stable tie-break: the conversation id (newer conversations have higher ids).
    return left.data(ConversationModel::ConversationIdRole).toLongLong()
        > right.data(ConversationModel::ConversationIdRole).toLongLong();
}

} // namespace cx::gui
