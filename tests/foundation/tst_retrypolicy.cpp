// The shared retry policy (backoff, jitter, Retry-After, attempts, worst-case window) and the one
// HTTP-date parser (RFC 7231 §7.1.1.1: IMF-fixdate and the two obsolete forms).
#include "foundation/HttpDate.h"
#include "foundation/RetryPolicy.h"

#include <QtTest>

#include <limits>

using cx::parseHttpDate;
using cx::parseRetryAfterMs;
using cx::RetryPolicy;

class TestRetryPolicy : public QObject {
    Q_OBJECT

private:
    static QDateTime utc(int y, int mo, int d, int h, int mi, int s)
    {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
    }

private Q_SLOTS:
    void backoffDoublesUpToTheCap()
    {
        RetryPolicy p;
        p.baseDelayMs = 100;
        p.maxDelayMs = 1000;
        p.jitter = 0.25;
        QCOMPARE(p.delayMs(1, std::nullopt, 0.0), 100); // random 0: the full backoff
        QCOMPARE(p.delayMs(2, std::nullopt, 0.0), 200);
        QCOMPARE(p.delayMs(3, std::nullopt, 0.0), 400);
        QCOMPARE(p.delayMs(10, std::nullopt, 0.0), 1000); // capped
        QCOMPARE(p.delayMs(1000, std::nullopt, 0.0), 1000); // no overflow for absurd retry numbers
        QCOMPARE(p.delayMs(0, std::nullopt, 0.0), 100);
    }
    void jitterOnlyShortens()
    {
        RetryPolicy p;
        p.baseDelayMs = 100;
        p.maxDelayMs = 1000;
        p.jitter = 0.25;
        QCOMPARE(p.delayMs(1, std::nullopt, 0.5), 88); // 100 * (1 - 0.125), rounded
        QCOMPARE(p.delayMs(1, std::nullopt, 1.0), 75);
        QCOMPARE(p.delayMs(10, std::nullopt, 0.999), 750); // the cap is a true maximum
        QCOMPARE(p.delayMs(1, std::nullopt, 7.0), 75); // out-of-range randoms are clamped
        QCOMPARE(p.delayMs(1, std::nullopt, std::numeric_limits<double>::quiet_NaN()), 100);
    }
    void serverHintIsHonouredAndBounded()
    {
        RetryPolicy p;
        QCOMPARE(p.delayMs(1, 3000, 0.9), 3000); // no jitter on a server's hint
        QCOMPARE(p.delayMs(1, 0, 0.9), 0);
        QCOMPARE(p.delayMs(1, -5, 0.9), 0);
        p.maxRetryAfterMs = 2000;
        QCOMPARE(p.delayMs(1, 3000, 0.9), 2000); // LongHint::Cap
        p.longHint = RetryPolicy::LongHint::GiveUp;
        QCOMPARE(p.delayMs(1, 3000, 0.9), std::nullopt);
        QCOMPARE(p.delayMs(1, 2000, 0.9), 2000);
        p.timeScale = 0.01;
        QCOMPARE(p.delayMs(1, 2000, 0.9), 20);
    }
    void attempts()
    {
        RetryPolicy p;
        p.maxAttempts = 3;
        QVERIFY(p.mayRetry(1));
        QVERIFY(p.mayRetry(2));
        QVERIFY(!p.mayRetry(3));
        p.maxAttempts = 1;
        QVERIFY(!p.mayRetry(1));
    }
    void worstCaseWindow()
    {
        RetryPolicy p;
        p.maxAttempts = 4;
        p.maxDelayMs = 20000;
        p.maxRetryAfterMs = 60000;
        // 4 attempts of 30 s, 3 waits of at most 60 s (the hint cap is the larger one).
        QCOMPARE(p.worstCaseWindowMs(30000), qint64(4 * 30000 + 3 * 60000));
        QCOMPARE(p.worstCaseWindowMs(30000, 1), qint64(30000)); // a request allowed one attempt
        p.maxRetryAfterMs = 1000;
        QCOMPARE(p.worstCaseWindowMs(30000), qint64(4 * 30000 + 3 * 20000));
        p.timeScale = 0.5;
        QCOMPARE(p.worstCaseWindowMs(30000), qint64(4 * 30000 + 3 * 10000));
        // Every delay the policy can choose fits in the window's per-wait share.
        for (int retry = 1; retry < 40; ++retry) {
            QVERIFY(*p.delayMs(retry, std::nullopt, 0.0) <= p.maxSingleDelayMs());
            QVERIFY(*p.delayMs(retry, qint64(1) << 40, 0.0) <= p.maxSingleDelayMs());
        }
    }

    void retryAfter_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<qint64>("expected"); // -1 = none
        QTest::newRow("seconds") << QByteArray("2") << qint64(2000);
        QTest::newRow("padded") << QByteArray("  2 ") << qint64(2000);
        QTest::newRow("fraction") << QByteArray("0.25") << qint64(250);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("imf date") << QByteArray("Wed, 21 Oct 2015 07:28:00 GMT") << qint64(60000);
        QTest::newRow("rfc 850 date") << QByteArray("Wednesday, 21-Oct-15 07:28:00 GMT") << qint64(60000);
        QTest::newRow("asctime date") << QByteArray("Wed Oct 21 07:28:00 2015") << qint64(60000);
        QTest::newRow("date in the past") << QByteArray("Wed, 21 Oct 2015 07:00:00 GMT") << qint64(0);
        QTest::newRow("huge seconds capped") << QByteArray("99999999999999999999999") << qint64(86400000);
        QTest::newRow("1e300 is not delta-seconds") << QByteArray("1e300") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-1") << qint64(-1);
        QTest::newRow("nan") << QByteArray("nan") << qint64(-1);
        QTest::newRow("inf") << QByteArray("inf") << qint64(-1);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
        QTest::newRow("words") << QByteArray("soon") << qint64(-1);
        QTest::newRow("two dots") << QByteArray("1.2.3") << qint64(-1);
    }
    void retryAfter()
    {
        QFETCH(QByteArray, header);
        QFETCH(qint64, expected);
        const QDateTime now = utc(2015, 10, 21, 7, 27, 0);
        QCOMPARE(parseRetryAfterMs(header, now).value_or(-1), expected);
    }

    void httpDates_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QDateTime>("expected"); // invalid = refused
        const QDateTime nov6 = utc(1994, 11, 6, 8, 49, 37);
        QTest::newRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << nov6;
        QTest::newRow("rfc 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << nov6;
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << nov6;
        QTest::newRow("asctime two-digit day")
            << QByteArray("Thu Nov 26 08:49:37 2026") << utc(2026, 11, 26, 8, 49, 37);
        QTest::newRow("surrounding space") << QByteArray(" Sun, 06 Nov 1994 08:49:37 GMT\t") << nov6;
        QTest::newRow("rfc 850 near future")
            << QByteArray("Friday, 01-Jan-27 00:00:00 GMT") << utc(2027, 1, 1, 0, 0, 0);
        QTest::newRow("rfc 850 50 years ahead")
            << QByteArray("Saturday, 01-Jan-76 00:00:00 GMT") << utc(2076, 1, 1, 0, 0, 0);
        QTest::newRow("rfc 850 more than 50 years ahead is past")
            << QByteArray("Wednesday, 01-Jan-77 00:00:00 GMT") << utc(1977, 1, 1, 0, 0, 0);
        QTest::newRow("leap second read as :59")
            << QByteArray("Sat, 31 Dec 2016 23:59:60 GMT") << utc(2016, 12, 31, 23, 59, 59);
        QTest::newRow("leap day") << QByteArray("Thu, 29 Feb 2024 12:00:00 GMT")
                                  << utc(2024, 2, 29, 12, 0, 0);
        const QDateTime none;
        QTest::newRow("empty") << QByteArray() << none;
        QTest::newRow("not a leap year") << QByteArray("Sun, 29 Feb 2026 12:00:00 GMT") << none;
        QTest::newRow("day 32") << QByteArray("Sun, 32 Nov 1994 08:49:37 GMT") << none;
        QTest::newRow("hour 24") << QByteArray("Sun, 06 Nov 1994 24:00:00 GMT") << none;
        QTest::newRow("minute 60") << QByteArray("Sun, 06 Nov 1994 08:60:00 GMT") << none;
        QTest::newRow("second 61") << QByteArray("Sun, 06 Nov 1994 08:49:61 GMT") << none;
        QTest::newRow("other zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 CET") << none;
        QTest::newRow("numeric zone") << QByteArray("Sun, 06 Nov 1994 08:49:37 +0000") << none;
        QTest::newRow("lowercase month") << QByteArray("Sun, 06 nov 1994 08:49:37 GMT") << none;
        QTest::newRow("unknown day name") << QByteArray("Sux, 06 Nov 1994 08:49:37 GMT") << none;
        QTest::newRow("one-digit day in imf") << QByteArray("Sun, 6 Nov 1994 08:49:37 GMT") << none;
        QTest::newRow("trailing garbage") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMTx") << none;
        QTest::newRow("truncated") << QByteArray("Sun, 06 Nov 1994 08:49") << none;
        QTest::newRow("year 0000") << QByteArray("Sun, 06 Nov 0000 08:49:37 GMT") << none;
        QTest::newRow("short day name in rfc 850") << QByteArray("Sun, 06-Nov-94 08:49:37 GMT") << none;
        QTest::newRow("asctime without padding") << QByteArray("Sun Nov 6 08:49:37 1994") << none;
        QTest::newRow("signs in digits") << QByteArray("Sun, -6 Nov 1994 08:49:37 GMT") << none;
    }
    void httpDates()
    {
        QFETCH(QByteArray, text);
        QFETCH(QDateTime, expected);
        const QDateTime now = utc(2026, 12, 5, 8, 0, 0);
        const QDateTime parsed = parseHttpDate(text, now);
        QCOMPARE(parsed.isValid(), expected.isValid());
        if (expected.isValid()) {
            QCOMPARE(parsed, expected);
            QCOMPARE(parsed.timeSpec(), Qt::UTC);
        }
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
