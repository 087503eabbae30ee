#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"

#include <QHash>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QTimer>

#include <optional>

namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::pipeline {

class DraftPipeline;

// The desktop's signal source. The first poll reads the whole open and pending queue (a customer may have
// written in either while the app was closed); later polls read what changed since the last successful poll
// (minus a margin for clock skew), however long ago that was: a failed poll does not advance the mark, so the
// next one looks back further. Conversations are read page by page (memory stays at a page plus the ids
// still to look at, whatever the queue's length), and for each:
//   open or pending  -> its latest messages: the newest unanswered customer message goes to the draft
//                       pipeline (which applies chatwoot::needsDraft); a public reply by an agent or another
//                       bot after the customer's message supersedes the drafts still waiting there;
//   resolved/snoozed -> the drafts still waiting there are superseded.
// A poll succeeds only when the listing and every conversation's messages were read.
class ChatwootPoller final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatwootPoller)
public:
    static constexpr int kLookbackMarginSecs = 60; // Chatwoot's clock vs ours, and the poll's own duration
    static constexpr int kMessageReadsInFlight = 4;

    ChatwootPoller(chatwoot::ChatwootClient* client, DraftPipeline* pipeline, QObject* parent = nullptr);

    void start(int intervalMs);
    void stop() { m_timer.stop(); }
    void pollNow();
    bool isPolling() const { return m_inFlight; }
    // When the last successful poll started: the next poll looks back to it (minus the margin).
    QDateTime lastSuccess() const { return m_lastSuccess; }
    // The desktop shows every polled conversation: conversationsPolled carries the poll's whole list. A
    // headless user can switch that off, and the poller then holds no list at all.
    void setCollectConversations(bool collect) { m_collect = collect; }

    // The newest incoming, public, contact message with no public agent reply after it; 0 if none.
    static qint64 unansweredCustomerMessage(const QList<chatwoot::Message>& messagesOldestFirst);
    // The newest public outgoing message by a person or a bot after the newest customer message; 0 if none.
    static qint64 agentReplyAfterCustomer(const QList<chatwoot::Message>& messagesOldestFirst);
    // The newest public outgoing message by a person (sender.type "user") after the newest customer message;
    // 0 if none. An agent bot's or Captain's reply is no person's manual reply (METRICS.md).
    static qint64 personReplyAfterCustomer(const QList<chatwoot::Message>& messagesOldestFirst);

signals:
    // full = the whole open and pending queue (first poll); otherwise only what changed since the last
    // success. Emitted when the poll succeeded.
    void conversationsPolled(const QList<cx::chatwoot::Conversation>& conversations,
        const cx::chatwoot::ConversationCounts& counts, bool full);
    void pollFailed(const cx::Error& error);
    // Every poll's end: ok or not (for tests and the status bar).
    void pollFinished(bool ok);

private:
    struct Poll {
        QDateTime startedAt;
        bool full = false;
        QStringList statuses; // the listings still to read
        QList<chatwoot::Conversation> collected;
        chatwoot::ConversationCounts counts;
        QQueue<qint64> toRead; // conversations whose messages are still to be read
        QSet<qint64> seen; // full poll: the open and pending conversations (ids only)
        int reading = 0;
        bool listed = false;
        std::optional<Error> error;
    };
    void listNext();
    void onPage(const QList<chatwoot::Conversation>& conversations);
    void readMessages();
    void finishIfDone();

    chatwoot::ChatwootClient* m_client;
    DraftPipeline* m_pipeline;
    QTimer m_timer;
    bool m_inFlight = false;
    bool m_collect = true;
    QDateTime m_lastSuccess;
    std::optional<Poll> m_poll;
};

} // namespace cx::pipeline
