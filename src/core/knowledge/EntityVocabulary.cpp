#include "knowledge/EntityVocabulary.h"

#include "knowledge/TextAnalyzer.h"

#include <QtMath>

#include <algorithm>

namespace cx::knowledge {

namespace {
constexpr int kFuzzyMinLength = 5;
constexpr int kMaxGap = 2;

QStringList deletions(const QString& word)
{
    QStringList out;
    for (qsizetype i = 0; i < word.size(); ++i)
        out.append(QString(word).remove(i, 1));
    return out;
}

// Optimal string alignment distance <= 1 (one insertion, deletion, substitution or transposition).
bool withinOneEdit(const QString& a, const QString& b)
{
    if (a == b)
        return true;
    const qsizetype la = a.size(), lb = b.size();
    if (qAbs(la - lb) > 1)
        return false;
    qsizetype i = 0;
    while (i < la && i < lb && a.at(i) == b.at(i))
        ++i;
    if (la == lb) {
        if (QStringView(a).mid(i + 1) == QStringView(b).mid(i + 1))
            return true; // substitution
        return i + 1 < la && a.at(i) == b.at(i + 1) && a.at(i + 1) == b.at(i)
            && QStringView(a).mid(i + 2) == QStringView(b).mid(i + 2); // transposition
    }
    return la > lb ? QStringView(a).mid(i + 1) == QStringView(b).mid(i)
                   : QStringView(a).mid(i) == QStringView(b).mid(i + 1);
}

struct Mention {
    int entity = -1;
    double weight = 0.0;
    double coverage = 0.0;
    int first = 0;
    int last = 0;
};
} // namespace

EntityVocabulary::EntityVocabulary(const QStringList& names)
    : EntityVocabulary(names, Options {}, {}, {})
{
}

EntityVocabulary::EntityVocabulary(
    const QStringList& names, Options options, StemFunction stemFunction, FrequencyFunction frequency)
    : m_options(options)
    , m_stem(std::move(stemFunction))
    , m_frequency(std::move(frequency))
{
    for (const QString& name : names) {
        const QString key = TextAnalyzer::normalizedKey(name);
        if (key.isEmpty() || m_byKey.contains(key))
            continue;
        Entity e;
        e.key = key;
        for (const QString& word : key.split(QLatin1Char(' '))) {
            const QString w = TextAnalyzer::isStopword(word) ? word : stem(word);
            int id = m_wordIds.value(w, -1);
            if (id < 0) {
                id = int(m_wordWeight.size());
                m_wordIds.insert(w, id);
                m_wordWeight.append(0.0);
                m_wordText.append(w);
                m_entitiesByWord.append(QVector<int>());
            }
            if (!e.words.contains(id))
                e.words.append(id);
        }
        m_byKey.insert(key, int(m_entities.size()));
        m_entities.append(e);
    }
    // df and weights
    QVector<int> df(m_wordWeight.size(), 0);
    for (int i = 0; i < m_entities.size(); ++i) {
        QSet<int> seen;
        for (int w : m_entities.at(i).words) {
            if (!seen.contains(w)) {
                seen.insert(w);
                ++df[w];
                m_entitiesByWord[w].append(i);
            }
        }
    }
    const double n = double(m_entities.size());
    for (auto it = m_wordIds.cbegin(); it != m_wordIds.cend(); ++it) {
        double weight = std::log(1.0 + n / qMax(1, df.at(it.value())));
        if (TextAnalyzer::isStopword(it.key()))
            weight *= 0.1;
        m_wordWeight[it.value()] = weight;
        if (it.key().size() >= kFuzzyMinLength) {
            for (const QString& d : deletions(it.key()))
                m_deletions[d].append(it.value());
        }
    }
    for (Entity& e : m_entities) {
        for (int w : e.words)
            e.totalWeight += m_wordWeight.at(w);
    }
}

QVector<int> EntityVocabulary::wordIdsFor(const QString& word) const
{
    QVector<int> ids;
    const int exact = m_wordIds.value(word, -1);
    if (exact >= 0)
        ids.append(exact);
    if (word.size() < kFuzzyMinLength - 1)
        return ids;
    // One edit apart: a deletion from the name word (lookup by the word itself), an insertion into it
    // (the word's deletions are name words), or a substitution (shared deletion).
    QVector<int> fuzzy;
    auto consider = [&](int id) {
        if (id >= 0 && !ids.contains(id) && !fuzzy.contains(id))
            fuzzy.append(id);
    };
    auto addFrom = [&](const QString& key) {
        const auto it = m_deletions.constFind(key);
        if (it != m_deletions.cend()) {
            for (int id : *it)
                consider(id);
        }
    };
    addFrom(word);
    if (word.size() >= kFuzzyMinLength) {
        for (const QString& d : deletions(word)) {
            if (d.size() >= kFuzzyMinLength)
                consider(m_wordIds.value(d, -1));
            addFrom(d);
        }
    }
    if (fuzzy.isEmpty())
        return ids;
    // A word the knowledge base uses more often than the name word is a word of its own, not a misspelling.
    const int wordFrequency = m_frequency ? m_frequency(word) : 0;
    for (int id : fuzzy) {
        const QString& nameWord = m_wordText.at(id);
        if (!withinOneEdit(word, nameWord))
            continue;
        if (m_frequency && wordFrequency > m_frequency(nameWord))
            continue;
        ids.append(id);
    }
    return ids;
}

QList<EntityVocabulary::Match> EntityVocabulary::matchTokens(const QList<TextAnalyzer::Token>& tokens) const
{
    if (m_entities.isEmpty() || tokens.isEmpty())
        return {};
    QStringList words;
    for (const TextAnalyzer::Token& t : tokens) {
        words.append(TextAnalyzer::isStopword(t.word) ? t.word : stem(t.word));
    }
    // Positions of every name word in the turn.
    QHash<int, QVector<int>> positions;
    QSet<int> candidates;
    for (int pos = 0; pos < words.size(); ++pos) {
        for (int id : wordIdsFor(words.at(pos))) {
            positions[id].append(pos);
            if (m_wordWeight.at(id) > 0.0 && !TextAnalyzer::isStopword(words.at(pos))) {
                for (int e : m_entitiesByWord.at(id))
                    candidates.insert(e);
            }
        }
    }
    QVector<Mention> mentions;
    for (int e : candidates) {
        const Entity& entity = m_entities.at(e);
        Mention best;
        for (int start = 0; start < entity.words.size(); ++start) {
            const auto startPositions = positions.constFind(entity.words.at(start));
            if (startPositions == positions.cend())
                continue;
            for (int p : *startPositions) {
                double weight = m_wordWeight.at(entity.words.at(start));
                int last = p;
                for (int i = start + 1; i < entity.words.size(); ++i) {
                    const auto next = positions.constFind(entity.words.at(i));
                    if (next == positions.cend())
                        continue;
                    for (int q : *next) {
                        if (q > last && q <= last + 1 + kMaxGap) {
                            weight += m_wordWeight.at(entity.words.at(i));
                            last = q;
                            break;
                        }
                    }
                }
                if (weight > best.weight || (weight == best.weight && last - p < best.last - best.first))
                    best = Mention { e, weight, 0.0, p, last };
            }
        }
        if (best.entity < 0 || entity.totalWeight <= 0.0)
            continue;
        best.coverage = best.weight / entity.totalWeight;
        if (best.coverage >= m_options.minCoverage)
            mentions.append(best);
    }
    // Heavier mentions first; drop one that lies inside a heavier one's span.
    std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
        if (a.weight != b.weight)
            return a.weight > b.weight;
        return a.coverage > b.coverage;
    });
    QList<Match> out;
    QVector<Mention> kept;
    for (const Mention& m : mentions) {
        const bool inside = std::any_of(kept.cbegin(), kept.cend(),
            [&](const Mention& k) { return m.first >= k.first && m.last <= k.last && m.weight < k.weight; });
        if (inside)
            continue;
        kept.append(m);
        out.append(Match { m_entities.at(m.entity).key, m.coverage });
    }
    std::stable_sort(
        out.begin(), out.end(), [](const Match& a, const Match& b) { return a.score > b.score; });
    return out;
}

QList<EntityVocabulary::Match> EntityVocabulary::matchText(const QString& text) const
{
    return matchTokens(TextAnalyzer::tokens(text, true));
}

QList<EntityVocabulary::Match> EntityVocabulary::resolve(const QList<Turn>& conversation) const
{
    if (m_entities.isEmpty())
        return {};
    // The latest customer message is the anchor; anything after it (an agent turn) counts as just as recent.
    qsizetype anchor = conversation.size() - 1;
    for (qsizetype i = conversation.size() - 1; i >= 0; --i) {
        if (conversation.at(i).role != QLatin1String("agent")) {
            anchor = i;
            break;
        }
    }
    QHash<QString, double> best;
    for (qsizetype i = 0; i < conversation.size(); ++i) {
        const qsizetype back = qMax<qsizetype>(0, anchor - i);
        const double recency = qMax(0.25, std::pow(m_options.decay, double(back)));
        for (const Match& m : matchText(conversation.at(i).text)) {
            const double s = m.score * recency;
            if (s > best.value(m.key, 0.0))
                best.insert(m.key, s);
        }
    }
    QList<Match> out;
    for (auto it = best.cbegin(); it != best.cend(); ++it)
        out.append(Match { it.key(), it.value() });
    std::sort(out.begin(), out.end(), [](const Match& a, const Match& b) {
        return a.score != b.score ? a.score > b.score : a.key < b.key;
    });
    return out;
}

} // namespace cx::knowledge
