#include "ChatwootPoller.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "pipeline/DraftPipeline.h"

namespace cx::pipeline {

ChatwootPoller::ChatwootPoller(chatwoot::ChatwootClient* client, DraftPipeline* pipeline, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_pipeline(pipeline)
{
    connect(&m_timer, &QTimer::timeout, this, &ChatwootPoller::pollNow);
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

qint64 ChatwootPoller::agentReplyAfterCustomer(const QList<chatwoot::Message>& messages)
{
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const chatwoot::Message& m = messages.at(i);
        if (m.messageType == chatwoot::MessageType::Incoming && !m.isPrivate
            && m.sender.type == chatwoot::SenderType::Contact)
            return 0;
        if (m.isPublicOutgoing()
            && (m.sender.type == chatwoot::SenderType::User || m.sender.type == chatwoot::SenderType::AgentBot
                || m.sender.type == chatwoot::SenderType::CaptainAssistant))
            return m.id;
    }
    return 0;
}

qint64 ChatwootPoller::personReplyAfterCustomer(const QList<chatwoot::Message>& messages)
{
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const chatwoot::Message& m = messages.at(i);
        if (m.messageType == chatwoot::MessageType::Incoming && !m.isPrivate
            && m.sender.type == chatwoot::SenderType::Contact)
            return 0;
        if (m.isPublicOutgoing() && m.sender.type == chatwoot::SenderType::User)
            return m.id;
    }
    return 0;
}

void ChatwootPoller::pollNow()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    m_poll.emplace();
    m_poll->startedAt = Clock::nowUtc();
    m_poll->full = !m_lastSuccess.isValid();
    // Chatwoot filters by one status at a time: the first poll reads both queues a customer can wait in.
    m_poll->statuses = m_poll->full ? QStringList { QStringLiteral("open"), QStringLiteral("pending") }
                                    : QStringList { QStringLiteral("all") };
    listNext();
}

void ChatwootPoller::listNext()
{
    if (m_poll->error || m_poll->statuses.isEmpty()) {
        m_poll->listed = true;
        return finishIfDone();
    }
    chatwoot::ConversationQuery query;
    query.status = m_poll->statuses.takeFirst();
    // Bounded only against a server that never ends a list: 100,000 conversations are 4,000 pages of 25.
    query.maxPages = 1000000;
    if (!m_poll->full) {
        // Back to the last success, not a fixed window: an app asleep for an hour misses nothing.
        const qint64 since = m_lastSuccess.secsTo(m_poll->startedAt);
        query.updatedWithinSecs = qMax<qint64>(1, since) + kLookbackMarginSecs;
    }
    m_client->streamConversations(
        query, this, [this](const QList<chatwoot::Conversation>& page) { onPage(page); },
        [this](Result<chatwoot::ConversationPaging> r) {
            if (!r) {
                m_poll->error = r.error();
            } else if (!m_poll->full) {
                m_poll->counts = r->meta;
            } else { // the open and the pending queue
                m_poll->counts.allCount += r->meta.allCount;
                m_poll->counts.mineCount += r->meta.mineCount;
                m_poll->counts.assignedCount += r->meta.assignedCount;
                m_poll->counts.unassignedCount += r->meta.unassignedCount;
            }
            listNext();
        });
}

void ChatwootPoller::onPage(const QList<chatwoot::Conversation>& conversations)
{
    if (m_collect)
        m_poll->collected += conversations;
    if (m_poll->full)
        for (const chatwoot::Conversation& c : conversations)
            m_poll->seen.insert(c.id);
    const bool drafting = m_pipeline && m_pipeline->draftingEnabled();
    const qint64 account = m_client->config().accountId;
    for (const chatwoot::Conversation& c : conversations) {
        if (c.status == chatwoot::ConversationStatus::Open
            || c.status == chatwoot::ConversationStatus::Pending) {
            if (drafting)
                m_poll->toRead.enqueue(c.id);
        } else if (m_pipeline
            && (c.status == chatwoot::ConversationStatus::Resolved
                || c.status == chatwoot::ConversationStatus::Snoozed)) {
            m_pipeline->conversationClosed(account, c.id);
        }
    }
    readMessages();
}

void ChatwootPoller::readMessages()
{
    while (!m_poll->error && m_poll->reading < kMessageReadsInFlight && !m_poll->toRead.isEmpty()) {
        const qint64 id = m_poll->toRead.dequeue();
        ++m_poll->reading;
        // The conversation embeds only its last message: read the latest page to find the customer's turn.
        m_client->fetchLatestMessages(id, this, [this, id](Result<QList<chatwoot::Message>> messages) {
            --m_poll->reading;
            if (!messages) {
                if (!m_poll->error)
                    m_poll->error = messages.error();
            } else if (const qint64 messageId = unansweredCustomerMessage(messages.value())) {
                m_pipeline->enqueue(id, messageId);
            } else if (const qint64 replyId = agentReplyAfterCustomer(messages.value())) {
                m_pipeline->agentReplied(
                    m_client->config().accountId, id, replyId, personReplyAfterCustomer(messages.value()));
            }
            readMessages();
            finishIfDone();
        });
    }
}

void ChatwootPoller::finishIfDone()
{
    if (!m_poll || !m_poll->listed || m_poll->reading > 0 || (!m_poll->toRead.isEmpty() && !m_poll->error))
        return;
    Poll poll = std::move(*m_poll);
    m_poll.reset();
    m_inFlight = false;
    if (poll.error) {
        // The mark stays: the next poll looks back to the last success.
        qCWarning(lcChatwoot) << "poll failed:" << poll.error->toString();
        emit pollFailed(*poll.error);
        emit pollFinished(false);
        return;
    }
    m_lastSuccess = poll.startedAt;
    // Conversations resolved or snoozed before this first poll never show in a window: their waiting drafts
    // are found from the other side.
    if (poll.full && m_pipeline)
        m_pipeline->closeWaitingOutside(m_client->config().accountId, poll.seen);
    emit conversationsPolled(poll.collected, poll.counts, poll.full);
    emit pollFinished(true);
}

} // namespace cx::pipeline
