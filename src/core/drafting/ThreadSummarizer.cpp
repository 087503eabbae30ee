#include "ThreadSummarizer.h"

#include "drafting/DraftText.h"
#include "drafting/QueryExtractor.h"

#include <QCryptographicHash>

namespace cx::drafting {

ThreadSummarizer::Split ThreadSummarizer::split(const QList<ConversationTurn>& history, int budget)
{
    Split s;
    int used = 0;
    qsizetype first = history.size();
    while (first > 0) {
        const int cost = estimateTokens(history.at(first - 1).text) + 4;
        if (first < history.size() && used + cost > budget)
            break;
        used += cost;
        --first;
    }
    s.older = history.mid(0, first);
    s.recent = history.mid(first);
    if (!s.older.isEmpty()) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const ConversationTurn& t : s.older) {
            hash.addData(QByteArrayView(t.role == TurnRole::Agent ? "A:" : "C:"));
            hash.addData(t.text.toUtf8());
            hash.addData(QByteArrayView("\n"));
        }
        s.key = QString::fromLatin1(hash.result().toHex());
    }
    return s;
}

llm::ChatRequest ThreadSummarizer::summaryRequest(const QList<ConversationTurn>& older)
{
    QString transcript;
    for (const ConversationTurn& t : older)
        transcript += (t.role == TurnRole::Agent ? QStringLiteral("Agent: ") : QStringLiteral("Customer: "))
            + t.text.trimmed() + QLatin1Char('\n');
    llm::ChatRequest request;
    request.messages
        = { { QStringLiteral("system"),
                QStringLiteral("Summarise the earlier part of a customer-support conversation in at most "
                               "120 words, in English: who the customer is, which products, orders, "
                               "stores or plans they mean, what they asked and what the agent said or "
                               "promised. Facts only, no advice.") },
              { QStringLiteral("user"), transcript } };
    request.temperature = 0.0;
    request.maxCompletionTokens = 300;
    return request;
}

namespace {
QString askOf(const QString& message)
{
    const QStringList sentences = splitSentences(stripMarkdown(message));
    for (const QString& sentence : sentences)
        if (sentence.endsWith(QLatin1Char('?')))
            return sentence;
    return sentences.isEmpty() ? QString() : sentences.first();
}
} // namespace

QString ThreadSummarizer::oneLine(const QList<ConversationTurn>& turns, int maxChars)
{
    QStringList customer;
    for (const ConversationTurn& turn : QueryExtractor::publicHistory(turns, 0))
        if (turn.role == TurnRole::Customer)
            customer.append(turn.text);
    if (customer.isEmpty())
        return {};
    const QString newest = askOf(customer.last());
    const QString first = askOf(customer.first());
    QString line
        = customer.size() > 1 && first != newest ? first + QStringLiteral(" \u2192 ") + newest : newest;
    line = line.simplified();
    if (line.size() > maxChars) {
        line.truncate(maxChars - 1);
        const qsizetype space = line.lastIndexOf(QLatin1Char(' '));
        if (space > maxChars / 2)
            line.truncate(space);
        line += QChar(0x2026);
    }
    return line;
}

const QString* ThreadSummarizer::find(const QString& key) const
{
    auto it = m_cache.constFind(key);
    return it == m_cache.constEnd() ? nullptr : &it.value();
}

void ThreadSummarizer::insert(const QString& key, const QString& summary)
{
    if (m_cache.size() > 512)
        m_cache.clear(); // bounded; summaries are cheap to make again
    m_cache.insert(key, summary);
}

} // namespace cx::drafting
