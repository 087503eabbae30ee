#pragma once

#include "foundation/Result.h"
#include "review/FaultPoint.h"
#include "review/Grades.h"

#include <QObject>
#include <QVariant>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::review {

class Outbox;

// The approval flow, enforced in the core where no UI can bypass it: a public reply goes out only for a draft
// that a named person approved with three explicit grades, through the outbox, exactly once.
//
//   approveAndSendReply: validate -> [tx: noted->approved + grades + audit] -> [outbox row] -> send (outbox)
//                        -> [tx: sent + audit] -> learning signal (or the local queue if the database is
//                        away)
// Each bracket is durable; if anything stops the flow, resume() continues from the last durable step.
class ApprovalFlow final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalFlow)
public:
    struct Options {
        double editRatioThreshold = 0.2; // "approved without major edits"
        // Where learning signals wait when the main database cannot take them (a local SQLite database).
        std::shared_ptr<storage::Database> signalQueue;
    };

    enum class Stage { Approved, Queued, Sent, SignalSaved, SignalQueued };
    struct Outcome {
        Stage stage = Stage::Approved;
        qint64 chatwootMessageId = 0;
        bool reconciled = false; // the reply was found already in Chatwoot, not sent again
        QString note; // e.g. why the signal was queued
    };
    using Callback = std::function<void(Result<Outcome>)>;

    ApprovalFlow(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, Options options,
        QObject* parent = nullptr);
    ~ApprovalFlow() override;

    // Grades are raw values as the reviewer gave them (validated here: integers 1..5, none missing).
    // `reviewer` is a named person (on PostgreSQL with RLS, the database login: Database::sessionUser()).
    void approveAndSendReply(const QString& draftId, const QString& finalText, const QVariant& tone,
        const QVariant& accuracy, const QVariant& policy, const QString& reviewer, QObject* context,
        Callback done);
    // Nothing is sent; the learning signal is captured with approved = false and the reason.
    void rejectAndCaptureLearning(const QString& draftId, const QVariant& tone, const QVariant& accuracy,
        const QVariant& policy, const QString& reason, const QString& reviewer, QObject* context,
        Callback done);
    // Continues an interrupted approval (or rejection) from where it stopped.
    void resume(const QString& draftId, QObject* context, Callback done);
    // Moves queued learning signals to the database (call when it is back). Returns how many moved.
    void flushQueuedSignals(QObject* context, std::function<void(Result<int>)> done);

    void setFaultPoint(FaultPoint point);
    // Test seam: runs on the database thread after the draft is read and before its signal is saved
    // (e.g. to take the database away at exactly that moment).
    void setBeforeSignalSaveHook(std::function<void()> hook) { m_beforeSignalSave = std::move(hook); }
    static QString stageName(Stage stage);

private:
    void queueAndSend(const QString& draftId, const QString& actor, QObject* context, Callback done);
    void saveSignal(const QString& draftId, Outcome outcome, QObject* context, Callback done);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    Options m_options;
    Outbox* m_outbox;
    FaultPoint m_fault = FaultPoint::None;
    std::function<void()> m_beforeSignalSave;
};

} // namespace cx::review
