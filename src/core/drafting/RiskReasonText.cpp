#include "drafting/RiskReasonText.h"

#include <QCoreApplication>

#include <iterator>

namespace cx::drafting {

namespace {

struct ReasonText {
    const char* code;
    const char* text;
};

// The phrases read in the drawer's "Why this risk" list and in the confirmation before a risky send.
constexpr ReasonText kReasons[] = {
    { "refund_or_compensation",
        QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "promises a refund or compensation") },
    { "legal_threat", QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the customer mentions legal action") },
    { "personal_data", QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "contains personal data") },
    { "truncated", QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the reply was cut off before its end") },
    { "refused", QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the model declined to answer") },
    { "validation_blocker",
        QT_TRANSLATE_NOOP(
            "cx::drafting::RiskReason", "breaks a writing rule that must be fixed before sending") },
    { "angry_customer", QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the customer is upset") },
    { "low_confidence",
        QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the knowledge base barely covers the question") },
    { "uncited_claims",
        QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "states facts not found in the knowledge base") },
    { "language_mismatch",
        QT_TRANSLATE_NOOP("cx::drafting::RiskReason", "the draft is not in the customer's language") },
    { "offline",
        QT_TRANSLATE_NOOP(
            "cx::drafting::RiskReason", "written by the offline drafter, not by a language model") },
};

} // namespace

QString riskReasonText(const QString& code)
{
    const QString trimmed = code.trimmed();
    for (const ReasonText& r : kReasons) {
        if (trimmed == QLatin1String(r.code))
            return QCoreApplication::translate("cx::drafting::RiskReason", r.text);
    }
    return code;
}

QString untranslatedRiskReasonText(const QString& code)
{
    const QString trimmed = code.trimmed();
    for (const ReasonText& r : kReasons) {
        if (trimmed == QLatin1String(r.code))
            return QString::fromUtf8(r.text);
    }
    return code;
}

QStringList knownRiskReasonCodes()
{
    QStringList codes;
    codes.reserve(static_cast<qsizetype>(std::size(kReasons)));
    for (const ReasonText& r : kReasons)
        codes.append(QLatin1String(r.code));
    return codes;
}

} // namespace cx::drafting
