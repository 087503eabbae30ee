#include "DeliveryLedger.h"

#include <QMutexLocker>

namespace cx::chatwoot {

Result<bool> InMemoryDeliveryLedger::recordDelivery(const QString& deliveryId, const QString& event)
{
    QMutexLocker lock(&m_mutex);
    if (m_seen.contains(deliveryId))
        return false;
    m_seen.insert(deliveryId, event);
    return true;
}

int InMemoryDeliveryLedger::size() const
{
    QMutexLocker lock(&m_mutex);
    return static_cast<int>(m_seen.size());
}

} // namespace cx::chatwoot
