#pragma once

#include "drafting/DraftingTypes.h"
#include "llm/ChatTypes.h"

#include <QHash>

namespace cx::drafting {

// Long threads under a token budget. The public history is split into the recent turns that fit the budget
// (kept verbatim in the prompt) and the older ones, which the model summarises once; the summary is cached
// by the older turns' content, so the next draft in the same conversation reuses it instead of asking again.
// Tokens are estimated as characters / 4 (no tokenizer; the budget is a guard, not an exact count).
class ThreadSummarizer final {
public:
    struct Split {
        QList<ConversationTurn> older; // to be summarised (empty when everything fits)
        QList<ConversationTurn> recent; // verbatim, oldest first
        QString key; // cache key of `older`
    };

    static int estimateTokens(const QString& text) { return static_cast<int>((text.size() + 3) / 4); }
    // The most recent turns whose estimated tokens fit `budget` (always at least the last turn).
    static Split split(const QList<ConversationTurn>& publicHistory, int budget);
    static llm::ChatRequest summaryRequest(const QList<ConversationTurn>& older);
    // The offline one-line summary of a conversation (extractive): the customer's newest question, and,
    // when the conversation began with another one, that first question before it ("first → newest").
    // A question is the message's first sentence ending in '?', else its first sentence. At most
    // `maxChars` characters (cut at a word, with an ellipsis). Empty without customer messages.
    static QString oneLine(const QList<ConversationTurn>& turns, int maxChars = 160);

    const QString* find(const QString& key) const;
    void insert(const QString& key, const QString& summary);
    int size() const { return static_cast<int>(m_cache.size()); }

private:
    QHash<QString, QString> m_cache;
};

} // namespace cx::drafting
