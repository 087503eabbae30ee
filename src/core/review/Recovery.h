#pragma once

#include "foundation/Result.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::review {

class ApprovalFlow;

// Finishes approvals that stopped half-way (a killed process, a lost connection, an unclear POST). Every
// process that can send replies runs it at start and then periodically; it only ever drives ApprovalFlow,
// so the same guards (stale check, lease, re-check pause, already-sent shortcut) apply to its sends.
class Recovery final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Recovery)
public:
    struct Report {
        int sent = 0; // replies sent now by resuming an interrupted approval
        int reconciled
            = 0; // found already in Chatwoot (after a crash/unknown outcome), recorded, not re-sent
        int signalsSaved = 0; // learning signals saved for reviewed drafts that had none
        int signalsFlushed = 0; // moved from the local signal queue to the database
        int waiting = 0; // unknown outcomes inside their re-check pause, or rows leased by another process
        QStringList needsAttentionDraftIds; // cannot proceed without a person (stale, definite refusal, ...)
        QStringList needsAttention; // one plain sentence per id above, translated
        bool isEmpty() const;
    };

    Recovery(std::shared_ptr<storage::Database> db, ApprovalFlow* flow, QObject* parent = nullptr);
    ~Recovery() override;

    // One pass: approved drafts without an outbox row; outbox rows pending / unknown past their pause /
    // sending with an expired lease; sent or rejected drafts without a learning signal; the local signal
    // queue.
    void runOnce(QObject* context, std::function<void(Result<Report>)> done);
    void start(int intervalMs); // runOnce now, then every intervalMs (skips a tick while a pass runs)
    void stop();
    bool isRunning() const { return m_passRunning; }

signals:
    void ran(const cx::review::Recovery::Report& report); // after every pass that did or found something

private:
    void tick();

    std::shared_ptr<storage::Database> m_db;
    ApprovalFlow* m_flow;
    QTimer m_timer;
    bool m_passRunning = false;
};

} // namespace cx::review

Q_DECLARE_METATYPE(cx::review::Recovery::Report)
