#include "drafting/PromptBuilder.h"

#include <QJsonArray>

namespace cx::drafting {

QString PromptBuilder::systemPrompt(const DraftPolicy& policy)
{
    QString prompt = QStringLiteral("You draft replies for a customer-support team. A human agent reviews "
                                    "every draft before anything is "
                                    "sent.\n\nBrand voice: ")
        + policy.brandVoice + QStringLiteral("\n\nRules:\n");
    for (const QString& rule : policy.rules)
        prompt += QStringLiteral("- ") + rule + QLatin1Char('\n');
    prompt += QStringLiteral("- Write between %1 and %2 words.\n").arg(policy.minWords).arg(policy.maxWords);
    prompt += QStringLiteral(
        "- Answer in the language the customer wrote in.\n"
        "- Answer the customer's newest message; earlier ones only where still unanswered.\n"
        "- Plain text only: no Markdown (no asterisks, underscores or # headings).\n"
        "- Use only facts, links and figures from the passages; cite the passage ids you used.\n"
        "- If the customer is upset, acknowledge it with empathy first.\n"
        "- No placeholders such as [Name]; no capitals for emphasis; no repeated exclamation "
        "marks.\n");
    if (!policy.forbiddenPhrases.isEmpty())
        prompt += QStringLiteral("- Never write: \"") + policy.forbiddenPhrases.join(QStringLiteral("\", \""))
            + QStringLiteral("\".\n");
    if (!policy.requiredPhrases.isEmpty())
        prompt += QStringLiteral("- Always include: \"")
            + policy.requiredPhrases.join(QStringLiteral("\", \"")) + QStringLiteral("\".\n");
    prompt += QStringLiteral("- Start with \"") + policy.greeting + QStringLiteral("\" and end with:\n")
        + policy.signOff + QLatin1Char('\n');
    prompt += QStringLiteral(
        "\nReturn JSON: reply (the message), language (ISO 639-1), citations (passage ids), "
        "evidence (each factual claim with the passage ids supporting it), confidence (0 to 1, "
        "how well the passages answer the customer), summary (the whole conversation in one line of at "
        "most 20 words, in English, for the agent).");
    return prompt;
}

QJsonObject PromptBuilder::schema()
{
    const QJsonObject string { { QStringLiteral("type"), QStringLiteral("string") } };
    const QJsonObject strings { { QStringLiteral("type"), QStringLiteral("array") },
        { QStringLiteral("items"), string } };
    const QJsonObject evidenceItem { { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("claim"), string }, { QStringLiteral("passage_ids"), strings } } } };
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
            QJsonObject { { QStringLiteral("reply"), string }, { QStringLiteral("language"), string },
                { QStringLiteral("citations"), strings },
                { QStringLiteral("evidence"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("array") },
                        { QStringLiteral("items"), evidenceItem } } },
                { QStringLiteral("confidence"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("number") } } },
                { QStringLiteral("summary"), string } } },
    };
}

llm::ChatRequest PromptBuilder::build(const DraftPolicy& policy, const QList<ConversationTurn>& history,
    const QString& query, const QList<Passage>& passages, const QString& earlierSummary,
    const QString& instruction)
{
    QString user = QStringLiteral("Knowledge-base passages (cite by id):\n");
    if (passages.isEmpty())
        user += QStringLiteral("(none found: do not invent facts; say a colleague will follow up)\n");
    for (const Passage& passage : passages)
        user += QStringLiteral("[%1] %2\n%3\n\n").arg(passage.chunkId, passage.title, passage.text.trimmed());
    if (!earlierSummary.trimmed().isEmpty())
        user += QStringLiteral("\nEarlier in the conversation (summary):\n") + earlierSummary.trimmed()
            + QLatin1Char('\n');
    user += QStringLiteral("\nConversation so far (oldest first):\n");
    for (const ConversationTurn& turn : history)
        user += (turn.role == TurnRole::Agent ? QStringLiteral("Agent: ") : QStringLiteral("Customer: "))
            + turn.text.trimmed() + QLatin1Char('\n');
    user += QStringLiteral("\nUnanswered customer message(s) to reply to (the last one is the newest):\n")
        + query + QLatin1Char('\n');
    if (!instruction.trimmed().isEmpty())
        user += QStringLiteral(
                    "\nThe reviewing agent's instruction for this draft (follow it unless it breaks "
                    "a rule):\n")
            + instruction.trimmed() + QLatin1Char('\n');

    llm::ChatRequest request;
    request.messages
        = { { QStringLiteral("system"), systemPrompt(policy) }, { QStringLiteral("user"), user } };
    request.temperature = policy.temperature;
    request.maxCompletionTokens = policy.maxCompletionTokens;
    request.jsonSchema = llm::JsonSchemaFormat { schemaName(), schema() };
    return request;
}

} // namespace cx::drafting
