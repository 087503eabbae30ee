#include "drafting/RiskAssessor.h"

#include "drafting/LanguageGuess.h"

#include <QRegularExpression>

namespace cx::drafting {

bool RiskAssessor::promisesMoney(const QString& text)
{
    static const QRegularExpression money(
        QStringLiteral(
            "\\b(refund\\w*|reimburs\\w*|compensat\\w*|money back|store credit|credit note|voucher|"
            "goodwill (gesture|payment)|free of charge|waive\\w*|discount)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return money.match(text).hasMatch();
}

bool RiskAssessor::mentionsLegal(const QString& text)
{
    static const QRegularExpression legal(
        QStringLiteral(
            "\\b(lawyer|attorney|solicitor|sue|suing|lawsuit|court|legal action|small claims|chargeback|"
            "consumer protection|ombudsman|trading standards)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return legal.match(text).hasMatch();
}

bool RiskAssessor::containsPersonalData(const QString& text)
{
    static const QRegularExpression email(QStringLiteral("[\\w.+-]+@[\\w-]+\\.[\\w.-]+"));
    static const QRegularExpression phone(QStringLiteral("(?:\\+|\\b00)\\d[\\d \\-/]{7,}\\d"));
    static const QRegularExpression card(QStringLiteral("\\b(?:\\d[ -]?){13,19}\\b"));
    static const QRegularExpression iban(QStringLiteral("\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){3,7}\\b"));
    return email.match(text).hasMatch() || phone.match(text).hasMatch() || card.match(text).hasMatch()
        || iban.match(text).hasMatch();
}

RiskAssessment RiskAssessor::assess(const Input& input)
{
    RiskAssessment risk;
    auto raise = [&](const char* reason, RiskLevel level) {
        risk.reasons.append(QString::fromLatin1(reason));
        risk.level = std::max(risk.level, level);
    };
    if (promisesMoney(input.reply))
        raise("refund_or_compensation", RiskLevel::High);
    for (const QString& text : input.customerTexts) {
        if (mentionsLegal(text)) {
            raise("legal_threat", RiskLevel::High);
            break;
        }
    }
    if (containsPersonalData(input.reply))
        raise("personal_data", RiskLevel::High);
    if (input.truncated)
        raise("truncated", RiskLevel::High);
    if (input.refused)
        raise("refused", RiskLevel::High);
    if (input.tone.blockers() > 0)
        raise("validation_blocker", RiskLevel::High);
    if (input.tone.customerUpset)
        raise("angry_customer", RiskLevel::Medium);
    if (input.confidence < 0.5)
        raise("low_confidence", RiskLevel::Medium);
    const bool unsupported = std::any_of(input.evidence.begin(), input.evidence.end(),
        [](const EvidenceLink& link) { return !link.supported(); });
    // The offline draft only quotes retrieved passages; with none it states no fact (low confidence says so).
    if (!input.offline && (unsupported || (input.citedSources == 0 && !input.reply.isEmpty())))
        raise("uncited_claims", RiskLevel::Medium);
    if (languagesDiffer(input.customerLanguage, input.replyLanguage))
        raise("language_mismatch", RiskLevel::Medium);
    return risk;
}

RiskLevel RiskAssessor::levelOf(const QString& reason)
{
    static const QStringList high { QStringLiteral("refund_or_compensation"), QStringLiteral("legal_threat"),
        QStringLiteral("personal_data"), QStringLiteral("truncated"), QStringLiteral("refused"),
        QStringLiteral("validation_blocker") };
    return high.contains(reason) ? RiskLevel::High : RiskLevel::Medium;
}

RiskLevel RiskAssessor::levelOf(const QStringList& reasons)
{
    RiskLevel level = RiskLevel::Low;
    for (const QString& reason : reasons)
        level = std::max(level, levelOf(reason));
    return level;
}

} // namespace cx::drafting
