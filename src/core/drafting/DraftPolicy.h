#pragma once

#include <QString>
#include <QStringList>

namespace cx::drafting {

// Brand voice and policy rules: configurable text, versioned. The version is stored with every draft and is
// part of the cache key, so change it whenever the text changes. PromptBuilder and ToneValidator both read
// these values, so the prompt's instructions and the checks never disagree.
struct DraftPolicy {
    QString version = QStringLiteral("default-2026-11-25");
    QString brandVoice
        = QStringLiteral("Warm, clear and concise. Plain words, no jargon. Address the customer by "
                         "name when known. Never blame the customer.");
    QStringList rules = {
        QStringLiteral(
            "Only state facts found in the provided passages; if they do not answer, say a colleague "
            "will follow up."),
        QStringLiteral("Never promise refunds, compensation or deadlines that the passages do not state."),
        QStringLiteral(
            "Never ask for or repeat passwords, full card numbers or other sensitive personal data."),
    };
    int minWords = 8;
    int maxWords = 180;
    QStringList forbiddenPhrases = { QStringLiteral("as an AI"), QStringLiteral("language model"),
        QStringLiteral("we guarantee"), QStringLiteral("calm down"), QStringLiteral("your fault") };
    QStringList requiredPhrases; // e.g. a sign-off the brand insists on
    QString greeting = QStringLiteral("Hello");
    QString signOff = QStringLiteral("Kind regards,\nThe Support Team");
    double temperature = 0.3;
    int maxCompletionTokens = 700;
};

} // namespace cx::drafting
