#include "learning/Calibration.h"

#include "foundation/Translate.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace cx::learning {

namespace {

QString tr(const char* text)
{
    return translateIn({ "cx::learning", "cx" }, text);
}

template <typename T> void shuffle(QList<T>& list, SplitMix64& rng)
{
    for (qsizetype i = list.size() - 1; i > 0; --i) {
        const auto j = static_cast<qsizetype>(rng.below(static_cast<std::uint64_t>(i + 1)));
        std::swap(list[i], list[j]);
    }
}

int axisGrade(const review::Grades& g, review::GradeAxis axis)
{
    switch (axis) {
    case review::GradeAxis::Tone:
        return g.tone;
    case review::GradeAxis::Accuracy:
        return g.accuracy;
    case review::GradeAxis::Policy:
        return g.policy;
    }
    return 0;
}

QString fixed(double v, bool signedValue)
{
    const QString text = QString::number(v, 'f', 2);
    return signedValue && v > 0 ? QStringLiteral("+") + text : text;
}

} // namespace

int gradeBand(const review::Grades& grades)
{
    const double mean = (grades.tone + grades.accuracy + grades.policy) / 3.0;
    return std::clamp(static_cast<int>(std::lround(mean)), review::kMinGrade, review::kMaxGrade);
}

QStringList sampleStratified(const QList<CalibrationCandidate>& candidates, int count, std::uint64_t seed)
{
    QMap<QPair<qint64, int>, QStringList> strata;
    for (const CalibrationCandidate& c : candidates) {
        strata[qMakePair(c.inboxId, gradeBand(c.grades))].append(c.gradingId);
    }
    SplitMix64 rng(seed);
    QList<QStringList> order;
    for (auto it = strata.begin(); it != strata.end(); ++it) {
        QStringList ids = it.value();
        ids.sort(); // independent of the order the database returned them in
        ids.removeDuplicates();
        shuffle(ids, rng);
        order.append(ids);
    }
    shuffle(order, rng);
    QStringList picked;
    for (qsizetype round = 0; picked.size() < count; ++round) {
        bool any = false;
        for (const QStringList& stratum : order) {
            if (round < stratum.size() && picked.size() < count) {
                picked.append(stratum[round]);
                any = true;
            }
        }
        if (!any) {
            break;
        }
    }
    return picked;
}

Status validateCalibrationItems(const QStringList& gradingIds)
{
    QStringList distinct = gradingIds;
    distinct.removeDuplicates();
    if (distinct.size() != gradingIds.size()) {
        return makeError(ErrorKind::Invalid, tr("A reply appears twice in the calibration session."),
            QStringLiteral("items"));
    }
    if (gradingIds.size() < kMinCalibrationItems || gradingIds.size() > kMaxCalibrationItems) {
        return makeError(ErrorKind::Invalid,
            tr("A calibration session needs %1 to %2 sent replies (got %3).")
                .arg(kMinCalibrationItems)
                .arg(kMaxCalibrationItems)
                .arg(gradingIds.size()),
            QStringLiteral("items"));
    }
    return Ok {};
}

CalibrationResults computeCalibrationResults(
    const QList<CalibrationGrade>& grades, const BootstrapOptions& options)
{
    CalibrationResults results;
    QMap<int, QMap<QString, review::Grades>> byItem;
    QSet<QString> reviewers;
    for (const CalibrationGrade& g : grades) {
        byItem[g.position].insert(g.reviewer, g.grades);
        reviewers.insert(g.reviewer);
        if (g.simulated) {
            results.simulated.insert(g.reviewer);
        }
    }
    results.reviewers = QStringList(reviewers.begin(), reviewers.end());
    results.reviewers.sort();
    const review::GradeAxis axes[]
        = { review::GradeAxis::Tone, review::GradeAxis::Accuracy, review::GradeAxis::Policy };
    for (const review::GradeAxis axis : axes) {
        QList<UnitValues> units;
        QList<ItemGrades> items;
        for (auto it = byItem.begin(); it != byItem.end(); ++it) {
            UnitValues unit;
            ItemGrades item;
            for (auto r = it->begin(); r != it->end(); ++r) {
                unit.append(axisGrade(r.value(), axis));
                item.insert(r.key(), axisGrade(r.value(), axis));
            }
            units.append(unit);
            items.append(item);
        }
        AxisAgreement agreement;
        agreement.axis = axis;
        agreement.items = static_cast<int>(
            std::count_if(units.begin(), units.end(), [](const UnitValues& u) { return u.size() >= 2; }));
        agreement.alpha = krippendorffAlphaEstimate(units, AlphaMetric::Ordinal, options);
        results.axes.append(agreement);

        for (qsizetype a = 0; a < results.reviewers.size(); ++a) {
            for (qsizetype b = a + 1; b < results.reviewers.size(); ++b) {
                QList<RatingPair> pairs;
                for (const ItemGrades& item : items) {
                    if (item.contains(results.reviewers[a]) && item.contains(results.reviewers[b])) {
                        pairs.append({ item.value(results.reviewers[a]), item.value(results.reviewers[b]) });
                    }
                }
                PairAgreement pair;
                pair.first = results.reviewers[a];
                pair.second = results.reviewers[b];
                pair.axis = axis;
                pair.items = static_cast<int>(pairs.size());
                pair.kappa = weightedKappaEstimate(
                    pairs, KappaWeights::Quadratic, review::kMinGrade, review::kMaxGrade, options);
                results.pairs.append(pair);
            }
        }
        for (const Leniency& l : leniencyPerReviewer(items, options)) {
            results.leniency.append({ l.reviewer, axis, l });
        }
    }
    return results;
}

QString formatEstimate(const Estimate& estimate, bool signedValue)
{
    if (!estimate.value) {
        return QStringLiteral("—");
    }
    if (!estimate.low || !estimate.high) {
        return tr("%1 (no interval)").arg(fixed(*estimate.value, signedValue));
    }
    return QStringLiteral("%1 [%2, %3]")
        .arg(fixed(*estimate.value, signedValue), fixed(*estimate.low, signedValue),
            fixed(*estimate.high, signedValue));
}

review::Grades simulatedGrades(const review::Grades& original, int position, std::uint64_t seed)
{
    SplitMix64 rng(seed ^ (static_cast<std::uint64_t>(position) * 0x9e3779b97f4a7c15ULL));
    const auto move = [&rng](int grade) {
        const double u = rng.uniform();
        const int step = u < 0.1 ? -1 : (u < 0.7 ? 0 : 1);
        return std::clamp(grade + step, review::kMinGrade, review::kMaxGrade);
    };
    review::Grades g;
    g.tone = move(original.tone);
    g.accuracy = move(original.accuracy);
    g.policy = move(original.policy);
    return g;
}

} // namespace cx::learning
