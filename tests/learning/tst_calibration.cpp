// Calibration sessions: stratified sampling, the results of a session, and the store on SQLite and
// PostgreSQL — blind grading (no grades while open, the original reviewer's never), grades written once, no
// grade after closing, and on PostgreSQL row-level security with real login roles.
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "learning/Calibration.h"
#include "learning/CalibrationStore.h"
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace cx;
using namespace cx::learning;
using namespace Qt::StringLiterals;

namespace {

// A sent reply's learning signal, graded `grades` by "Olive Original" in `inbox`.
QString addSentReply(storage::Database& db, qint64 inbox, const review::Grades& grades, bool sent = true)
{
    review::LearningSignal s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.conversationId = u"42"_s;
    s.inboxId = inbox;
    s.customerMessage = u"Where is my order?"_s;
    s.draftText = u"It ships today."_s;
    s.finalText = sent ? u"It ships today, sorry for the wait."_s : QString();
    s.grades = grades;
    s.approved = sent;
    s.gradedBy = u"Olive Original"_s;
    s.gradedAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
    review::SignalStore store(db);
    const Status st = store.saveLearningSignal(s);
    if (!st)
        qWarning("%s", qPrintable(st.error().toString()));
    return s.id;
}

// True when `result` failed with `kind` (without calling error() on a success).
template <typename R> bool refused(const R& result, ErrorKind kind)
{
    if (result.ok())
        qWarning("expected a refusal, got success");
    else if (result.error().kind != kind)
        qWarning("%s", qPrintable(result.error().toString()));
    return !result.ok() && result.error().kind == kind;
}

CalibrationGrade cg(int position, const QString& reviewer, int tone, int accuracy, int policy)
{
    return { position, reviewer, { tone, accuracy, policy }, false, {} };
}

} // namespace

class TestCalibration final : public QObject {
    Q_OBJECT
private slots:
    void stratifiedSampleCoversEveryStratum()
    {
        QList<CalibrationCandidate> candidates;
        // Inbox 1: 40 replies graded 5, 4 graded 2; inbox 2: 10 graded 4.
        for (int i = 0; i < 40; ++i)
            candidates.append({ u"a%1"_s.arg(i), 1, { 5, 5, 5 }, {} });
        for (int i = 0; i < 4; ++i)
            candidates.append({ u"b%1"_s.arg(i), 1, { 2, 2, 2 }, {} });
        for (int i = 0; i < 10; ++i)
            candidates.append({ u"c%1"_s.arg(i), 2, { 4, 4, 3 }, {} });
        const QStringList sample = sampleStratified(candidates, 9, 11);
        QCOMPARE(sample.size(), 9);
        QCOMPARE(sample.filter(QRegularExpression(u"^a"_s)).size(), 3); // equal allocation, not 40:4:10
        QCOMPARE(sample.filter(QRegularExpression(u"^b"_s)).size(), 3);
        QCOMPARE(sample.filter(QRegularExpression(u"^c"_s)).size(), 3);
        // Same seed, shuffled input: same sample. Another seed: another sample.
        QList<CalibrationCandidate> reversed(candidates.rbegin(), candidates.rend());
        QCOMPARE(sampleStratified(reversed, 9, 11), sample);
        QVERIFY(sampleStratified(candidates, 9, 12) != sample);
        // Asking for more than there is gives everything once.
        const QStringList all = sampleStratified(candidates, 500, 1);
        QCOMPARE(all.size(), 54);
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 54);
        QCOMPARE(gradeBand({ 4, 4, 3 }), 4);
        QCOMPARE(gradeBand({ 1, 1, 2 }), 1);
    }

    void itemListIsChecked()
    {
        QVERIFY(validateCalibrationItems({ u"x"_s, u"y"_s }).ok());
        const Status one = validateCalibrationItems({ u"x"_s });
        QVERIFY(!one.ok());
        QCOMPARE(one.error().field, u"items"_s);
        QCOMPARE(validateCalibrationItems({ u"x"_s, u"x"_s }).error().field, u"items"_s);
    }

    void resultsOfASession()
    {
        // Ann and Bob agree perfectly on tone; Cy is one point more lenient on every item.
        QList<CalibrationGrade> grades;
        const int tone[] = { 1, 2, 3, 4, 4, 2, 3, 1 };
        for (int i = 0; i < 8; ++i) {
            grades.append(cg(i + 1, u"Ann"_s, tone[i], 3, 3));
            grades.append(cg(i + 1, u"Bob"_s, tone[i], 3, 3));
            grades.append(cg(i + 1, u"Cy"_s, tone[i] + 1, 3, 3));
        }
        const CalibrationResults r = computeCalibrationResults(grades, { 300, 0.95, 5 });
        QCOMPARE(r.reviewers, (QStringList { u"Ann"_s, u"Bob"_s, u"Cy"_s }));
        QCOMPARE(r.axes.size(), 3);
        QCOMPARE(r.axes[0].items, 8);
        QVERIFY(*r.axes[0].alpha.value > 0.5 && *r.axes[0].alpha.value < 1.0);
        QVERIFY(!r.axes[1].alpha.value); // everyone gave 3 for accuracy: no variation, α undefined
        QCOMPARE(r.pairs.size(), 9); // 3 pairs × 3 axes
        QCOMPARE(r.pairs[0].first, u"Ann"_s);
        QCOMPARE(r.pairs[0].second, u"Bob"_s);
        QCOMPARE(*r.pairs[0].kappa.value, 1.0);
        QVERIFY(*r.pairs[1].kappa.value < 1.0); // Ann–Cy
        const ReviewerLeniency cy = r.leniency[2];
        QCOMPARE(cy.reviewer, u"Cy"_s);
        QCOMPARE(*cy.leniency.offset.value, 1.0);
        QCOMPARE(formatEstimate(cy.leniency.offset, true), u"+1.00 [+1.00, +1.00]"_s);
        QCOMPARE(formatEstimate(Estimate {}), u"—"_s);
    }

    void simulatedGradesAreNearTheOriginal()
    {
        int up = 0, same = 0, down = 0;
        for (int p = 1; p <= 300; ++p) {
            const review::Grades g = simulatedGrades({ 3, 3, 3 }, p, 9);
            QCOMPARE(simulatedGrades({ 3, 3, 3 }, p, 9), g);
            for (int v : { g.tone, g.accuracy, g.policy }) {
                QVERIFY(v >= 2 && v <= 4);
                (v == 4 ? up : v == 3 ? same : down)++;
            }
        }
        QVERIFY(up > down * 2); // the simulated reviewer is a little lenient
        QVERIFY(same > up);
        QCOMPARE(simulatedGrades({ 5, 5, 1 }, 1, 1).tone <= 5, true);
    }

    void sessionLifecycle_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void sessionLifecycle()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        QStringList ids;
        for (int i = 0; i < 4; ++i)
            ids.append(addSentReply(*db, 1 + i % 2, { 1 + i, 2 + i % 3, 5 - i }));
        const QString unsent = addSentReply(*db, 1, { 2, 2, 2 }, false);
        CalibrationStore store(*db);

        auto candidates = store.sentCandidates(
            QDateTime::currentDateTimeUtc().addDays(-1), QDateTime::currentDateTimeUtc().addSecs(60));
        QVERIFY2(candidates, qPrintable(candidates ? QString() : candidates.error().toString()));
        QCOMPARE(candidates.value().size(), 4); // not the rejected one

        // Bad input names the field.
        QCOMPARE(store.createSession(u" "_s, u"Lena Lead"_s, ids, u"picked"_s).error().field, u"name"_s);
        QCOMPARE(store.createSession(u"W1"_s, u"unknown"_s, ids, u"picked"_s).error().field, u"reviewer"_s);
        QCOMPARE(store.createSession(u"W1"_s, u"Lena Lead"_s, ids, u"random"_s).error().field, u"sampling"_s);
        const auto notSent = store.createSession(u"W1"_s, u"Lena Lead"_s, { ids[0], unsent }, u"picked"_s);
        QVERIFY(!notSent);
        QCOMPARE(notSent.error().field, u"items"_s);
        QCOMPARE(
            store.createSession(u"W1"_s, u"Lena Lead"_s, { ids[0], u"nope"_s }, u"picked"_s).error().field,
            u"items"_s);
        QCOMPARE(store.sessions().value().size(), 0); // nothing half-written

        auto created = store.createSession(u"Week 1"_s, u"Lena Lead"_s, ids, u"picked"_s);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
        const QString sid = created.value().id;
        const auto items = store.items(sid);
        QVERIFY(items);
        QCOMPARE(items.value().size(), 4);
        QCOMPARE(items.value()[0].position, 1);
        QCOMPARE(items.value()[0].sentReply, u"It ships today, sorry for the wait."_s);
        QCOMPARE(items.value()[0].customerMessage, u"Where is my order?"_s);

        QVERIFY(store.saveGrade(sid, 1, u"Lena Lead"_s, { 4, 4, 4 }).ok());
        QVERIFY(store.saveGrade(sid, 2, u"Lena Lead"_s, { 2, 3, 4 }).ok());
        const Status twice = store.saveGrade(sid, 1, u"Lena Lead"_s, { 5, 5, 5 });
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().kind, ErrorKind::Conflict);
        QCOMPARE(twice.error().field, u"grades"_s);
        QCOMPARE(store.saveGrade(sid, 9, u"Lena Lead"_s, { 4, 4, 4 }).error().field, u"position"_s);
        QCOMPARE(store.saveGrade(sid, 3, u"Lena Lead"_s, { 0, 4, 4 }).error().field, u"tone"_s);
        QCOMPARE(store.gradedBy(sid, u"Lena Lead"_s).value(), (QList<int> { 1, 2 }));

        // Blind: while open, no grades come out at all.
        const auto early = store.grades(sid);
        QVERIFY(!early);
        QCOMPARE(early.error().kind, ErrorKind::Conflict);
        QCOMPARE(early.error().field, u"session"_s);

        QVERIFY(store.simulateReviewer(sid, 3).ok());
        QVERIFY(store.simulateReviewer(sid, 3).ok()); // again: nothing left to grade, nothing duplicated
        const auto progress = store.progress(sid);
        QVERIFY2(progress, qPrintable(progress ? QString() : progress.error().toString()));
        QCOMPARE(progress.value().size(), 2);
        QCOMPARE(progress.value()[0].reviewer, u"Lena Lead"_s);
        QCOMPARE(progress.value()[0].graded, 2);
        QCOMPARE(progress.value()[1].reviewer, QString::fromLatin1(kSimulatedReviewer));
        QCOMPARE(progress.value()[1].graded, 4);
        QVERIFY(progress.value()[1].simulated);

        QCOMPARE(store.close(sid, u"Sam Someone"_s).error().kind, ErrorKind::Unauthorized);
        QVERIFY(store.close(sid, u"Lena Lead"_s).ok());
        QCOMPARE(store.close(sid, u"Lena Lead"_s).error().kind, ErrorKind::Conflict);
        const Status late = store.saveGrade(sid, 3, u"Lena Lead"_s, { 4, 4, 4 });
        QVERIFY(!late.ok());
        QCOMPARE(late.error().field, u"session"_s);

        const auto grades = store.grades(sid);
        QVERIFY(grades);
        QCOMPARE(grades.value().size(), 6);
        QCOMPARE(grades.value()[0].reviewer, u"Lena Lead"_s);
        QCOMPARE(grades.value()[0].grades, (review::Grades { 4, 4, 4 }));
        QVERIFY(grades.value()[1].simulated);
        QVERIFY(!store.session(sid).value().isOpen());

        // The database itself refuses changes and late grades, whatever the client.
        QSqlQuery q(db->connection());
        QVERIFY(!q.exec(u"UPDATE calibration_grades SET tone = 1"_s));
        QVERIFY(q.lastError().databaseText().contains(u"cx_guard(grades)"_s));
        QVERIFY(!q.exec(
            u"INSERT INTO calibration_grades (session_id, position, reviewer, tone, accuracy, policy, "
            "graded_at) VALUES ('%1', 3, 'Zed', 3, 3, 3, '2026-01-01T00:00:00.000Z')"_s.arg(sid)));
        QVERIFY(q.lastError().databaseText().contains(u"cx_guard(session)"_s));
    }

    // Row-level security with two real reviewer logins: grades only as oneself, never "simulated", and while
    // the session is open each sees only their own; progress counts are visible to all; only the lead closes.
    void postgresBlindGradingWithLoginRoles()
    {
        CX_REQUIRE_POSTGRES();
        const QString url = test::createPostgresDatabase(u"cxcal"_s);
        QVERIFY(!url.isEmpty());
        auto owner = storage::Database::open(url);
        QVERIFY(owner);
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        const QString lena = u"lena_"_s + suffix, bob = u"bob_"_s + suffix, svc = u"svc_"_s + suffix;
        QSqlQuery q(owner.value()->connection());
        for (const auto& [role, group] : { std::pair { lena, u"cxpilot_reviewer"_s },
                 std::pair { bob, u"cxpilot_reviewer"_s }, std::pair { svc, u"cxpilot_service"_s } })
            QVERIFY2(q.exec(u"CREATE ROLE %1 LOGIN PASSWORD 'pw-%1' IN ROLE %2"_s.arg(role, group)),
                qPrintable(q.lastError().text()));
        const auto connectAs = [&url](const QString& role) {
            QUrl u(url);
            u.setUserName(role);
            u.setPassword(u"pw-"_s + role);
            auto db = storage::Database::open(u.toString());
            return db ? db.value() : std::shared_ptr<storage::Database> {};
        };
        auto lenaDb = connectAs(lena), bobDb = connectAs(bob), svcDb = connectAs(svc);
        QVERIFY(lenaDb && bobDb && svcDb);
        const QStringList ids { addSentReply(*owner.value(), 1, { 4, 4, 4 }),
            addSentReply(*owner.value(), 2, { 2, 3, 2 }) };

        CalibrationStore asLena(*lenaDb), asBob(*bobDb), asService(*svcDb);
        QVERIFY(refused(asService.createSession(u"S"_s, svc, ids, u"picked"_s), ErrorKind::Unauthorized));
        QVERIFY(refused(asBob.createSession(u"S"_s, lena, ids, u"picked"_s), ErrorKind::Unauthorized));
        auto created = asLena.createSession(u"Week 1"_s, lena, ids, u"stratified"_s, 7);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
        const QString sid = created.value().id;

        QVERIFY(asLena.saveGrade(sid, 1, lena, { 4, 4, 4 }).ok());
        QVERIFY(asBob.saveGrade(sid, 1, bob, { 3, 4, 4 }).ok());
        QVERIFY(refused(asBob.saveGrade(sid, 2, lena, { 3, 3, 3 }), ErrorKind::Unauthorized));
        QVERIFY(refused(asService.saveGrade(sid, 2, svc, { 3, 3, 3 }), ErrorKind::Unauthorized));
        QVERIFY(refused(asBob.simulateReviewer(sid, 1), ErrorKind::Unauthorized));

        // Blind while open, even reading the table directly: Bob sees his grade only.
        QSqlQuery bobQuery(bobDb->connection());
        QVERIFY(bobQuery.exec(u"SELECT reviewer FROM calibration_grades WHERE session_id = '%1'"_s.arg(sid)));
        QStringList seen;
        while (bobQuery.next())
            seen.append(bobQuery.value(0).toString());
        QCOMPARE(seen, QStringList { bob });
        // ... but the counts are there for everyone.
        const auto progress = asBob.progress(sid);
        QVERIFY2(progress, qPrintable(progress ? QString() : progress.error().toString()));
        QCOMPARE(progress.value().size(), 2);

        QVERIFY(refused(asBob.close(sid, bob), ErrorKind::Unauthorized));
        QSqlQuery sneak(bobDb->connection());
        QVERIFY(sneak.exec(u"UPDATE calibration_sessions SET closed_at = now() WHERE id = '%1'"_s.arg(sid)));
        QCOMPARE(sneak.numRowsAffected(), 0); // the policy hides Lena's session from Bob's UPDATE
        QVERIFY(asLena.close(sid, lena).ok());
        const auto all = asBob.grades(sid);
        QVERIFY2(all, qPrintable(all ? QString() : all.error().toString()));
        QCOMPARE(all.value().size(), 2); // closed: everyone's grades are visible
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
