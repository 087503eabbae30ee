// The dashboard's experiments section and reliability diagram (offscreen): the status fills as drafts are
// graded, a refit draws the calibrated curve and states the ECE before and after.
#include "DashboardWidget.h"
#include "ExperimentsPanel.h"
#include "ReliabilityPanel.h"
#include "learning/ExperimentStore.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QChart>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cx;

class TestExperimentPanel final : public QObject {
    Q_OBJECT

    // Drafts of the running experiment, graded: B's sent unedited, A's every other one rejected; raw
    // confidence 0.9 throughout (overconfident for A).
    static void gradeDrafts(storage::Database& db, int first, int count)
    {
        review::DraftStore drafts(db);
        learning::ExperimentStore experiments(db);
        for (int conv = first; conv < first + count; ++conv) {
            review::DraftRecord d;
            d.accountId = 1;
            d.conversationId = conv;
            d.messageId = conv;
            d.content.text = QStringLiteral("Hello, this is the answer to question %1.").arg(conv);
            d.content.confidence = 0.9;
            d.content.riskLevel = QStringLiteral("low");
            auto inserted = drafts.insert(d);
            QVERIFY(inserted);
            auto variant = experiments.assignDraft(inserted->id, 1, conv);
            QVERIFY(variant && variant.value());
            const bool sent = variant.value()->label == QLatin1String("B") || conv % 2 == 0;
            auto s = review::captureLearningSignal(*inserted, sent ? d.content.text : QString(), { 4, 4, 5 },
                QStringLiteral("lead"), sent, sent ? QString() : QStringLiteral("off topic"), 0.2);
            QVERIFY(review::SignalStore(db).saveLearningSignal(s));
        }
    }

private slots:
    void statusFillsAndCalibrationRefits()
    {
        QTemporaryDir dir;
        auto db
            = storage::Database::open(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("cx.db")));
        QVERIFY(db);
        auto variants = learning::parseVariants(QStringLiteral("default-2026-11-25,concise-2026-12-06"));
        QVERIFY(learning::ExperimentStore(*db.value())
                    .start(QStringLiteral("concise"), *variants, QStringLiteral("lead")));

        gui::DashboardWidget dashboard;
        dashboard.setAutoRefreshInterval(0);
        auto* experiments = dashboard.findChild<gui::ExperimentsPanel*>();
        auto* reliability = dashboard.findChild<gui::ReliabilityPanel*>();
        QVERIFY(experiments && reliability);
        dashboard.setDatabase(db.value());
        QTRY_VERIFY_WITH_TIMEOUT(
            experiments->statusText().startsWith(QLatin1String("not enough data yet")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            reliability->summaryText().startsWith(QLatin1String("Not fitted yet")), 10000);

        gradeDrafts(*db.value(), 1, 160);
        QSignalSpy refreshed(experiments, &gui::ExperimentsPanel::refreshed);
        dashboard.refresh(); // the panels refresh with the dashboard
        QTRY_VERIFY_WITH_TIMEOUT(
            experiments->statusText().startsWith(QLatin1String("B better on approval without major edits")),
            10000);
        QVERIFY(refreshed.size() >= 1);

        // Stopped and a new one started from the panel; bad input names the field and writes nothing.
        QVERIFY(experiments->isRunning());
        experiments->stopShown();
        QTRY_VERIFY_WITH_TIMEOUT(!experiments->isRunning(), 10000);
        QString error;
        QVERIFY(!experiments->startExperiment(QStringLiteral("next"), QStringLiteral("@a"), {}, &error));
        QVERIFY2(error.startsWith(QLatin1String("--variants")), qPrintable(error));
        QVERIFY(!experiments->startExperiment(
            QStringLiteral("next"), QStringLiteral("@a,@b"), QStringLiteral("70,20"), &error));
        QVERIFY2(error.startsWith(QLatin1String("--split")), qPrintable(error));
        QVERIFY(experiments->startExperiment(
            QStringLiteral("next"), QStringLiteral("@model-a,@model-b"), QStringLiteral("70,30"), &error));
        QTRY_VERIFY_WITH_TIMEOUT(experiments->isRunning(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            experiments->statusText().startsWith(QLatin1String("not enough data yet")), 10000);
        QCOMPARE(learning::ExperimentStore(*db.value()).running().value()->variants.at(0).weight, 70);

        QSignalSpy fitted(reliability, &gui::ReliabilityPanel::refreshed);
        reliability->refit();
        QTRY_VERIFY_WITH_TIMEOUT(fitted.size() >= 1, 10000);
        QVERIFY2(reliability->summaryText().startsWith(QLatin1String("Expected calibration error")),
            qPrintable(reliability->summaryText()));
        QVERIFY(reliability->summaryText().endsWith(QLatin1String("sample size 160.")));
        QCOMPARE(reliability->chart()->series().size(), 3); // diagonal, raw, calibrated
    }
};

QTEST_MAIN(TestExperimentPanel)
#include "tst_experimentpanel.moc"
