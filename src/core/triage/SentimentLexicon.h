#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace cx::triage {

// Valence per token (-4 … +4, the mean of ten human ratings) from VADER's lexicon (Hutto & Gilbert 2014),
// compiled into the binary: resources/sentiment/vader_lexicon.tsv, lower-case words, emoticons and a few
// multi-word entries ("can't stand", "fed up"). Loaded once, shared and read-only afterwards (thread-safe).
class SentimentLexicon {
public:
    static const SentimentLexicon& builtIn();
    // Parses "token<TAB>valence" lines; malformed lines are skipped and counted.
    static SentimentLexicon fromTsv(const QByteArray& tsv, int* malformed = nullptr);

    std::optional<double> valence(const QString& lowerToken) const;
    bool contains(const QString& lowerToken) const { return m_valence.contains(lowerToken); }
    qsizetype size() const { return m_valence.size(); }

private:
    QHash<QString, double> m_valence;
};

} // namespace cx::triage
