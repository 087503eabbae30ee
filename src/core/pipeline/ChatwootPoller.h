#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"

#include <QHash>
#include <QObject>
#include <QTimer>

namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::pipeline {

class DraftPipeline;

// The desktop's signal source: polls Chatwoot (the whole open queue first, then `updated_within` windows)
// and, for each updated open or pending conversation, hands the newest unanswered customer message to the
// draft pipeline — which applies the same rule as the webhook parser (chatwoot::needsDraft).
class ChatwootPoller final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatwootPoller)
public:
    ChatwootPoller(chatwoot::ChatwootClient* client, DraftPipeline* pipeline, QObject* parent = nullptr);

    void start(int intervalMs);
    void stop() { m_timer.stop(); }
    void pollNow();
    bool isPolling() const { return m_inFlight; }
    QDateTime lastSuccess() const { return m_lastSuccess; }

    // The newest incoming, public, contact message with no public agent reply after it; 0 if none.
    static qint64 unansweredCustomerMessage(const QList<chatwoot::Message>& messagesOldestFirst);

signals:
    // full = the whole open queue (first poll); otherwise only what changed in the window.
    void conversationsPolled(const QList<cx::chatwoot::Conversation>& conversations,
        const cx::chatwoot::ConversationCounts& counts, bool full);
    void pollFailed(const cx::Error& error);

private:
    chatwoot::ChatwootClient* m_client;
    DraftPipeline* m_pipeline;
    QTimer m_timer;
    bool m_inFlight = false;
    bool m_hadFullPoll = false;
    QDateTime m_lastSuccess;
    QHash<qint64, qint64> m_handedOver; // conversation -> the customer message last handed to the pipeline
};

} // namespace cx::pipeline
