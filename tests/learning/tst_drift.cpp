// The CUSUM drift alarm on simulated offset streams: its false-alarm rate without drift and its detection
// delay after a shift match the documented design (k = 0.5, h = 5: ARL₀ ≈ 465, ARL for a 1σ shift ≈ 10.4,
// Montgomery, "Introduction to Statistical Quality Control", Table 9.3).
#include "learning/Bootstrap.h"
#include "learning/Drift.h"

#include <QTest>

#include <algorithm>

using namespace cx::learning;

namespace {

// Observations until the first alarm on a stream of N(shift, 1) offsets with known target 0 and sigma 1,
// or `cap` when none.
int runLength(SplitMix64& rng, double shift, int cap)
{
    QList<double> stream;
    stream.reserve(cap);
    for (int i = 0; i < cap; ++i)
        stream.append(rng.normal() + shift);
    CusumOptions options;
    options.target = 0.0;
    options.sigma = 1.0;
    const DriftReport report = detectDrift(stream, options);
    return report.alarmAt ? *report.alarmAt + 1 : cap;
}

// A discrete grade 1..5 around `centre` (probabilities 0.2 / 0.6 / 0.2 on centre−1, centre, centre+1).
int grade(SplitMix64& rng, int centre)
{
    const double u = rng.uniform();
    return centre + (u < 0.2 ? -1 : (u < 0.8 ? 0 : 1));
}

} // namespace

class TestDrift final : public QObject {
    Q_OBJECT
private slots:
    void inControlAverageRunLength()
    {
        SplitMix64 rng(2026);
        constexpr int streams = 1000;
        double sum = 0;
        int alarmsWithin100 = 0;
        for (int s = 0; s < streams; ++s) {
            const int rl = runLength(rng, 0.0, 20000);
            sum += rl;
            if (rl <= 100)
                ++alarmsWithin100;
        }
        const double arl = sum / streams;
        qInfo("in control: ARL %.1f, false alarm within 100 grades in %.1f %% of streams", arl,
            100.0 * alarmsWithin100 / streams);
        // Run lengths are roughly geometric (sd ≈ ARL), so the mean of 1000 has a standard error of ~15.
        QVERIFY2(arl > 400 && arl < 530, qPrintable(QString::number(arl)));
        // The stated rate: a reviewer without drift sees a false alarm within 100 monitored grades in about
        // 17 % of cases (1 − e^(−100/465) ≈ 19 %, less from the zero start).
        QVERIFY2(alarmsWithin100 < streams * 0.22, qPrintable(QString::number(alarmsWithin100)));
    }

    void oneSigmaShiftIsFoundQuickly()
    {
        SplitMix64 rng(7);
        constexpr int streams = 2000;
        QList<int> delays;
        for (int s = 0; s < streams; ++s)
            delays.append(runLength(rng, 1.0, 1000));
        std::sort(delays.begin(), delays.end());
        double sum = 0;
        for (int d : delays)
            sum += d;
        const double arl = sum / streams;
        const int p95 = delays[static_cast<int>(streams * 0.95)];
        qInfo("1 sigma shift: ARL %.2f, 95th percentile %d", arl, p95);
        QVERIFY2(arl > 9.4 && arl < 11.4, qPrintable(QString::number(arl)));
        QVERIFY2(p95 <= 24, qPrintable(QString::number(p95)));
    }

    // Whole-number grades, target and sigma estimated from the reviewer's first 30 offsets: a reviewer who
    // starts grading one point higher after grade 60 is flagged as lenient within 15 grades (95 %).
    void discreteGradesWithEstimatedBaseline()
    {
        constexpr int streams = 500;
        int early = 0, late = 0, missed = 0;
        SplitMix64 rng(99);
        for (int s = 0; s < streams; ++s) {
            QList<double> offsets;
            for (int i = 0; i < 60; ++i)
                offsets.append(grade(rng, 3) - 3.0);
            for (int i = 0; i < 60; ++i)
                offsets.append(grade(rng, 4) - 3.0);
            CusumOptions options;
            options.baseline = 30;
            const DriftReport report = detectDrift(offsets, options);
            QCOMPARE(report.monitoredFrom, 30);
            if (!report.alarmAt) {
                ++missed;
            } else if (*report.alarmAt < 60) {
                ++early;
            } else {
                QCOMPARE(report.direction, DriftDirection::Lenient);
                if (*report.alarmAt >= 60 + 15)
                    ++late;
            }
        }
        qInfo("discrete: %d early, %d late, %d missed of %d", early, late, missed, streams);
        QCOMPARE(missed, 0);
        // Estimating target and sigma from 30 grades costs false alarms (about 15 % of drift-free reviewers
        // alarm within the next 30 grades, against ~6 % with known parameters): the price of no set-up.
        QVERIFY2(early < streams * 0.20, qPrintable(QString::number(early)));
        QVERIFY2(late < streams * 0.05, qPrintable(QString::number(late)));
    }

    void stricterReviewerIsStrict()
    {
        QList<double> offsets(10, 0.0);
        offsets += QList<double>(10, -2.0);
        CusumOptions options;
        options.target = 0.0;
        options.sigma = 1.0;
        const DriftReport report = detectDrift(offsets, options);
        QVERIFY(report.alarmAt);
        QCOMPARE(*report.alarmAt, 13); // C⁻ = 1.5, 3, 4.5, 6 > 5
        QCOMPARE(report.direction, DriftDirection::Strict);
    }

    // After an alarm both sums restart, so a later change the other way is signalled too.
    void restartsAfterAnAlarm()
    {
        QList<double> offsets(10, 0.0);
        offsets += QList<double>(10, 2.0);
        offsets += QList<double>(10, -2.0);
        CusumOptions options;
        options.target = 0.0;
        options.sigma = 1.0;
        const DriftReport report = detectDrift(offsets, options);
        QVERIFY(report.alarms.size() >= 2);
        QCOMPARE(report.alarms.constFirst().index, 13); // C⁺ = 1.5, 3, 4.5, 6 > 5
        QCOMPARE(report.alarms.constFirst().direction, DriftDirection::Lenient);
        QCOMPARE(report.alarms.constLast().direction, DriftDirection::Strict);
        QCOMPARE(report.direction, DriftDirection::Lenient); // the first alarm's
    }

    void tooFewObservations()
    {
        const DriftReport report = detectDrift({ 1.0, 2.0 });
        QVERIFY(!report.enoughData);
        QVERIFY(!report.alarmAt);
    }
};

QTEST_GUILESS_MAIN(TestDrift)
#include "tst_drift.moc"
