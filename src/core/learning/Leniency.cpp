#include "learning/Leniency.h"

#include <QSet>

#include <algorithm>

namespace cx::learning {

QList<Leniency> leniencyPerReviewer(const QList<ItemGrades>& items, const BootstrapOptions& options)
{
    QSet<QString> reviewers;
    for (const ItemGrades& item : items) {
        for (auto it = item.begin(); it != item.end(); ++it) {
            reviewers.insert(it.key());
        }
    }
    QStringList names(reviewers.begin(), reviewers.end());
    names.sort();
    QList<Leniency> result;
    for (const QString& reviewer : names) {
        QList<double> offsets;
        for (const ItemGrades& item : items) {
            if (!item.contains(reviewer) || item.size() < 2) {
                continue;
            }
            double others = 0.0;
            for (auto it = item.begin(); it != item.end(); ++it) {
                if (it.key() != reviewer) {
                    others += it.value();
                }
            }
            others /= static_cast<double>(item.size() - 1);
            offsets.append(item.value(reviewer) - others);
        }
        Leniency row;
        row.reviewer = reviewer;
        row.items = static_cast<int>(offsets.size());
        row.offset = bootstrap(
            row.items,
            [&offsets](const QList<int>& picks) -> std::optional<double> {
                double sum = 0.0;
                for (const int i : picks) {
                    sum += offsets[i];
                }
                return sum / static_cast<double>(picks.size());
            },
            options);
        result.append(row);
    }
    return result;
}

QMap<QString, QList<TimedOffset>> productionOffsets(const QList<ProductionGrade>& grades)
{
    // Per inbox and reviewer: sum and count, so "all others in the inbox" is total minus own.
    struct Sum {
        double sum = 0.0;
        int count = 0;
    };
    QMap<qint64, Sum> inboxTotals;
    QMap<QPair<qint64, QString>, Sum> reviewerTotals;
    for (const ProductionGrade& g : grades) {
        auto& inbox = inboxTotals[g.inboxId];
        inbox.sum += g.grade;
        ++inbox.count;
        auto& own = reviewerTotals[qMakePair(g.inboxId, g.reviewer)];
        own.sum += g.grade;
        ++own.count;
    }
    QMap<QString, QList<TimedOffset>> result;
    for (const ProductionGrade& g : grades) {
        const Sum inbox = inboxTotals.value(g.inboxId);
        const Sum own = reviewerTotals.value(qMakePair(g.inboxId, g.reviewer));
        const int others = inbox.count - own.count;
        if (others <= 0) {
            continue;
        }
        result[g.reviewer].append({ g.gradedAt, g.grade - (inbox.sum - own.sum) / others });
    }
    for (auto it = result.begin(); it != result.end(); ++it) {
        std::stable_sort(
            it->begin(), it->end(), [](const TimedOffset& a, const TimedOffset& b) { return a.at < b.at; });
    }
    return result;
}

double leniencyAdjusted(int grade, double leniency)
{
    return std::clamp(grade - leniency, 1.0, 5.0);
}

} // namespace cx::learning
