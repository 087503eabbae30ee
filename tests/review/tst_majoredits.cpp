#include "review/MajorEdits.h"

#include <QTest>

#include <cmath>
#include <limits>

using cx::review::approvedWithoutMajorEdits;

class TestMajorEdits final : public QObject {
    Q_OBJECT

private slots:
    void decision_data();
    void decision();
    void defaultThreshold();
};

void TestMajorEdits::decision_data()
{
    QTest::addColumn<bool>("sent");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<bool>("expected");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("sent, untouched") << true << 0.0 << 0.2 << true;
    QTest::newRow("sent, small edit") << true << 0.1 << 0.2 << true;
    QTest::newRow("sent, exactly at threshold counts as minor") << true << 0.2 << 0.2 << true;
    QTest::newRow("sent, just above threshold") << true << std::nextafter(0.2, 1.0) << 0.2 << false;
    QTest::newRow("sent, just below threshold") << true << std::nextafter(0.2, 0.0) << 0.2 << true;
    QTest::newRow("sent, rewritten") << true << 1.0 << 0.2 << false;
    QTest::newRow("not sent, untouched") << false << 0.0 << 0.2 << false;
    QTest::newRow("not sent, small edit") << false << 0.1 << 0.2 << false;
    QTest::newRow("custom threshold 0.5, 0.5") << true << 0.5 << 0.5 << true;
    QTest::newRow("custom threshold 0.5, 0.51") << true << 0.51 << 0.5 << false;
    QTest::newRow("zero threshold, no edit") << true << 0.0 << 0.0 << true;
    QTest::newRow("zero threshold, any edit") << true << 0.001 << 0.0 << false;
    QTest::newRow("NaN ratio") << true << nan << 0.2 << false;
    QTest::newRow("negative ratio") << true << -0.1 << 0.2 << false;
    QTest::newRow("ratio above 1") << true << 1.5 << 0.2 << false;
    QTest::newRow("NaN threshold") << true << 0.0 << nan << false;
}

void TestMajorEdits::decision()
{
    QFETCH(bool, sent);
    QFETCH(double, ratio);
    QFETCH(double, threshold);
    QFETCH(bool, expected);
    QCOMPARE(approvedWithoutMajorEdits(sent, ratio, threshold), expected);
}

void TestMajorEdits::defaultThreshold()
{
    QCOMPARE(cx::review::kMajorEditRatioThreshold, 0.2);
    QVERIFY(approvedWithoutMajorEdits(true, 0.2));
    QVERIFY(!approvedWithoutMajorEdits(true, 0.2000001));
    QVERIFY(!approvedWithoutMajorEdits(false, 0.0));
}

QTEST_GUILESS_MAIN(TestMajorEdits)
#include "tst_majoredits.moc"
