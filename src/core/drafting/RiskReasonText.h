#pragma once

#include <QString>
#include <QStringList>

namespace cx::drafting {

// The reviewer's words for RiskAssessor's stable reason codes (RiskAssessment::reasons, stored with the
// draft): a short lower-case phrase, translated in the UI's language, e.g. "refund_or_compensation" ->
// "promises a refund or compensation". An unknown code (a newer assessor, an older database) comes back
// unchanged.
QString riskReasonText(const QString& code);
// The same phrase in English, not looked up in the UI's catalogue (the Chatwoot private note, read by the
// whole team).
QString untranslatedRiskReasonText(const QString& code);
// Every code riskReasonText() knows, in RiskAssessor's order.
QStringList knownRiskReasonCodes();

} // namespace cx::drafting
