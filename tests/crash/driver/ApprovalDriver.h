#pragma once

#include "DriverOptions.h"
#include "review/DraftRecord.h"

#include <QObject>

#include <memory>

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}
namespace cx::review {
class ApprovalFlow;
class Recovery;
} // namespace cx::review

namespace cx::crash {

// Plays a reviewer who approves every noted draft, one after the other, after first finishing whatever an
// earlier (killed) run left behind. Every step is one line on stdout, flushed at once, so a harness can kill
// the process at a chosen step and still know what it had done.
//
// One pass: flush the local signal queue -> finish interrupted approvals -> approve noted drafts. Passes
// repeat (up to maxPasses) while something could not be finished (the database away, a send still leased).
class ApprovalDriver final : public QObject {
    Q_OBJECT
public:
    ApprovalDriver(DriverOptions options, std::shared_ptr<storage::Database> db,
        std::shared_ptr<storage::Database> signalQueue, chatwoot::ChatwootClient* client,
        QObject* parent = nullptr);
    ~ApprovalDriver() override;

    void start();
    static void say(const QString& line); // one line to stdout, flushed

Q_SIGNALS:
    void finished(int exitCode); // 0: nothing left; 2: work left after maxPasses

private:
    void beginPass();
    void recover();
    void findNoted();
    void approveNext();
    void endPass();
    void noteError(const QString& draftId, const Error& error);

    DriverOptions m_options;
    std::shared_ptr<storage::Database> m_db;
    std::shared_ptr<storage::Database> m_signalQueue;
    review::ApprovalFlow* m_flow = nullptr;
    review::Recovery* m_recovery = nullptr;

    int m_pass = 0;
    bool m_passLeftWork = false;
    int m_approvedThisRun = 0;
    QList<review::DraftRecord> m_toApprove;

    struct Totals {
        int approved = 0, sent = 0, reconciled = 0, signalsSaved = 0, signalsQueued = 0, flushed = 0,
            resumed = 0, waiting = 0, attention = 0, conflicts = 0, errors = 0;
    } m_totals;
};

} // namespace cx::crash
