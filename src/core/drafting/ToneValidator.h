#pragma once

#include "drafting/DraftPolicy.h"
#include "drafting/DraftingTypes.h"

namespace cx::drafting {

// Step 4: explicit tone rules, consistent with what PromptBuilder tells the model (same DraftPolicy).
// Rule codes (Finding::rule) and severities:
//   too_long / too_short        Warning  word count outside policy.minWords..maxWords
//   forbidden_phrase            Blocker  a policy.forbiddenPhrases entry appears (case-insensitive)
//   missing_required_phrase     Warning  a policy.requiredPhrases entry is absent
//   shouting                    Warning  2+ all-caps words of 4+ letters, or "!!"
//   unfilled_placeholder        Blocker  [Name], {{name}}, <CUSTOMER_NAME>, XXX
//   missing_empathy             Warning  the customer is upset and the reply has no empathy phrase
//   unsupported_link            Blocker  a URL that appears in no retrieved passage
//   unsupported_figure          Warning  an amount, percentage or number (2+ digits) that appears in no
//                                        retrieved passage and no customer message
// Labels: "empathetic" (an empathy phrase), "apologetic" (sorry/apolog*), "shouting", "too_long",
// "too_short", else "neutral".
class ToneValidator final {
public:
    static ToneReport validate(const QString& reply, const DraftPolicy& policy,
        const QList<Passage>& passages, const QStringList& customerTexts);
    // Upset: anger/complaint words, 2+ shouted words, or "!!" in the customer's unanswered messages.
    static bool customerUpset(const QStringList& customerTexts);
    static bool hasEmpathy(const QString& text);
    static QStringList urls(const QString& text);
    static QStringList figures(const QString& text);
};

} // namespace cx::drafting
