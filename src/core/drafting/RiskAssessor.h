#pragma once

#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// Risk of sending the draft, as a level plus reason codes (DraftResult::risk):
//   High:   refund_or_compensation (the draft promises money back, credit, vouchers), legal_threat (the
//           customer mentions lawyers, courts, chargebacks), personal_data (e-mail, phone, card or IBAN in
//           the draft), truncated, refused, validation_blocker
//   Medium: angry_customer, low_confidence (< 0.5), uncited_claims (a model draft with an evidence claim
//           without a retrieved passage, or no citation at all), language_mismatch (the draft's language,
//           guessed by LanguageGuess, is not the customer's)
// The level is the highest of its reasons; none → Low. "offline" is no longer a reason: the extractive
// draft quotes the knowledge base, so its risk is what it says (the drawer's badge says who wrote it);
// older drafts may still carry the code.
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
        QString customerLanguage; // guessLanguage of the customer's messages ("" = not sure)
        QString replyLanguage; // guessLanguage of the reply
    };
    static RiskAssessment assess(const Input& input);
    // The level one reason code raises (unknown codes: Medium), and the level of a list of codes.
    static RiskLevel levelOf(const QString& reason);
    static RiskLevel levelOf(const QStringList& reasons);
    static bool promisesMoney(const QString& text);
    static bool mentionsLegal(const QString& text);
    static bool containsPersonalData(const QString& text);
};

} // namespace cx::drafting
