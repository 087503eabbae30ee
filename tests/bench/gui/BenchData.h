#pragma once

#include "chatwoot/ChatwootTypes.h"

#include <QHash>

class QRandomGenerator;

// Synthetic but realistic Chatwoot data for the GUI benchmark (seeded: the same figures every run).
namespace cx::bench {

// `count` open/pending/snoozed conversations over 6 inboxes, ~60 % assigned, most waiting for a reply
// (0–3 h before `now`), each with a last message of 40–400 characters.
QList<chatwoot::Conversation> makeConversations(int count, const QDateTime& now, quint32 seed);
// The same conversation after a webhook: a new customer message, unread count, waiting time.
chatwoot::Conversation changedConversation(
    const chatwoot::Conversation& conversation, const QDateTime& now, QRandomGenerator& random);
QHash<qint64, QString> inboxNames();
// A conversation's history, oldest first: ~45 % customer messages, ~33 % agent replies, ~12 % private
// notes, ~4 % CX Pilot draft notes, ~4 % activity lines; ~10 % are long (1.5–4 k characters, paragraphs),
// some have attachments. Message ids start at `firstId`.
QList<chatwoot::Message> makeMessages(
    int count, qint64 conversationId, qint64 firstId, const QDateTime& end, quint32 seed);

} // namespace cx::bench
