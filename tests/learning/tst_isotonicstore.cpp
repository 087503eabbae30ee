// Calibrated confidence in the database (both dialects): samples read from the learning signals and their
// drafts' risk levels, a refit stored with its date and sample size, read back, the reliability report.
#include "StorageTestSupport.h"
#include "learning/IsotonicCalibration.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"

#include <QTest>

#include <cmath>

using namespace cx;
using namespace cx::learning;

class TestIsotonicStore final : public QObject {
    Q_OBJECT
private slots:
    void refitStoresAndReads_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void refitStoresAndReads()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        IsotonicCalibrationStore store(*db);
        QVERIFY(!store.latest().value());
        QCOMPARE(store.refit(QStringLiteral("lead")).error().field, QStringLiteral("samples"));

        // An overconfident drafter: raw 0.9 is sent unedited 3 times in 10, raw 0.3 once in 10; high risk.
        review::DraftStore drafts(*db);
        int n = 0;
        for (const auto& [confidence, sentOutOfTen] : { std::pair { 0.9, 3 }, std::pair { 0.3, 1 } })
            for (int i = 0; i < 10; ++i) {
                review::DraftRecord d;
                d.accountId = 1;
                d.conversationId = ++n;
                d.messageId = n;
                d.content.text = QStringLiteral("Hello, this is the suggested answer number %1.").arg(n);
                d.content.confidence = confidence;
                d.content.riskLevel = QStringLiteral("high");
                auto inserted = drafts.insert(d);
                QVERIFY(inserted);
                const bool sent = i < sentOutOfTen;
                auto s
                    = review::captureLearningSignal(*inserted, sent ? d.content.text : QString(), { 4, 4, 4 },
                        QStringLiteral("lead"), sent, sent ? QString() : QStringLiteral("wrong"), 0.2);
                QVERIFY(review::SignalStore(*db).saveLearningSignal(s));
            }
        auto samples = store.samples();
        QVERIFY(samples);
        QCOMPARE(samples->size(), 20);
        QCOMPARE(samples->first().riskLevel, QStringLiteral("high"));

        auto fitted = store.refit(QStringLiteral("lead"));
        QVERIFY2(fitted, qPrintable(fitted ? QString() : fitted.error().toString()));
        QCOMPARE(fitted->sampleSize, 20);
        QVERIFY(std::abs(fitted->calibrate(0.9, QStringLiteral("high")) - 0.3) < 1e-9);
        QVERIFY(std::abs(fitted->calibrate(0.3, QStringLiteral("high")) - 0.1) < 1e-9);
        // Raw ECE by hand: bins 3 (0.3 vs 0.1) and 9 (0.9 vs 0.3): (10 * 0.2 + 10 * 0.6) / 20 = 0.4.
        QVERIFY(std::abs(fitted->eceBefore - 0.4) < 1e-9);
        QVERIFY(fitted->eceAfter < fitted->eceBefore);

        auto latest = store.latest();
        QVERIFY(latest && latest.value());
        QCOMPARE(latest.value()->sampleSize, 20);
        QCOMPARE(latest.value()->fittedBy, QStringLiteral("lead"));
        QVERIFY(latest.value()->fittedAt.isValid());
        QVERIFY(std::abs(latest.value()->eceBefore - 0.4) < 1e-9);
        QCOMPARE(latest.value()->calibrate(0.9, QStringLiteral("high")),
            fitted->calibrate(0.9, QStringLiteral("high")));

        auto report = store.reliability();
        QVERIFY(report);
        QCOMPARE(report->samples, 20);
        QCOMPARE(report->raw.at(9).n, 10);
        QVERIFY(std::abs(report->raw.at(9).observed - 0.3) < 1e-12);
        // After calibration the tenth with the 0.9 drafts moved to 0.3, where it is observed.
        int calibratedAt3 = 0;
        for (const ReliabilityBin& b : report->calibrated)
            if (b.n > 0 && std::abs(b.meanPredicted - b.observed) < 1e-9)
                calibratedAt3 += b.n;
        QCOMPARE(calibratedAt3, 20);
    }
};

QTEST_GUILESS_MAIN(TestIsotonicStore)
#include "tst_isotonicstore.moc"
