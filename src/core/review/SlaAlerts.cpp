#include "review/SlaAlerts.h"

#include <algorithm>
#include <cmath>

namespace cx::review {

SlaAlerts::SlaAlerts(int slaMinutes)
    : m_slaMinutes(std::max(1, slaMinutes))
{
}

void SlaAlerts::setSlaMinutes(int minutes)
{
    m_slaMinutes = std::max(1, minutes);
}

QList<SlaAlerts::Alert> SlaAlerts::update(const QList<Waiting>& conversations, const QDateTime& now)
{
    QList<Alert> due;
    QHash<qint64, Seen> seen;
    for (const Waiting& w : conversations) {
        if (!w.waitingSince.isValid())
            continue; // nobody waits: no clock, and a later wait starts afresh
        Seen entry = m_seen.value(w.conversationId);
        if (entry.waitingSince != w.waitingSince)
            entry = Seen { w.waitingSince, SlaState::OnTime };
        const SlaState state = slaStateFor(w.waitingSince, now, m_slaMinutes);
        const bool worse = (state == SlaState::Breached && entry.announced != SlaState::Breached)
            || (state == SlaState::AtRisk && entry.announced == SlaState::OnTime);
        if (worse) {
            due.append(Alert { w.conversationId, state == SlaState::Breached ? Kind::Breached : Kind::AtRisk,
                w.waitingSince, w.waitingSince.secsTo(now) / 60 });
            entry.announced = state;
        }
        seen.insert(w.conversationId, entry);
    }
    m_seen = std::move(seen);
    std::stable_sort(due.begin(), due.end(), [](const Alert& a, const Alert& b) {
        if (a.kind != b.kind)
            return a.kind == Kind::Breached;
        return a.waitingSince < b.waitingSince;
    });
    return due;
}

QDateTime SlaAlerts::nextDue(const QDateTime& now) const
{
    QDateTime next;
    const qint64 slaMs = qint64(m_slaMinutes) * 60 * 1000;
    // AtRisk starts strictly after 75 % (see slaStateFor): one millisecond later is the first time it shows.
    const qint64 atRiskMs = qint64(std::floor(double(slaMs) * kSlaAtRiskFraction)) + 1;
    for (const Seen& s : m_seen) {
        QDateTime at;
        if (s.announced == SlaState::OnTime)
            at = s.waitingSince.addMSecs(atRiskMs);
        else if (s.announced == SlaState::AtRisk)
            at = s.waitingSince.addMSecs(slaMs);
        else
            continue;
        if (at < now)
            at = now;
        if (!next.isValid() || at < next)
            next = at;
    }
    return next;
}

} // namespace cx::review
