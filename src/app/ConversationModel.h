#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "review/QueueUrgency.h"
#include "triage/CustomerMood.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace cx::gui {

// The SLA states and their thresholds live in the core (review/QueueUrgency.h), with the urgency order the
// window follows; the queue only shows them.
using review::kSlaAtRiskFraction;
using review::SlaState;
using review::slaStateFor;
QString slaStateText(SlaState state);
// "45 s", "12 min", "1 h 05 min", "2 d 3 h"; empty for a negative duration.
QString formatWaiting(qint64 seconds);

// The support queue as Chatwoot reports it, one row per conversation. Changes map one-to-one onto row
// signals: a new conversation is a row insertion, a gone one a removal, a changed one dataChanged on its row.
// The model is never reset. Time-dependent cells are refreshed by a timer: dataChanged for the waiting column
// (all rows, one range) and for the SLA column of rows whose SLA state actually changed.
class ConversationModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationModel)
public:
    enum Column {
        ContactColumn,
        InboxColumn,
        PreviewColumn,
        WaitingColumn,
        SlaColumn,
        StatusColumn,
        PriorityColumn,
        AssigneeColumn,
        UnreadColumn,
        DraftColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        ConversationIdRole = Qt::UserRole + 1, // qint64
        InboxIdRole, // qint64
        AssigneeIdRole, // qint64, 0 = unassigned
        WaitingSinceRole, // QDateTime (invalid: not waiting)
        WaitingSecondsRole, // qint64, -1 when not waiting
        SlaStateRole, // int(SlaState)
        StatusRole, // int(chatwoot::ConversationStatus)
        PriorityRankRole, // 0 none, 1 low .. 4 urgent
        UnreadCountRole, // int
        DraftWaitingRole, // bool
        DeliveryStateRole, // QString: an approved reply's way to Chatwoot ("Sending…", ...), empty if none
        SortRole, // a value per column that sorts naturally
        MoodRole, // QString: triage::moodKey of the customer's last message ("angry", ...), "" if none
        RaisedRole, // bool: angry or urgent, so one SLA tier up (review::QueueUrgency::raised)
    };
    Q_ENUM(Role)

    explicit ConversationModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The whole queue as just fetched: rows not in `conversations` are removed, new ones appended, changed
    // ones updated — each with its own row signals. Unchanged rows emit nothing.
    void applySnapshot(const QList<chatwoot::Conversation>& conversations);
    // One conversation created or changed (a webhook / realtime event).
    void upsert(const chatwoot::Conversation& conversation);
    void remove(qint64 conversationId);
    void setDraftWaiting(qint64 conversationId, bool waiting);
    bool isDraftWaiting(qint64 conversationId) const { return m_draftWaiting.contains(conversationId); }
    // An approved reply of this conversation has not reached Chatwoot: the draft column says where it is
    // (it takes precedence over "Draft waiting"). Empty text clears it.
    void setDeliveryState(qint64 conversationId, const QString& text);
    QString deliveryState(qint64 conversationId) const { return m_deliveryState.value(conversationId); }

    // Inbox names for the inbox column (the channel kind is shown when a name is unknown).
    void setInboxNames(const QHash<qint64, QString>& names);
    void setSlaMinutes(int minutes);
    int slaMinutes() const { return m_slaMinutes; }
    // How often the time-dependent cells refresh (default 30 s); 0 stops the timer.
    void setTickInterval(int msecs);
    // Refreshes the time-dependent cells now (what the timer does).
    void refreshTimes();

    int rowOf(qint64 conversationId) const;
    QModelIndex indexOf(qint64 conversationId, int column = ContactColumn) const;
    const chatwoot::Conversation* conversationAt(int row) const;
    const chatwoot::Conversation* conversation(qint64 conversationId) const;
    // How urgent the conversation is (its SLA state now and since when the customer waits); a conversation
    // the queue does not hold is the least urgent.
    review::QueueUrgency urgency(qint64 conversationId) const;

private:
    chatwoot::Conversation withPublicPreview(const chatwoot::Conversation& incoming) const;

    struct Row {
        chatwoot::Conversation conversation;
        SlaState sla = SlaState::None;
        std::optional<triage::MoodEstimate> mood; // of the customer's last message, when it is the last one
    };
    Row makeRow(const chatwoot::Conversation& conversation, const QDateTime& now) const;
    static std::optional<triage::MoodEstimate> moodOf(const chatwoot::Conversation& conversation);
    static bool raised(const Row& row) { return row.mood && row.mood->raisesPriority(); }

    QVariant displayData(const Row& row, int column) const;
    QVariant sortData(const Row& row, int column) const;
    void reindexFrom(int row);
    void emitRowChanged(int row);

    QList<Row> m_rows;
    QHash<qint64, int> m_rowById;
    QSet<qint64> m_draftWaiting;
    QHash<qint64, QString> m_deliveryState;
    QHash<qint64, QString> m_inboxNames;
    int m_slaMinutes = 15;
    QTimer m_tick;
};

} // namespace cx::gui
