#pragma once

#include "foundation/Result.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace cx::chatwoot {

// Remembers webhook deliveries (X-Chatwoot-Delivery ids) so a replay is acknowledged but processed once.
// Shared by every cxpilotd instance when database-backed.
class DeliveryLedger {
public:
    virtual ~DeliveryLedger() = default;
    // true = first time this id is seen (process it); false = seen before (acknowledge only).
    virtual Result<bool> recordDelivery(const QString& deliveryId, const QString& event) = 0;
};

// For tests, the demo and a single process. Thread-safe; forgets nothing until destroyed.
class InMemoryDeliveryLedger final : public DeliveryLedger {
public:
    Result<bool> recordDelivery(const QString& deliveryId, const QString& event) override;
    int size() const;

private:
    mutable QMutex m_mutex;
    QHash<QString, QString> m_seen; // id -> event
};

} // namespace cx::chatwoot
