#include "drafting/Drafter.h"

#include "drafting/ConfidenceScorer.h"
#include "drafting/DraftNote.h"
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

void Drafter::draft(
    const QList<ConversationTurn>& turns, QObject* context, Callback done, const Variant& variant)
{
    DraftResult result;
    result.promptVersion = variant.policy.value_or(m_config.policy).version;
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
        = [this, guard, turns, query, variant, done = std::move(done)](Retrieval retrieval) mutable {
              if (!guard)
                  return;
              generate(turns, query, retrieval, variant, guard.data(), std::move(done));
          };
    if (m_retriever)
        m_retriever(query, turns, std::move(afterRetrieval));
    else
        afterRetrieval(Retrieval {});
}

void Drafter::generate(const QList<ConversationTurn>& turns, const QString& query, const Retrieval& retrieval,
    const Variant& variant, QObject* context, Callback done)
{
    const DraftPolicy policy = variant.policy.value_or(m_config.policy);
    if (!m_client) {
        deliver(context, std::move(done),
            assemble(
                turns, query, retrieval, nullptr, tr("No model is configured: offline draft."), &policy));
        return;
    }
    const QString key = DraftCache::key(turns, policy.version,
        variant.model.isEmpty() ? m_client->config().model : variant.model, retrieval.kbVersion);
    if (const DraftResult* cached = m_cache.find(key)) {
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
            turns, query, retrieval, key, split, {}, variant, context, std::move(done));
    if (const QString* summary = m_summaries.find(split.key))
        return generateWithSummary(
            turns, query, retrieval, key, split, *summary, variant, context, std::move(done));
    // A long thread: the older turns are summarised once; the summary is cached for the next drafts.
    QPointer<Drafter> self(this);
    m_client->chat(ThreadSummarizer::summaryRequest(split.older), context,
        [self, context, turns, query, retrieval, key, split, variant, done](Result<llm::ChatResult> answer) {
            if (!self)
                return;
            QString summary;
            if (answer && !answer->content.trimmed().isEmpty() && !answer->refused()) {
                summary = answer->content.trimmed();
                self->m_summaries.insert(split.key, summary);
            } else {
                qCInfo(lcDrafting) << "thread summary unavailable; older turns left out of the prompt";
            }
            self->generateWithSummary(turns, query, retrieval, key, split, summary, variant, context, done);
        });
}

void Drafter::generateWithSummary(const QList<ConversationTurn>& turns, const QString& query,
    const Retrieval& retrieval, const QString& key, const ThreadSummarizer::Split& split,
    const QString& summary, const Variant& variant, QObject* context, Callback done)
{
    const DraftPolicy policy = variant.policy.value_or(m_config.policy);
    llm::ChatRequest request = PromptBuilder::build(policy, split.recent, query, retrieval.passages, summary);
    request.model = variant.model; // empty: the client's configured model
    QPointer<Drafter> self(this);
    m_client->chat(request, context,
        [self, context, turns, query, retrieval, key, policy, done](Result<llm::ChatResult> answer) {
            if (!self)
                return;
            if (!answer) {
                qCInfo(lcDrafting) << "model unavailable, offline draft:"
                                   << errorKindName(answer.error().kind);
                deliver(context, done,
                    self->assemble(turns, query, retrieval, nullptr,
                        tr("The model could not be reached (%1): offline draft.").arg(answer.error().message),
                        &policy));
                return;
            }
            DraftResult result = self->assemble(turns, query, retrieval, &answer.value(), {}, &policy);
            result.cacheKey = key;
            self->m_cache.insert(key, result);
            deliver(context, done, result);
        });
}

DraftResult Drafter::assemble(const QList<ConversationTurn>& turns, const QString& query,
    const Retrieval& retrieval, const llm::ChatResult* model, const QString& offlineReason,
    const DraftPolicy* variantPolicy) const
{
    const DraftPolicy& policy = variantPolicy ? *variantPolicy : m_config.policy;
    DraftResult result;
    result.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    result.query = query;
    result.promptVersion = policy.version;
    result.kbVersion = retrieval.kbVersion;
    QStringList customerTexts;
    for (const ConversationTurn& turn : QueryExtractor::unansweredCustomerTurns(turns))
        customerTexts.append(turn.text);

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
        const OfflineDrafter::Draft offline = OfflineDrafter::draft(policy, retrieval.passages);
        result.status = DraftResult::Status::Offline;
        result.offline = true;
        result.statusMessage = offlineReason;
        result.reply = offline.reply;
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
            result.reply = json.value(QStringLiteral("reply")).toString();
            result.language = json.value(QStringLiteral("language")).toString();
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

    result.tone = ToneValidator::validate(result.reply, policy, retrieval.passages, customerTexts);
    if (!result.unknownCitations.isEmpty())
        result.tone.findings.append(Finding { QStringLiteral("unknown_citation"), Severity::Warning,
            tr("The model cited passages that were not retrieved: %1")
                .arg(result.unknownCitations.join(QStringLiteral(", "))) });

    ConfidenceScorer::Input scoreInput;
    scoreInput.retrievalConfidence = retrieval.confidence;
    scoreInput.hasPassages = !retrieval.passages.isEmpty();
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
    result.risk = RiskAssessor::assess(riskInput);

    result.note = DraftNote::format(result);
    return result;
}

} // namespace cx::drafting
