#pragma once

#include "foundation/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

class QSqlDatabase;

namespace cx::review {

// One row of the reviewer's queue: a draft waiting for a person (drafted / noted), or an approved reply that
// has not reached Chatwoot yet (no outbox row yet, queued, sending, outcome unknown, or refused and waiting
// for a person). An approved draft never disappears from the queue before it is sent.
struct ReviewQueueItem {
    QString id;
    qint64 accountId = 0;
    qint64 conversationId = 0;
    qint64 inboxId = 0;
    QString kind;
    QString state; // drafts.state: drafted | noted | approved
    QString preview; // the first line of the draft (or of the approved text), shortened
    double confidence = -1.0; // negative: unknown
    QString riskLevel;
    bool offline = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    // Approved drafts only: the outbox row's state (empty: no row yet), when an unknown outcome is looked
    // up again, and the last problem (for 'failed': why it needs a person).
    QString outboxState;
    QDateTime recheckAt;
    QString lastError;

    bool isAwaitingSend() const { return state == QLatin1String("approved"); }
    bool needsAttention() const { return outboxState == QLatin1String("failed"); }

    friend bool operator==(const ReviewQueueItem&, const ReviewQueueItem&) = default;
};

// Reads the queue, oldest first (at most `limit`). Synchronous: run it on a database worker thread.
Result<QList<ReviewQueueItem>> loadReviewQueue(QSqlDatabase& db, int limit = 500);

} // namespace cx::review
