#pragma once

#include "chatwoot/WebhookVerifier.h"
#include "ingest/JobQueue.h"

#include <QString>

#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::ingest {

// What became of one delivery: the HTTP answer and the labels the metrics count.
struct IntakeResult {
    enum class Outcome {
        Queued, // recorded with a new (or an existing, deduplicated) job
        Ignored, // recorded; the event needs no work (our own note, an activity message, ...)
        Replay, // the delivery key was recorded before: acknowledged, not processed again
        Rejected, // 4xx: nothing stored
        Unavailable, // 503: the database could not record it; nothing stored
    };
    Outcome outcome = Outcome::Rejected;
    int httpStatus = 400;
    QString reason; // one line, safe to log and to answer (never the body)
    QString deliveryKey;
    qint64 jobId = 0;
    QString event;
};

QString intakeOutcomeName(IntakeResult::Outcome outcome);

// The service's front door, in the core so the desktop's solo mode and tests share it: verifies a delivery
// exactly as Chatwoot signs it (chatwoot::WebhookVerifier), decides what the event needs
// (chatwoot::WebhookParser::decide), and records the delivery in webhook_deliveries together with its job
// in ONE transaction — so an acknowledged delivery is never lost and a replay is never processed twice.
// Never calls Chatwoot or the model: it answers in milliseconds.
class WebhookIntake final {
public:
    struct Options {
        chatwoot::WebhookVerifier::Options verifier;
        bool draftingEnabled = true; // AI_CUSTOMER_DRAFT_ENABLED
        qint64 accountId = 0; // deliveries of other accounts are recorded and ignored; 0 = any
    };

    WebhookIntake(std::shared_ptr<storage::Database> db, Options options);

    // Synchronous: one short transaction on this thread's connection.
    IntakeResult receive(const chatwoot::WebhookRequest& request);

    // The ledger key: X-Chatwoot-Delivery when present, otherwise "sha256:<hex of the raw body>" — never
    // "event:id", which would merge two status changes of one conversation.
    static QString deliveryKey(const chatwoot::WebhookRequest& request);

private:
    std::shared_ptr<storage::Database> m_db;
    Options m_options;
    chatwoot::WebhookVerifier m_verifier;
};

} // namespace cx::ingest
