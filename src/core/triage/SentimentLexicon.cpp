#include "triage/SentimentLexicon.h"

#include <QFile>

namespace cx::triage {

SentimentLexicon SentimentLexicon::fromTsv(const QByteArray& tsv, int* malformed)
{
    SentimentLexicon lexicon;
    int bad = 0;
    for (const QByteArray& line : tsv.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const int tab = line.indexOf('\t');
        bool ok = false;
        const double value = tab > 0 ? line.mid(tab + 1).trimmed().toDouble(&ok) : 0.0;
        if (!ok) {
            ++bad;
            continue;
        }
        lexicon.m_valence.insert(QString::fromUtf8(line.left(tab)).toLower(), value);
    }
    if (malformed)
        *malformed = bad;
    return lexicon;
}

const SentimentLexicon& SentimentLexicon::builtIn()
{
    static const SentimentLexicon lexicon = [] {
        QFile file(QStringLiteral(":/sentiment/vader_lexicon.tsv"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("the sentiment lexicon is not compiled in (src/core/triage/CMakeLists.txt)");
        return fromTsv(file.readAll());
    }();
    return lexicon;
}

std::optional<double> SentimentLexicon::valence(const QString& lowerToken) const
{
    const auto it = m_valence.constFind(lowerToken);
    if (it == m_valence.constEnd())
        return std::nullopt;
    return *it;
}

} // namespace cx::triage
