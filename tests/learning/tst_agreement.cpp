// Agreement statistics against published reference values, the bootstrap's determinism, and leniency.
#include "learning/Agreement.h"
#include "learning/Bootstrap.h"
#include "learning/Leniency.h"

#include <QTest>

using namespace cx::learning;
using namespace Qt::StringLiterals;

namespace {

// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", University of Pennsylvania,
// ScholarlyCommons (repository.upenn.edu/asc_papers/43), section C: 4 coders × 12 units with missing values
// (the last unit has one value only, so it is not pairable). Published: nominal α = 0.743, interval α =
// 0.849, ordinal α = 0.815 (the same data and values are in the tests of the `krippendorff` Python package).
QList<UnitValues> krippendorff2011()
{
    // Columns are the units; each unit lists the values of coders A, B, C, D that are present.
    constexpr int missing = 0;
    const int data[4][12] = {
        { 1, 2, 3, 3, 2, 1, 4, 1, 2, missing, missing, missing },
        { 1, 2, 3, 3, 2, 2, 4, 1, 2, 5, missing, 3 },
        { missing, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, missing },
        { 1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, missing },
    };
    QList<UnitValues> units(12);
    for (int coder = 0; coder < 4; ++coder) {
        for (int unit = 0; unit < 12; ++unit) {
            if (data[coder][unit] != missing) {
                units[unit].append(data[coder][unit]);
            }
        }
    }
    return units;
}

QList<RatingPair> repeated(int first, int second, int times)
{
    return QList<RatingPair>(times, RatingPair { first, second });
}

} // namespace

class TestAgreement final : public QObject {
    Q_OBJECT
private slots:
    void krippendorffPublishedExample_data()
    {
        QTest::addColumn<AlphaMetric>("metric");
        QTest::addColumn<double>("published");
        QTest::newRow("nominal") << AlphaMetric::Nominal << 0.743;
        QTest::newRow("interval") << AlphaMetric::Interval << 0.849;
        QTest::newRow("ordinal") << AlphaMetric::Ordinal << 0.815;
    }
    void krippendorffPublishedExample()
    {
        QFETCH(AlphaMetric, metric);
        QFETCH(double, published);
        const auto alpha = krippendorffAlpha(krippendorff2011(), metric);
        QVERIFY(alpha);
        // Published to three decimals.
        QVERIFY2(std::abs(*alpha - published) < 0.0005, qPrintable(QString::number(*alpha, 'f', 6)));
    }

    void alphaEdgeCases()
    {
        // Perfect agreement with variation: 1.
        QCOMPARE(*krippendorffAlpha({ { 1, 1 }, { 3, 3, 3 }, { 5, 5 } }, AlphaMetric::Ordinal), 1.0);
        // No variation at all: undefined, not 1 or 0.
        QVERIFY(!krippendorffAlpha({ { 4, 4 }, { 4, 4 } }, AlphaMetric::Ordinal));
        // Nothing pairable: undefined.
        QVERIFY(!krippendorffAlpha({ { 1 }, { 5 } }, AlphaMetric::Ordinal));
        QVERIFY(!krippendorffAlpha({}, AlphaMetric::Nominal));
        // Systematic disagreement is below zero.
        QVERIFY(*krippendorffAlpha({ { 1, 5 }, { 5, 1 }, { 1, 5 }, { 5, 1 } }, AlphaMetric::Interval) < 0.0);
    }

    // scikit-learn, sklearn/metrics/tests/test_classification.py, test_cohen_kappa: y1 = 46×0, 44×1, 10×2
    // against y2 = 50×0, 40×1, 10×2 gives κ = 0.9315 unweighted, 0.9412 linear, 0.9541 quadratic; and
    // y1 = 40×0, 60×1 against y2 = 20×0, 20×1, 10×0, 50×1 gives κ = 0.348.
    void kappaScikitLearnExample_data()
    {
        QTest::addColumn<KappaWeights>("weights");
        QTest::addColumn<double>("published");
        QTest::newRow("unweighted") << KappaWeights::None << 0.9315;
        QTest::newRow("linear") << KappaWeights::Linear << 0.9412;
        QTest::newRow("quadratic") << KappaWeights::Quadratic << 0.9541;
    }
    void kappaScikitLearnExample()
    {
        QFETCH(KappaWeights, weights);
        QFETCH(double, published);
        // y1 and y2 sorted the same way: 46 (0,0), 4 (1,0), 40 (1,1), 10 (2,2).
        const QList<RatingPair> pairs
            = repeated(0, 0, 46) + repeated(1, 0, 4) + repeated(1, 1, 40) + repeated(2, 2, 10);
        const auto kappa = weightedKappa(pairs, weights, 0, 2);
        QVERIFY(kappa);
        QVERIFY2(std::abs(*kappa - published) < 0.00005, qPrintable(QString::number(*kappa, 'f', 6)));
        // κ is symmetric in the two raters.
        QList<RatingPair> swapped;
        for (const RatingPair& p : pairs)
            swapped.append({ p.second, p.first });
        QCOMPARE(*weightedKappa(swapped, weights, 0, 2), *kappa);
    }
    void kappaScikitLearnBinary()
    {
        const QList<RatingPair> pairs
            = repeated(0, 0, 20) + repeated(0, 1, 20) + repeated(1, 0, 10) + repeated(1, 1, 50);
        QVERIFY(std::abs(*weightedKappa(pairs, KappaWeights::None, 0, 1) - 0.348) < 0.0005);
    }

    void kappaEdgeCases()
    {
        QVERIFY(!weightedKappa({}, KappaWeights::Quadratic));
        QVERIFY(!weightedKappa({ { 3, 3 }, { 3, 3 } }, KappaWeights::Quadratic)); // no expected disagreement
        QVERIFY(!weightedKappa({ { 0, 3 }, { 3, 2 } }, KappaWeights::Quadratic)); // 0 is outside 1..5
        QCOMPARE(*weightedKappa({ { 1, 1 }, { 5, 5 }, { 3, 3 } }, KappaWeights::Quadratic), 1.0);
    }

    void bootstrapIsDeterministicAndCoversTheEstimate()
    {
        const auto units = krippendorff2011();
        const Estimate a = krippendorffAlphaEstimate(units, AlphaMetric::Ordinal, { 1000, 0.95, 7 });
        const Estimate b = krippendorffAlphaEstimate(units, AlphaMetric::Ordinal, { 1000, 0.95, 7 });
        QVERIFY(a.low && a.high);
        QCOMPARE(*a.low, *b.low);
        QCOMPARE(*a.high, *b.high);
        QVERIFY(*a.low <= *a.value && *a.value <= *a.high);
        QVERIFY(*a.high <= 1.0);
        const Estimate c = krippendorffAlphaEstimate(units, AlphaMetric::Ordinal, { 1000, 0.95, 8 });
        QVERIFY(*c.low != *a.low || *c.high != *a.high); // the seed matters
    }

    // The percentile interval of a mean covers the true mean at about the stated rate.
    void bootstrapCoverage()
    {
        SplitMix64 rng(42);
        int covered = 0;
        constexpr int trials = 200;
        for (int t = 0; t < trials; ++t) {
            QList<double> xs;
            for (int i = 0; i < 60; ++i)
                xs.append(rng.normal());
            const Estimate e = bootstrap(60,
                [&xs](const QList<int>& picks) -> std::optional<double> {
                    double s = 0;
                    for (int i : picks)
                        s += xs[i];
                    return s / picks.size();
                },
                { 500, 0.95, static_cast<std::uint64_t>(t) });
            if (*e.low <= 0.0 && 0.0 <= *e.high)
                ++covered;
        }
        // 95 % nominal; the percentile bootstrap of a mean at n = 60 is slightly narrow. 200 trials: ±3.1 %.
        QVERIFY2(covered >= 180 && covered <= 198, qPrintable(QString::number(covered)));
    }

    void percentileIntervalInterpolates()
    {
        const auto i = percentileInterval({ 5, 1, 2, 3, 4 }, 0.5);
        QCOMPARE(i->first, 2.0);
        QCOMPARE(i->second, 4.0);
        QVERIFY(!percentileInterval({}, 0.95));
    }

    void leniencyIsTheOffsetFromTheOthers()
    {
        // Ann grades one point above Bob and Cy on every item; Bob and Cy agree.
        QList<ItemGrades> items;
        for (int g = 1; g <= 4; ++g) {
            for (int rep = 0; rep < 5; ++rep)
                items.append({ { u"Ann"_s, g + 1 }, { u"Bob"_s, g }, { u"Cy"_s, g } });
        }
        items.append({ { u"Bob"_s, 2 } }); // alone: no offset
        const auto rows = leniencyPerReviewer(items, { 500, 0.95, 1 });
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0].reviewer, u"Ann"_s);
        QCOMPARE(*rows[0].offset.value, 1.0);
        QCOMPARE(rows[0].items, 20);
        QCOMPARE(*rows[1].offset.value, -0.5); // Bob vs mean(Ann, Cy) = g + 0.5
        QCOMPARE(rows[1].items, 20);
        QVERIFY(*rows[1].offset.low <= -0.5 && *rows[1].offset.high >= -0.5);
        QCOMPARE(leniencyAdjusted(5, 1.0), 4.0);
        QCOMPARE(leniencyAdjusted(1, 1.0), 1.0);
    }

    void productionOffsetsAreAgainstPeersInTheSameInbox()
    {
        const QDateTime t0(QDate(2026, 1, 1), QTime(9, 0), Qt::UTC);
        const QList<ProductionGrade> grades {
            { u"Ann"_s, 1, t0.addSecs(60), 5 }, { u"Ann"_s, 1, t0, 4 }, { u"Bob"_s, 1, t0, 3 },
            { u"Bob"_s, 1, t0, 3 }, { u"Cy"_s, 2, t0, 1 }, // nobody else in inbox 2
        };
        const auto offsets = productionOffsets(grades);
        QCOMPARE(offsets.value(u"Ann"_s).size(), 2);
        QCOMPARE(offsets.value(u"Ann"_s)[0].offset, 1.0); // time order: the 4 first
        QCOMPARE(offsets.value(u"Ann"_s)[1].offset, 2.0);
        QCOMPARE(offsets.value(u"Bob"_s)[0].offset, -1.5);
        QVERIFY(!offsets.contains(u"Cy"_s));
    }
};

QTEST_GUILESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
