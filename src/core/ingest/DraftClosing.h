#pragma once

#include "foundation/Result.h"
#include "review/DraftRecord.h"

#include <QString>

#include <optional>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// What Chatwoot's events do to drafts that wait for review. Synchronous (a database worker thread).

// Supersedes the waiting (drafted/noted) drafts of a conversation, each with its audit entry, in one
// transaction: they can no longer be approved. beforeMessageId > 0 limits it to drafts answering customer
// messages older than that message (an agent's reply answers those, not a later customer message).
// Returns how many drafts stepped aside. replyByPerson: that message is a person's public reply (sender.type
// "user", not an agent bot or Captain), so the conversation's rejected drafts before it count as answered by
// hand (review::DraftStore::markAnsweredByPerson, METRICS.md), in the same transaction.
Result<int> closeWaitingDrafts(storage::Database& db, qint64 accountId, qint64 conversationId,
    qint64 beforeMessageId, const QString& reason, const QString& actor, bool replyByPerson = false);

// A draft job that runs again (its worker died, or an attempt failed half-way) may find the claim of the
// earlier attempt: a 'drafted' row that never got its private note. The job's lease says nobody else works
// on it, so the claim is cleared and the message drafted afresh: an empty claim is deleted, a claim with
// content is superseded (kept for the record) — unless its note did reach Chatwoot (postedNoteId > 0: our own
// note found after the customer message), then it is recorded as noted and nothing is posted again.
enum class ClaimRecovery { None, Cleared, Noted };
Result<ClaimRecovery> recoverAbandonedClaim(storage::Database& db, qint64 accountId, qint64 conversationId,
    qint64 messageId, qint64 postedNoteId, const QString& actor);

} // namespace cx::ingest
