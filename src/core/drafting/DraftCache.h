#pragma once

#include "drafting/DraftingTypes.h"

#include <QHash>
#include <QList>

namespace cx::drafting {

// Drafts keyed by (conversation state hash, prompt version, model, KB version): the same question against
// the same knowledge with the same prompt and model is not drafted (nor paid for) twice. Bounded; the oldest
// entry goes first. Only model drafts are cached (an offline draft should be replaced once the model is
// back).
class DraftCache final {
public:
    explicit DraftCache(int capacity = 256);

    // The conversation state is its prompt-safe turns (role, text, time); private notes do not change it.
    static QString key(const QList<ConversationTurn>& turns, const QString& promptVersion,
        const QString& model, const QString& kbVersion);
    const DraftResult* find(const QString& key) const;
    void insert(const QString& key, const DraftResult& result);
    void clear();
    int size() const { return static_cast<int>(m_entries.size()); }
    int hits() const { return m_hits; }
    int misses() const { return m_misses; }
    void countHit() { ++m_hits; }
    void countMiss() { ++m_misses; }

private:
    int m_capacity;
    QHash<QString, DraftResult> m_entries;
    QList<QString> m_order;
    int m_hits = 0;
    int m_misses = 0;
};

} // namespace cx::drafting
