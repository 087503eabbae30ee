#include "knowledge/RetrievalEval.h"

#include "knowledge/KnowledgeIndex.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace cx::knowledge {

Result<QList<RetrievalEval::Query>> RetrievalEval::loadQueries(const QString& path, int* skipped)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::NotFound,
            QCoreApplication::translate("cx::knowledge::RetrievalEval", "cannot read %1 (%2)")
                .arg(path, f.errorString()),
            QStringLiteral("queries"));
    QList<Query> out;
    int bad = 0;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        Query q;
        q.id = o.value(QStringLiteral("id")).toString();
        for (const QJsonValue& t : o.value(QStringLiteral("conversation")).toArray()) {
            const QJsonObject turn = t.toObject();
            q.conversation.append(Turn { turn.value(QStringLiteral("role")).toString(),
                turn.value(QStringLiteral("text")).toString() });
        }
        if (q.conversation.isEmpty() && o.value(QStringLiteral("query")).isString())
            q.conversation.append(
                Turn { QStringLiteral("customer"), o.value(QStringLiteral("query")).toString() });
        for (const QJsonValue& g : o.value(QStringLiteral("gold_ids")).toArray())
            q.goldIds.append(g.toString());
        if (q.conversation.isEmpty() || q.goldIds.isEmpty()) {
            ++bad;
            continue;
        }
        out.append(q);
    }
    if (skipped)
        *skipped = bad;
    return out;
}

RetrievalEval::Metrics RetrievalEval::computeMetrics(const QList<QStringList>& ranked,
    const QList<QStringList>& gold, const QVector<double>& latenciesMs, int k)
{
    Metrics m;
    m.k = k;
    m.queries = int(qMin(ranked.size(), gold.size()));
    if (m.queries == 0)
        return m;
    double r1 = 0, r5 = 0, rk = 0, mrr = 0;
    for (int i = 0; i < m.queries; ++i) {
        const QSet<QString> g(gold.at(i).cbegin(), gold.at(i).cend());
        int first = -1; // 0-based rank of the first gold document
        for (int r = 0; r < ranked.at(i).size(); ++r) {
            if (g.contains(ranked.at(i).at(r))) {
                first = r;
                break;
            }
        }
        if (first < 0)
            continue;
        r1 += first < 1 ? 1 : 0;
        r5 += first < 5 ? 1 : 0;
        rk += first < k ? 1 : 0;
        mrr += first < 10 ? 1.0 / (first + 1) : 0.0;
    }
    m.recallAt1 = r1 / m.queries;
    m.recallAt5 = r5 / m.queries;
    m.recallAtK = rk / m.queries;
    m.mrrAt10 = mrr / m.queries;
    if (!latenciesMs.isEmpty()) {
        QVector<double> sorted = latenciesMs;
        std::sort(sorted.begin(), sorted.end());
        double sum = 0;
        for (double v : sorted)
            sum += v;
        m.meanLatencyMs = sum / sorted.size();
        const qsizetype idx
            = qBound<qsizetype>(0, qsizetype(std::ceil(0.99 * sorted.size())) - 1, sorted.size() - 1);
        m.p99LatencyMs = sorted.at(idx);
    }
    return m;
}

RetrievalEval::Metrics RetrievalEval::run(
    const KnowledgeIndex& index, const QList<Query>& queries, int k, const ProgressCallback& progress)
{
    QList<QStringList> ranked;
    QList<QStringList> gold;
    QVector<double> latencies;
    int failed = 0;
    const int depth = qMax(k, 10);
    QElapsedTimer timer;
    for (int i = 0; i < queries.size(); ++i) {
        const Query& q = queries.at(i);
        timer.start();
        const Result<SearchResult> result = index.search(q.conversation, depth + 5);
        latencies.append(double(timer.nsecsElapsed()) / 1e6);
        QStringList docs;
        if (result) {
            for (const SearchHit& h : result->hits) {
                if (!docs.contains(h.documentId))
                    docs.append(h.documentId);
                if (docs.size() >= depth)
                    break;
            }
        } else {
            ++failed;
        }
        ranked.append(docs);
        gold.append(q.goldIds);
        if (progress && (i % 100 == 0 || i + 1 == queries.size()))
            progress(i + 1, int(queries.size()));
    }
    Metrics m = computeMetrics(ranked, gold, latencies, k);
    m.failedSearches = failed;
    return m;
}

} // namespace cx::knowledge
