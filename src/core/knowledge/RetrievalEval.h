#pragma once

#include "foundation/Result.h"
#include "knowledge/KbTypes.h"

#include <QVector>

namespace cx::knowledge {

class KnowledgeIndex;

// Retrieval evaluation on a query file in the format of shared/datasets/*/queries.jsonl:
// {"id", "conversation": [{"role","text"}...], "gold_ids": [...]}. A hit counts when its document id is a
// gold id. Hits are rolled up to documents (several chunks of one document count once, at the first).
//   R@k      = share of queries with at least one gold document in the top k
//   MRR@10   = mean over queries of 1/rank of the first gold document within the top 10 (0 if none)
//   latency  = wall time of one search call; p99 by the nearest-rank method (sorted, index ceil(0.99 n) - 1)
class RetrievalEval final {
public:
    struct Query {
        QString id;
        QList<Turn> conversation;
        QStringList goldIds;
    };
    struct Metrics {
        int queries = 0;
        double recallAt1 = 0.0;
        double recallAt5 = 0.0;
        double recallAtK = 0.0; // at the k asked for
        int k = 10;
        double mrrAt10 = 0.0;
        double meanLatencyMs = 0.0;
        double p99LatencyMs = 0.0;
        int failedSearches = 0; // searches that returned an error (count as misses)
    };

    // Rows without a conversation or gold ids are skipped and counted in `skipped`.
    static Result<QList<Query>> loadQueries(const QString& path, int* skipped = nullptr);
    // Pure metrics: ranked document ids per query (best first), gold ids per query, latency per query.
    static Metrics computeMetrics(const QList<QStringList>& ranked, const QList<QStringList>& gold,
        const QVector<double>& latenciesMs, int k);
    // Runs every query against the index.
    static Metrics run(const KnowledgeIndex& index, const QList<Query>& queries, int k,
        const ProgressCallback& progress = {});
};

} // namespace cx::knowledge
