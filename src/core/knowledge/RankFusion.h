#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace cx::knowledge {

// Reciprocal-rank fusion (Cormack et al. 2009): score(d) = sum over lists of 1 / (k + rank(d)), rank from 1.
// Lists are ids, best first; the result is ids by fused score (ties by first appearance).
class RankFusion final {
public:
    struct Fused {
        QString id;
        double score = 0.0;
    };
    static QList<Fused> reciprocalRank(const QList<QStringList>& rankings, double k = 60.0);
};

} // namespace cx::knowledge
