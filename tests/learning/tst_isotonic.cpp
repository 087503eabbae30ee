// Calibrated confidence: pool-adjacent-violators against hand-computed examples, the expected calibration
// error against a hand-computed example, and ECE falling on synthetic signals with a known miscalibration.
#include "learning/IsotonicCalibration.h"
#include "learning/IsotonicRegression.h"
#include "learning/Reliability.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace cx::learning;

namespace {
QList<IsotonicPoint> points(const QList<double>& ys)
{
    QList<IsotonicPoint> p;
    for (qsizetype i = 0; i < ys.size(); ++i)
        p.append({ double(i + 1), ys.at(i), 1.0 });
    return p;
}

bool near(const QList<double>& a, const QList<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (std::abs(a.at(i) - b.at(i)) > 1e-12)
            return false;
    return true;
}

// Synthetic signals: raw confidence uniform on 0..1, sent without major edits with probability truth(c).
template <typename Truth>
QList<CalibrationSample> synthetic(int n, unsigned seed, Truth truth, const QString& risk = {})
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    QList<CalibrationSample> out;
    for (int i = 0; i < n; ++i) {
        const double c = uniform(rng);
        out.append({ c, risk, uniform(rng) < truth(c) });
    }
    return out;
}
} // namespace

class TestIsotonic final : public QObject {
    Q_OBJECT
private slots:
    // By hand: 1 | 3 2 -> 2.5 2.5 | 4 3 -> 3.5 3.5 | 5.
    void pavHandExample()
    {
        QVERIFY(near(IsotonicRegression::fitted(points({ 1, 3, 2, 4, 3, 5 })), { 1, 2.5, 2.5, 3.5, 3.5, 5 }));
        // A violation that cascades backwards: 4 5 1 -> 4 3 3 -> 10/3 three times; then 6.
        QVERIFY(
            near(IsotonicRegression::fitted(points({ 4, 5, 1, 6 })), { 10.0 / 3, 10.0 / 3, 10.0 / 3, 6 }));
        // Already monotone: unchanged, one block per point (equal neighbours are no violation).
        const IsotonicFit f = IsotonicRegression::fit(points({ 0, 0.2, 0.2, 0.9 }));
        QCOMPARE(f.value.size(), 4);
        QVERIFY(near(IsotonicRegression::fitted(points({ 0, 0.2, 0.2, 0.9 })), { 0, 0.2, 0.2, 0.9 }));
    }

    // Weights and ties, by hand: (1, 0, w1) (2, 1, w1) (3, 0, w3): the last two pool to 1/4.
    // Ties: x 0.5 has outcomes 1 and 0 (pooled 0.5), below x 0.2 with 1: all pool to 2/3.
    void pavWeightsAndTies()
    {
        QVERIFY(
            near(IsotonicRegression::fitted({ { 1, 0, 1 }, { 2, 1, 1 }, { 3, 0, 3 } }), { 0, 0.25, 0.25 }));
        QVERIFY(near(IsotonicRegression::fitted({ { 0.5, 1, 1 }, { 0.5, 0, 1 }, { 0.2, 1, 1 } }),
            { 2.0 / 3, 2.0 / 3, 2.0 / 3 }));
        const IsotonicFit f = IsotonicRegression::fit({ { 1, 0, 1 }, { 2, 1, 1 }, { 3, 0, 3 } });
        QCOMPARE(f.predict(0.0), 0.0); // below the data: the first block
        QCOMPARE(f.predict(2.5), 0.25); // inside the second block
        QCOMPARE(f.predict(99.0), 0.25);
        QCOMPARE(f.weight.at(1), 4.0);
    }

    // By hand, 10 bins: bin 0 {0.05: no} -> 0.05; bin 1 {0.15: yes} -> 0.85; bin 9 {0.95 yes, 0.95 no}
    // -> |0.5 - 0.95| = 0.45; ECE = (0.05 + 0.85 + 2 * 0.45) / 4 = 0.45.
    void eceHandExample()
    {
        const QList<Forecast> f { { 0.05, false }, { 0.15, true }, { 0.95, true }, { 0.95, false } };
        QVERIFY(std::abs(expectedCalibrationError(f) - 0.45) < 1e-12);
        const QList<ReliabilityBin> bins = reliabilityBins(f);
        QCOMPARE(bins.size(), 10);
        QCOMPARE(bins.at(9).n, 2);
        QCOMPARE(bins.at(9).observed, 0.5);
        QCOMPARE(reliabilityBins({ { 1.0, true } }).at(9).n, 1); // 1.0 falls in the last bin
        QCOMPARE(expectedCalibrationError({}), 0.0);
    }

    // Overconfident (truth c^2) and underconfident (truth sqrt c) drafters: the calibrated figure's
    // cross-validated ECE is a fraction of the raw one.
    void eceFallsOnMiscalibratedSignals()
    {
        const auto over = fitCalibration(synthetic(4000, 1, [](double c) { return c * c; }));
        qInfo("overconfident: ECE %.4f -> %.4f", over.eceBefore, over.eceAfter);
        QVERIFY(over.eceBefore > 0.12); // about 1/6 in theory
        QVERIFY(over.eceAfter < 0.04);
        const auto under = fitCalibration(synthetic(4000, 2, [](double c) { return std::sqrt(c); }));
        qInfo("underconfident: ECE %.4f -> %.4f", under.eceBefore, under.eceAfter);
        QVERIFY(under.eceBefore > 0.12);
        QVERIFY(under.eceAfter < 0.04);
        // A calibrated drafter stays calibrated (no harm done).
        const auto fine = fitCalibration(synthetic(4000, 3, [](double c) { return c; }));
        QVERIFY(fine.eceBefore < 0.04 && fine.eceAfter < 0.04);
        // The map is monotone and close to the truth in the middle.
        QVERIFY(std::abs(over.calibrate(0.7, {}) - 0.49) < 0.08);
    }

    // Risk level: high-risk drafts are sent half as often at the same raw confidence; with enough samples
    // per level each level gets its own fit, a level with too few falls back to the pooled fit.
    void riskLevelsGetTheirOwnFit()
    {
        QList<CalibrationSample> s = synthetic(
            3000, 4, [](double c) { return c; }, QStringLiteral("low"));
        s += synthetic(
            3000, 5, [](double c) { return c / 2; }, QStringLiteral("high"));
        s += synthetic(
            20, 6, [](double c) { return c; }, QStringLiteral("medium"));
        const IsotonicCalibration c = fitCalibration(s);
        QVERIFY(c.byRisk.contains(QStringLiteral("low")) && c.byRisk.contains(QStringLiteral("high")));
        QVERIFY(!c.byRisk.contains(QStringLiteral("medium")));
        QVERIFY(std::abs(c.calibrate(0.8, QStringLiteral("low")) - 0.8) < 0.1);
        QVERIFY(std::abs(c.calibrate(0.8, QStringLiteral("high")) - 0.4) < 0.1);
        QCOMPARE(c.calibrate(0.8, QStringLiteral("medium")), c.pooled.predict(0.8));
        // Stored as JSON and read back: the same map.
        const IsotonicCalibration back = IsotonicCalibration::fromJson(c.toJson());
        QCOMPARE(back.calibrate(0.8, QStringLiteral("high")), c.calibrate(0.8, QStringLiteral("high")));
        QCOMPARE(back.samplesByRisk.value(QStringLiteral("medium")), 20);
    }

    void reviewerSentence()
    {
        QList<CalibrationSample> s;
        for (int i = 0; i < 100; ++i)
            s.append({ 0.6, QStringLiteral("low"), i < 72 });
        const IsotonicCalibration c = fitCalibration(s);
        QCOMPARE(calibratedConfidenceText(c, 0.6, QStringLiteral("low")),
            QStringLiteral("Drafts like this were sent with minor or no edits 72 % of the time (n = 100)."));
        QVERIFY(calibratedConfidenceText(c, 0.6, QStringLiteral("low"), 101).isEmpty()); // too few behind it
        QVERIFY(calibratedConfidenceText(IsotonicCalibration {}, 0.6, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIsotonic)
#include "tst_isotonic.moc"
