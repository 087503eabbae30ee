#include "triage/CustomerMood.h"

#include <QRegularExpression>

namespace cx::triage {

namespace {

// Phrases that ask for speed or report a wait, matched on word boundaries, case-insensitively.
const QRegularExpression& urgencyCues()
{
    static const QRegularExpression re(
        QStringLiteral("\\b(urgent|urgently|asap|a\\.s\\.a\\.p|immediately|emergency|right now|right away|"
                       "as soon as possible|still waiting|still no|still not|no one has|nobody has|no reply|"
                       "no response|third time|second time|how many times|deadline)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool shouts(const QString& text)
{
    if (text.contains(QLatin1String("!!")))
        return true;
    static const QRegularExpression capsWord(QStringLiteral("\\b[A-Z]{3,}\\b"));
    // A message written entirely in capitals is a style, not a shout: it needs lower-case words too.
    return capsWord.match(text).hasMatch() && text.contains(QRegularExpression(QStringLiteral("[a-z]{3,}")));
}

} // namespace

MoodEstimate estimateMood(const QString& customerText, const SentimentLexicon& lexicon)
{
    MoodEstimate e;
    e.compound = analyzeSentiment(customerText, lexicon).compound;
    if (e.compound <= -0.5 || (e.compound <= -0.05 && shouts(customerText)))
        e.mood = Mood::Angry;
    else if (e.compound <= -0.05)
        e.mood = Mood::Upset;
    else if (e.compound >= 0.5)
        e.mood = Mood::Positive;
    auto it = urgencyCues().globalMatch(customerText);
    while (it.hasNext()) {
        const QString cue = it.next().captured(1).toLower();
        if (!e.cues.contains(cue))
            e.cues << cue;
    }
    e.urgent = !e.cues.isEmpty();
    return e;
}

QString moodKey(Mood mood)
{
    switch (mood) {
    case Mood::Angry:
        return QStringLiteral("angry");
    case Mood::Upset:
        return QStringLiteral("upset");
    case Mood::Positive:
        return QStringLiteral("positive");
    case Mood::Neutral:
        break;
    }
    return QStringLiteral("neutral");
}

} // namespace cx::triage
