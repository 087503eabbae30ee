#pragma once

#include "chatwoot/ChatwootTypes.h"

#include <QDateTime>
#include <QList>

namespace cx::metrics {

// Where the first-response (SLA) clock of a customer message starts, as Chatwoot's reports and Zendesk
// define it: at the first customer message not yet answered. Walking back from `index` (a public incoming
// message of `messages`, oldest first), every public customer message since the last public agent reply
// belongs to the same exchange; the earliest of them starts the clock. Further customer messages before the
// reply ("Any update?") do not restart it. Private notes and activity messages are not replies.
// Returns messages[index].createdAt when nothing earlier is unanswered; invalid when index is out of range.
QDateTime responseClockStart(const QList<chatwoot::Message>& messages, qsizetype index);
// The same for the message with this id; invalid when it is not in `messages`.
QDateTime responseClockStartOf(const QList<chatwoot::Message>& messages, qint64 messageId);

} // namespace cx::metrics
