#pragma once

#include <QString>
#include <QStringList>

namespace cx::knowledge {

// The one tokenizer used for indexing, querying and entity matching, so they always agree.
// Lowercases, folds accents (é -> e), splits on anything that is not a letter or digit; drops
// single letters and the possessive "s".
class TextAnalyzer final {
public:
    struct Token {
        QString word; // folded, lowercase
        bool capitalized = false; // began with an uppercase letter in the text
    };
    static QList<Token> tokens(const QString& text, bool keepSingleLetters = false);
    static QStringList words(const QString& text, bool keepSingleLetters = false);
    // Common English function words (the classic Snowball list). Generic, not tied to any data set.
    static bool isStopword(const QString& word);
    // words() without stopwords.
    static QStringList contentWords(const QString& text);
    // Lowercase, accent-folded, single-spaced, single letters kept ("a and b guest house"): the key an
    // entity name is stored under.
    static QString normalizedKey(const QString& text);
};

} // namespace cx::knowledge
