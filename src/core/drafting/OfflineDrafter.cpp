#include "drafting/OfflineDrafter.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <algorithm>

namespace cx::drafting {

namespace {
QString leadingWords(const QString& text, int maxWords)
{
    const QStringList sentences
        = text.simplified().split(QRegularExpression(QStringLiteral("(?<=[.!?])\\s+")), Qt::SkipEmptyParts);
    QString out;
    int words = 0;
    for (const QString& sentence : sentences) {
        const int count = static_cast<int>(sentence.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
        if (words > 0 && words + count > maxWords)
            break;
        out += (out.isEmpty() ? QString() : QStringLiteral(" ")) + sentence;
        words += count;
        if (words >= maxWords)
            break;
    }
    return out;
}
} // namespace

OfflineDrafter::Draft OfflineDrafter::draft(
    const DraftPolicy& policy, const QList<Passage>& passages, int maxPassages, int maxWordsPerPassage)
{
    QList<Passage> ranked = passages;
    std::stable_sort(
        ranked.begin(), ranked.end(), [](const Passage& a, const Passage& b) { return a.score > b.score; });
    Draft draft;
    QString body;
    for (const Passage& passage : ranked.mid(0, maxPassages)) {
        const QString excerpt = leadingWords(passage.text, maxWordsPerPassage);
        if (excerpt.isEmpty())
            continue;
        // No citation marker in the text: it goes to the customer. The sources are listed in the note.
        body += excerpt + QStringLiteral("\n\n");
        draft.used.append(passage);
    }
    // Customer-facing text follows the customer's language, not the reviewer's UI: it is not looked up in the
    // UI's catalogue (installed for the reviewer's language). Marked for lupdate so the catalogues carry it.
    const QString thanks
        = QString::fromUtf8(QT_TRANSLATE_NOOP("cx::drafting::OfflineDrafter", "Thank you for your message."));
    const QString followUp = QString::fromUtf8(draft.used.isEmpty()
            ? QT_TRANSLATE_NOOP("cx::drafting::OfflineDrafter",
                "A colleague will look into your request and get back to you shortly.")
            : QT_TRANSLATE_NOOP("cx::drafting::OfflineDrafter",
                "A colleague will confirm the details for your case shortly."));
    draft.reply = policy.greeting + QStringLiteral(",\n\n") + thanks + QStringLiteral("\n\n") + body
        + followUp + QStringLiteral("\n\n") + policy.signOff;
    return draft;
}

} // namespace cx::drafting
