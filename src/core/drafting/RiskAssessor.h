#pragma once

#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// Risk of sending the draft, as a level plus reason codes (DraftResult::risk):
//   High:   refund_or_compensation (the draft promises money back, credit, vouchers), legal_threat (the
//           customer mentions lawyers, courts, chargebacks), personal_data (e-mail, phone, card or IBAN in
//           the draft), truncated, refused, validation_blocker
//   Medium: angry_customer, low_confidence (< 0.5), uncited_claims (an evidence claim without a retrieved
//           passage, or no citation at all), offline
// The level is the highest of its reasons; none → Low.
class RiskAssessor final {
public:
    struct Input {
        QString reply;
        QStringList customerTexts;
        ToneReport tone;
        QList<EvidenceLink> evidence;
        int citedSources = 0;
        double confidence = 1.0;
        bool truncated = false;
        bool refused = false;
        bool offline = false;
    };
    static RiskAssessment assess(const Input& input);
    static bool promisesMoney(const QString& text);
    static bool mentionsLegal(const QString& text);
    static bool containsPersonalData(const QString& text);
};

} // namespace cx::drafting
