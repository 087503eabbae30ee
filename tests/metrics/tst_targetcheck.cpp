// North Star target checks (per axis), the SLA badge thresholds, and the median/p90 rank arithmetic.
#include "metrics/OrderStatistics.h"
#include "metrics/TargetCheck.h"

#include <QTest>

using namespace cx;
using namespace cx::metrics;

Q_DECLARE_METATYPE(cx::metrics::SlaBadge)
Q_DECLARE_METATYPE(cx::metrics::TargetStatus)

namespace {
// A report whose totals give exactly the wanted per-axis averages over `n` rows.
QualityReport reportWith(qint64 n, qint64 toneSum, qint64 accuracySum, qint64 policySum, qint64 withoutMajor,
    qint64 aiDrafted, qint64 total, std::optional<double> medianApprovalSeconds, qint64 approvalCount)
{
    QualityReport r;
    r.totals.reviewed = n;
    r.totals.toneSum = toneSum;
    r.totals.accuracySum = accuracySum;
    r.totals.policySum = policySum;
    r.totals.approvedWithoutMajorEdits = withoutMajor;
    r.volume.total = total;
    r.volume.aiDrafted = aiDrafted;
    if (total > 0)
        r.volume.aiDraftedPct = 100.0 * double(aiDrafted) / double(total);
    r.approvalTime.count = approvalCount;
    r.approvalTime.medianSeconds = medianApprovalSeconds;
    return r;
}
} // namespace

class TestTargetCheck final : public QObject {
    Q_OBJECT
private slots:
    void slaBadgeThresholds_data()
    {
        QTest::addColumn<double>("pct");
        QTest::addColumn<SlaBadge>("badge");
        QTest::newRow("100") << 100.0 << SlaBadge::Green;
        QTest::newRow("95 exactly is green") << 95.0 << SlaBadge::Green;
        QTest::newRow("94.99 is yellow") << 94.99 << SlaBadge::Yellow;
        QTest::newRow("85 exactly is yellow") << 85.0 << SlaBadge::Yellow;
        QTest::newRow("84.99 is red") << 84.99 << SlaBadge::Red;
        QTest::newRow("0") << 0.0 << SlaBadge::Red;
        // The same thresholds reached through the tracker's arithmetic (100 * k / n).
        QTest::newRow("9499 of 10000") << 100.0 * 9499 / 10000 << SlaBadge::Yellow;
        QTest::newRow("19 of 20") << 100.0 * 19 / 20 << SlaBadge::Green;
        QTest::newRow("17 of 20") << 100.0 * 17 / 20 << SlaBadge::Yellow;
        QTest::newRow("8499 of 10000") << 100.0 * 8499 / 10000 << SlaBadge::Red;
    }
    void slaBadgeThresholds()
    {
        QFETCH(double, pct);
        QFETCH(SlaBadge, badge);
        QCOMPARE(slaBadge(pct, NorthStarTargets {}), badge);
    }

    void slaBadgeUsesConfiguredThresholds()
    {
        NorthStarTargets t;
        t.slaGreenPct = 90;
        t.slaYellowPct = 70;
        QCOMPARE(slaBadge(90.0, t), SlaBadge::Green);
        QCOMPARE(slaBadge(89.99, t), SlaBadge::Yellow);
        QCOMPARE(slaBadge(69.99, t), SlaBadge::Red);
        QCOMPARE(slaBadge(std::nullopt, t), SlaBadge::NoData);
    }

    void eachAxisCheckedAgainstItsOwnTarget()
    {
        // 10 rows: tone 45/10 = 4.5 (target 4.5: met), accuracy 46/10 = 4.6 (target 4.7: not met),
        // policy 48/10 = 4.8 (target 4.8: met). One overall average (4.633) would hide the accuracy miss.
        // 9 of 10 drafted (90 %, met); median approval 900 s = 15 min (at most 15: met);
        // 8 of 10 without major edits (80 % < 85 %: not met).
        const auto r = reportWith(10, 45, 46, 48, 8, 9, 10, 900.0, 10);
        const auto checks = checkTargets(r, NorthStarTargets {});
        QCOMPARE(checks.size(), 6);
        QCOMPARE(checks[0].metric, TargetMetric::AiDraftedPct);
        QCOMPARE(checks[0].status, TargetStatus::Met);
        QCOMPARE(checks[1].metric, TargetMetric::Tone);
        QCOMPARE(checks[1].status, TargetStatus::Met);
        QCOMPARE(*checks[1].actual, 4.5);
        QCOMPARE(checks[2].metric, TargetMetric::Accuracy);
        QCOMPARE(checks[2].status, TargetStatus::NotMet);
        QCOMPARE(checks[2].target, 4.7);
        QCOMPARE(checks[3].metric, TargetMetric::Policy);
        QCOMPARE(checks[3].status, TargetStatus::Met);
        QCOMPARE(checks[4].metric, TargetMetric::MedianApprovalMinutes);
        QVERIFY(checks[4].atMost);
        QCOMPARE(*checks[4].actual, 15.0);
        QCOMPARE(checks[4].status, TargetStatus::Met);
        QCOMPARE(checks[5].metric, TargetMetric::ApprovalRatePct);
        QCOMPARE(checks[5].status, TargetStatus::NotMet);

        // Just over the median target, just under the tone target.
        const auto r2 = reportWith(10, 44, 47, 48, 9, 8, 10, 900.001, 3);
        const auto c2 = checkTargets(r2, NorthStarTargets {});
        QCOMPARE(c2[0].status, TargetStatus::NotMet); // 80 %
        QCOMPARE(c2[1].status, TargetStatus::NotMet); // 4.4
        QCOMPARE(c2[2].status, TargetStatus::Met); // 4.7 exactly
        QCOMPARE(c2[4].status, TargetStatus::NotMet);
        QCOMPARE(c2[5].status, TargetStatus::Met); // 90 %
    }

    void minimumSample_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("minSample");
        QTest::addColumn<TargetStatus>("status");
        QTest::newRow("n 0, min 1") << qint64(0) << qint64(1) << TargetStatus::NotEnoughData;
        QTest::newRow("n 1, min 1") << qint64(1) << qint64(1) << TargetStatus::Met;
        QTest::newRow("n 19, min 20") << qint64(19) << qint64(20) << TargetStatus::NotEnoughData;
        QTest::newRow("n 20, min 20") << qint64(20) << qint64(20) << TargetStatus::Met;
        QTest::newRow("min 0 still needs a value") << qint64(0) << qint64(0) << TargetStatus::NotEnoughData;
    }
    void minimumSample()
    {
        QFETCH(qint64, n);
        QFETCH(qint64, minSample);
        QFETCH(TargetStatus, status);
        const auto r = reportWith(
            n, 5 * n, 5 * n, 5 * n, n, n, n, n > 0 ? std::optional<double>(60.0) : std::nullopt, n);
        for (const TargetCheck& c : checkTargets(r, NorthStarTargets {}, minSample))
            QCOMPARE(c.status, status);
    }

    void orderRanks_data()
    {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("low");
        QTest::addColumn<qint64>("high");
        QTest::addColumn<qint64>("p90");
        QTest::newRow("1") << qint64(1) << qint64(1) << qint64(1) << qint64(1);
        QTest::newRow("2: mean of both") << qint64(2) << qint64(1) << qint64(2) << qint64(2);
        QTest::newRow("3") << qint64(3) << qint64(2) << qint64(2) << qint64(3);
        QTest::newRow("4") << qint64(4) << qint64(2) << qint64(3) << qint64(4);
        QTest::newRow("10: p90 is the 9th") << qint64(10) << qint64(5) << qint64(6) << qint64(9);
        QTest::newRow("11") << qint64(11) << qint64(6) << qint64(6) << qint64(10);
        QTest::newRow("20") << qint64(20) << qint64(10) << qint64(11) << qint64(18);
        QTest::newRow("1000001") << qint64(1000001) << qint64(500001) << qint64(500001) << qint64(900001);
    }
    void orderRanks()
    {
        QFETCH(qint64, n);
        QFETCH(qint64, low);
        QFETCH(qint64, high);
        QFETCH(qint64, p90);
        const auto r = cx::metrics::orderRanks(n);
        QVERIFY(r.has_value());
        QCOMPARE(r->medianLow, low);
        QCOMPARE(r->medianHigh, high);
        QCOMPARE(r->p90, p90);
    }
    void orderRanksOfNothing() { QVERIFY(!cx::metrics::orderRanks(0).has_value()); }
};

QTEST_GUILESS_MAIN(TestTargetCheck)
#include "tst_targetcheck.moc"
