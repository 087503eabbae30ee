#include "knowledge/RankFusion.h"

#include <QHash>

#include <algorithm>

namespace cx::knowledge {

QList<RankFusion::Fused> RankFusion::reciprocalRank(const QList<QStringList>& rankings, double k)
{
    QHash<QString, int> index;
    QList<Fused> out;
    for (const QStringList& ranking : rankings) {
        for (int r = 0; r < ranking.size(); ++r) {
            const QString& id = ranking.at(r);
            int i = index.value(id, -1);
            if (i < 0) {
                i = int(out.size());
                index.insert(id, i);
                out.append(Fused { id, 0.0 });
            }
            out[i].score += 1.0 / (k + r + 1);
        }
    }
    std::stable_sort(
        out.begin(), out.end(), [](const Fused& a, const Fused& b) { return a.score > b.score; });
    return out;
}

} // namespace cx::knowledge
