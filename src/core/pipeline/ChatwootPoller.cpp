#include "ChatwootPoller.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "pipeline/DraftPipeline.h"

namespace cx::pipeline {

ChatwootPoller::ChatwootPoller(chatwoot::ChatwootClient* client, DraftPipeline* pipeline, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_pipeline(pipeline)
{
    connect(&m_timer, &QTimer::timeout, this, &ChatwootPoller::pollNow);
    if (m_pipeline) {
        // A job that failed (model down, Chatwoot refused) is handed over again at the next poll.
        connect(m_pipeline, &DraftPipeline::jobFinished, this, [this](const DraftPipeline::JobOutcome& o) {
            if (o.result == DraftPipeline::Result_::Failed
                && m_handedOver.value(o.conversationId) == o.messageId)
                m_handedOver.remove(o.conversationId);
        });
    }
}

void ChatwootPoller::start(int intervalMs)
{
    m_timer.start(intervalMs);
    pollNow();
}

qint64 ChatwootPoller::unansweredCustomerMessage(const QList<chatwoot::Message>& messages)
{
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const chatwoot::Message& m = messages.at(i);
        if (m.isPublicOutgoing())
            return 0;
        if (m.messageType == chatwoot::MessageType::Incoming && !m.isPrivate
            && m.sender.type == chatwoot::SenderType::Contact)
            return m.id;
    }
    return 0;
}

void ChatwootPoller::pollNow()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    chatwoot::ConversationQuery query;
    const bool full = !m_hadFullPoll;
    if (full) {
        query.status = QStringLiteral("open");
    } else {
        query.status = QStringLiteral("all");
        // The window covers three intervals, so a late or failed poll does not lose an update.
        query.updatedWithinSecs = qMax<qint64>(60, 3 * m_timer.interval() / 1000);
    }
    m_client->fetchConversations(query, this, [this, full](Result<chatwoot::ConversationList> list) {
        m_inFlight = false;
        if (!list) {
            emit pollFailed(list.error());
            return;
        }
        m_hadFullPoll = true;
        m_lastSuccess = Clock::nowUtc();
        emit conversationsPolled(list->payload, list->meta, full);
        if (!m_pipeline || !m_pipeline->draftingEnabled())
            return;
        for (const chatwoot::Conversation& c : list->payload) {
            if (c.status != chatwoot::ConversationStatus::Open
                && c.status != chatwoot::ConversationStatus::Pending)
                continue;
            // The conversation embeds only its last message: read the latest page to find the customer's
            // turn.
            m_client->fetchLatestMessages(
                c.id, this, [this, id = c.id](Result<QList<chatwoot::Message>> messages) {
                    if (!messages)
                        return;
                    if (const qint64 messageId = unansweredCustomerMessage(messages.value()))
                        m_pipeline->enqueue(id, messageId);
                });
        }
    });
}

} // namespace cx::pipeline
