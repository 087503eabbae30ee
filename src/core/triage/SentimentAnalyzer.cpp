#include "triage/SentimentAnalyzer.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <vector>

namespace cx::triage {

namespace {

// The constants the paper derives from its rater experiments.
constexpr double kBoost = 0.293; // an intensifier or dampener
constexpr double kCapsBoost = 0.733; // an ALL-CAPS word among mixed-case ones
constexpr double kNegation = -0.74; // a negated word keeps 74 % of its strength, flipped
constexpr double kAlpha = 15; // normalisation x / sqrt(x² + alpha)

// Intensifiers (+) and dampeners (−), single words and the two-word ones checked as n-grams.
const QHash<QString, double>& boosters()
{
    static const QHash<QString, double> table = [] {
        QHash<QString, double> t;
        for (const char* w :
            { "absolutely", "amazingly", "awfully", "completely", "considerable", "considerably", "decidedly",
                "deeply", "effing", "enormous", "enormously", "entirely", "especially", "exceptional",
                "exceptionally", "extreme", "extremely", "fabulously", "flipping", "flippin", "frackin",
                "fracking", "fricking", "frickin", "frigging", "friggin", "fully", "fuckin", "fucking",
                "fuggin", "fugging", "greatly", "hella", "highly", "hugely", "incredible", "incredibly",
                "intensely", "major", "majorly", "more", "most", "particularly", "purely", "quite", "really",
                "remarkably", "so", "substantially", "thoroughly", "total", "totally", "tremendous",
                "tremendously", "uber", "unbelievably", "unusually", "utter", "utterly", "very" })
            t.insert(QString::fromLatin1(w), kBoost);
        for (const char* w :
            { "almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of", "less",
                "little", "marginal", "marginally", "occasional", "occasionally", "partly", "scarce",
                "scarcely", "slight", "slightly", "somewhat", "sort of", "sorta", "sortof", "sort-of" })
            t.insert(QString::fromLatin1(w), -kBoost);
        return t;
    }();
    return table;
}

const QSet<QString>& negations()
{
    static const QSet<QString> words = [] {
        QSet<QString> s;
        for (const char* w :
            { "aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "dont", "hadnt",
                "hasnt", "havent", "isnt", "mightnt", "mustnt", "neither", "neednt", "never", "none", "nope",
                "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "uh-uh", "wasnt",
                "werent", "without", "wont", "wouldnt", "rarely", "seldom", "despite" })
            s.insert(QString::fromLatin1(w));
        return s;
    }();
    return words;
}

// Multi-word expressions whose meaning is not the sum of their words.
const QHash<QString, double>& idioms()
{
    static const QHash<QString, double> table {
        { QStringLiteral("the shit"), 3 },
        { QStringLiteral("the bomb"), 3 },
        { QStringLiteral("bad ass"), 1.5 },
        { QStringLiteral("yeah right"), -2 },
        { QStringLiteral("kiss of death"), -1.5 },
        { QStringLiteral("to die for"), 3 },
        { QStringLiteral("beating heart"), 3.1 },
        { QStringLiteral("broken heart"), -2.9 },
        { QStringLiteral("cut the mustard"), 2 },
        { QStringLiteral("hand to mouth"), -2 },
        { QStringLiteral("back handed"), -2 },
        { QStringLiteral("blow smoke"), -2 },
        { QStringLiteral("blowing smoke"), -2 },
        { QStringLiteral("upper hand"), 1 },
        { QStringLiteral("break a leg"), 2 },
        { QStringLiteral("cooking with gas"), 2 },
        { QStringLiteral("in the black"), 2 },
        { QStringLiteral("in the red"), -2 },
        { QStringLiteral("on the ball"), 2 },
        { QStringLiteral("under the weather"), -2 },
    };
    return table;
}

bool isNegation(const QString& lower)
{
    // "isn't", "don't", ... and the same without the apostrophe.
    return negations().contains(lower) || lower.contains(QLatin1String("n't"))
        || negations().contains(QString(lower).remove(QLatin1Char('\'')));
}

// Python's str.isupper(): at least one cased character and no lower-case one.
bool isAllCaps(const QString& word)
{
    bool cased = false;
    for (const QChar c : word) {
        if (c.isLower())
            return false;
        cased = cased || c.isUpper();
    }
    return cased;
}

bool isAsciiPunctuation(QChar c)
{
    return c.unicode() < 128 && (c.isPunct() || c.isSymbol()); // Python's string.punctuation
}

// Whitespace-separated tokens with leading and trailing punctuation removed, unless that would leave at most
// two characters (so ":)", ":D" and "I'm" survive as they are).
QStringList tokens(const QString& text)
{
    QStringList out;
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    for (const QString& raw : text.split(whitespace, Qt::SkipEmptyParts)) {
        qsizetype from = 0, to = raw.size();
        while (from < to && isAsciiPunctuation(raw.at(from)))
            ++from;
        while (to > from && isAsciiPunctuation(raw.at(to - 1)))
            --to;
        out << (to - from <= 2 ? raw : raw.mid(from, to - from));
    }
    return out;
}

class Scorer {
public:
    Scorer(const QStringList& words, const SentimentLexicon& lexicon)
        : m_words(words)
        , m_lexicon(lexicon)
    {
        m_lower.reserve(words.size());
        int caps = 0;
        for (const QString& w : words) {
            m_lower << w.toLower();
            caps += isAllCaps(w) ? 1 : 0;
        }
        m_capsDiffer = caps > 0 && caps < words.size();
    }

    std::vector<double> valences() const
    {
        std::vector<double> out;
        out.reserve(size_t(m_words.size()));
        for (qsizetype i = 0; i < m_words.size(); ++i) {
            const bool modifier = boosters().contains(m_lower[i])
                || (m_lower[i] == QLatin1String("kind") && i + 1 < m_words.size()
                    && m_lower[i + 1] == QLatin1String("of"));
            out.push_back(modifier ? 0.0 : valence(i));
        }
        butWeights(out);
        return out;
    }

private:
    QString at(qsizetype i) const { return i >= 0 && i < m_lower.size() ? m_lower[i] : QString(); }
    bool inLexicon(qsizetype i) const { return m_lexicon.contains(at(i)); }

    // How much a booster at `j` shifts a word of valence `v`.
    double boost(qsizetype j, double v) const
    {
        const auto it = boosters().constFind(m_lower[j]);
        if (it == boosters().constEnd())
            return 0;
        double s = v < 0 ? -*it : *it;
        if (m_capsDiffer && isAllCaps(m_words[j]))
            s += v > 0 ? kCapsBoost : -kCapsBoost;
        return s;
    }

    double valence(qsizetype i) const
    {
        const std::optional<double> base = m_lexicon.valence(m_lower[i]);
        if (!base)
            return 0;
        double v = *base;
        const qsizetype n = m_words.size();
        // "no" before another sentiment word negates it rather than being negative itself.
        if (m_lower[i] == QLatin1String("no") && i + 1 < n && inLexicon(i + 1))
            v = 0;
        if (at(i - 1) == QLatin1String("no") || at(i - 2) == QLatin1String("no")
            || (at(i - 3) == QLatin1String("no")
                && (at(i - 1) == QLatin1String("or") || at(i - 1) == QLatin1String("nor"))))
            v = *base * kNegation;
        if (m_capsDiffer && isAllCaps(m_words[i]))
            v += v > 0 ? kCapsBoost : -kCapsBoost;
        // Up to three words back; a word that carries sentiment of its own is neither a booster nor a
        // negation.
        for (int back = 0; back < 3; ++back) {
            const qsizetype j = i - (back + 1);
            if (j < 0 || inLexicon(j))
                continue;
            double s = boost(j, v);
            if (back == 1)
                s *= 0.95;
            else if (back == 2)
                s *= 0.9;
            v += s;
            v = negationCheck(v, i, back);
            if (back == 2)
                v = idiomCheck(v, i);
        }
        return leastCheck(v, i);
    }

    double negationCheck(double v, qsizetype i, int back) const
    {
        const QString w1 = at(i - 1), w2 = at(i - 2), w3 = at(i - 3);
        const auto soOrThis
            = [](const QString& w) { return w == QLatin1String("so") || w == QLatin1String("this"); };
        switch (back) {
        case 0:
            return isNegation(w1) ? v * kNegation : v;
        case 1:
            if (w2 == QLatin1String("never") && soOrThis(w1))
                return v * 1.25; // "never so good": emphasis, not negation
            if (w2 == QLatin1String("without") && w1 == QLatin1String("doubt"))
                return v;
            return isNegation(w2) ? v * kNegation : v;
        default:
            if (w3 == QLatin1String("never") && (soOrThis(w2) || soOrThis(w1)))
                return v * 1.25;
            if (w3 == QLatin1String("without")
                && (w2 == QLatin1String("doubt") || w1 == QLatin1String("doubt")))
                return v;
            return isNegation(w3) ? v * kNegation : v;
        }
    }

    double idiomCheck(double v, qsizetype i) const
    {
        const QString w0 = at(i), w1 = at(i - 1), w2 = at(i - 2), w3 = at(i - 3);
        const QChar sp = QLatin1Char(' ');
        const QString oneZero = w1 + sp + w0, twoOneZero = w2 + sp + w1 + sp + w0, twoOne = w2 + sp + w1,
                      threeTwoOne = w3 + sp + w2 + sp + w1, threeTwo = w3 + sp + w2;
        for (const QString& seq : { oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo })
            if (const auto it = idioms().constFind(seq); it != idioms().constEnd()) {
                v = *it;
                break;
            }
        const qsizetype n = m_words.size();
        if (i + 1 < n)
            if (const auto it = idioms().constFind(w0 + sp + at(i + 1)); it != idioms().constEnd())
                v = *it;
        if (i + 2 < n)
            if (const auto it = idioms().constFind(w0 + sp + at(i + 1) + sp + at(i + 2));
                it != idioms().constEnd())
                v = *it;
        // Two- and three-word dampeners and intensifiers just before the word ("kind of good").
        for (const QString& gram : { threeTwoOne, threeTwo, twoOne })
            if (const auto it = boosters().constFind(gram); it != boosters().constEnd())
                v += *it;
        return v;
    }

    double leastCheck(double v, qsizetype i) const
    {
        if (at(i - 1) != QLatin1String("least") || inLexicon(i - 1))
            return v;
        if (i > 1 && (at(i - 2) == QLatin1String("at") || at(i - 2) == QLatin1String("very")))
            return v; // "at least good" is not "least good"
        return v * kNegation;
    }

    // After "but" the speaker's real opinion follows: weigh it 1.5×, what came before 0.5×.
    void butWeights(std::vector<double>& v) const
    {
        const qsizetype but = m_lower.indexOf(QStringLiteral("but"));
        if (but < 0)
            return;
        for (qsizetype k = 0; k < qsizetype(v.size()); ++k)
            v[size_t(k)] *= k < but ? 0.5 : k > but ? 1.5 : 1.0;
    }

    QStringList m_words;
    QStringList m_lower;
    const SentimentLexicon& m_lexicon;
    bool m_capsDiffer = false;
};

double punctuationEmphasis(const QString& text)
{
    const double exclamations = std::min<qsizetype>(text.count(QLatin1Char('!')), 4) * 0.292;
    const qsizetype questions = text.count(QLatin1Char('?'));
    const double asked = questions <= 1 ? 0 : questions <= 3 ? double(questions) * 0.18 : 0.96;
    return exclamations + asked;
}

} // namespace

SentimentScores analyzeSentiment(const QString& text, const SentimentLexicon& lexicon)
{
    SentimentScores scores;
    const QStringList words = tokens(text);
    if (words.isEmpty())
        return scores;
    const std::vector<double> valences = Scorer(words, lexicon).valences();
    double sum = 0;
    for (double v : valences)
        sum += v;
    const double emphasis = punctuationEmphasis(text);
    if (sum > 0)
        sum += emphasis;
    else if (sum < 0)
        sum -= emphasis;
    scores.compound = std::clamp(sum / std::sqrt(sum * sum + kAlpha), -1.0, 1.0);

    // Shares: each sentiment word counts its strength plus one, each neutral word one.
    double positive = 0, negative = 0, neutral = 0;
    for (double v : valences) {
        if (v > 0)
            positive += v + 1;
        else if (v < 0)
            negative += v - 1;
        else
            neutral += 1;
    }
    if (positive > std::fabs(negative))
        positive += emphasis;
    else if (positive < std::fabs(negative))
        negative -= emphasis;
    const double total = positive + std::fabs(negative) + neutral;
    if (total > 0) {
        scores.positive = std::fabs(positive / total);
        scores.negative = std::fabs(negative / total);
        scores.neutral = std::fabs(neutral / total);
    }
    return scores;
}

} // namespace cx::triage
