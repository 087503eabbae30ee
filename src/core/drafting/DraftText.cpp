#include "drafting/DraftText.h"

#include "knowledge/TextAnalyzer.h"

#include <QRegularExpression>
#include <QSet>

namespace cx::drafting {

namespace {

QString stem(QString word)
{
    // Crude English suffix folding, enough to match "returned" with "return" and "refunds" with "refund".
    static const char* const suffixes[] = { "ing", "ed", "es", "s" };
    for (const char* suffix : suffixes) {
        const QLatin1String s(suffix);
        if (word.size() >= s.size() + 3 && word.endsWith(s)) {
            word.chop(s.size());
            break;
        }
    }
    return word;
}

} // namespace

QStringList contentTerms(const QString& text)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString& word : knowledge::TextAnalyzer::contentWords(text)) {
        if (word.size() < 2)
            continue;
        const QString term = stem(word);
        if (!seen.contains(term)) {
            seen.insert(term);
            out.append(term);
        }
    }
    return out;
}

QStringList splitSentences(const QString& text)
{
    static const QRegularExpression boundary(QStringLiteral("(?<=[.!?])\\s+|\\n+"));
    QStringList out;
    for (const QString& part : text.split(boundary, Qt::SkipEmptyParts)) {
        const QString trimmed = part.simplified();
        if (!trimmed.isEmpty())
            out.append(trimmed);
    }
    return out;
}

QString stripMarkdown(const QString& text)
{
    QString out = text;
    static const QRegularExpression heading(
        QStringLiteral("^[ \\t]{0,3}#{1,6}[ \\t]+"), QRegularExpression::MultilineOption);
    static const QRegularExpression rule(
        QStringLiteral("^[ \\t]*([-*_])([ \\t]*\\1){2,}[ \\t]*$"), QRegularExpression::MultilineOption);
    static const QRegularExpression link(QStringLiteral("\\[([^\\]\\n]+)\\]\\((\\S+?)\\)"));
    static const QRegularExpression strong(QStringLiteral("(\\*\\*|__)(?=\\S)(.+?)(?<=\\S)\\1"));
    static const QRegularExpression emphasisStar(
        QStringLiteral("(?<![\\w*])\\*(?=\\S)([^*\\n]+?)(?<=\\S)\\*(?![\\w*])"));
    static const QRegularExpression emphasisUnderscore(
        QStringLiteral("(?<![\\w_])_(?=\\S)([^_\\n]+?)(?<=\\S)_(?![\\w_])"));
    static const QRegularExpression code(QStringLiteral("`([^`\\n]+)`"));
    out.replace(rule, QString());
    out.replace(heading, QString());
    out.replace(link, QStringLiteral("\\1 (\\2)"));
    out.replace(strong, QStringLiteral("\\2"));
    out.replace(emphasisStar, QStringLiteral("\\1"));
    out.replace(emphasisUnderscore, QStringLiteral("\\1"));
    out.replace(code, QStringLiteral("\\1"));
    static const QRegularExpression manyBlankLines(QStringLiteral("\\n{3,}"));
    out.replace(manyBlankLines, QStringLiteral("\n\n"));
    return out.trimmed();
}

bool isBoilerplateSentence(const QString& sentence)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\b(fictional (company|shop|business)|sample data|this knowledge base|"
                       "(last )?updated (on|:)|this (article|page) (was|is) (written|maintained)|"
                       "all rights reserved|for demonstration purposes)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(sentence).hasMatch();
}

QList<Passage> cleanPassages(const QList<Passage>& passages)
{
    // Sentences seen in more than one document of this retrieval are footers.
    QHash<QString, QSet<QString>> documentsOf;
    QList<QStringList> split;
    for (const Passage& passage : passages) {
        QStringList sentences = splitSentences(stripMarkdown(passage.text));
        for (const QString& sentence : sentences)
            documentsOf[sentence.toLower()].insert(passage.docId.isEmpty() ? passage.chunkId : passage.docId);
        split.append(sentences);
    }
    QList<Passage> out;
    for (qsizetype i = 0; i < passages.size(); ++i) {
        QStringList kept;
        for (const QString& sentence : split.at(i)) {
            if (isBoilerplateSentence(sentence) || documentsOf.value(sentence.toLower()).size() > 1)
                continue;
            kept.append(sentence);
        }
        if (kept.isEmpty())
            continue;
        Passage clean = passages.at(i);
        clean.text = kept.join(QLatin1Char(' '));
        out.append(clean);
    }
    return out;
}

TermWeights questionTerms(const QStringList& unansweredOldestFirst, const QString& instruction)
{
    // Everyday verbs and chat words carry little of what is asked ("can I *bring* my dog", "*great*,
    // *booked*"): they count 0.3.
    static const QSet<QString> light = [] {
        QSet<QString> set;
        for (const char* w : { "bring", "get", "got", "come", "take", "want", "need", "know", "like", "make",
                 "use", "go", "going", "send", "sent", "buy", "bought", "help", "look", "think", "tell",
                 "give", "find", "see", "say", "said", "ask", "great", "good", "thing", "anything",
                 "everything", "really", "still", "ago", "today", "tomorrow", "week", "next", "last", "much",
                 "many", "long", "time", "book", "well", "sure", "hey", "wonder" })
            set.insert(stem(QString::fromLatin1(w)));
        return set;
    }();
    TermWeights weights;
    for (qsizetype i = 0; i < unansweredOldestFirst.size(); ++i) {
        const double weight = i + 1 == unansweredOldestFirst.size() ? 1.0 : 0.5;
        for (const QString& term : contentTerms(unansweredOldestFirst.at(i)))
            weights[term] = std::max(weights.value(term), light.contains(term) ? 0.3 * weight : weight);
    }
    for (const QString& term : contentTerms(instruction))
        weights[term] = std::max(weights.value(term), 1.5);
    return weights;
}

double termCoverage(const TermWeights& question, const QString& text)
{
    double all = 0;
    double found = 0;
    const QStringList terms = contentTerms(text);
    const QSet<QString> present(terms.begin(), terms.end());
    for (auto it = question.cbegin(); it != question.cend(); ++it) {
        all += it.value();
        if (present.contains(it.key()))
            found += it.value();
    }
    return all > 0 ? found / all : 0.0;
}

} // namespace cx::drafting
