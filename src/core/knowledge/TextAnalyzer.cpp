#include "knowledge/TextAnalyzer.h"

#include <QSet>

namespace cx::knowledge {

namespace {
const QSet<QString>& stopwords()
{
    static const QSet<QString> set = [] {
        static const char* const list[] = { "a", "about", "above", "after", "again", "against", "all", "am",
            "an", "and", "any", "are", "aren", "as", "at", "be", "because", "been", "before", "being",
            "below", "between", "both", "but", "by", "can", "could", "couldn", "did", "didn", "do", "does",
            "doesn", "doing", "don", "down", "during", "each", "few", "for", "from", "further", "had", "hadn",
            "has", "hasn", "have", "haven", "having", "he", "her", "here", "hers", "herself", "him",
            "himself", "his", "how", "i", "if", "in", "into", "is", "isn", "it", "its", "itself", "just",
            "let", "ll", "me", "more", "most", "mustn", "my", "myself", "no", "nor", "not", "now", "of",
            "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves", "out", "over",
            "own", "re", "same", "shan", "she", "should", "shouldn", "so", "some", "such", "than", "that",
            "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those",
            "through", "to", "too", "under", "until", "up", "ve", "very", "was", "wasn", "we", "were",
            "weren", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won",
            "would", "wouldn", "you", "your", "yours", "yourself", "yourselves", "also", "may", "might",
            "must", "shall", "ok", "okay", "yes", "please", "thanks", "thank", "hi", "hello", "uh", "uhh",
            "um", "umm", "uhhh", "hmm" };
        QSet<QString> s;
        for (const char* w : list)
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return set;
}

QChar foldChar(QChar c)
{
    if (c.unicode() < 0x80)
        return c.toLower();
    const QString decomposed = QString(c).normalized(QString::NormalizationForm_KD);
    for (QChar d : decomposed) {
        if (d.isLetterOrNumber())
            return d.toLower();
    }
    return c.toLower();
}
} // namespace

QStringList TextAnalyzer::words(const QString& text, bool keepSingleLetters)
{
    QStringList out;
    for (const Token& t : tokens(text, keepSingleLetters))
        out.append(t.word);
    return out;
}

QList<TextAnalyzer::Token> TextAnalyzer::tokens(const QString& text, bool keepSingleLetters)
{
    QList<Token> out;
    QString current;
    bool capitalized = false;
    auto flush = [&] {
        if (current.size() > 1 || (current.size() == 1 && (keepSingleLetters || current.at(0).isDigit())))
            out.append(Token { current, capitalized });
        current.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isLetterOrNumber()) {
            if (current.isEmpty())
                capitalized = c.isUpper();
            current.append(foldChar(c));
        } else if ((c == QLatin1Char('\'') || c.unicode() == 0x2019) && !current.isEmpty()
            && i + 1 < text.size() && text.at(i + 1).isLetter()) {
            // "don't", "o'brien": keep the part before the apostrophe, drop a trailing clitic
            flush();
            qsizetype j = i + 1;
            while (j < text.size() && text.at(j).isLetter())
                ++j;
            if (j - i - 1 <= 2)
                i = j - 1; // 's, 't, 're, 've, 'll, 'd: skipped; "o'brien" goes on with "brien"
        } else {
            flush();
        }
    }
    flush();
    return out;
}

bool TextAnalyzer::isStopword(const QString& word)
{
    return stopwords().contains(word);
}

QStringList TextAnalyzer::contentWords(const QString& text)
{
    QStringList out = words(text);
    out.removeIf([](const QString& w) { return isStopword(w); });
    return out;
}

QString TextAnalyzer::normalizedKey(const QString& text)
{
    return words(text, true).join(QLatin1Char(' '));
}

} // namespace cx::knowledge
