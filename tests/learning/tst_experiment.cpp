// The experiment's statistics: interval formulas against published worked examples, the deterministic
// assignment, and the decision rule on simulated outcome streams (false-positive rate under no effect,
// power against a known effect).
#include "learning/Experiment.h"
#include "learning/ExperimentAnalysis.h"
#include "learning/Proportions.h"
#include "learning/SequentialTest.h"

#include <QElapsedTimer>
#include <QTest>
#include <QUuid>

#include <cmath>
#include <random>

using namespace cx;
using namespace cx::learning;

namespace {
Experiment twoArms(int weightA = 50, int weightB = 50)
{
    Experiment e;
    e.id = QStringLiteral("6f1c2a4e-0000-4000-8000-000000000001");
    e.name = QStringLiteral("t");
    e.variants = { { QStringLiteral("A"), QStringLiteral("default-2026-11-25"), {}, weightA },
        { QStringLiteral("B"), QStringLiteral("concise-2026-12-06"), {}, weightB } };
    e.state = QStringLiteral("running");
    return e;
}

// One simulated experiment: Bernoulli outcomes, one draft per arm at a time, the rule consulted after
// every pair (the dashboard refreshes on every approval). True when it ever declares a difference.
template <typename Decide>
bool everRejects(std::mt19937_64& rng, double pA, double pB, int maxPerArm, Decide decide)
{
    std::bernoulli_distribution a(pA), b(pB);
    Moments ma, mb;
    for (int i = 0; i < maxPerArm; ++i) {
        ma.add(a(rng) ? 1 : 0);
        mb.add(b(rng) ? 1 : 0);
        if (decide(ma, mb))
            return true;
    }
    return false;
}

bool msprtDecides(const Moments& a, const Moments& b)
{
    return SequentialTest::evaluate(a, b, SequentialTest::pooledSd(a, b), SequentialConfig {}).significant;
}

// The naive rule the mSPRT replaces: "the fixed 95 % interval excludes 0", read at every look.
bool peekingDecides(const Moments& a, const Moments& b)
{
    if (a.n < 30)
        return false;
    const int xa = int(std::lround(a.mean * double(a.n))), xb = int(std::lround(b.mean * double(b.n)));
    const Interval i = newcombeDifference(xa, int(a.n), xb, int(b.n));
    return i.lower > 0 || i.upper < 0;
}

double binomialSd(double p, int n)
{
    return std::sqrt(p * (1 - p) / n);
}
} // namespace

class TestExperiment final : public QObject {
    Q_OBJECT
private slots:
    void quantiles()
    {
        QVERIFY(std::abs(normalQuantile(0.975) - 1.959963984540054) < 1e-9);
        QVERIFY(std::abs(normalQuantile(0.001) + 3.090232306167813) < 1e-9);
        QVERIFY(std::abs(normalQuantile(0.5)) < 1e-12);
        // Student's t, two-sided 95 % (the 0.975 quantile), from any printed t table.
        const QList<QPair<double, double>> table { { 1, 12.706204736 }, { 2, 4.302652730 },
            { 3, 3.182446305 }, { 5, 2.570581836 }, { 10, 2.228138852 }, { 30, 2.042272456 },
            { 120, 1.979930405 } };
        for (const auto& [df, t] : table)
            QVERIFY2(std::abs(tQuantile(0.975, df) - t) < 1e-4 * t, qPrintable(QString::number(df)));
        QVERIFY(std::abs(tQuantile(0.025, 10) + 2.228138852) < 1e-4);
    }

    // Newcombe, "Two-sided confidence intervals for the single proportion", Stat Med 1998;17:857-872,
    // Table I (Wilson score method, 95 %).
    void wilsonMatchesNewcombe1998()
    {
        const Interval a = wilson(81, 263);
        QVERIFY(std::abs(a.lower - 0.2553) < 5e-5 && std::abs(a.upper - 0.3662) < 5e-5);
        const Interval b = wilson(15, 148);
        QVERIFY(std::abs(b.lower - 0.0624) < 5e-5 && std::abs(b.upper - 0.1605) < 5e-5);
        const Interval c = wilson(0, 20);
        QVERIFY(c.lower == 0 && std::abs(c.upper - 0.1611) < 5e-5);
        QCOMPARE(wilson(0, 0).upper, 1.0);
    }

    // Newcombe, "Interval estimation for the difference between independent proportions", Stat Med
    // 1998;17:873-890, Table II, method 10 (score interval from Wilson limits): 56/70 - 48/80 and
    // 9/10 - 3/10.
    void newcombeMatchesNewcombe1998()
    {
        const Interval a = newcombeDifference(48, 80, 56, 70);
        QVERIFY2(std::abs(a.lower - 0.0524) < 5e-5 && std::abs(a.upper - 0.3339) < 5e-5,
            qPrintable(QStringLiteral("%1 %2").arg(a.lower).arg(a.upper)));
        const Interval b = newcombeDifference(3, 10, 9, 10);
        QVERIFY2(std::abs(b.lower - 0.1705) < 5e-5 && std::abs(b.upper - 0.8090) < 5e-5,
            qPrintable(QStringLiteral("%1 %2").arg(b.lower).arg(b.upper)));
    }

    // Hand-computed: {1..5} against {2,4,..,10}: difference 3, SE sqrt(2.5/5 + 10/5) = 1.5811, Welch df
    // 6.25 / (0.25/4 + 4/4) = 5.8824.
    void welchInterval()
    {
        Moments a, b;
        for (int x = 1; x <= 5; ++x) {
            a.add(x);
            b.add(2 * x);
        }
        QCOMPARE(a.variance(), 2.5);
        QCOMPARE(b.variance(), 10.0);
        const Interval i = welchDifference(a, b);
        const double half = tQuantile(0.975, 6.25 / 1.0625) * std::sqrt(2.5);
        QVERIFY(std::abs(i.lower - (3 - half)) < 1e-9 && std::abs(i.upper - (3 + half)) < 1e-9);
        QVERIFY(half > 2.447 * std::sqrt(2.5) && half < 2.571 * std::sqrt(2.5)); // between t(6) and t(5)
        QVERIFY(std::isinf(welchDifference(Moments {}, b).lower));
    }

    // Fleiss, Levin & Paik (2003) eq. 4.14 without continuity correction, computed by hand for 50 % vs 65 %:
    // (1.95996 sqrt(2 * .575 * .425) + 0.84162 sqrt(.25 + .2275))^2 / .15^2
    // = (1.37024 + 0.58157)^2 / 0.0225 = 169.3 -> 170.
    void sampleSize()
    {
        QCOMPARE(twoProportionSampleSize(0.50, 0.65, 0.05, 0.80), 170);
        QVERIFY(twoProportionSampleSize(0.50, 0.65, 0.05, 0.90) > 170);
    }

    // The SHA-256 assignment, pinned to values computed independently (Python hashlib) so that any change
    // of the hashed string shows: a changed hash would move running experiments' conversations.
    void assignmentIsPinned()
    {
        const Experiment e = twoArms();
        QCOMPARE(assignVariant(e, conversationKey(1, 42)), 1); // first 8 bytes mod 100 = 88
        QCOMPARE(assignVariant(e, conversationKey(1, 43)), 0); // 1
        QCOMPARE(assignVariant(e, conversationKey(7, 100000)), 1); // 82
        QCOMPARE(assignVariant(e, conversationKey(1, 1)), 0); // 21
        Experiment copy = e; // another process, another object: the same answer
        QCOMPARE(assignVariant(copy, conversationKey(1, 42)), 1);
    }

    void assignmentIsBalancedWhateverTheIdShape()
    {
        const Experiment e = twoArms();
        const int n = 20000;
        int a = 0, evenA = 0, evens = 0, uuidA = 0;
        for (int id = 1; id <= n; ++id) {
            const bool isA = assignVariant(e, conversationKey(1, id)) == 0;
            a += isA;
            if (id % 2 == 0) {
                ++evens;
                evenA += isA;
            }
            uuidA += assignVariant(e, QUuid::createUuidV5(QUuid(), QString::number(id)).toString()) == 0;
        }
        // Within 4 binomial SDs of half, overall, among even ids (no parity effect) and for uuid keys.
        QVERIFY2(std::abs(a - n / 2) < 4 * std::sqrt(n * 0.25), qPrintable(QString::number(a)));
        QVERIFY2(
            std::abs(evenA - evens / 2) < 4 * std::sqrt(evens * 0.25), qPrintable(QString::number(evenA)));
        QVERIFY2(std::abs(uuidA - n / 2) < 4 * std::sqrt(n * 0.25), qPrintable(QString::number(uuidA)));
        // An 80/20 split.
        const Experiment skewed = twoArms(80, 20);
        int skewedA = 0;
        for (int id = 1; id <= n; ++id)
            skewedA += assignVariant(skewed, conversationKey(1, id)) == 0;
        QVERIFY(std::abs(skewedA - 0.8 * n) < 4 * std::sqrt(n * 0.16));
    }

    void parsingNamesTheOption()
    {
        auto ok = parseVariants(QStringLiteral("default-2026-11-25,concise-2026-12-06@gpt-4o-mini,@gpt-4o"));
        QVERIFY(ok);
        QCOMPARE(ok->size(), 3);
        QCOMPARE(ok->at(1).label, QStringLiteral("B"));
        QCOMPARE(ok->at(1).model, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(ok->at(2).promptVersion, QString());
        for (const QString& bad :
            { QStringLiteral("default-2026-11-25"), QStringLiteral("nope,concise-2026-12-06"),
                QStringLiteral("@a,@a"), QStringLiteral("@a,"), QStringLiteral("@a,@b c") }) {
            auto r = parseVariants(bad);
            QVERIFY2(!r, qPrintable(bad));
            QCOMPARE(r.error().field, QStringLiteral("variants"));
        }
        QList<ExperimentVariant> v = *ok;
        QVERIFY(applySplit(v, QStringLiteral("50,30,20")));
        QCOMPARE(v.at(2).weight, 20);
        for (const QString& bad : { QStringLiteral("50,50"), QStringLiteral("50,30,30"),
                 QStringLiteral("50,x,50"), QStringLiteral("100,0,0") })
            QCOMPARE(applySplit(v, bad).error().field, QStringLiteral("split"));
        QCOMPARE(validateExperimentName(QStringLiteral("bad name")).error().field, QStringLiteral("name"));
    }

    // Under no effect the mSPRT, consulted after every pair of drafts up to 600 per arm, declares a
    // difference in at most alpha = 5 % of experiments (tolerance: 3 binomial SDs of the estimate). The
    // naive rule (the fixed 95 % interval read at every look) does not: that is why the mSPRT is used.
    void falsePositiveRateUnderNoEffect()
    {
        QElapsedTimer timer;
        timer.start();
        const int experiments = 2000;
        std::mt19937_64 rng(20261206);
        int msprt = 0;
        for (int i = 0; i < experiments; ++i)
            msprt += everRejects(rng, 0.35, 0.35, 600, msprtDecides);
        const double rate = double(msprt) / experiments;
        qInfo("mSPRT false-positive rate under no effect: %.4f over %d experiments", rate, experiments);
        QVERIFY2(rate <= 0.05 + 3 * binomialSd(0.05, experiments), qPrintable(QString::number(rate)));

        std::mt19937_64 rng2(20261206);
        int peeking = 0;
        for (int i = 0; i < experiments; ++i)
            peeking += everRejects(rng2, 0.35, 0.35, 600, peekingDecides);
        const double naive = double(peeking) / experiments;
        qInfo("naive peeking false-positive rate: %.4f", naive);
        QVERIFY2(naive > 0.05 + 3 * binomialSd(0.05, experiments), qPrintable(QString::number(naive)));
        QVERIFY(timer.elapsed() < 5000);
    }

    // A skewed continuous outcome (approval times, exponential) under no effect: the plug-in variance keeps
    // the rate at alpha too.
    void falsePositiveRateOnSkewedMeans()
    {
        const int experiments = 1000;
        std::mt19937_64 rng(7);
        std::exponential_distribution<double> time(1.0 / 120.0);
        int rejections = 0;
        for (int i = 0; i < experiments; ++i) {
            Moments a, b;
            for (int n = 0; n < 400; ++n) {
                a.add(time(rng));
                b.add(time(rng));
                if (msprtDecides(a, b)) {
                    ++rejections;
                    break;
                }
            }
        }
        const double rate = double(rejections) / experiments;
        qInfo("mSPRT false-positive rate, exponential means: %.4f", rate);
        QVERIFY2(rate <= 0.05 + 3 * binomialSd(0.05, experiments), qPrintable(QString::number(rate)));
    }

    // The stated power (README): approval without major edits 50 % -> 65 % is found within 400 graded drafts
    // per variant in at least 90 % of experiments (tolerance: 3 binomial SDs). For comparison, a fixed-n
    // test looked at once would need twoProportionSampleSize(0.5, 0.65, 0.05, 0.9) per variant.
    void knownEffectIsFoundWithStatedPower()
    {
        const int experiments = 1000;
        std::mt19937_64 rng(42);
        int found = 0;
        for (int i = 0; i < experiments; ++i)
            found += everRejects(rng, 0.50, 0.65, 400, msprtDecides);
        const double power = double(found) / experiments;
        qInfo("mSPRT power, 50%% -> 65%% within 400 per arm: %.3f (fixed-n for 90%%: %d per arm)", power,
            twoProportionSampleSize(0.5, 0.65, 0.05, 0.9));
        QVERIFY2(power >= 0.90 - 3 * binomialSd(0.90, experiments), qPrintable(QString::number(power)));
    }

    // The whole status line under no effect, all seven metrics, looked at after every 20 graded drafts per
    // arm up to 400: it claims a difference in at most 2 alpha of experiments (alpha for the primary metric,
    // alpha shared by the six others), tolerance 3 binomial SDs.
    void statusLineFalsePositiveRate()
    {
        const int experiments = 300;
        const Experiment e = twoArms();
        std::mt19937_64 rng(99);
        std::bernoulli_distribution sent(0.8), unedited(0.7);
        std::uniform_int_distribution<int> grade(3, 5);
        std::exponential_distribution<double> seconds(1.0 / 90.0);
        std::uniform_real_distribution<double> ratio(0.0, 0.6);
        int claimed = 0;
        for (int x = 0; x < experiments; ++x) {
            QList<ExperimentOutcome> outcomes;
            for (int n = 1; n <= 400; ++n) {
                for (int variant = 0; variant < 2; ++variant) {
                    ExperimentOutcome o;
                    o.variant = variant;
                    o.sent = sent(rng);
                    o.approvedWithoutMajorEdits = o.sent && unedited(rng);
                    if (o.sent) {
                        o.editRatio = o.approvedWithoutMajorEdits ? 0.1 : ratio(rng);
                        o.approvalSeconds = seconds(rng);
                    }
                    o.tone = grade(rng);
                    o.accuracy = grade(rng);
                    o.policy = grade(rng);
                    outcomes.append(o);
                }
                if (n % 20 == 0 && analyzeExperiment(e, outcomes).verdict == ExperimentVerdict::Difference) {
                    ++claimed;
                    break;
                }
            }
        }
        const double rate = double(claimed) / experiments;
        qInfo("status line false-positive rate (7 metrics, 20 looks): %.4f", rate);
        QVERIFY2(rate <= 0.10 + 3 * binomialSd(0.10, experiments), qPrintable(QString::number(rate)));
    }

    void alwaysValidIntervalAgreesWithTheTest()
    {
        std::mt19937_64 rng(3);
        std::bernoulli_distribution a(0.4), b(0.6);
        Moments ma, mb;
        for (int i = 0; i < 300; ++i) {
            ma.add(a(rng));
            mb.add(b(rng));
            const SequentialResult r
                = SequentialTest::evaluate(ma, mb, SequentialTest::pooledSd(ma, mb), SequentialConfig {});
            if (!r.enoughData) {
                QVERIFY(!r.significant);
                continue;
            }
            QCOMPARE(r.significant, !r.alwaysValid.contains(0.0));
            // Wider than the fixed-horizon interval: the price of looking at any time.
            const Interval fixed = welchDifference(ma, mb);
            QVERIFY(r.alwaysValid.upper - r.alwaysValid.lower > fixed.upper - fixed.lower);
        }
    }

    void statusLines()
    {
        const Experiment e = twoArms();
        QList<ExperimentOutcome> outcomes;
        auto add = [&](int variant, int count, bool good) {
            for (int i = 0; i < count; ++i) {
                ExperimentOutcome o;
                o.variant = variant;
                o.sent = good || i % 2 == 0;
                o.approvedWithoutMajorEdits = good;
                if (o.sent) {
                    o.editRatio = good ? 0.05 : 0.5;
                    o.approvalSeconds = 60 + i % 7;
                }
                o.tone = o.accuracy = o.policy = good ? 5 : 3;
                outcomes.append(o);
            }
        };
        add(0, 10, true);
        add(1, 10, true);
        ExperimentAnalysis few = analyzeExperiment(e, outcomes);
        QCOMPARE(few.verdict, ExperimentVerdict::NotEnoughData);
        QVERIFY2(few.status.startsWith(QLatin1String("not enough data yet")), qPrintable(few.status));

        // 200 per arm, half of A's drafts good against 80 % of B's: B better on the primary metric.
        outcomes.clear();
        add(0, 100, true);
        add(0, 100, false);
        add(1, 160, true);
        add(1, 40, false);
        ExperimentAnalysis better = analyzeExperiment(e, outcomes);
        QCOMPARE(better.verdict, ExperimentVerdict::Difference);
        QVERIFY2(better.status.startsWith(
                     QLatin1String("B better on approval without major edits with interval [+")),
            qPrintable(better.status));
        const MetricComparison& primary = better.comparisons.at(0).metrics.at(0);
        QVERIFY(std::abs(primary.difference - 0.30) < 1e-12);
        QVERIFY(primary.ci95.contains(0.30) && primary.sequential.alwaysValid.contains(0.30));

        // Identical arms: no detectable difference.
        outcomes.clear();
        add(0, 60, true);
        add(0, 60, false);
        add(1, 60, true);
        add(1, 60, false);
        ExperimentAnalysis same = analyzeExperiment(e, outcomes);
        QCOMPARE(same.verdict, ExperimentVerdict::NoDetectableDifference);
        QVERIFY2(same.status.startsWith(QLatin1String("no detectable difference")), qPrintable(same.status));
    }
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "tst_experiment.moc"
