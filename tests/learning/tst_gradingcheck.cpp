// The dashboard's grading-consistency check on production grades (SQLite): a reviewer who turns lenient
// half-way raises a drift alert after the change; steady reviewers do not; the leniency measured in the
// latest closed calibration session adjusts the average grades; and the panel shows both.
#include "CalibrationPanel.h"
#include "learning/Bootstrap.h"
#include "learning/CalibrationStore.h"
#include "learning/DriftMonitor.h"
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace cx;
using namespace cx::learning;
using namespace Qt::StringLiterals;

namespace {
const QDateTime kStart(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC);
constexpr int kPerReviewer = 80;
constexpr int kShiftAt = 40; // Cy grades one point higher from her 41st grade on

int around(SplitMix64& rng, int centre)
{
    const double u = rng.uniform();
    return std::clamp(centre + (u < 0.2 ? -1 : (u < 0.8 ? 0 : 1)), 1, 5);
}
} // namespace

class TestGradingCheck final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<storage::Database> m_db;
    metrics::QualityQuery m_query;

private slots:
    void initTestCase()
    {
        auto db = storage::Database::open(u"sqlite://"_s + m_dir.filePath(u"g.db"_s));
        QVERIFY(db);
        m_db = db.value();
        SplitMix64 rng(2026);
        QList<review::LearningSignal> batch;
        QStringList firstIds;
        for (int i = 0; i < kPerReviewer; ++i) {
            for (const QString& who : { u"Ann"_s, u"Bob"_s, u"Cy"_s }) {
                const int centre = who == u"Cy"_s && i >= kShiftAt ? 4 : 3;
                review::LearningSignal s;
                s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
                s.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
                s.conversationId = QString::number(i);
                s.inboxId = 1;
                s.draftText = u"Draft"_s;
                s.finalText = u"Reply"_s;
                s.grades = { around(rng, centre), around(rng, centre), around(rng, centre) };
                s.approved = true;
                s.gradedBy = who;
                s.gradedAt = kStart.addSecs(3600 * i);
                batch.append(s);
                if (i < 6 && who == u"Ann"_s)
                    firstIds.append(s.id);
            }
        }
        QVERIFY(review::SignalStore(*m_db).batchSaveLearningSignals(batch).ok());
        m_query.from = kStart;
        m_query.to = kStart.addDays(10);

        // Before any calibration there is nothing to adjust by.
        auto before = checkGrading(*m_db, m_query.from, m_query.to);
        QVERIFY(before);
        QVERIFY(before->calibrationName.isEmpty());
        QVERIFY(!before->leniencyAdjusted[0]);

        // A closed calibration session in which Cy graded one point above Ann and Bob on every reply.
        CalibrationStore store(*m_db);
        auto session = store.createSession(u"March"_s, u"Ann"_s, firstIds, u"picked"_s);
        QVERIFY(session);
        for (int p = 1; p <= firstIds.size(); ++p) {
            const int g = 1 + p % 4;
            QVERIFY(store.saveGrade(session->id, p, u"Ann"_s, { g, g, g }).ok());
            QVERIFY(store.saveGrade(session->id, p, u"Bob"_s, { g, g, g }).ok());
            QVERIFY(store.saveGrade(session->id, p, u"Cy"_s, { g + 1, g + 1, g + 1 }).ok());
        }
        QVERIFY(store.close(session->id, u"Ann"_s).ok());
    }

    void lenientTurnRaisesAnAlertAfterTheChange()
    {
        auto check = checkGrading(*m_db, m_query.from, m_query.to);
        QVERIFY2(check, qPrintable(check ? QString() : check.error().toString()));
        QCOMPARE(check->graded, 3 * kPerReviewer);
        QCOMPARE(check->drifts.size(), 9); // 3 reviewers × 3 axes
        QStringList alarmed;
        for (const ReviewerDrift& d : check->alarms()) {
            alarmed.append(d.reviewer + u"/"_s + review::gradeFieldName(d.axis));
            if (d.reviewer == u"Cy"_s) {
                QCOMPARE(d.direction, DriftDirection::Lenient);
                QVERIFY2(d.alarmAt >= kStart.addSecs(3600 * kShiftAt), qPrintable(d.alarmAt.toString()));
                QVERIFY2(
                    d.alarmAt < kStart.addSecs(3600 * (kShiftAt + 20)), qPrintable(d.alarmAt.toString()));
            }
        }
        for (const char* axis : { "tone", "accuracy", "policy" })
            QVERIFY2(alarmed.contains(u"Cy/"_s + QLatin1String(axis)), qPrintable(alarmed.join(u", "_s)));
        QVERIFY2(!alarmed.contains(u"Ann/tone"_s) && !alarmed.contains(u"Bob/tone"_s),
            qPrintable(alarmed.join(u", "_s)));
    }

    void leniencyAdjustsTheAverages()
    {
        auto check = checkGrading(*m_db, m_query.from, m_query.to);
        QVERIFY(check);
        QCOMPARE(check->calibrationName, u"March"_s);
        QCOMPARE(check->leniency.value(u"Cy"_s)[0], 1.0); // +1 against the mean of Ann and Bob
        QCOMPARE(check->leniency.value(u"Ann"_s)[0], -0.5);
        // Recompute the adjusted tone average by hand from the stored grades.
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(u"SELECT graded_by, tone FROM customer_reply_grading"_s));
        double sum = 0;
        int n = 0;
        while (q.next()) {
            sum += leniencyAdjusted(q.value(1).toInt(), check->leniency.value(q.value(0).toString())[0]);
            ++n;
        }
        QVERIFY(qAbs(*check->leniencyAdjusted[0] - sum / n) < 1e-9);
        // Team-wide, leniencies offset each other; for Cy alone the adjustment takes about a point off.
        auto cy = checkGrading(*m_db, m_query.from, m_query.to, std::nullopt, u"Cy"_s);
        QVERIFY(cy);
        QCOMPARE(cy->graded, kPerReviewer);
        QVERIFY2(*cy->asGraded[0] - *cy->leniencyAdjusted[0] > 0.9,
            qPrintable(QString::number(*cy->leniencyAdjusted[0])));
        QCOMPARE(cy->drifts.size(), 9); // drift still against everyone
    }

    void panelShowsAlertAndBothViews()
    {
        gui::CalibrationPanel panel;
        QSignalSpy refreshed(&panel, &gui::CalibrationPanel::refreshed);
        panel.refresh(m_db, m_query);
        QVERIFY(refreshed.wait(10000));
        const QString alert = panel.findChild<QLabel*>(u"calibrationDriftAlert"_s)->text();
        QVERIFY2(alert.startsWith(u"Drift alert"_s) && alert.contains(u"Cy grades tone more lenient"_s),
            qPrintable(alert));
        auto* averages = panel.findChild<QLabel*>(u"calibrationAverages"_s);
        const QString graded = averages->text();
        QVERIFY2(graded.contains(u"240 grade"_s), qPrintable(graded));
        QVERIFY(!panel.showsLeniencyAdjusted());
        panel.findChild<QComboBox*>(u"calibrationGradeMode"_s)->setCurrentIndex(1);
        QVERIFY(panel.showsLeniencyAdjusted());
        QVERIFY2(averages->text().contains(u"adjusted by the leniency measured in \"March\""_s),
            qPrintable(averages->text()));
        QVERIFY(averages->text() != graded);
    }
};

QTEST_MAIN(TestGradingCheck)
#include "tst_gradingcheck.moc"
