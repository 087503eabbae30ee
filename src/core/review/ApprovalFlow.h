#pragma once

#include "foundation/Result.h"
#include "review/Grades.h"

#include <QDateTime>
#include <QObject>
#include <QVariant>

#include <qcoro/qcorotask.h>

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
//   approveAndSendReply: validate -> [tx: noted->approved + grades + audit] -> [outbox row] -> send (outbox:
//                        lease, stale check, POST) -> [tx: sent + audit] -> learning signal (or the local
//                        queue if the database is away)
// Each bracket is durable; if anything stops the flow, resume() (and Recovery, which drives it) continues
// from the last durable step.
class ApprovalFlow final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalFlow)
public:
    struct Options {
        double editRatioThreshold = 0.2; // "approved without major edits"
        // Where learning signals wait when the main database cannot take them (a local SQLite database).
        std::shared_ptr<storage::Database> signalQueue;
        // After a POST whose outcome is unknown (timeout, dropped connection, 5xx) nothing is sent again
        // before this pause has passed and Chatwoot has been searched for the reply: Chatwoot may apply a
        // POST well after the client gave up on it (seen: 36 s after a 30 s timeout).
        int recheckPauseMs = 60000;
        // Added to the POST's whole retry window (from the Chatwoot client's policy) to make the send lease.
        int leaseMarginMs = 60000;
        // Who holds a send lease. Empty: this process's id (processInstanceId()) and a number for this flow.
        // Tests set it to play a process that died holding a lease.
        QString instanceId;
    };

    // OutcomeUnknown: the POST's outcome is not known (yet); Outcome::note says when it is re-checked. It is
    // a success, not an error: the reply may well have reached the customer, so never say "not sent".
    enum class Stage { Approved, Queued, Sent, SignalSaved, SignalQueued, OutcomeUnknown };
    struct Outcome {
        Stage stage = Stage::Approved;
        qint64 chatwootMessageId = 0;
        bool reconciled = false; // the reply was found already in Chatwoot, not sent again
        QString note; // e.g. why the signal was queued, or when an unknown outcome is re-checked
        QDateTime recheckAt; // OutcomeUnknown: not before this time
    };
    struct SendOptions {
        // The reviewer saw the stale warning (a newer public reply, a resolved/snoozed conversation) and
        // confirms the send anyway.
        bool confirmStale = false;
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
    void approveAndSendReply(const QString& draftId, const QString& finalText, const QVariant& tone,
        const QVariant& accuracy, const QVariant& policy, const QString& reviewer, QObject* context,
        Callback done, SendOptions send);
    // Nothing is sent; the learning signal is captured with approved = false and the reason.
    void rejectAndCaptureLearning(const QString& draftId, const QVariant& tone, const QVariant& accuracy,
        const QVariant& policy, const QString& reason, const QString& reviewer, QObject* context,
        Callback done);
    // Continues an interrupted approval (or rejection) from where it stopped.
    void resume(const QString& draftId, QObject* context, Callback done);
    void resume(const QString& draftId, QObject* context, Callback done, SendOptions send);
    // Moves queued learning signals to the database (call when it is back). Returns how many moved.
    void flushQueuedSignals(QObject* context, std::function<void(Result<int>)> done);

    static QString stageName(Stage stage);
    // One id per process, for send leases.
    static QString processInstanceId();
    const Options& options() const { return m_options; }

private:
    QCoro::Task<Result<Outcome>> approveTask(
        QString draftId, Grades grades, QString reviewer, QString body, SendOptions send);
    QCoro::Task<Result<Outcome>> rejectTask(QString draftId, Grades grades, QString reviewer, QString reason);
    QCoro::Task<Result<Outcome>> resumeTask(QString draftId, SendOptions send);
    QCoro::Task<Result<Outcome>> queueAndSend(QString draftId, QString actor, SendOptions send);
    QCoro::Task<Result<Outcome>> saveSignal(QString draftId, Outcome outcome);
    // Hands a task's result to `done` on `context` (not at all if it is gone). The task itself runs on this
    // flow, so closing a dialog never stops a send half-way.
    void finish(QCoro::Task<Result<Outcome>>&& task, QObject* context, Callback done);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    Options m_options;
    Outbox* m_outbox;
};

} // namespace cx::review
