#include "drafting/Drafter.h"

#include "drafting/ConfidenceScorer.h"
#include "drafting/DraftNote.h"
#include "drafting/DraftText.h"
#include "drafting/LanguageGuess.h"
#include "drafting/OfflineDrafter.h"
#include "drafting/PromptBuilder.h"
#include "drafting/QueryExtractor.h"
#include "drafting/RiskAssessor.h"
#include "drafting/ToneValidator.h"
#include "foundation/LogCategories.h"
#include "llm/OpenAiClient.h"

#include <QJsonArray>
#include <QPointer>
#include <QTimer>
#include <QUuid>

namespace cx::drafting {

Drafter::Drafter(Config config, llm::OpenAiClient* client, Retriever retriever, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_client(client)
    , m_retriever(std::move(retriever))
    , m_cache(m_config.cacheCapacity)
{
}

void Drafter::deliver(QObject* context, Callback done, Result<DraftResult> result)
{
    QPointer<QObject> guard(context);
    // Always asynchronous, so callers see one behaviour whether or not anything had to wait.
    QTimer::singleShot(0, context, [guard, done = std::move(done), result = std::move(result)] {
        if (guard && done)
            done(result);
    });
}

void Drafter::draft(const QList<ConversationTurn>& turns, QObject* context, Callback done, Request request)
{
    DraftResult result;
    result.promptVersion = request.variant.policy.value_or(m_config.policy).version;
    if (!m_config.enabled) {
        result.status = DraftResult::Status::Disabled;
        result.statusMessage
            = tr("AI drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED). No draft was made.");
        deliver(context, std::move(done), result);
        return;
    }
    const QString query = QueryExtractor::query(turns);
    if (query.isEmpty()) {
        result.status = DraftResult::Status::NothingToAnswer;
        result.statusMessage = tr("No customer message is waiting for an answer.");
        deliver(context, std::move(done), result);
        return;
    }
    QPointer<QObject> guard(context);
    auto afterRetrieval
        = [this, guard, turns, query, request, done = std::move(done)](Retrieval retrieval) mutable {
              if (!guard)
                  return;
              // Markdown and knowledge-base boilerplate never reach the prompt, the offline draft or the
              // stored sources.
              retrieval.passages = cleanPassages(retrieval.passages);
              generate(turns, query, retrieval, request, guard.data(), std::move(done));
          };
    // An instruction names what the draft must contain: retrieval looks for it too.
    const QString searched = request.instruction.trimmed().isEmpty()
        ? query
        : query + QStringLiteral("\n\n") + request.instruction.trimmed();
    if (m_retriever)
        m_retriever(searched, turns, std::move(afterRetrieval));
    else
        afterRetrieval(Retrieval {});
}

void Drafter::draft(
    const QList<ConversationTurn>& turns, QObject* context, Callback done, const Variant& variant)
{
    Request request;
    request.variant = variant;
    draft(turns, context, std::move(done), request);
}

void Drafter::generate(const QList<ConversationTurn>& turns, const QString& query, const Retrieval& retrieval,
    const Request& request, QObject* context, Callback done)
{
    const DraftPolicy policy = request.variant.policy.value_or(m_config.policy);
    if (!m_client) {
        deliver(context, std::move(done),
            assemble(turns, query, retrieval, nullptr, tr("No model is configured: offline draft."),
                request.instruction, &policy));
        return;
    }
    // The instruction is part of what was asked, so part of the key; so are the variant's prompt and model.
    const QString promptKey = request.instruction.trimmed().isEmpty()
        ? policy.version
        : policy.version + QStringLiteral("\ninstruction:") + request.instruction.trimmed();
    const QString key = DraftCache::key(turns, promptKey,
        request.variant.model.isEmpty() ? m_client->config().model : request.variant.model,
        retrieval.kbVersion);
    if (const DraftResult* cached = request.fresh ? nullptr : m_cache.find(key)) {
        m_cache.countHit();
        DraftResult copy = *cached;
        copy.fromCache = true;
        deliver(context, std::move(done), copy);
        return;
    }
    m_cache.countMiss();
    const ThreadSummarizer::Split split = ThreadSummarizer::split(
        QueryExtractor::publicHistory(turns, m_config.historyTurns), m_config.historyTokenBudget);
    if (split.older.isEmpty())
        return generateWithSummary(
            turns, query, retrieval, request, key, split, {}, context, std::move(done));
    if (const QString* summary = m_summaries.find(split.key))
        return generateWithSummary(
            turns, query, retrieval, request, key, split, *summary, context, std::move(done));
    // A long thread: the older turns are summarised once; the summary is cached for the next drafts.
    QPointer<Drafter> self(this);
    m_client->chat(ThreadSummarizer::summaryRequest(split.older), context,
        [self, context, turns, query, retrieval, request, key, split, done](Result<llm::ChatResult> answer) {
            if (!self)
                return;
            QString summary;
            if (answer && !answer->content.trimmed().isEmpty() && !answer->refused()) {
                summary = answer->content.trimmed();
                self->m_summaries.insert(split.key, summary);
            } else {
                qCInfo(lcDrafting) << "thread summary unavailable; older turns left out of the prompt";
            }
            self->generateWithSummary(turns, query, retrieval, request, key, split, summary, context, done);
        });
}

void Drafter::generateWithSummary(const QList<ConversationTurn>& turns, const QString& query,
    const Retrieval& retrieval, const Request& request, const QString& key,
    const ThreadSummarizer::Split& split, const QString& summary, QObject* context, Callback done)
{
    const DraftPolicy policy = request.variant.policy.value_or(m_config.policy);
    llm::ChatRequest chat
        = PromptBuilder::build(policy, split.recent, query, retrieval.passages, summary, request.instruction);
    chat.model = request.variant.model; // empty: the client's configured model
    QPointer<Drafter> self(this);
    const QString instruction = request.instruction;
    m_client->chat(chat, context,
        [self, context, turns, query, retrieval, instruction, key, policy, done](
            Result<llm::ChatResult> answer) {
            if (!self)
                return;
            if (!answer) {
                qCInfo(lcDrafting) << "model unavailable, offline draft:"
                                   << errorKindName(answer.error().kind);
                deliver(context, done,
                    self->assemble(turns, query, retrieval, nullptr,
                        tr("The model could not be reached (%1): offline draft.").arg(answer.error().message),
                        instruction, &policy));
                return;
            }
            DraftResult result
                = self->assemble(turns, query, retrieval, &answer.value(), {}, instruction, &policy);
            result.cacheKey = key;
            self->m_cache.insert(key, result);
            deliver(context, done, result);
        });
}

DraftResult Drafter::assemble(const QList<ConversationTurn>& turns, const QString& query,
    const Retrieval& rawRetrieval, const llm::ChatResult* model, const QString& offlineReason,
    const QString& instruction, const DraftPolicy* variantPolicy) const
{
    const DraftPolicy& policy = variantPolicy ? *variantPolicy : m_config.policy;
    Retrieval retrieval = rawRetrieval;
    retrieval.passages = cleanPassages(rawRetrieval.passages); // idempotent: draft() cleaned them already
    DraftResult result;
    result.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    result.query = query;
    result.instruction = instruction.trimmed();
    result.promptVersion = policy.version;
    result.kbVersion = retrieval.kbVersion;
    QStringList customerTexts;
    for (const ConversationTurn& turn : QueryExtractor::unansweredCustomerTurns(turns))
        customerTexts.append(turn.text);
    const TermWeights question = questionTerms(customerTexts, result.instruction);
    result.customerLanguage = guessLanguage(customerTexts.join(QLatin1Char('\n')));
    double coverage = 0;

    QHash<QString, Passage> byId;
    for (const Passage& passage : retrieval.passages)
        byId.insert(passage.chunkId, passage);
    QStringList cited;
    auto cite = [&](const QString& id) {
        if (byId.contains(id)) {
            if (!cited.contains(id))
                cited.append(id);
        } else if (!id.isEmpty() && !result.unknownCitations.contains(id)) {
            result.unknownCitations.append(id);
        }
    };

    bool truncatedOrRefused = false;
    if (!model) {
        const OfflineDrafter::Draft offline = OfflineDrafter::draft(policy, retrieval.passages, question);
        result.status = DraftResult::Status::Offline;
        result.offline = true;
        result.statusMessage = offlineReason;
        result.reply = offline.reply;
        result.evidence = offline.evidence;
        coverage = offline.coverage;
        for (const Passage& passage : offline.used)
            cite(passage.chunkId);
    } else {
        result.status = DraftResult::Status::Drafted;
        result.model = model->model;
        result.usage = model->usage;
        result.estimatedCostUsd = model->estimatedCostUsd;
        truncatedOrRefused = model->truncated() || model->refused() || model->filtered();
        if (model->json) {
            const QJsonObject json = *model->json;
            // Plain text: Markdown would reach e-mail and chat customers as literal asterisks.
            result.reply = stripMarkdown(json.value(QStringLiteral("reply")).toString());
            result.language = json.value(QStringLiteral("language")).toString();
            result.summary = json.value(QStringLiteral("summary")).toString().simplified();
            if (json.value(QStringLiteral("confidence")).isDouble())
                result.modelConfidence = json.value(QStringLiteral("confidence")).toDouble();
            for (const QJsonValue& id : json.value(QStringLiteral("citations")).toArray())
                cite(id.toString());
            for (const QJsonValue& value : json.value(QStringLiteral("evidence")).toArray()) {
                const QJsonObject item = value.toObject();
                EvidenceLink link;
                link.claim = item.value(QStringLiteral("claim")).toString();
                for (const QJsonValue& id : item.value(QStringLiteral("passage_ids")).toArray()) {
                    cite(id.toString());
                    if (byId.contains(id.toString()))
                        link.passageIds.append(id.toString());
                }
                result.evidence.append(link);
            }
        } else if (!model->refused()) {
            result.reply = model->content; // a server that ignored the JSON instructions: plain text, uncited
        }
        if (model->refused())
            result.statusMessage = tr("The model declined to draft: %1").arg(model->refusal);
        else if (model->truncated())
            result.statusMessage = tr("The model's answer was cut off (token limit).");
        else if (model->filtered())
            result.statusMessage = tr("The model's answer was withheld by its content filter.");
    }
    for (const QString& id : cited)
        result.sources.append(byId.value(id));
    if (model) {
        QString citedText;
        for (const Passage& passage : result.sources)
            citedText += passage.text + QLatin1Char('\n');
        coverage = termCoverage(question, citedText);
    }
    if (result.summary.isEmpty())
        result.summary = ThreadSummarizer::oneLine(turns);
    if (const QString guessed = guessLanguage(result.reply); !guessed.isEmpty())
        result.language = guessed;

    result.tone = ToneValidator::validate(result.reply, policy, retrieval.passages, customerTexts);
    if (!result.unknownCitations.isEmpty())
        result.tone.findings.append(Finding { QStringLiteral("unknown_citation"), Severity::Warning,
            tr("The model cited passages that were not retrieved: %1")
                .arg(result.unknownCitations.join(QStringLiteral(", "))) });

    ConfidenceScorer::Input scoreInput;
    scoreInput.retrievalConfidence = retrieval.confidence;
    scoreInput.passages = retrieval.passages;
    scoreInput.coverage = coverage;
    scoreInput.evidence = result.evidence;
    scoreInput.citedSources = static_cast<int>(result.sources.size());
    scoreInput.modelEstimate = result.modelConfidence;
    scoreInput.tone = result.tone;
    scoreInput.truncatedOrRefused = truncatedOrRefused;
    scoreInput.offline = result.offline;
    result.confidence = ConfidenceScorer::score(scoreInput);

    RiskAssessor::Input riskInput;
    riskInput.reply = result.reply;
    riskInput.customerTexts = customerTexts;
    riskInput.tone = result.tone;
    riskInput.evidence = result.evidence;
    riskInput.citedSources = static_cast<int>(result.sources.size());
    riskInput.confidence = result.confidence;
    riskInput.truncated = model && model->truncated();
    riskInput.refused = model && (model->refused() || model->filtered());
    riskInput.offline = result.offline;
    riskInput.customerLanguage = result.customerLanguage;
    riskInput.replyLanguage = result.language;
    result.risk = RiskAssessor::assess(riskInput);

    result.note = DraftNote::format(result);
    return result;
}

} // namespace cx::drafting
