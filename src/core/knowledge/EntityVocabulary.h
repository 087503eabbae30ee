#pragma once

#include "knowledge/KbTypes.h"
#include "knowledge/TextAnalyzer.h"

#include <QHash>
#include <QSet>
#include <QVector>

#include <functional>

namespace cx::knowledge {

// The entity names of an index (products, stores, places, plans), collected at ingest from document fields
// (never a hand-written list), and a matcher that finds which of them a conversation is about.
//
// Matching, per turn: the turn's words are stemmed and mapped onto the stemmed name words (a word repeated in
// a name counts once: "train (all trains)"): exactly, or one edit apart (Damerau) for words of 5+ letters
// ("Erania" finds "Eraina") -- but only if the turn's word is not more frequent in the knowledge base than
// the name word, so "table" never becomes "Fable". For each candidate name the best in-order alignment is
// found (consecutive name words at most 2 words apart in the turn); its coverage is the matched share of the
// name's word weights, weight(w) = ln(1 + E / df(w)) over the E names (x0.1 for stopwords), so "Hobsons"
// alone covers most of "Hobsons House" while "house" alone does not. Coverage >= minCoverage counts as a
// mention; a mention whose span lies inside a heavier one in the same turn is dropped ("Union Square" inside
// "Union Square Plaza Hotel"). Across turns: score = coverage x recency, recency = decay^(turns back from the
// latest customer message), floor 0.25; an entity's score is its best mention. (Capitalisation is
// deliberately not used: agents and customers write names in lowercase as often as not.)
class EntityVocabulary final {
public:
    struct Match {
        QString key; // normalized name (TextAnalyzer::normalizedKey)
        double score = 0.0; // 0..1
    };
    struct Options {
        double minCoverage = 0.6;
        double decay = 0.85;
    };

    using StemFunction = std::function<QString(const QString&)>;
    using FrequencyFunction = std::function<int(const QString& stem)>; // documents containing the stem

    EntityVocabulary() = default;
    explicit EntityVocabulary(const QStringList& names);
    // stem and frequency are optional (identity / no frequency guard on fuzzy matches).
    EntityVocabulary(
        const QStringList& names, Options options, StemFunction stem, FrequencyFunction frequency);

    bool isEmpty() const { return m_entities.isEmpty(); }
    int size() const { return int(m_entities.size()); }
    bool contains(const QString& key) const { return m_byKey.contains(key); }

    // Entities mentioned in one text (coverage only, no recency), best first.
    QList<Match> matchText(const QString& text) const;
    // Entities the conversation is about, best first (latest customer message weighs most).
    QList<Match> resolve(const QList<Turn>& conversation) const;

private:
    struct Entity {
        QString key;
        QVector<int> words; // ids into m_words
        double totalWeight = 0.0;
    };
    QList<Match> matchTokens(const QList<TextAnalyzer::Token>& tokens) const;
    QString stem(const QString& word) const { return m_stem ? m_stem(word) : word; }
    QVector<int> wordIdsFor(const QString& word) const;

    Options m_options;
    StemFunction m_stem;
    FrequencyFunction m_frequency;
    QVector<Entity> m_entities;
    QHash<QString, int> m_byKey;
    QHash<QString, int> m_wordIds;
    QVector<double> m_wordWeight;
    QStringList m_wordText;
    QVector<QVector<int>> m_entitiesByWord;
    QHash<QString, QVector<int>> m_deletions; // one-deletion variants -> word ids (fuzzy lookup)
};

} // namespace cx::knowledge
