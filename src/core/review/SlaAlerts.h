#pragma once

#include "review/QueueUrgency.h"

#include <QDateTime>
#include <QHash>
#include <QList>

namespace cx::review {

// Which SLA alerts are due (the original system's monitoring): a conversation whose customer waits gets one
// alert when it passes 75 % of the first-reply SLA (AtRisk) and one when it breaches — once each per wait.
// A conversation first seen already breached gets only the breach alert. When it stops waiting (answered,
// resolved, gone from the list) or starts a new wait (another waitingSince), it is forgotten and may alert
// again. Widget-free; the time comes from the caller (Clock::nowUtc() in the app, a fixed time in tests).
class SlaAlerts final {
public:
    enum class Kind { AtRisk, Breached };
    struct Waiting {
        qint64 conversationId = 0;
        QDateTime waitingSince; // invalid: nobody waits
    };
    struct Alert {
        qint64 conversationId = 0;
        Kind kind = Kind::AtRisk;
        QDateTime waitingSince;
        qint64 waitedMinutes = 0;
        friend bool operator==(const Alert&, const Alert&) = default;
    };

    explicit SlaAlerts(int slaMinutes = 15);
    // A new SLA re-evaluates every wait from now on; alerts already given are not repeated.
    void setSlaMinutes(int minutes);
    int slaMinutes() const { return m_slaMinutes; }

    // The full list of conversations the queue holds now; returns the alerts newly due, most urgent first
    // (breaches before at-risk, then longest wait). Conversations missing from the list are forgotten.
    QList<Alert> update(const QList<Waiting>& conversations, const QDateTime& now);
    // When the next alert will fall due if nothing changes (invalid: none pending) — for a timer.
    QDateTime nextDue(const QDateTime& now) const;

private:
    struct Seen {
        QDateTime waitingSince;
        SlaState announced = SlaState::OnTime; // the most severe state already alerted
    };
    int m_slaMinutes;
    QHash<qint64, Seen> m_seen;
};

} // namespace cx::review
