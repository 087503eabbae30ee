#include "drafting/OfflineDrafter.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace cx::drafting {

namespace {

int wordCount(const QString& text)
{
    return static_cast<int>(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
}

// A heading or label rather than a sentence: short and without a closing mark.
bool isFragment(const QString& sentence)
{
    static const QRegularExpression closing(QStringLiteral("[.!?:)\"']$"));
    return wordCount(sentence) < 6 && !closing.match(sentence).hasMatch();
}

struct Candidate {
    QString sentence;
    int passage = 0; // rank of its passage
    int order = 0; // position in that passage
    QSet<QString> terms; // question terms in the sentence
    QSet<QString> contextTerms; // question terms only in its passage's title or section heading
};

} // namespace

QString OfflineDrafter::thanksSentence()
{
    // Customer-facing text follows the customer's language, not the reviewer's UI: it is not looked up in the
    // UI's catalogue (installed for the reviewer's language). Marked for lupdate so the catalogues carry it.
    return QString::fromUtf8(
        QT_TRANSLATE_NOOP("cx::drafting::OfflineDrafter", "Thank you for your message."));
}

QString OfflineDrafter::followUpSentence(bool answered)
{
    return QString::fromUtf8(answered
            ? QT_TRANSLATE_NOOP(
                "cx::drafting::OfflineDrafter", "A colleague will confirm the details for your case shortly.")
            : QT_TRANSLATE_NOOP("cx::drafting::OfflineDrafter",
                "A colleague will look into your request and get back to you shortly."));
}

OfflineDrafter::Draft OfflineDrafter::draft(const DraftPolicy& policy, const QList<Passage>& passages,
    const TermWeights& question, int maxSentences, int maxWords)
{
    QList<Passage> ranked = passages;
    std::stable_sort(
        ranked.begin(), ranked.end(), [](const Passage& a, const Passage& b) { return a.score > b.score; });
    QList<Candidate> candidates;
    QSet<QString> seenSentences;
    for (qsizetype p = 0; p < ranked.size(); ++p) {
        const QStringList sentences = splitSentences(ranked.at(p).text);
        QSet<QString> title;
        for (const QString& term : contentTerms(ranked.at(p).title))
            if (question.contains(term))
                title.insert(term);
        QSet<QString> section; // the heading above (a label, or an FAQ question: never quoted itself)
        for (qsizetype s = 0; s < sentences.size(); ++s) {
            const QString& sentence = sentences.at(s);
            if (isFragment(sentence) || sentence.endsWith(QLatin1Char('?'))) {
                section.clear();
                for (const QString& term : contentTerms(sentence))
                    if (question.contains(term))
                        section.insert(term);
                continue;
            }
            if (isBoilerplateSentence(sentence) || seenSentences.contains(sentence.toLower()))
                continue;
            seenSentences.insert(sentence.toLower());
            Candidate c { sentence, int(p), int(s), {}, {} };
            for (const QString& term : contentTerms(sentence))
                if (question.contains(term))
                    c.terms.insert(term);
            c.contextTerms = (title | section) - c.terms;
            if (!c.terms.isEmpty())
                candidates.append(c);
        }
    }
    // Rarer terms among the candidates say more about which sentence answers.
    QHash<QString, int> df;
    for (const Candidate& c : candidates)
        for (const QString& term : c.terms)
            ++df[term];
    auto termWeight = [&](const QString& term) {
        return question.value(term)
            * std::log(1.0 + double(candidates.size() + 1) / double(std::max(1, df.value(term))));
    };
    double questionWeight = 0;
    for (auto it = question.cbegin(); it != question.cend(); ++it)
        questionWeight += termWeight(it.key());

    Draft draft;
    QSet<QString> covered;
    QList<int> chosen;
    int words = 0;
    double firstGain = 0;
    while (chosen.size() < maxSentences) {
        int best = -1;
        double bestGain = 0;
        for (int i = 0; i < candidates.size(); ++i) {
            if (chosen.contains(i))
                continue;
            const Candidate& c = candidates.at(i);
            double gain = 0;
            for (const QString& term : c.terms)
                if (!covered.contains(term))
                    gain += termWeight(term);
            for (const QString& term : c.contextTerms)
                if (!covered.contains(term))
                    gain += 0.8 * termWeight(term);
            // Beyond the first sentence: the same passage continues the answer; another passage must add
            // as much as a real part of the question.
            if (!chosen.isEmpty() && c.passage != candidates.at(chosen.first()).passage)
                gain *= 0.5;
            gain *= 1.0 - 0.05 * std::min(c.passage, 6); // retrieval's ranking saw the whole conversation
            if (gain > bestGain + 1e-9) {
                bestGain = gain;
                best = i;
            }
        }
        if (best < 0)
            break;
        const int count = wordCount(candidates.at(best).sentence);
        if (!chosen.isEmpty() && words + count > maxWords)
            break;
        // The first sentence must answer a fair part of the question (a quarter of its weight), later ones a
        // real part of it, not one shared word ("store").
        if (chosen.isEmpty() && bestGain < 0.25 * questionWeight)
            break;
        if (!chosen.isEmpty() && bestGain < 0.3 * firstGain)
            break;
        if (chosen.isEmpty())
            firstGain = bestGain;
        chosen.append(best);
        words += count;
        covered.unite(candidates.at(best).terms);
        covered.unite(candidates.at(best).contextTerms);
    }
    std::sort(chosen.begin(), chosen.end(), [&](int a, int b) {
        const Candidate& x = candidates.at(a);
        const Candidate& y = candidates.at(b);
        return x.passage != y.passage ? x.passage < y.passage : x.order < y.order;
    });

    QString body;
    int lastPassage = -1;
    QString usedText;
    for (int index : chosen) {
        const Candidate& c = candidates.at(index);
        const Passage& passage = ranked.at(c.passage);
        if (c.passage != lastPassage) {
            if (!body.isEmpty())
                body += QStringLiteral("\n\n");
            if (!std::any_of(draft.used.begin(), draft.used.end(),
                    [&](const Passage& u) { return u.chunkId == passage.chunkId; }))
                draft.used.append(passage);
            lastPassage = c.passage;
        } else {
            body += QLatin1Char(' ');
        }
        // No citation marker in the text: it goes to the customer. The sources are listed in the note.
        body += c.sentence;
        usedText += c.sentence + QLatin1Char(' ') + passage.title + QLatin1Char(' ');
        draft.evidence.append(EvidenceLink { c.sentence, { passage.chunkId } });
    }
    draft.coverage = termCoverage(question, usedText);
    draft.reply = policy.greeting + QStringLiteral(",\n\n") + thanksSentence() + QStringLiteral("\n\n")
        + (body.isEmpty() ? QString() : body + QStringLiteral("\n\n")) + followUpSentence(!body.isEmpty())
        + QStringLiteral("\n\n") + policy.signOff;
    return draft;
}

QString OfflineDrafter::shorten(const QString& reply, const DraftPolicy& policy, const TermWeights& question)
{
    QString text = reply.trimmed();
    QString greeting;
    QString signOff;
    // The greeting line ("Hello Ana,") and the sign-off block stay as they are.
    const qsizetype firstBreak = text.indexOf(QLatin1Char('\n'));
    if (firstBreak > 0 && text.left(firstBreak).trimmed().endsWith(QLatin1Char(','))) {
        greeting = text.left(firstBreak).trimmed();
        text = text.mid(firstBreak + 1).trimmed();
    }
    const QString signOffStart = policy.signOff.section(QLatin1Char('\n'), 0, 0).trimmed();
    const qsizetype signOffAt = signOffStart.isEmpty() ? -1 : text.lastIndexOf(signOffStart);
    if (signOffAt >= 0) {
        signOff = text.mid(signOffAt).trimmed();
        text = text.left(signOffAt).trimmed();
    }
    const QSet<QString> courtesy { thanksSentence(), followUpSentence(true), followUpSentence(false) };
    QStringList body;
    for (const QString& sentence : splitSentences(text))
        if (!courtesy.contains(sentence))
            body.append(sentence);
    // Keep the sentences that answer most of the question, at most half of them (at least one).
    QList<int> order;
    for (int i = 0; i < body.size(); ++i)
        order.append(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return termCoverage(question, body.at(a)) > termCoverage(question, body.at(b));
    });
    const int keep = std::max(1, int((body.size() + 1) / 2));
    QList<int> kept = order.mid(0, keep);
    std::sort(kept.begin(), kept.end());
    QStringList shortBody;
    for (int i : kept)
        shortBody.append(body.at(i));
    QString out;
    if (!greeting.isEmpty())
        out += greeting + QStringLiteral("\n\n");
    out += shortBody.join(QLatin1Char(' '));
    if (!signOff.isEmpty())
        out += QStringLiteral("\n\n") + signOff;
    out = out.trimmed();
    if (shortBody.isEmpty() || wordCount(out.simplified()) >= wordCount(reply.simplified()))
        return {};
    return out;
}

} // namespace cx::drafting
