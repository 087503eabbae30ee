#include "drafting/DraftRewriter.h"

#include "drafting/DraftText.h"
#include "drafting/LanguageGuess.h"
#include "drafting/OfflineDrafter.h"
#include "drafting/ToneValidator.h"
#include "llm/OpenAiClient.h"

#include <QJsonObject>
#include <QTimer>

namespace cx::drafting {

namespace {

QString instructionFor(DraftRewriter::Action action, const QString& language)
{
    using A = DraftRewriter::Action;
    switch (action) {
    case A::Shorter:
        return QStringLiteral(
            "Make it shorter: at most half as long, keeping the greeting, the answer and the "
            "sign-off.");
    case A::Friendlier:
        return QStringLiteral("Make it friendlier and warmer, without exaggeration.");
    case A::MoreFormal:
        return QStringLiteral("Make it more formal: no contractions, no casual words.");
    case A::FixGrammar:
        return QStringLiteral("Fix spelling, grammar and punctuation only; change nothing else.");
    case A::CustomerLanguage:
        return QStringLiteral("Translate it into %1 (ISO 639-1 code %2), the language the customer wrote in.")
            .arg(languageName(language), language);
    }
    return {};
}

} // namespace

DraftRewriter::DraftRewriter(llm::OpenAiClient* client, DraftPolicy policy, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_policy(std::move(policy))
{
}

void DraftRewriter::setClient(llm::OpenAiClient* client)
{
    m_client = client;
    emit availabilityChanged();
}

bool DraftRewriter::canRewrite(Action action) const
{
    return m_client || action == Action::Shorter;
}

QString DraftRewriter::unavailableReason(Action action) const
{
    if (canRewrite(action))
        return {};
    return tr(
        "Needs a language model: the offline drafter can only shorten a draft by leaving sentences out. "
        "Configure a model in Settings to use this.");
}

QString DraftRewriter::actionCode(Action action)
{
    switch (action) {
    case Action::Shorter:
        return QStringLiteral("shorter");
    case Action::Friendlier:
        return QStringLiteral("friendlier");
    case Action::MoreFormal:
        return QStringLiteral("formal");
    case Action::FixGrammar:
        return QStringLiteral("grammar");
    case Action::CustomerLanguage:
        return QStringLiteral("language");
    }
    return {};
}

llm::ChatRequest DraftRewriter::request(Action action, const Input& input, const DraftPolicy& policy)
{
    QString language = input.customerLanguage;
    if (language.isEmpty())
        language = guessLanguage(input.customerTexts.join(QLatin1Char('\n')));
    const QString system
        = QStringLiteral("You rewrite a reply that a customer-support agent will review before sending.\n"
                         "Keep every fact, figure, link, promise and name exactly as it is; add none. Keep "
                         "the greeting and "
                         "the sign-off. Plain text, no Markdown.\nBrand voice: ")
        + policy.brandVoice
        + QStringLiteral("\nReturn JSON: reply (the rewritten message), language (ISO 639-1 of the reply).");
    QString user = QStringLiteral("Action: %1\nTarget language: %2\nTask: %3\n\nDraft:\n<<<\n%4\n>>>\n")
                       .arg(actionCode(action), language.isEmpty() ? QStringLiteral("unchanged") : language,
                           instructionFor(action, language), input.text.trimmed());
    if (!input.customerTexts.isEmpty())
        user += QStringLiteral("\nThe customer's message(s):\n")
            + input.customerTexts.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
    const QJsonObject string { { QStringLiteral("type"), QStringLiteral("string") } };
    llm::ChatRequest chat;
    chat.messages = { { QStringLiteral("system"), system }, { QStringLiteral("user"), user } };
    chat.temperature = action == Action::FixGrammar ? 0.0 : 0.3;
    chat.maxCompletionTokens = policy.maxCompletionTokens;
    chat.jsonSchema = llm::JsonSchemaFormat { schemaName(),
        QJsonObject { { QStringLiteral("type"), QStringLiteral("object") },
            { QStringLiteral("properties"),
                QJsonObject {
                    { QStringLiteral("reply"), string }, { QStringLiteral("language"), string } } } } };
    return chat;
}

QStringList DraftRewriter::changedFacts(const QString& original, const QString& rewritten)
{
    auto facts = [](const QString& text) {
        QStringList out = ToneValidator::urls(text);
        for (QString figure : ToneValidator::figures(text)) {
            figure.remove(QLatin1Char(','));
            out.append(figure);
        }
        return out;
    };
    const QStringList before = facts(original);
    const QStringList after = facts(rewritten);
    QStringList changed;
    for (const QString& fact : after)
        if (!before.contains(fact) && !changed.contains(fact))
            changed.append(fact);
    return changed;
}

void DraftRewriter::rewrite(Action action, const Input& input, QObject* context, Callback done)
{
    QPointer<QObject> guard(context);
    auto finish = [guard, done](Result<QString> result) {
        QTimer::singleShot(0, guard.data(), [guard, done, result] {
            if (guard && done)
                done(result);
        });
    };
    if (input.text.trimmed().isEmpty())
        return finish(makeError(ErrorKind::Invalid, tr("There is no draft text to rewrite.")));
    if (!canRewrite(action))
        return finish(makeError(ErrorKind::Unavailable, unavailableReason(action)));
    if (!m_client) {
        // Offline "shorter": the extractive trim; honest about its limits.
        const QString shorter
            = OfflineDrafter::shorten(input.text, m_policy, questionTerms(input.customerTexts));
        if (shorter.isEmpty())
            return finish(makeError(
                ErrorKind::Invalid, tr("The draft cannot be shortened further without a language model.")));
        return finish(shorter);
    }
    const QString original = input.text;
    m_client->chat(
        request(action, input, m_policy), context, [finish, original](Result<llm::ChatResult> answer) {
            if (!answer)
                return finish(makeError(answer.error().kind,
                    tr("The model could not rewrite the draft: %1").arg(answer.error().message)));
            if (answer->refused())
                return finish(
                    makeError(ErrorKind::Invalid, tr("The model declined: %1").arg(answer->refusal)));
            const QString reply = answer->json
                ? stripMarkdown(answer->json->value(QStringLiteral("reply")).toString()).trimmed()
                : QString();
            if (reply.isEmpty() || !answer->usable(true))
                return finish(makeError(ErrorKind::Invalid, tr("The model's rewrite was empty or cut off.")));
            if (const QStringList changed = changedFacts(original, reply); !changed.isEmpty())
                return finish(makeError(ErrorKind::Invalid,
                    tr("The rewrite changed facts (%1), so the draft was kept as it was.")
                        .arg(changed.join(QStringLiteral(", ")))));
            finish(reply);
        });
}

} // namespace cx::drafting
