#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace cx::review {

// Where a conversation stands against the first-reply SLA.
//   None     — nobody is waiting for a reply (waitingSince unset), so no clock runs;
//   OnTime   — waiting for at most 75 % of the SLA;
//   AtRisk   — waiting for more than 75 % of the SLA but less than all of it;
//   Breached — waiting for the whole SLA or longer.
enum class SlaState { None, OnTime, AtRisk, Breached };

// The share of the SLA after which a conversation counts as "at risk" (strictly more than this).
inline constexpr double kSlaAtRiskFraction = 0.75;

SlaState slaStateFor(const QDateTime& waitingSince, const QDateTime& now, int slaMinutes);

// How urgent a conversation of the queue is: its SLA tier first (breached, at risk, on time, not waiting),
// then how long the customer has waited (longest first). The one rule behind "which draft next" and the
// queue's default order. A customer who sounds angry or asks for speed (triage::MoodEstimate::raisesPriority)
// moves up one tier — an angry customer on time ranks with the conversations at risk, an angry one at risk
// with the breached ones — and never above "breached".
struct QueueUrgency {
    SlaState sla = SlaState::None;
    QDateTime waitingSince; // invalid: nobody waits
    bool raised = false; // angry or urgent (only counts while the customer waits)
};

// The tier moreUrgent() ranks by: int(sla), plus one when raised, at most int(SlaState::Breached).
int urgencyTier(const QueueUrgency& u);

// True when `a` should be answered before `b` (a strict weak order).
bool moreUrgent(const QueueUrgency& a, const QueueUrgency& b);

// A waiting draft and the urgency of its conversation.
struct UrgencyCandidate {
    QString draftId;
    QueueUrgency urgency;
};

// The drafts in the order a reviewer should take them: most urgent first (equally urgent ones keep the
// given order). When `current` is one of them, it is left out and the walk starts just after it and wraps
// round, so pressing "next" repeatedly visits every waiting draft instead of bouncing between the top two.
QStringList urgencyOrder(QList<UrgencyCandidate> candidates, const QString& current = {});

} // namespace cx::review
