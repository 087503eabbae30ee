#include "metrics/ResponseClock.h"

namespace cx::metrics {

QDateTime responseClockStart(const QList<chatwoot::Message>& messages, qsizetype index)
{
    if (index < 0 || index >= messages.size())
        return {};
    QDateTime start = messages.at(index).createdAt;
    for (qsizetype i = index - 1; i >= 0; --i) {
        const chatwoot::Message& m = messages.at(i);
        if (m.isPublicOutgoing())
            break; // answered up to here: the exchange starts after this reply
        const bool customer = m.messageType == chatwoot::MessageType::Incoming && !m.isPrivate;
        // Compare times too: the list is ordered by id, and a message without a time cannot start a clock.
        if (customer && m.createdAt.isValid() && (!start.isValid() || m.createdAt < start))
            start = m.createdAt;
    }
    return start;
}

QDateTime responseClockStartOf(const QList<chatwoot::Message>& messages, qint64 messageId)
{
    for (qsizetype i = 0; i < messages.size(); ++i)
        if (messages.at(i).id == messageId)
            return responseClockStart(messages, i);
    return {};
}

} // namespace cx::metrics
