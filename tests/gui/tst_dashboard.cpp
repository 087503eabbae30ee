// The dashboard (tiles, charts, drill-down, asynchronous refresh) and the report exporter, on an SQLite
// database with four hand-made learning signals. Hand-computed over [2024-05-01, 2024-05-02]:
//   101 inbox 1 alice  05-01  t5 a5 p5  ratio 0.00  approved, no major edits  first reply 300 s  approval 60
//   s 102 inbox 1 bob    05-01  t4 a5 p5  ratio 0.15  approved, no major edits  first reply 600 s  approval
//   180 s 103 inbox 2 alice  05-02  t3 a4 p4  ratio 0.50  approved, major edits     first reply 1800 s
//   approval 1200 s 104 inbox 2 bob    05-02  t2 a3 p4  rejected ("Wrong policy"), never sent
// tone 14/4 = 3.50, accuracy 17/4 = 4.25, policy 18/4 = 4.50; replies 3 (104 rejected and no person's reply
// seen: unanswered, not manual), AI-drafted 3/3 = 100 %; approved without major edits 2/4 = 50 %; first
// response median of 300, 600, 1800 s = 10.0 min (mean 15.0 min); SLA (15 min) 2/3 = 66.7 %; median approval
// 180 s = 3.0 min.
#include "DashboardWidget.h"
#include "MetricTile.h"
#include "MetricsFixture.h"
#include "ReportExporter.h"
#include "ScreenshotSupport.h"
#include "StorageTestSupport.h"
#include "foundation/Clock.h"
#include "metrics/TargetCheck.h"
#include "reports/CsvReport.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QValueAxis>

using namespace cx;
using namespace cx::gui;

namespace {

QDateTime at(const char* iso)
{
    return test::utc(iso);
}

test::SignalRow row(const QString& conv, qint64 inbox, const QString& by, const char* graded, int t, int a,
    int p, QVariant ratio, bool approved, bool awme)
{
    test::SignalRow r;
    r.conversationId = conv;
    r.inboxId = QVariant::fromValue(inbox);
    r.gradedBy = by;
    r.gradedAt = at(graded);
    r.tone = t;
    r.accuracy = a;
    r.policy = p;
    r.editRatio = ratio;
    if (!ratio.isNull())
        r.editDistance = int(ratio.toDouble() * 100);
    r.approved = approved;
    r.withoutMajorEdits = awme;
    if (approved)
        r.humanReply = QStringLiteral("Final reply for ") + conv;
    r.customerMessage = QStringLiteral("Question of ") + conv;
    return r;
}

QList<test::SignalRow> signalRows()
{
    auto r1 = row(QStringLiteral("101"), 1, QStringLiteral("alice"), "2024-05-01T10:00:00.000Z", 5, 5, 5, 0.0,
        true, true);
    r1.customerMessageAt = at("2024-05-01T09:00:00.000Z");
    r1.draftReadyAt = at("2024-05-01T09:01:00.000Z");
    r1.approvedAt = at("2024-05-01T09:02:00.000Z");
    r1.sentAt = at("2024-05-01T09:05:00.000Z");
    auto r2 = row(QStringLiteral("102"), 1, QStringLiteral("bob"), "2024-05-01T11:00:00.000Z", 4, 5, 5, 0.15,
        true, true);
    r2.customerMessageAt = at("2024-05-01T10:00:00.000Z");
    r2.draftReadyAt = at("2024-05-01T10:01:00.000Z");
    r2.approvedAt = at("2024-05-01T10:04:00.000Z");
    r2.sentAt = at("2024-05-01T10:10:00.000Z");
    auto r3 = row(QStringLiteral("103"), 2, QStringLiteral("alice"), "2024-05-02T09:00:00.000Z", 3, 4, 4, 0.5,
        true, false);
    r3.customerMessageAt = at("2024-05-02T08:00:00.000Z");
    r3.draftReadyAt = at("2024-05-02T08:05:00.000Z");
    r3.approvedAt = at("2024-05-02T08:25:00.000Z");
    r3.sentAt = at("2024-05-02T08:30:00.000Z");
    auto r4 = row(QStringLiteral("104"), 2, QStringLiteral("bob"), "2024-05-02T10:00:00.000Z", 2, 3, 4,
        QVariant(), false, false);
    r4.rejectionReason = QStringLiteral("Wrong policy");
    r4.customerMessageAt = at("2024-05-02T09:00:00.000Z");
    r4.draftReadyAt = at("2024-05-02T09:02:00.000Z");
    return { r1, r2, r3, r4 };
}

} // namespace

class TestDashboard final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<storage::Database> m_db;

    QString tileValue(DashboardWidget& d, const char* tile)
    {
        auto* t = d.findChild<MetricTile*>(QLatin1String(tile));
        return t ? t->valueText() : QStringLiteral("<missing>");
    }
    QString tileNote(DashboardWidget& d, const char* tile)
    {
        auto* t = d.findChild<MetricTile*>(QLatin1String(tile));
        return t ? t->noteText() : QStringLiteral("<missing>");
    }
    QString tileBadge(DashboardWidget& d, const char* tile)
    {
        auto* t = d.findChild<MetricTile*>(QLatin1String(tile));
        return t ? t->badgeText() : QStringLiteral("<missing>");
    }
    QColor tileColour(DashboardWidget& d, const char* tile)
    {
        auto* t = d.findChild<MetricTile*>(QLatin1String(tile));
        return t ? t->badgeColour() : QColor();
    }

    // A dashboard on the fixture, showing [from, to], refreshed once.
    std::unique_ptr<DashboardWidget> makeDashboard(
        QDate from = QDate(2024, 5, 1), QDate to = QDate(2024, 5, 2))
    {
        auto d = std::make_unique<DashboardWidget>();
        d->setAutoRefreshInterval(0);
        d->resize(1200, 900);
        QSignalSpy refreshed(d.get(), &DashboardWidget::refreshed);
        d->setRange(from, to); // no database yet: nothing computed
        d->setDatabase(m_db);
        if (!refreshed.wait(10000))
            return {};
        for (int i = 0; i < 100 && d->isBusy(); ++i) // a pending pass (the range was set twice)
            refreshed.wait(100);
        return d->isBusy() ? nullptr : std::move(d);
    }

    template <typename S> S* firstSeries(QChart* chart)
    {
        for (QAbstractSeries* s : chart->series())
            if (auto* typed = qobject_cast<S*>(s))
                return typed;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        Clock::setFixedNow(at("2024-05-03T12:00:00.000Z"));
        // The expected texts below are English ones, whatever LANG the machine has.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        m_db = test::openFreshDatabase(QStringLiteral("sqlite"), m_dir);
        QVERIFY(m_db);
        for (const test::SignalRow& r : signalRows())
            QVERIFY(test::insertSignal(*m_db, r).ok());
    }
    void cleanupTestCase() { Clock::setFixedNow({}); }

    void tilesShowHandComputedValues()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QCOMPARE(tileValue(*d, "queueTile"), QStringLiteral("—"));
        d->setQueueSize(7);
        QCOMPARE(tileValue(*d, "queueTile"), QStringLiteral("7"));
        QCOMPARE(tileValue(*d, "toneTile"), QStringLiteral("3.50"));
        QCOMPARE(tileValue(*d, "accuracyTile"), QStringLiteral("4.25"));
        QCOMPARE(tileValue(*d, "policyTile"), QStringLiteral("4.50"));
        QCOMPARE(tileValue(*d, "aiDraftedTile"), QStringLiteral("100.0 %"));
        QCOMPARE(tileValue(*d, "repliesTile"), QStringLiteral("3"));
        QCOMPARE(tileValue(*d, "approvalRateTile"), QStringLiteral("50.0 %"));
        QCOMPARE(tileValue(*d, "responseTile"), QStringLiteral("10.0 min")); // the median, as in the PDF
        QCOMPARE(tileValue(*d, "slaTile"), QStringLiteral("66.7 %"));
        QCOMPARE(tileValue(*d, "approvalTimeTile"), QStringLiteral("3.0 min"));

        // Default targets: tone 4.5, accuracy 4.7, policy 4.8, AI-drafted 90 %, approval rate 85 %, median 15
        // min.
        QCOMPARE(tileBadge(*d, "toneTile"), QStringLiteral("not met"));
        QCOMPARE(tileColour(*d, "toneTile"), MetricTile::red());
        QCOMPARE(tileBadge(*d, "accuracyTile"), QStringLiteral("not met"));
        QCOMPARE(tileBadge(*d, "policyTile"), QStringLiteral("not met"));
        QCOMPARE(tileBadge(*d, "aiDraftedTile"), QStringLiteral("met"));
        QCOMPARE(tileBadge(*d, "approvalTimeTile"), QStringLiteral("met"));
        QCOMPARE(tileColour(*d, "approvalTimeTile"), MetricTile::green());
        // SLA 66.7 %: red below 85 %.
        QCOMPARE(tileBadge(*d, "slaTile"), QStringLiteral("red"));
        QCOMPARE(tileColour(*d, "slaTile"), MetricTile::red());

        // Targets are re-checked without recomputing: yellow from 60 %, tone met from 3.5.
        NorthStarTargets lenient;
        lenient.slaYellowPct = 60;
        lenient.tone = 3.5;
        d->setTargets(lenient);
        QCOMPARE(tileBadge(*d, "slaTile"), QStringLiteral("yellow"));
        QCOMPARE(tileColour(*d, "slaTile"), MetricTile::yellow());
        QCOMPARE(tileBadge(*d, "toneTile"), QStringLiteral("met"));
    }

    // A German window shows German numbers: the tiles follow the UI locale (Translations::install sets it as
    // the default), never "3.50" next to German captions.
    void tilesFollowTheUiLocale()
    {
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        auto d = makeDashboard();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(d);
        QCOMPARE(tileValue(*d, "toneTile"), QStringLiteral("3,50"));
        QCOMPARE(tileValue(*d, "slaTile"), QStringLiteral("66,7 %"));
        QCOMPARE(tileValue(*d, "responseTile"), QStringLiteral("10,0 min"));
        QVERIFY2(tileNote(*d, "responseTile").contains(QStringLiteral(",")),
            qPrintable(tileNote(*d, "responseTile")));
    }

    void chatwootVolumeReplacesTheFallback()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QCOMPARE(tileValue(*d, "aiDraftedTile"), QStringLiteral("100.0 %")); // 3 of the 3 CX Pilot saw sent
        int asked = 0;
        std::optional<qint64> answer = 10;
        d->setVolumeSource([&](const QDateTime& from, const QDateTime& to, QObject* context,
                               std::function<void(std::optional<qint64>)> done) {
            ++asked;
            QVERIFY(from < to);
            QTimer::singleShot(5, context, [done, answer] { done(answer); });
        });
        QSignalSpy refreshed(d.get(), &DashboardWidget::refreshed);
        d->refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(asked, 1);
        QCOMPARE(tileValue(*d, "aiDraftedTile"), QStringLiteral("30.0 %")); // 3 of Chatwoot's 10 replies
        QVERIFY(d->lastReport()->volume.source == metrics::VolumeSource::Chatwoot);
        QVERIFY(tileNote(*d, "aiDraftedTile").endsWith(QLatin1String("source: Chatwoot")));
        QVERIFY(tileNote(*d, "repliesTile").endsWith(QLatin1String("source: Chatwoot")));
        answer = std::nullopt; // Chatwoot's reports API failed: back to what CX Pilot saw, and it says so
        d->refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(tileValue(*d, "aiDraftedTile"), QStringLiteral("100.0 %"));
        QVERIFY(d->lastReport()->volume.source == metrics::VolumeSource::CxPilot);
        QCOMPARE(tileNote(*d, "aiDraftedTile"), QStringLiteral("3 of 3 replies · source: CX Pilot"));
        QCOMPARE(tileNote(*d, "repliesTile"),
            QStringLiteral("3 AI-drafted · 0 manual · 1 unanswered · source: CX Pilot"));
    }

    void inboxFilterTurnsTheBadgesGreen()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        auto* inbox = d->findChild<QComboBox*>(QStringLiteral("dashboardInbox"));
        QVERIFY(inbox);
        QTRY_COMPARE(inbox->count(), 3); // All inboxes, Inbox 1, Inbox 2 (loaded off-thread)
        auto* reviewer = d->findChild<QComboBox*>(QStringLiteral("dashboardReviewer"));
        QTRY_COMPARE(reviewer->count(), 3); // All reviewers, alice, bob
        inbox->setCurrentIndex(inbox->findData(qint64(1)));
        QCOMPARE(d->currentQuery().inboxId.value_or(-1), qint64(1));
        QSignalSpy refreshed(d.get(), &DashboardWidget::refreshed);
        d->refresh();
        QVERIFY(refreshed.wait(10000));
        // Inbox 1 = rows 101, 102: SLA 2/2, tone 4.5, accuracy 5, policy 5, AI-drafted 100 %.
        QCOMPARE(tileValue(*d, "slaTile"), QStringLiteral("100.0 %"));
        QCOMPARE(tileBadge(*d, "slaTile"), QStringLiteral("green"));
        QCOMPARE(tileColour(*d, "slaTile"), MetricTile::green());
        QCOMPARE(tileValue(*d, "toneTile"), QStringLiteral("4.50"));
        QCOMPARE(tileBadge(*d, "toneTile"), QStringLiteral("met"));
        QCOMPARE(tileBadge(*d, "aiDraftedTile"), QStringLiteral("met"));
    }

    // Legible axes, rendered offscreen at a normal and a narrow width: the daily SLA axis shows every k-th
    // day with each label inside its share of the plot (not "⋮"), every histogram label fits its bar's slot
    // (not "≤…"), and count axes have integer ticks.
    void chartLabelsFitTheirSlots_data()
    {
        QTest::addColumn<int>("width");
        QTest::newRow("normal") << 1200;
        QTest::newRow("narrow") << 700;
    }
    void chartLabelsFitTheirSlots()
    {
        QFETCH(int, width);
        auto d = makeDashboard(QDate(2024, 4, 3), QDate(2024, 5, 2)); // 30 days
        QVERIFY(d);
        d->resize(width, 900);
        d->show();
        QVERIFY(QTest::qWaitForWindowExposed(d.get()));
        QTest::qWait(400); // the relayout after the resize
        test::saveScreenshot(d.get(), QStringLiteral("dash-30-days-%1").arg(width));

        // What QtCharts really drew: no axis label truncated ("..." / "…").
        QStringList truncated;
        for (auto which : { DashboardWidget::Chart::Quality, DashboardWidget::Chart::Sla,
                 DashboardWidget::Chart::EditRatio, DashboardWidget::Chart::ApprovalTime }) {
            const auto items = d->chart(which)->scene()->items();
            for (QGraphicsItem* item : items)
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item)) {
                    const QString t = text->toPlainText();
                    if (t.endsWith(QLatin1String("...")) || t.endsWith(QStringLiteral("…")))
                        truncated << QStringLiteral("%1: %2").arg(int(which)).arg(t);
                }
        }
        QVERIFY2(truncated.isEmpty(), qPrintable(truncated.join(QStringLiteral(", "))));

        QChart* sla = d->chart(DashboardWidget::Chart::Sla);
        const auto horizontal = sla->axes(Qt::Horizontal);
        QCOMPARE(horizontal.size(), 1);
        auto* days = qobject_cast<QCategoryAxis*>(horizontal.first());
        QVERIFY(days);
        const QStringList shown = days->categoriesLabels();
        QVERIFY2(shown.size() >= 2, qPrintable(shown.join(QLatin1Char(','))));
        const double daySlot = sla->plotArea().width() / 30.0;
        const QFontMetricsF dayMetrics(days->labelsFont());
        for (int i = 0; i + 1 < shown.size(); ++i) {
            const double room = (days->endValue(shown.at(i + 1)) - days->endValue(shown.at(i))) * daySlot;
            QVERIFY2(dayMetrics.horizontalAdvance(shown.at(i)) <= room,
                qPrintable(QStringLiteral("%1: %2 px in %3 px")
                               .arg(shown.at(i))
                               .arg(dayMetrics.horizontalAdvance(shown.at(i)))
                               .arg(room)));
        }

        for (auto which : { DashboardWidget::Chart::EditRatio, DashboardWidget::Chart::ApprovalTime }) {
            QChart* c = d->chart(which);
            auto* x = qobject_cast<QBarCategoryAxis*>(c->axes(Qt::Horizontal).value(0));
            QVERIFY(x);
            const double slot = c->plotArea().width() / x->count();
            const QFontMetricsF fm(x->labelsFont());
            for (const QString& label : x->categories())
                QVERIFY2(fm.horizontalAdvance(label) <= slot,
                    qPrintable(QStringLiteral("%1: %2 px in %3 px")
                                   .arg(label)
                                   .arg(fm.horizontalAdvance(label))
                                   .arg(slot)));
            auto* y = qobject_cast<QValueAxis*>(c->axes(Qt::Vertical).value(0));
            QVERIFY(y);
            const double step = (y->max() - y->min()) / (y->tickCount() - 1);
            QCOMPARE(step, std::round(step));
            QVERIFY(step >= 1);
            // The count axis shows its numbers (a "%d" label format drew none).
            QStringList texts;
            for (QGraphicsItem* item : c->scene()->items())
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible())
                    texts << text->toPlainText();
            for (const QString& tick : { QStringLiteral("0"), QString::number(qint64(y->max())) })
                QVERIFY2(
                    texts.contains(tick), qPrintable(tick + QLatin1String(" not in ") + texts.join(u'|')));
        }
    }

    void emptyRangeShowsDashes()
    {
        auto d = makeDashboard(QDate(2023, 1, 1), QDate(2023, 1, 7));
        QVERIFY(d);
        QVERIFY(d->lastReport());
        QVERIFY(!d->lastReport()->hasData());
        for (const char* tile : { "responseTile", "slaTile", "aiDraftedTile", "approvalRateTile", "toneTile",
                 "accuracyTile", "policyTile", "approvalTimeTile" })
            QVERIFY2(tileValue(*d, tile) == QStringLiteral("—"), tile);
        const auto tiles = d->findChildren<MetricTile*>();
        for (MetricTile* t : tiles)
            QVERIFY2(!t->valueText().contains(QLatin1String("nan"), Qt::CaseInsensitive),
                qPrintable(t->objectName()));
        QCOMPARE(tileBadge(*d, "slaTile"), metrics::slaBadgeLabel(metrics::SlaBadge::NoData));
        QCOMPARE(tileBadge(*d, "toneTile"), QStringLiteral("not enough data"));
        QCOMPARE(tileColour(*d, "toneTile"), MetricTile::grey());
        // 7 empty days: no grade points, 7 SLA bars (all 0), empty histograms.
        auto* tone = firstSeries<QLineSeries>(d->chart(DashboardWidget::Chart::Quality));
        QVERIFY(tone);
        QCOMPARE(tone->count(), 0);
        auto* sla = firstSeries<QBarSeries>(d->chart(DashboardWidget::Chart::Sla));
        QCOMPARE(sla->barSets().at(0)->count(), 7);
    }

    void chartsHaveOnePointPerDayAndBucket()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QChart* quality = d->chart(DashboardWidget::Chart::Quality);
        QCOMPARE(quality->series().size(), 3); // tone, accuracy, policy
        auto* tone = qobject_cast<QLineSeries*>(quality->series().at(0));
        QCOMPARE(tone->count(), 2);
        QCOMPARE(tone->at(0).y(), 4.5); // 1 May: (5 + 4) / 2
        QCOMPARE(tone->at(1).y(), 2.5); // 2 May: (3 + 2) / 2

        QChart* sla = d->chart(DashboardWidget::Chart::Sla);
        auto* bars = firstSeries<QBarSeries>(sla);
        QVERIFY(bars);
        QBarSet* slaSet = bars->barSets().at(0);
        QCOMPARE(slaSet->count(), 2);
        QCOMPARE(slaSet->at(0), 100.0); // 101, 102 within 15 min
        QCOMPARE(slaSet->at(1), 0.0); // 103 late; 104 never sent
        QCOMPARE(sla->series().size(), 3); // bars + the 95 % and 85 % lines
        auto* green = qobject_cast<QLineSeries*>(sla->series().at(1));
        QCOMPARE(green->at(0).y(), 95.0);
        auto* yellow = qobject_cast<QLineSeries*>(sla->series().at(2));
        QCOMPARE(yellow->at(0).y(), 85.0);

        QBarSet* ratio
            = firstSeries<QBarSeries>(d->chart(DashboardWidget::Chart::EditRatio))->barSets().at(0);
        QCOMPARE(ratio->count(), metrics::kEditRatioBuckets);
        QCOMPARE(ratio->at(0), 1.0); // 0.00
        QCOMPARE(ratio->at(2), 1.0); // 0.15 in (0.1, 0.2]
        QCOMPARE(ratio->at(5), 1.0); // 0.50 in (0.4, 0.5]
        QCOMPARE(ratio->sum(), 3.0);
        QBarSet* approval
            = firstSeries<QBarSeries>(d->chart(DashboardWidget::Chart::ApprovalTime))->barSets().at(0);
        QCOMPARE(approval->count(), metrics::kApprovalBuckets);
        QCOMPARE(approval->at(0), 1.0); // 60 s
        QCOMPARE(approval->at(1), 1.0); // 180 s
        QCOMPARE(approval->at(3), 1.0); // 1200 s in (900, 1800]
    }

    void drillDown_data()
    {
        QTest::addColumn<DashboardWidget::Chart>("chart");
        QTest::addColumn<int>("index");
        QTest::addColumn<QStringList>("ids");
        QTest::newRow("quality point of 2 May")
            << DashboardWidget::Chart::Quality << 1
            << QStringList { QStringLiteral("103"), QStringLiteral("104") };
        QTest::newRow("SLA bar of 1 May") << DashboardWidget::Chart::Sla << 0
                                          << QStringList { QStringLiteral("101"), QStringLiteral("102") };
        QTest::newRow("unedited drafts")
            << DashboardWidget::Chart::EditRatio << 0 << QStringList { QStringLiteral("101") };
        QTest::newRow("edit ratio 0.4-0.5")
            << DashboardWidget::Chart::EditRatio << 5 << QStringList { QStringLiteral("103") };
        QTest::newRow("approved in 1-5 min")
            << DashboardWidget::Chart::ApprovalTime << 1 << QStringList { QStringLiteral("102") };
        QTest::newRow("empty bucket") << DashboardWidget::Chart::ApprovalTime << 6 << QStringList {};
    }
    void drillDown()
    {
        QFETCH(DashboardWidget::Chart, chart);
        QFETCH(int, index);
        QFETCH(QStringList, ids);
        auto d = makeDashboard();
        QVERIFY(d);
        QSignalSpy ready(d.get(), &DashboardWidget::drillDownReady);
        d->drillDown(chart, index);
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.at(0).at(0).toStringList(), ids);
        auto* list = d->findChild<QListWidget*>(QStringLiteral("drillDownList"));
        QCOMPARE(list->count(), ids.size());
    }

    void clickingABarDrillsDown()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QSignalSpy ready(d.get(), &DashboardWidget::drillDownReady);
        QBarSet* ratio
            = firstSeries<QBarSeries>(d->chart(DashboardWidget::Chart::EditRatio))->barSets().at(0);
        emit ratio->clicked(2); // what QtCharts emits for a click on the third bar
        QVERIFY(ready.wait(10000));
        QCOMPARE(ready.at(0).at(0).toStringList(), QStringList { QStringLiteral("102") });
    }

    void doubleClickOpensTheConversation()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        d->show();
        QVERIFY(QTest::qWaitForWindowExposed(d.get()));
        QSignalSpy ready(d.get(), &DashboardWidget::drillDownReady);
        d->drillDown(DashboardWidget::Chart::ApprovalTime, 3);
        QVERIFY(ready.wait(10000));
        auto* list = d->findChild<QListWidget*>(QStringLiteral("drillDownList"));
        QCOMPARE(list->count(), 1);
        QSignalSpy open(d.get(), &DashboardWidget::openConversationRequested);
        list->scrollToItem(list->item(0));
        const QPoint centre = list->visualItemRect(list->item(0)).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, centre);
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, centre);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.at(0).at(0).toLongLong(), 103);
    }

    void refreshRunsOnAWorker()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        d->show();
        auto* busy = d->findChild<QProgressBar*>(QStringLiteral("dashboardBusy"));
        QVERIFY(busy);
        QVERIFY(!busy->isVisible());
        QSignalSpy busySpy(d.get(), &DashboardWidget::busyChanged);
        QSignalSpy refreshed(d.get(), &DashboardWidget::refreshed);
        d->refresh();
        // refresh() returned before any result: the computation is still running elsewhere.
        QCOMPARE(refreshed.size(), 0);
        QVERIFY(d->isBusy());
        QVERIFY(busy->isVisible());
        QCOMPARE(busySpy.size(), 1);
        QCOMPARE(busySpy.at(0).at(0).toBool(), true);
        d->refresh(); // coalesced into one more pass
        QVERIFY(refreshed.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 10000);
        QCOMPARE(refreshed.size(), 2);
        QVERIFY(!busy->isVisible());
        QCOMPARE(busySpy.last().at(0).toBool(), false);
        QCOMPARE(tileValue(*d, "toneTile"), QStringLiteral("3.50"));
    }

    void autoRefreshPicksUpNewSignals()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QSignalSpy refreshed(d.get(), &DashboardWidget::refreshed);
        d->setAutoRefreshInterval(50);
        QVERIFY(refreshed.wait(10000));
        d->setAutoRefreshInterval(0);
        QTRY_VERIFY_WITH_TIMEOUT(!d->isBusy(), 10000);
    }

    void themeFollowsThePalette()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QCOMPARE(d->chart(DashboardWidget::Chart::Sla)->theme(), QChart::ChartThemeLight);
        d->show();
        QVERIFY(test::saveScreenshot(d.get(), QStringLiteral("dash-light")));
        d->setPalette(test::darkPalette());
        QCOMPARE(d->chart(DashboardWidget::Chart::Sla)->theme(), QChart::ChartThemeDark);
        // The charts were rebuilt under the new theme, data intact.
        QCOMPARE(firstSeries<QBarSeries>(d->chart(DashboardWidget::Chart::Sla))->barSets().at(0)->count(), 2);
        QVERIFY(test::saveScreenshot(d.get(), QStringLiteral("dash-dark")));
        d->setPalette(QPalette());
        d->resize(900, 600);
        QVERIFY(test::saveScreenshot(d.get(), QStringLiteral("dash-small")));
    }

    // Issue 15: at 700 px the tiles reflow (and the page scrolls) rather than squeeze: every tile's value
    // shows its whole text, beside its badge and not under it, in the light and the dark palette.
    void narrowDashboardClipsNoValue_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    void narrowDashboardClipsNoValue()
    {
        QFETCH(bool, dark);
        auto d = makeDashboard();
        QVERIFY(d);
        d->setQueueSize(12345);
        if (dark)
            d->setPalette(test::darkPalette());
        d->resize(700, 600);
        d->show();
        QVERIFY(QTest::qWaitForWindowExposed(d.get()));
        auto* scroll = d->findChild<QScrollArea*>(QStringLiteral("dashboardScroll"));
        QVERIFY(scroll && scroll->widget());
        QWidget* content = scroll->widget();
        // Reflowed, not scrolled sideways: the page's minimum width fits the window (controls in two rows).
        QTRY_VERIFY(content->width() >= content->minimumSizeHint().width());
        QTRY_VERIFY2(content->minimumSizeHint().width() <= scroll->viewport()->width(),
            qPrintable(QStringLiteral("%1 px in %2 px")
                           .arg(content->minimumSizeHint().width())
                           .arg(scroll->viewport()->width())));
        QCOMPARE(scroll->horizontalScrollBar()->maximum(), 0);
        // Once the charts are laid out again for the width, both days of the SLA axis keep their labels.
        auto slaDays = [&d] {
            auto* days = qobject_cast<QCategoryAxis*>(
                d->chart(DashboardWidget::Chart::Sla)->axes(Qt::Horizontal).value(0));
            return days ? days->categoriesLabels() : QStringList();
        };
        QTRY_COMPARE(slaDays().size(), 2);
        const QList<MetricTile*> tiles = d->findChildren<MetricTile*>();
        QCOMPARE(tiles.size(), 10);
        for (MetricTile* tile : tiles) {
            const QString name = tile->objectName();
            auto* value = tile->findChild<QLabel*>(name + QStringLiteral("Value"));
            auto* badge = tile->findChild<QLabel*>(name + QStringLiteral("Badge"));
            QVERIFY2(value && badge, qPrintable(name));
            const int advance = value->fontMetrics().horizontalAdvance(value->text());
            QVERIFY2(advance <= value->contentsRect().width(),
                qPrintable(QStringLiteral("%1: \"%2\" needs %3 px, has %4")
                               .arg(name, value->text())
                               .arg(advance)
                               .arg(value->contentsRect().width())));
            QVERIFY2(tile->rect().contains(value->geometry()), qPrintable(name));
            if (badge->isVisible()) {
                QVERIFY2(!value->geometry().intersects(badge->geometry()), qPrintable(name));
                QVERIFY2(tile->rect().contains(badge->geometry()), qPrintable(name));
            }
            // The tile itself lies inside the page (reachable by scrolling), not cut off at its edge.
            const QRect inContent(tile->mapTo(content, QPoint(0, 0)), tile->size());
            QVERIFY2(content->rect().contains(inContent), qPrintable(name));
        }
        // Five tiles a row do not fit 700 px: they reflowed into fewer columns, more rows.
        QSet<int> columns;
        for (MetricTile* tile : tiles)
            columns.insert(tile->mapTo(content, QPoint(0, 0)).x());
        QVERIFY2(columns.size() < 5, qPrintable(QString::number(columns.size())));
        QVERIFY(test::saveScreenshot(
            d.get(), dark ? QStringLiteral("dash-narrow-dark") : QStringLiteral("dash-narrow")));
    }

    void exporterWritesPdfAndCsv_data()
    {
        QTest::addColumn<ReportExporter::Kind>("kind");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("pdf") << ReportExporter::Kind::Pdf << QStringLiteral("r.pdf");
        QTest::newRow("csv") << ReportExporter::Kind::Csv << QStringLiteral("r.csv");
        QTest::newRow("jsonl") << ReportExporter::Kind::Jsonl << QStringLiteral("r.jsonl");
    }
    void exporterWritesPdfAndCsv()
    {
        QFETCH(ReportExporter::Kind, kind);
        QFETCH(QString, fileName);
        auto d = makeDashboard();
        QVERIFY(d);
        QTemporaryDir out;
        const QString path = out.filePath(fileName);
        ReportExporter exporter(d.get());
        exporter.setDatabase(m_db);
        QString suggested;
        exporter.setPathChooser([&](ReportExporter::Kind, const QString& name) {
            suggested = name;
            return path;
        });
        QSignalSpy finished(&exporter, &ReportExporter::finished);
        QSignalSpy failed(&exporter, &ReportExporter::failed);
        QVERIFY(exporter.start(kind, d->currentQuery(), d->targets()));
        QVERIFY(exporter.isRunning());
        QVERIFY(!exporter.start(kind, d->currentQuery(), d->targets())); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() + failed.size() > 0, 20000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.at(0).at(1).toString()));
        QCOMPARE(finished.at(0).at(1).toString(), path);
        QVERIFY(suggested.contains(QLatin1String("2024-05-01_2024-05-02")));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
        switch (kind) {
        case ReportExporter::Kind::Pdf:
            QVERIFY(data.startsWith("%PDF-"));
            QVERIFY(data.size() > 2000);
            break;
        case ReportExporter::Kind::Csv: {
            const QList<QByteArray> lines = data.trimmed().split('\n');
            QCOMPARE(lines.size(), 5); // header + the 4 signals
            QVERIFY(lines.at(0).contains("graded_at,conversation_id"));
            QVERIFY(lines.at(1).contains(",101,"));
            break;
        }
        case ReportExporter::Kind::Jsonl:
            // Approved with all grades >= 4 and a final reply: 101 and 102 only.
            QCOMPARE(data.trimmed().split('\n').size(), 2);
            QVERIFY(data.contains("Final reply for 101"));
            break;
        }
    }

    void cancellingThePdfLeavesNoFile()
    {
        auto d = makeDashboard();
        QVERIFY(d);
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("cancelled.pdf"));
        ReportExporter exporter(d.get());
        exporter.setDatabase(m_db);
        exporter.setPathChooser([&](ReportExporter::Kind, const QString&) { return path; });
        QSignalSpy cancelled(&exporter, &ReportExporter::cancelled);
        QSignalSpy finished(&exporter, &ReportExporter::finished);
        QVERIFY(exporter.start(ReportExporter::Kind::Pdf, d->currentQuery(), d->targets()));
        exporter.cancel(); // before the first step is back: stops there
        QVERIFY(cancelled.wait(10000));
        QCOMPARE(finished.size(), 0);
        QVERIFY(!exporter.isRunning());
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(path + QStringLiteral(".part")));
    }

    // Found exporting from the demo by keyboard: a name typed without ".pdf" gave a file without an
    // extension.
    void aNameWithoutExtensionGetsTheKinds()
    {
        QCOMPARE(ReportExporter::withExtension(ReportExporter::Kind::Pdf, QStringLiteral("/tmp/report")),
            QStringLiteral("/tmp/report.pdf"));
        QCOMPARE(ReportExporter::withExtension(ReportExporter::Kind::Csv, QStringLiteral("/tmp/r")),
            QStringLiteral("/tmp/r.csv"));
        QCOMPARE(ReportExporter::withExtension(ReportExporter::Kind::Jsonl, QStringLiteral("/tmp/r")),
            QStringLiteral("/tmp/r.jsonl"));
        QCOMPARE(ReportExporter::withExtension(ReportExporter::Kind::Pdf, QStringLiteral("/tmp/r.txt")),
            QStringLiteral("/tmp/r.txt"));
        QCOMPARE(ReportExporter::withExtension(ReportExporter::Kind::Pdf, QString()), QString());
        auto d = makeDashboard();
        QVERIFY(d);
        QTemporaryDir out;
        ReportExporter exporter(d.get());
        exporter.setDatabase(m_db);
        exporter.setPathChooser(
            [&](ReportExporter::Kind, const QString&) { return out.filePath(QStringLiteral("report")); });
        QSignalSpy finished(&exporter, &ReportExporter::finished);
        QVERIFY(exporter.start(ReportExporter::Kind::Pdf, d->currentQuery(), d->targets()));
        QVERIFY(finished.wait(30000));
        QVERIFY(QFile::exists(out.filePath(QStringLiteral("report.pdf"))));
        QVERIFY(!QFile::exists(out.filePath(QStringLiteral("report"))));
    }

    void noPathNoExport()
    {
        ReportExporter exporter(nullptr);
        exporter.setDatabase(m_db);
        exporter.setPathChooser([](ReportExporter::Kind, const QString&) { return QString(); });
        QVERIFY(!exporter.start(ReportExporter::Kind::Csv, {}, {}));
        QVERIFY(!exporter.isRunning());
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
