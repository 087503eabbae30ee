#pragma once

#include "foundation/Result.h"
#include "review/FaultPoint.h"
#include "review/OutboxStore.h"

#include <QObject>
#include <QSet>

#include <functional>
#include <memory>

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::review {

// Sends approved replies exactly once. The only caller of ChatwootClient::sendPublicReply.
//
// Chatwoot has no idempotency key, so: the outbox row exists before the POST; a POST whose outcome is unknown
// (timeout, dropped connection, 5xx) is never blindly repeated — the conversation's messages after the
// customer's message are read first, and our reply, if there, is recorded instead of sent again. Any attempt
// after the first starts with that reconciliation. Two senders cannot claim the same row.
class Outbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Outbox)
public:
    struct Delivery {
        qint64 chatwootMessageId = 0;
        bool reconciled = false; // found already sent, not sent now
        int attempts = 0;
    };
    using Callback = std::function<void(Result<Delivery>)>;

    Outbox(
        std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, QObject* parent = nullptr);

    // Delivers the outbox row of an approved draft. `actor` is recorded in the audit log.
    void deliver(const QString& draftId, const QString& actor, QObject* context, Callback done);

    void setFaultPoint(FaultPoint point) { m_fault = point; }

private:
    void reconcileThenSend(const OutboxRow& row, const QString& actor, QObject* context, Callback done);
    void send(const OutboxRow& row, const QString& actor, QObject* context, Callback done);
    void record(const OutboxRow& row, qint64 messageId, bool reconciled, const QString& actor,
        QObject* context, Callback done);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    FaultPoint m_fault = FaultPoint::None;
    QSet<QString> m_inFlight; // drafts whose POST this process has on the wire
};

} // namespace cx::review
