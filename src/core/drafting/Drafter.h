#pragma once

#include "drafting/DraftCache.h"
#include "drafting/DraftPolicy.h"
#include "drafting/DraftingTypes.h"
#include "drafting/ThreadSummarizer.h"
#include "foundation/Result.h"

#include <QObject>

#include <functional>
#include <optional>

namespace cx::llm {
class OpenAiClient;
struct ChatResult;
} // namespace cx::llm

namespace cx::drafting {

// What a reviewer asked of a draft (Regenerate): an instruction ("mention the return label") that the prompt
// carries, that retrieval searches for too and that the offline drafter's sentence choice favours; `fresh`
// skips the draft cache (a regenerate should not get the same cached answer back).
// `variant` is the draft's prompt/model experiment variant (learning::ExperimentStore assigns it): another
// policy text and/or another model than the configured ones; empty members keep the configured ones.
struct DraftVariant {
    std::optional<DraftPolicy> policy;
    QString model;
};
struct DraftRequest {
    QString instruction;
    bool fresh = false;
    DraftVariant variant;
};

// The drafter: query → retrieve → generate → validate → format (DESIGN.md "Suggestions").
// With no model client (or an unreachable model) it produces the OFFLINE extractive draft. With drafting
// disabled (the rollback switch, AI_CUSTOMER_DRAFT_ENABLED=false) it produces no draft and says so.
class Drafter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Drafter)

public:
    using Callback = std::function<void(Result<DraftResult>)>;
    // Retrieval is the caller's (an adapter over the knowledge base's search): the query (the customer's
    // unanswered messages) and the whole conversation (which product, order, place they mean) in, passages
    // out.
    using Retriever = std::function<void(
        const QString& query, const QList<ConversationTurn>& turns, std::function<void(Retrieval)> done)>;

    struct Config {
        DraftPolicy policy;
        bool enabled = true;
        int historyTurns = 200; // a hard cap; the token budget below decides what stays verbatim
        int historyTokenBudget = 1500; // older public turns are summarised by the model (once, cached)
        int cacheCapacity = 256;
    };

    using Variant = DraftVariant;

    Drafter(Config config, llm::OpenAiClient* client, Retriever retriever, QObject* parent = nullptr);

    void setEnabled(bool enabled) { m_config.enabled = enabled; }
    bool isEnabled() const { return m_config.enabled; }
    const Config& config() const { return m_config; }
    DraftCache& cache() { return m_cache; }
    ThreadSummarizer& summaries() { return m_summaries; }

    using Request = DraftRequest;

    // Callback once on context's thread, never if context died. Errors are only for broken input; a model
    // failure yields an offline draft whose statusMessage tells why.
    void draft(
        const QList<ConversationTurn>& turns, QObject* context, Callback done, Request request = Request());
    // The same with only an experiment variant.
    void draft(const QList<ConversationTurn>& turns, QObject* context, Callback done, const Variant& variant);

    // The post-model part, public for tests and the benchmark: assembles a DraftResult from a model answer
    // (or from nothing, offline) without any network. `retrieval` as retrieved (cleaned here).
    DraftResult assemble(const QList<ConversationTurn>& turns, const QString& query,
        const Retrieval& retrieval, const llm::ChatResult* modelResult, const QString& offlineReason,
        const QString& instruction = {}, const DraftPolicy* policy = nullptr) const;

private:
    void generate(const QList<ConversationTurn>& turns, const QString& query, const Retrieval& retrieval,
        const Request& request, QObject* context, Callback done);
    void generateWithSummary(const QList<ConversationTurn>& turns, const QString& query,
        const Retrieval& retrieval, const Request& request, const QString& key,
        const ThreadSummarizer::Split& split, const QString& summary, QObject* context, Callback done);
    static void deliver(QObject* context, Callback done, Result<DraftResult> result);

    Config m_config;
    llm::OpenAiClient* m_client;
    Retriever m_retriever;
    DraftCache m_cache;
    ThreadSummarizer m_summaries;
};

} // namespace cx::drafting
