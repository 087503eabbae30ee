#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"
#include "learning/Experiment.h"
#include "review/DraftRecord.h"

#include <QJsonObject>
#include <QObject>
#include <QQueue>
#include <QSet>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::pipeline {

// Makes the draft for a customer message and posts it as a private note: the "Suggestions" stage.
// Signals come from any source (polling, webhooks); this runs them with bounded concurrency and a queue.
//
// Exactly one draft per customer message, even with several processes on one database: the draft row is
// claimed (a unique key) before the model is asked; a process that loses the claim drops the job. A new
// customer message supersedes the drafts still waiting in that conversation.
class DraftPipeline final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftPipeline)
public:
    // Produces the draft's content from the conversation (history oldest first) for one customer message.
    using Generator = std::function<void(const chatwoot::ConversationHistory& history, qint64 messageId,
        QObject* context, std::function<void(Result<review::DraftContent>)> done)>;
    // What the generator is asked for one draft: the reviewer's instruction and a fresh draft (no cache) on a
    // regenerate, and the prompt/model experiment's variant assigned to the draft (empty fields: the
    // configured prompt and model; no experiment running: an empty variant).
    struct GenerateRequest {
        QString instruction;
        bool regenerate = false;
        learning::ExperimentVariant variant;
    };
    // A generator that also follows a GenerateRequest (drafterGenerator is one).
    using GuidedGenerator = std::function<void(const chatwoot::ConversationHistory& history, qint64 messageId,
        const GenerateRequest& request, QObject* context,
        std::function<void(Result<review::DraftContent>)> done)>;

    struct Options {
        int maxConcurrent = 2; // the model can be slow; Chatwoot can rate-limit
        bool draftingEnabled = true; // AI_CUSTOMER_DRAFT_ENABLED
        QString actor = QStringLiteral("cxpilot"); // recorded in the audit log for automatic steps
    };

    enum class Result_ { Noted, Skipped, Failed };
    struct JobOutcome {
        qint64 conversationId = 0;
        qint64 messageId = 0;
        Result_ result = Result_::Skipped;
        QString draftId;
        QString reason; // why skipped / failed
    };

    DraftPipeline(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
        Generator generator, Options options, QObject* parent = nullptr);
    DraftPipeline(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
        GuidedGenerator generator, Options options, QObject* parent = nullptr);

    // Queues a customer message (deduplicated while queued or running).
    void enqueue(qint64 conversationId, qint64 messageId);
    // generateAndPostDraft for one message, outside the queue.
    void generateAndPostDraft(
        qint64 conversationId, qint64 messageId, QObject* context, std::function<void(JobOutcome)> done);
    // Regenerate: supersede this draft and make a new one for the same message, following `instruction`
    // ("mention the return label"; may be empty). When the new draft's text is the same as the old one's, no
    // second private note is posted: the new draft is recorded against the old note (outcome Noted, reason
    // says so).
    void regenerate(const QString& draftId, QObject* context, std::function<void(JobOutcome)> done);
    void regenerate(const QString& draftId, const QString& instruction, QObject* context,
        std::function<void(JobOutcome)> done);

    // Someone answered in Chatwoot (an agent, or another bot: public outgoing message `messageId`): the
    // drafts still waiting for review in that conversation for earlier customer messages are superseded
    // (reason "agent_replied", audited). personReplyId > 0: a person's (not a bot's) public reply, after
    // which the conversation's rejected drafts count as answered by hand (METRICS.md). Called by the poller.
    void agentReplied(qint64 accountId, qint64 conversationId, qint64 messageId, qint64 personReplyId);
    // The conversation was resolved or snoozed: its waiting drafts are superseded (reason
    // "conversation_closed", audited). If it is reopened, its unanswered customer message is drafted anew.
    void conversationClosed(qint64 accountId, qint64 conversationId);
    // After a full read of the open and pending queue: every conversation of the account with waiting drafts
    // that is not among `openOrPending` was resolved or snoozed meanwhile (while the app was closed, say):
    // conversationClosed for each.
    void closeWaitingOutside(qint64 accountId, const QSet<qint64>& openOrPending);

    void setDraftingEnabled(bool enabled) { m_options.draftingEnabled = enabled; }
    bool draftingEnabled() const { return m_options.draftingEnabled; }
    int queued() const { return static_cast<int>(m_queue.size()); }
    int running() const { return m_running; }

signals:
    void jobFinished(const cx::pipeline::DraftPipeline::JobOutcome& outcome);
    void draftNoted(const QString& draftId, qint64 conversationId);
    // After every agentReplied / conversationClosed: the drafts it superseded (possibly none).
    void draftsSuperseded(qint64 conversationId, const QStringList& draftIds, const QString& reason);

private:
    struct Job {
        qint64 conversationId;
        qint64 messageId;
        QString replacing; // a draft to supersede first (regenerate)
        QString instruction = {}; // regenerate: the reviewer's instruction
        QString replacedText = {}; // regenerate: the replaced draft's text and its private note
        qint64 replacedNoteId = 0;
    };
    void pump();
    void run(const Job& job, std::function<void(JobOutcome)> done);
    void claimAndGenerate(const Job& job, const chatwoot::ConversationHistory& history,
        const chatwoot::Message& message, std::function<void(JobOutcome)> done);
    // reuseNoteId > 0: the draft is the same as the one that note carries; recorded against it, not posted.
    void postNote(
        const review::DraftRecord& draft, std::function<void(JobOutcome)> done, qint64 reuseNoteId = 0);
    // Supersedes the conversation's waiting drafts (only those for messages before `beforeMessageId` when
    // it is > 0), audited with `reason`.
    void supersedeWaiting(qint64 accountId, qint64 conversationId, qint64 beforeMessageId,
        const QString& reason, const QJsonObject& details, qint64 personReplyId = 0);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    GuidedGenerator m_generator;
    Options m_options;
    QQueue<Job> m_queue;
    QSet<QPair<qint64, qint64>> m_pending;
    int m_running = 0;
};

} // namespace cx::pipeline
