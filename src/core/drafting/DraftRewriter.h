#pragma once

#include "drafting/DraftPolicy.h"
#include "foundation/Result.h"
#include "llm/ChatTypes.h"

#include <QObject>

#include <functional>

namespace cx::llm {
class OpenAiClient;
}

namespace cx::drafting {

// The drawer's rewrite actions, like every support copilot has: shorter, friendlier, more formal, fix
// grammar, reply in the customer's language. Through the model (an OpenAI chat completion with the JSON
// schema "draft_rewrite": {reply, language}); without a model only what the offline drafter can honestly do:
// "shorter", by extractive trimming (OfflineDrafter::shorten). The others are unavailable, with the reason.
//
// A rewrite keeps the facts: it may leave a link or figure out (shorter), but every link and figure in it
// (ToneValidator's urls/figures) must be in the draft already; a new or altered one refuses the rewrite with
// an error, and the draft stays as it was.
class DraftRewriter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DraftRewriter)
public:
    enum class Action { Shorter, Friendlier, MoreFormal, FixGrammar, CustomerLanguage };
    Q_ENUM(Action)
    struct Input {
        QString text; // the draft as the reviewer has it now
        QStringList customerTexts; // the customer's unanswered messages (the language to answer in)
        QString customerLanguage; // ISO 639-1; empty: guessed from customerTexts
    };
    using Callback = std::function<void(Result<QString>)>;

    explicit DraftRewriter(
        llm::OpenAiClient* client = nullptr, DraftPolicy policy = {}, QObject* parent = nullptr);

    // The model to use (nullptr: offline). Emits availabilityChanged.
    void setClient(llm::OpenAiClient* client);
    bool hasModel() const { return m_client != nullptr; }
    bool canRewrite(Action action) const;
    // Why an action is unavailable (translated), empty when it is available.
    QString unavailableReason(Action action) const;

    static QString schemaName() { return QStringLiteral("draft_rewrite"); }
    static QString actionCode(Action action); // "shorter", "friendlier", "formal", "grammar", "language"
    static llm::ChatRequest request(Action action, const Input& input, const DraftPolicy& policy);
    // Links and figures of `rewritten` that are not in `original`.
    static QStringList changedFacts(const QString& original, const QString& rewritten);

    // done once on context's thread (never if context died): the rewritten text, or why not.
    void rewrite(Action action, const Input& input, QObject* context, Callback done);

signals:
    void availabilityChanged();

private:
    llm::OpenAiClient* m_client = nullptr; // the services' client, outlives this
    DraftPolicy m_policy;
};

} // namespace cx::drafting
