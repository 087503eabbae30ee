// The quality tracker against the hand-computed fixture tests/fixtures/metrics/signals.json, on SQLite and
// PostgreSQL. In range [2024-03-01, 2024-03-03): rows A..J (X1 is 1 ms before, X2 exactly at the end).
#include "MetricsFixture.h"
#include "StorageTestSupport.h"
#include "metrics/QualityTracker.h"
#include "metrics/TargetCheck.h"

#include <QThread>
#include <QTimer>

using namespace cx;
using namespace cx::metrics;

namespace {
QualityQuery fixtureQuery()
{
    QualityQuery q;
    q.from = test::utc("2024-03-01T00:00:00.000Z");
    q.to = test::utc("2024-03-03T00:00:00.000Z");
    q.slaMinutes = 15;
    q.asOf = test::utc("2024-03-02T20:20:00.000Z");
    return q;
}

std::array<qint64, 5> counts(qint64 a, qint64 b, qint64 c, qint64 d, qint64 e)
{
    return { a, b, c, d, e };
}
} // namespace

class TestQualityTracker final : public QObject {
    Q_OBJECT

    std::shared_ptr<storage::Database> openWithFixture(const QString& dialect, QTemporaryDir& dir)
    {
        auto db = test::openFreshDatabase(dialect, dir);
        if (!db)
            return {};
        const QString error = test::loadSignalsFixture(*db);
        if (!error.isEmpty()) {
            qWarning("%s", qPrintable(error));
            return {};
        }
        return db;
    }

    Result<QualityReport> compute(storage::Database& db, const QualityQuery& q)
    {
        QSqlDatabase c = db.connection();
        return QualityTracker::computeNow(c, db.dialect(), q);
    }

private slots:
    void wholeRange_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void wholeRange()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        auto r = compute(*db, fixtureQuery());
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        const Tally& t = r->totals;

        // Quality: 10 rows. tone 5+4+3+2+5+1+4+5+3+4 = 36, accuracy 5+5+4+3+4+2+4+5+3+5 = 40,
        // policy 5+4+5+2+5+3+4+4+3+5 = 40; overall = 116 / 30.
        QCOMPARE(t.reviewed, 10);
        QCOMPARE(*t.averageTone(), 3.6);
        QCOMPARE(*t.averageAccuracy(), 4.0);
        QCOMPARE(*t.averagePolicy(), 4.0);
        QCOMPARE(*t.averageOverall(), 116.0 / 30.0);
        QCOMPARE(t.toneCounts, counts(1, 1, 2, 3, 3));
        QCOMPARE(t.accuracyCounts, counts(0, 1, 2, 3, 4));
        QCOMPARE(t.policyCounts, counts(0, 1, 2, 3, 4));

        // Volume without Chatwoot's count: what CX Pilot saw = 7 sent through the draft; the 3 rejected
        // drafts have no person's reply seen (no drafts row marks one), so they are unanswered, not manual.
        QCOMPARE(r->volume.source, VolumeSource::CxPilot);
        QCOMPARE(r->volume.total, 7);
        QCOMPARE(r->volume.aiDrafted, 7);
        QCOMPARE(r->volume.manual, 0);
        QCOMPARE(r->volume.unanswered, 3);
        QCOMPARE(*r->volume.aiDraftedPct, 100.0);

        // Learning: edit distance over the 9 rows that have one: 435 / 9; ratio 3.05 / 9;
        // approved without major edits A, B, E, H, J = 5 of 10.
        QCOMPARE(t.editDistanceCount, 9);
        QCOMPARE(*t.averageEditDistance(), 435.0 / 9.0);
        QVERIFY(qAbs(*t.averageEditRatio() - 3.05 / 9.0) < 1e-12);
        QCOMPARE(t.approvedWithoutMajorEdits, 5);
        QCOMPARE(*t.approvalRatePct(), 50.0);
        // 0: A, J | (0, .1]: B (0.1 exactly), E | (.1, .2]: H (0.2 exactly) | (.2, .3]: G (0.3 exactly) |
        // (.4, .5]: C | (.8, .9]: D | (.9, 1]: I
        const std::array<qint64, kEditRatioBuckets> ratioHist { 2, 2, 1, 1, 0, 1, 0, 0, 0, 1, 1 };
        QCOMPARE(t.editRatioHistogram, ratioHist);
        QCOMPARE(r->rejectionReasons.size(), 2);
        QCOMPARE(r->rejectionReasons[0].reason, QStringLiteral("Wrong policy")); // "  Wrong policy " trimmed
        QCOMPARE(r->rejectionReasons[0].count, 2);
        QCOMPARE(r->rejectionReasons[1].reason, QStringLiteral("Tone too casual"));
        QCOMPARE(r->rejectionReasons[1].count, 1);

        // First response (J is negative: excluded): 60, 600, 899, 900, 1200, 3600 s. Even n: median is
        // (899 + 900) / 2; p90 rank ceil(5.4) = 6.
        QCOMPARE(r->firstResponse.count, 6);
        QCOMPARE(*r->firstResponse.meanSeconds, 7259.0 / 6.0);
        QCOMPARE(*r->firstResponse.medianSeconds, 899.5);
        QCOMPARE(*r->firstResponse.p90Seconds, 3600.0);
        // SLA 15 min: within A 600, C 899, E 900 (exactly 15 min counts), H 60 = 4; breaches B, G; open
        // breach O1 (20 min unanswered at asOf; O3 at exactly 15 min is not yet a breach) -> 4 / 7.
        QCOMPARE(t.firstResponseWithinSla, 4);
        QCOMPARE(t.openSlaBreaches, 1);
        QCOMPARE(t.slaMeasured(), 7);
        QCOMPARE(*t.slaCompliancePct(), 400.0 / 7.0);

        // Approval time: 40, 360, 480, 480, 780, 1080, 3480 s. Odd n with a tie in the middle: 480.
        QCOMPARE(r->approvalTime.count, 7);
        QCOMPARE(*r->approvalTime.meanSeconds, 6700.0 / 7.0);
        QCOMPARE(*r->approvalTime.medianSeconds, 480.0);
        QCOMPARE(*r->approvalTime.p90Seconds, 3480.0);
        const std::array<qint64, kApprovalBuckets> approvalHist { 1, 0, 4, 1, 1, 0, 0 };
        QCOMPARE(t.approvalHistogram, approvalHist);

        // Daily series: midnight edges. A (00:00:00.000) and C (23:59:59.999) belong to 1 March.
        QCOMPARE(r->daily.size(), 2);
        QCOMPARE(r->daily[0].day, QDate(2024, 3, 1));
        const Tally& d1 = r->daily[0].tally;
        QCOMPARE(d1.reviewed, 4);
        QCOMPARE(*d1.averageTone(), 3.5);
        QCOMPARE(*d1.averageAccuracy(), 4.25);
        QCOMPARE(*d1.averagePolicy(), 4.0);
        QCOMPARE(*d1.slaCompliancePct(), 200.0 / 3.0);
        const Tally& d2 = r->daily[1].tally;
        QCOMPARE(d2.reviewed, 6);
        QCOMPARE(*d2.averageTone(), 22.0 / 6.0);
        QCOMPARE(d2.openSlaBreaches, 1);
        QCOMPARE(*d2.slaCompliancePct(), 50.0);
        // Weighted: the range's tone (3.6) is not the mean of the daily averages (3.5833...).
        QVERIFY(*t.averageTone() != (*d1.averageTone() + *d2.averageTone()) / 2);
    }

    void chatwootVolume_data()
    {
        QTest::addColumn<qint64>("outgoing");
        QTest::addColumn<qint64>("manual");
        QTest::addColumn<double>("pct");
        QTest::newRow("more replies in Chatwoot") << qint64(20) << qint64(13) << 35.0;
        QTest::newRow("fewer in Chatwoot than drafted: clamped") << qint64(5) << qint64(0) << 100.0;
    }
    void chatwootVolume()
    {
        QFETCH(qint64, outgoing);
        QFETCH(qint64, manual);
        QFETCH(double, pct);
        QTemporaryDir dir;
        auto db = openWithFixture(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QualityQuery q = fixtureQuery();
        q.chatwootOutgoingCount = outgoing;
        auto r = compute(*db, q);
        QVERIFY(r.ok());
        QCOMPARE(r->volume.source, VolumeSource::Chatwoot);
        QCOMPARE(r->volume.total, outgoing);
        QCOMPARE(r->volume.aiDrafted, 7);
        QCOMPARE(r->volume.manual, manual);
        QCOMPARE(r->volume.unanswered, 3); // the rejected drafts, whatever Chatwoot counts
        QCOMPARE(*r->volume.aiDraftedPct, pct);
    }

    void filters_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void filters()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        QualityQuery q = fixtureQuery();
        q.inboxId = 2; // C, F, I; no open breach in inbox 2 (O2 is only 10 min old)
        auto r = compute(*db, q);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.reviewed, 3);
        QCOMPARE(*r->totals.averageTone(), 7.0 / 3.0);
        QCOMPARE(r->totals.openSlaBreaches, 0);
        QCOMPARE(*r->totals.slaCompliancePct(), 100.0); // C: 899 s

        q.inboxId.reset();
        q.reviewer = QStringLiteral("alice"); // A, C, E, H, J; open drafts have no reviewer
        r = compute(*db, q);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.reviewed, 5);
        QCOMPARE(*r->totals.averageTone(), 4.4);
        QCOMPARE(r->totals.openSlaBreaches, 0);
        QCOMPARE(r->firstResponse.count, 4); // A 600, C 899, E 900, H 60 (J negative)
        QCOMPARE(*r->firstResponse.medianSeconds, (600.0 + 899.0) / 2);
    }

    void partialDaysAndOneRow_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void partialDaysAndOneRow()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        // Noon to noon: D (12:00, included), C (1 March 23:59:59.999), E, F (2 March). Two partial days.
        QualityQuery q = fixtureQuery();
        q.from = test::utc("2024-03-01T12:00:00.000Z");
        q.to = test::utc("2024-03-02T12:00:00.000Z");
        auto r = compute(*db, q);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.reviewed, 4);
        QCOMPARE(r->daily.size(), 2);
        QCOMPARE(r->daily[0].tally.reviewed, 2);
        QCOMPARE(r->daily[1].tally.reviewed, 2);

        // One row (H): every statistic is that row's value.
        q.from = test::utc("2024-03-02T16:00:00.000Z");
        q.to = test::utc("2024-03-02T16:00:00.001Z");
        r = compute(*db, q);
        QVERIFY(r.ok());
        QCOMPARE(r->totals.reviewed, 1);
        QCOMPARE(r->daily.size(), 1);
        QCOMPARE(*r->firstResponse.meanSeconds, 60.0);
        QCOMPARE(*r->firstResponse.medianSeconds, 60.0);
        QCOMPARE(*r->firstResponse.p90Seconds, 60.0);
        QCOMPARE(*r->approvalTime.medianSeconds, 40.0);
        QCOMPARE(*r->totals.averageOverall(), 14.0 / 3.0);
    }

    void emptyRangeHasNoData_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void emptyRangeHasNoData()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        QualityQuery q = fixtureQuery();
        q.from = test::utc("2023-01-01T00:00:00.000Z");
        q.to = test::utc("2023-01-08T00:00:00.000Z");
        auto r = compute(*db, q);
        QVERIFY(r.ok());
        QVERIFY(!r->hasData());
        QCOMPARE(r->daily.size(), 7); // empty days are still points on the chart
        const Tally& t = r->totals;
        QVERIFY(!t.averageTone() && !t.averageAccuracy() && !t.averagePolicy() && !t.averageOverall());
        QVERIFY(!t.averageEditDistance() && !t.averageEditRatio() && !t.approvalRatePct());
        QVERIFY(!t.slaCompliancePct() && !t.meanFirstResponseSeconds() && !t.meanApprovalSeconds());
        QVERIFY(!r->firstResponse.medianSeconds && !r->firstResponse.p90Seconds);
        QVERIFY(!r->approvalTime.medianSeconds && !r->volume.aiDraftedPct);
        QVERIFY(r->rejectionReasons.isEmpty());
        for (const TargetCheck& c : checkTargets(*r, NorthStarTargets {}))
            QCOMPARE(c.status, TargetStatus::NotEnoughData);
        QCOMPARE(slaBadge(t.slaCompliancePct(), NorthStarTargets {}), SlaBadge::NoData);
    }

    void drillDown_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void drillDown()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        QSqlDatabase c = db->connection();
        DrillDown dd;
        dd.day = QDate(2024, 3, 1);
        dd.editRatioBucket = 1; // B (0.1); E (0.05) is on 2 March
        auto ids = QualityTracker::conversationIdsNow(c, db->dialect(), fixtureQuery(), dd);
        QVERIFY(ids.ok());
        QCOMPARE(*ids, QStringList { QStringLiteral("c2") });

        dd = DrillDown {};
        dd.approvalBucket = 2; // (5, 15] min: A 480, C 780, E 480, J 360
        ids = QualityTracker::conversationIdsNow(c, db->dialect(), fixtureQuery(), dd);
        QVERIFY(ids.ok());
        QCOMPARE(*ids,
            (QStringList {
                QStringLiteral("c1"), QStringLiteral("c10"), QStringLiteral("c3"), QStringLiteral("c5") }));

        dd = DrillDown {};
        dd.slaBreachesOnly = true; // B 1200 s, G 3600 s
        ids = QualityTracker::conversationIdsNow(c, db->dialect(), fixtureQuery(), dd);
        QVERIFY(ids.ok());
        QCOMPARE(*ids, (QStringList { QStringLiteral("c2"), QStringLiteral("c7") }));

        dd = DrillDown {};
        dd.day = QDate(2024, 3, 2);
        dd.editRatioBucket = 0; // unedited on 2 March: J
        ids = QualityTracker::conversationIdsNow(c, db->dialect(), fixtureQuery(), dd);
        QVERIFY(ids.ok());
        QCOMPARE(*ids, QStringList { QStringLiteral("c10") });
    }

    // The dashboard's filter lists (loose index scan) equal the plain SELECT DISTINCT over the whole table.
    void filterChoices_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void filterChoices()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = openWithFixture(dialect, dir);
        QVERIFY(db);
        test::SignalRow noInbox; // a signal without an inbox: no inbox choice, but its reviewer is one
        noInbox.gradedBy = QStringLiteral("zoe");
        noInbox.gradedAt = test::utc("2023-01-01T00:00:00.000Z");
        QVERIFY(test::insertSignal(*db, noInbox).ok());
        test::SignalRow far = noInbox; // another inbox, another year
        far.inboxId = QVariant::fromValue(qint64(77));
        far.gradedBy = QStringLiteral("Ömer");
        QVERIFY(test::insertSignal(*db, far).ok());

        QSqlDatabase c = db->connection();
        auto choices = QualityTracker::filterChoicesNow(c);
        QVERIFY2(choices.ok(), qPrintable(choices.ok() ? QString() : choices.error().toString()));
        QList<qint64> inboxes;
        QStringList reviewers;
        QSqlQuery q(c);
        QVERIFY(q.exec(QStringLiteral("SELECT DISTINCT inbox_id FROM customer_reply_grading WHERE inbox_id "
                                      "IS NOT NULL ORDER BY inbox_id")));
        while (q.next())
            inboxes << q.value(0).toLongLong();
        QVERIFY(q.exec(
            QStringLiteral("SELECT DISTINCT graded_by FROM customer_reply_grading WHERE graded_by IS NOT "
                           "NULL AND graded_by <> '' ORDER BY graded_by")));
        while (q.next())
            reviewers << q.value(0).toString();
        QVERIFY(inboxes.size() >= 3);
        QVERIFY(inboxes.contains(77));
        QVERIFY(reviewers.contains(QStringLiteral("zoe")));
        QCOMPARE(choices->inboxes, inboxes);
        QCOMPARE(choices->reviewers, reviewers);
    }

    void asyncComputeCallsBackOnContext()
    {
        QTemporaryDir dir;
        auto db = openWithFixture(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QualityTracker tracker(db);
        QObject context;
        std::optional<Result<QualityReport>> got;
        QThread* callbackThread = nullptr;
        tracker.compute(fixtureQuery(), &context, [&](Result<QualityReport> r) {
            callbackThread = QThread::currentThread();
            got = std::move(r);
        });
        QTRY_VERIFY(got.has_value());
        QCOMPARE(callbackThread, QThread::currentThread());
        QVERIFY(got->ok());
        QCOMPARE(got->value().totals.reviewed, 10);
    }

    void rejectsBadQueries()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QualityQuery q = fixtureQuery();
        q.to = q.from;
        auto r = compute(*db, q);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Invalid);
        QCOMPARE(r.error().field, QStringLiteral("to"));
        q = fixtureQuery();
        q.slaMinutes = -1;
        r = compute(*db, q);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("slaMinutes"));
    }
};

QTEST_GUILESS_MAIN(TestQualityTracker)
#include "tst_qualitytracker.moc"
