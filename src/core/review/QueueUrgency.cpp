#include "QueueUrgency.h"

#include <algorithm>

namespace cx::review {

SlaState slaStateFor(const QDateTime& waitingSince, const QDateTime& now, int slaMinutes)
{
    if (!waitingSince.isValid() || slaMinutes <= 0)
        return SlaState::None;
    const qint64 elapsedMs = waitingSince.msecsTo(now);
    const qint64 slaMs = qint64(slaMinutes) * 60 * 1000;
    if (elapsedMs >= slaMs)
        return SlaState::Breached;
    if (double(elapsedMs) > kSlaAtRiskFraction * double(slaMs))
        return SlaState::AtRisk;
    return SlaState::OnTime;
}

int urgencyTier(const QueueUrgency& u)
{
    const int tier = int(u.sla); // the enum runs from calm to breached
    if (u.raised && u.sla != SlaState::None)
        return std::min(tier + 1, int(SlaState::Breached));
    return tier;
}

bool moreUrgent(const QueueUrgency& a, const QueueUrgency& b)
{
    if (urgencyTier(a) != urgencyTier(b))
        return urgencyTier(a) > urgencyTier(b);
    if (a.waitingSince.isValid() != b.waitingSince.isValid())
        return a.waitingSince.isValid();
    return a.waitingSince.isValid() && a.waitingSince < b.waitingSince; // waiting longer
}

QStringList urgencyOrder(QList<UrgencyCandidate> candidates, const QString& current)
{
    std::stable_sort(
        candidates.begin(), candidates.end(), [](const UrgencyCandidate& a, const UrgencyCandidate& b) {
            return moreUrgent(a.urgency, b.urgency);
        });
    QStringList ordered;
    ordered.reserve(candidates.size());
    for (const UrgencyCandidate& c : candidates) {
        if (!ordered.contains(c.draftId))
            ordered.append(c.draftId);
    }
    const qsizetype at = current.isEmpty() ? -1 : ordered.indexOf(current);
    if (at < 0)
        return ordered;
    return ordered.mid(at + 1) + ordered.mid(0, at);
}

} // namespace cx::review
