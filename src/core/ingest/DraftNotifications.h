#pragma once

#include "foundation/Result.h"

#include <QObject>
#include <QSqlDatabase>
#include <QTimer>

#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// Desktops hear of new and changed drafts at once (team mode): on PostgreSQL the drafts table notifies the
// channel "cxpilot_drafts" on commit (migration 0007: a trigger, so every writer — the service, another
// desktop — is heard), and this class LISTENs through Qt's PostgreSQL driver
// (QSqlDriver::subscribeToNotification) on a connection of its own, in the thread it lives in (it needs that
// thread's event loop). SQLite has no notifications: start() says so and the caller keeps its poll.
// A lost connection is re-opened and re-subscribed every few seconds; resubscribed() then tells the caller to
// reload once, since notifications sent meanwhile are gone.
class DraftNotifications final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftNotifications)
public:
    static constexpr const char* kChannel = "cxpilot_drafts";

    explicit DraftNotifications(std::shared_ptr<storage::Database> db, QObject* parent = nullptr);
    ~DraftNotifications() override;

    // Unavailable on SQLite; the driver's error when the subscription fails.
    Status start();
    bool isListening() const { return m_listening; }

signals:
    void draftChanged(const QString& draftId, const QString& state);
    void resubscribed(); // after a lost connection: reload, notifications may have been missed

private:
    Status subscribe();
    void onNotification(const QString& name, int source, const QVariant& payload);
    void checkConnection();

    std::shared_ptr<storage::Database> m_db;
    QString m_connectionName;
    QTimer m_watchdog;
    bool m_listening = false;
};

} // namespace cx::ingest
