#pragma once

#include <QSortFilterProxyModel>

namespace cx::gui {

// Filters and sorts a ConversationModel: whose conversations (mine / unassigned / all), one inbox, only those
// with a draft waiting, only those whose SLA is at risk or already breached. Sorted by default with the
// longest-waiting conversation first (not-waiting ones last).
class ConversationFilterModel final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationFilterModel)
public:
    enum class Scope { All, Mine, Unassigned };
    Q_ENUM(Scope)

    explicit ConversationFilterModel(QObject* parent = nullptr);

    void setScope(Scope scope);
    Scope scope() const { return m_scope; }
    // The signed-in agent's Chatwoot user id ("mine"). With 0 (unknown), "mine" shows nothing.
    void setCurrentUserId(qint64 userId);
    qint64 currentUserId() const { return m_currentUserId; }
    // 0 = every inbox.
    void setInboxId(qint64 inboxId);
    qint64 inboxId() const { return m_inboxId; }
    void setDraftsWaitingOnly(bool only);
    bool draftsWaitingOnly() const { return m_draftsWaitingOnly; }
    // At risk or breached (see SlaState).
    void setSlaAtRiskOnly(bool only);
    bool slaAtRiskOnly() const { return m_slaAtRiskOnly; }

    qint64 conversationIdAt(int proxyRow) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    Scope m_scope = Scope::All;
    qint64 m_currentUserId = 0;
    qint64 m_inboxId = 0;
    bool m_draftsWaitingOnly = false;
    bool m_slaAtRiskOnly = false;
};

} // namespace cx::gui
