#pragma once

#include "foundation/Result.h"
#include "ingest/DraftNotifications.h"
#include "review/ReviewQueue.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class QSqlDatabase;

namespace cx::storage {
class Database;
}

namespace cx::gui {

// One row of the review queue: a draft waiting for a person, or an approved reply not yet in Chatwoot.
using PendingDraft = review::ReviewQueueItem;

// Reads the queue, oldest first (at most `limit`). Runs on a database worker thread.
inline Result<QList<PendingDraft>> loadPendingDrafts(QSqlDatabase& db, int limit = 500)
{
    return review::loadReviewQueue(db, limit);
}

// What the queue says about a draft's state: "Note posted", "Sending…", "Not confirmed yet — re-checking at
// 10:42", "Needs attention: …".
QString queueStateText(const PendingDraft& draft);

// Drafts awaiting review, from the database. refresh() queries on a database worker thread (never the GUI
// thread) and applies the difference row by row: removals, dataChanged for changed rows, insertions. A timer
// polls every few seconds, so drafts written by another process (cxpilotd, a colleague) appear on their own.
// draftAdded() fires for drafts that appear after the first load (the first load fills the model silently).
class DraftModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftModel)
public:
    enum Column {
        ContactColumn,
        PreviewColumn,
        ConfidenceColumn,
        RiskColumn,
        AgeColumn,
        StateColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        DraftIdRole = Qt::UserRole + 1, // QString
        ConversationIdRole, // qint64
        KindRole, // QString
        StateRole, // QString
        ConfidenceRole, // double, negative when unknown
        RiskLevelRole, // QString
        OfflineRole, // bool
        CreatedAtRole, // QDateTime
        AgeSecondsRole, // qint64
        SortRole,
    };
    Q_ENUM(Role)

    explicit DraftModel(QObject* parent = nullptr);
    ~DraftModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Starts polling this database (refreshes at once). nullptr stops.
    void setDatabase(std::shared_ptr<storage::Database> database);
    // Default 5000 ms; 0 = no polling (refresh() only).
    void setPollInterval(int msecs);
    int pollInterval() const { return m_pollIntervalMs; }
    // Team mode: refresh when PostgreSQL says a draft changed (LISTEN cxpilot_drafts; a refresh is coalesced
    // while one runs) and after a lost subscription, instead of polling. While it listens the poll only runs
    // as a safety net, every kNotifiedPollMs at most. nullptr: back to polling.
    void setNotifications(ingest::DraftNotifications* notifications);
    static constexpr int kNotifiedPollMs = 60000;
    // The poll timer's interval now (0: not polling).
    int effectivePollInterval() const;
    // Queries now. While a query runs, further calls coalesce into one more query after it.
    void refresh();
    bool isRefreshing() const { return m_inFlight; }

    // Applies a freshly loaded list (what refresh() does with the query's result). Public for the caller that
    // already has the rows, and for tests.
    void applyPending(const QList<PendingDraft>& drafts);

    // Contact names come from the conversation queue (the drafts table does not hold them).
    void setContactName(qint64 conversationId, const QString& name);

    int rowOf(const QString& draftId) const { return m_rowById.value(draftId, -1); }
    const PendingDraft* draftAt(int row) const;
    const PendingDraft* draft(const QString& draftId) const { return draftAt(rowOf(draftId)); }
    // Conversations with at least one reply draft waiting for review (drafted / noted).
    QSet<qint64> conversationsWithDrafts() const;
    // Approved replies not yet in Chatwoot, by conversation (the newest per conversation).
    QHash<qint64, const PendingDraft*> awaitingSend() const;

signals:
    void draftAdded(const QString& draftId);
    void countChanged(int count);
    void refreshed();
    void refreshFailed(const QString& message);

private:
    void onLoaded(Result<QList<PendingDraft>> result);
    void reindexFrom(int row);
    QString contactText(const PendingDraft& draft) const;

    std::shared_ptr<storage::Database> m_database;
    QList<PendingDraft> m_rows;
    QHash<QString, int> m_rowById;
    QHash<qint64, QString> m_contactNames;
    void restartPoll();

    QTimer m_poll;
    int m_pollIntervalMs = 5000;
    QPointer<ingest::DraftNotifications> m_notifications;
    bool m_inFlight = false;
    bool m_pendingRefresh = false;
    bool m_loadedOnce = false;
    quint64 m_generation = 0; // bumps with setDatabase, so a late answer from an old database is dropped
};

} // namespace cx::gui
