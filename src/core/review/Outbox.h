#pragma once

#include "foundation/Result.h"
#include "review/OutboxStore.h"

#include <QDateTime>
#include <QObject>
#include <QSet>

#include <qcoro/qcorotask.h>

#include <memory>
#include <optional>

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}

namespace cx::review {

// Sends approved replies exactly once. The only caller of ChatwootClient::sendPublicReply.
//
// Chatwoot has no idempotency key, so: the outbox row exists before the POST; the row is claimed with a
// lease that outlasts the POST's whole retry window, and inside it only its owner acts on the row; a POST
// whose outcome is unknown (timeout, dropped connection, 5xx) is never repeated before a re-check pause has
// passed and the conversation has been searched for the reply; before sending, a stale check refuses a
// conversation that was answered by someone else, resolved or snoozed.
class Outbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Outbox)
public:
    struct Settings {
        QString instanceId; // lease owner
        int recheckPauseMs = 60000;
        int leaseMarginMs = 60000;
    };
    struct Delivery {
        qint64 chatwootMessageId = 0;
        bool reconciled = false; // found already sent, not sent now
        int attempts = 0;
        bool outcomeUnknown = false; // not confirmed: re-checked at recheckAt
        QDateTime recheckAt;
        bool recorded = true; // false: Chatwoot has the reply, the database could not record it (note why)
        QString note;
    };

    Outbox(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client, Settings settings,
        QObject* parent = nullptr);

    // Delivers the outbox row of an approved draft. `actor` is recorded in the audit log. `confirmStale`
    // skips the stale check (a person saw the warning and confirmed). Errors: Conflict/"stale" (refused,
    // the row is 'failed' until a person decides), Conflict/"outbox" (someone else is sending it now),
    // a definite refusal by Chatwoot (the row is 'failed'), or a transient one (nothing was sent).
    QCoro::Task<Result<Delivery>> deliver(QString draftId, QString actor, bool confirmStale);

    // How long a claim holds: the POST's whole retry window under the client's policy, plus a margin.
    qint64 leaseMs() const;
    const Settings& settings() const { return m_settings; }

private:
    QCoro::Task<Result<std::optional<QString>>> staleReason(OutboxRow row);
    QCoro::Task<Result<Delivery>> record(OutboxRow row, qint64 messageId, bool reconciled, QString actor);

    std::shared_ptr<storage::Database> m_db;
    chatwoot::ChatwootClient* m_client;
    Settings m_settings;
    QSet<QString> m_inFlight; // drafts whose POST this process has on the wire
};

} // namespace cx::review
