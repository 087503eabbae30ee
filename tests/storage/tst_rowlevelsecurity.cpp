// Row-level security and column privileges on PostgreSQL with real login roles: two reviewers (alice, bob)
// and a service. Every test writes its own rows (through the owner, who is not subject to the policies, or
// as the role under test), so each passes alone and in any order.
#include "ApprovalRows.h"
#include "TestSupport.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace cx;
using namespace cx::storage;
using namespace cx::test;

class TestRowLevelSecurity final : public QObject {
    Q_OBJECT

    std::shared_ptr<Database> m_owner;
    std::shared_ptr<Database> m_aliceDb, m_bobDb, m_serviceDb;
    QString m_dbUrl;
    QString m_alice, m_bob, m_service;

    std::shared_ptr<Database> connectAs(const QString& role)
    {
        QUrl url(m_dbUrl);
        url.setUserName(role);
        url.setPassword(QStringLiteral("pw-") + role);
        auto db = Database::open(url.toString());
        if (!db) {
            qWarning("%s", qPrintable(db.error().toString()));
            return {};
        }
        return db.value();
    }

    Review reviewBy(const QString& who) const
    {
        Review r;
        r.reviewer = who;
        return r;
    }

    Status insertGrading(Database& db, const QString& gradedBy)
    {
        QSqlQuery q(db.connection());
        q.prepare(
            QStringLiteral("INSERT INTO customer_reply_grading (id, conversation_id, tone, accuracy, policy, "
                           "graded_by, graded_at) VALUES (?, '1', 4, 4, 4, ?, now())"));
        q.addBindValue(newId());
        q.addBindValue(gradedBy);
        if (!q.exec())
            return toError(q);
        return Ok {};
    }

    // A draft the owner wrote in `state` (`review`: already decided by that reviewer).
    DraftRow ownerDraft(const QString& state, const QString& reviewer = {})
    {
        const Review r = reviewBy(reviewer);
        auto d = insertDraft(*m_owner, state, reviewer.isEmpty() ? nullptr : &r);
        if (!d)
            qWarning("%s", qPrintable(d.error().toString()));
        return d ? d.value() : DraftRow {};
    }

    QString draftSummary(const QString& id)
    {
        return readValue(*m_owner,
            QStringLiteral("SELECT state || ':' || coalesce(reviewed_by, '-') || ':' || "
                           "coalesce(CAST(grade_tone AS text), "
                           "'-') || coalesce(CAST(grade_accuracy AS text), '-') || "
                           "coalesce(CAST(grade_policy AS text), '-') "
                           "FROM drafts WHERE id = ?"),
            { id })
            .toString();
    }

    static QString describe(const Result<int>& r)
    {
        return r.ok() ? QStringLiteral("%1 rows").arg(r.value()) : r.error().toString();
    }

    static void verifyUnauthorized(const Result<int>& r)
    {
        QVERIFY2(!r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.error().kind, ErrorKind::Unauthorized);
    }

    static void verifyNoRowChanged(const Result<int>& r)
    {
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.value(), 0);
    }

private slots:
    void initTestCase()
    {
        CX_REQUIRE_POSTGRES();
        m_dbUrl = createPostgresDatabase(QStringLiteral("cxrls"));
        QVERIFY(!m_dbUrl.isEmpty());
        auto owner = Database::open(m_dbUrl); // the owner migrates: creates the group roles and policies
        QVERIFY2(owner.ok(), qPrintable(owner.ok() ? QString() : owner.error().toString()));
        m_owner = owner.value();
        const QString suffix = QUuid::createUuid().toString(QUuid::Id128).left(8);
        m_alice = QStringLiteral("alice_") + suffix;
        m_bob = QStringLiteral("bob_") + suffix;
        m_service = QStringLiteral("svc_") + suffix;
        QSqlQuery q(m_owner->connection());
        for (const auto& [role, group] : { std::pair { m_alice, QStringLiteral("cxpilot_reviewer") },
                 std::pair { m_bob, QStringLiteral("cxpilot_reviewer") },
                 std::pair { m_service, QStringLiteral("cxpilot_service") } })
            QVERIFY2(
                q.exec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw-%1' IN ROLE %2").arg(role, group)),
                qPrintable(q.lastError().text()));
        m_aliceDb = connectAs(m_alice);
        m_bobDb = connectAs(m_bob);
        m_serviceDb = connectAs(m_service);
        QVERIFY(m_aliceDb && m_bobDb && m_serviceDb);
    }

    // --- grades (learning signals), reads, audit ---------------------------------------------------------

    void reviewerGradesOnlyAsThemself()
    {
        QVERIFY(insertGrading(*m_aliceDb, m_alice).ok());
        const Status asBob = insertGrading(*m_aliceDb, m_bob);
        QVERIFY(!asBob.ok());
        QCOMPARE(asBob.error().kind, ErrorKind::Unauthorized);
    }

    void reviewersReadEverything()
    {
        QVERIFY(insertGrading(*m_aliceDb, m_alice).ok());
        QVERIFY(insertGrading(*m_bobDb, m_bob).ok());
        QSqlQuery q(m_bobDb->connection());
        q.prepare(QStringLiteral(
            "SELECT COUNT(DISTINCT graded_by) FROM customer_reply_grading WHERE graded_by IN (?, ?)"));
        q.addBindValue(m_alice);
        q.addBindValue(m_bob);
        QVERIFY(q.exec());
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2); // alice's row and bob's
        QVERIFY(q.exec(QStringLiteral("SELECT SUM(total) FROM customer_reply_quality_metrics")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() >= 2);
        // The dashboard's roll-up, kept by a trigger as the reviewers wrote their grades, is readable too.
        QVERIFY2(
            q.exec(QStringLiteral("SELECT COUNT(*) FROM metrics_daily")), qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() >= 1);
    }

    void auditEntriesOnlyInOwnName()
    {
        QSqlQuery q(m_aliceDb->connection());
        const QString insert
            = QStringLiteral("INSERT INTO audit_log (at, actor, action, entity_type, entity_id, "
                             "prev_hash, hash) VALUES (now(), ?, 'x', 'draft', '1', 'g', ?)");
        q.prepare(insert);
        q.addBindValue(m_alice);
        q.addBindValue(QUuid::createUuid().toString());
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        q.prepare(insert);
        q.addBindValue(m_bob);
        q.addBindValue(QUuid::createUuid().toString());
        QVERIFY(!q.exec());
    }

    // --- drafts ------------------------------------------------------------------------------------------

    void serviceWritesDraftsButCannotGrade()
    {
        auto drafted = insertDraft(*m_serviceDb, QStringLiteral("drafted"));
        QVERIFY2(drafted.ok(), qPrintable(drafted.ok() ? QString() : drafted.error().toString()));
        const Status grading = insertGrading(*m_serviceDb, m_service);
        QVERIFY(!grading.ok());
        QCOMPARE(grading.error().kind, ErrorKind::Unauthorized);
    }

    void reviewerCannotCreateDrafts()
    {
        auto drafted = insertDraft(*m_aliceDb, QStringLiteral("drafted"));
        QVERIFY(!drafted.ok());
        QCOMPARE(drafted.error().kind, ErrorKind::Unauthorized);
    }

    void bobCannotApproveAsAlice()
    {
        const DraftRow d = ownerDraft(QStringLiteral("noted"));
        QVERIFY(!d.id.isEmpty());
        verifyUnauthorized(approve(m_bobDb->connection(), Dialect::Postgres, d.id, reviewBy(m_alice)));
        QCOMPARE(draftSummary(d.id), QStringLiteral("noted:-:---"));
        // In his own name he may.
        const auto own = approve(m_bobDb->connection(), Dialect::Postgres, d.id, reviewBy(m_bob));
        QVERIFY2(own.ok() && own.value() == 1, qPrintable(describe(own)));
        QCOMPARE(draftSummary(d.id), QStringLiteral("approved:%1:455").arg(m_bob));
    }

    void decisionsCarryTheReviewersName()
    {
        // A rejection, like an approval, is in the name of whoever made it: not anonymous.
        const DraftRow d = ownerDraft(QStringLiteral("noted"));
        QVERIFY(!d.id.isEmpty());
        verifyUnauthorized(execSql(m_bobDb->connection(),
            QStringLiteral("UPDATE drafts SET state = 'rejected', grade_tone = 1, grade_accuracy = 1, "
                           "grade_policy = 1 WHERE id = ?"),
            { d.id }));
        QCOMPARE(draftSummary(d.id), QStringLiteral("noted:-:---"));
    }

    void bobCannotChangeAlicesGradesOrApproval()
    {
        const DraftRow d = ownerDraft(QStringLiteral("noted"));
        QVERIFY(!d.id.isEmpty());
        const auto approved = approve(m_aliceDb->connection(), Dialect::Postgres, d.id, reviewBy(m_alice));
        QVERIFY2(approved.ok() && approved.value() == 1, qPrintable(describe(approved)));
        const QString before = draftSummary(d.id);
        QCOMPARE(before, QStringLiteral("approved:%1:455").arg(m_alice));
        // Alice's draft is not bob's to write: his updates find no row.
        for (const char* assignment :
            { "grade_tone = 1", "grade_accuracy = 1, grade_policy = 1", "reviewed_by = current_user",
                "final_text = 'Other text'", "state = 'superseded'", "review_opened_at = now()" })
            verifyNoRowChanged(execSql(m_bobDb->connection(),
                QStringLiteral("UPDATE drafts SET %1 WHERE id = ?").arg(QLatin1String(assignment)),
                { d.id }));
        QCOMPARE(draftSummary(d.id), before);
    }

    void serviceCannotApproveOrGrade()
    {
        const DraftRow d = ownerDraft(QStringLiteral("noted"));
        QVERIFY(!d.id.isEmpty());
        QSqlDatabase svc = m_serviceDb->connection();
        // Approve, in its own name or a reviewer's: refused by the policy.
        verifyUnauthorized(approve(svc, Dialect::Postgres, d.id, reviewBy(m_service)));
        verifyUnauthorized(approve(svc, Dialect::Postgres, d.id, reviewBy(m_alice)));
        // Reject with grades: refused by the policy.
        verifyUnauthorized(execSql(svc,
            QStringLiteral("UPDATE drafts SET state = 'rejected', grade_tone = 1, grade_accuracy = 1, "
                           "grade_policy = 1, reviewed_by = ? WHERE id = ?"),
            { m_alice, d.id }));
        // Grades without a decision: refused by the trigger.
        const auto grades
            = execSql(svc, QStringLiteral("UPDATE drafts SET grade_tone = 5 WHERE id = ?"), { d.id });
        QVERIFY2(!grades.ok(), qPrintable(describe(grades)));
        QCOMPARE(grades.error().field, QStringLiteral("grades"));
        QCOMPARE(draftSummary(d.id), QStringLiteral("noted:-:---"));
        // Nor does it write a draft that arrives decided or graded.
        const Review alice = reviewBy(m_alice);
        for (const char* state : { "approved", "noted", "rejected" }) {
            auto decided = insertDraft(*m_serviceDb, QString::fromLatin1(state), &alice);
            QVERIFY2(!decided.ok(), state);
            QCOMPARE(decided.error().kind, ErrorKind::Unauthorized);
        }
    }

    // --- outbox ------------------------------------------------------------------------------------------

    void reviewerQueuesOnlyApprovedDraftsInOwnName()
    {
        QSqlDatabase alice = m_aliceDb->connection();
        // Not approved: the trigger refuses.
        const DraftRow noted = ownerDraft(QStringLiteral("noted"));
        const auto unapproved = insertOutbox(alice, Dialect::Postgres, outboxFor(noted, reviewBy(m_alice)));
        QVERIFY2(!unapproved.ok(), qPrintable(describe(unapproved)));
        QCOMPARE(unapproved.error().kind, ErrorKind::Conflict);
        QCOMPARE(unapproved.error().field, QStringLiteral("draft_id"));
        // Bob approved it: alice cannot queue it in bob's name (policy) nor in hers (trigger).
        const DraftRow bobs = ownerDraft(QStringLiteral("approved"), m_bob);
        verifyUnauthorized(insertOutbox(alice, Dialect::Postgres, outboxFor(bobs, reviewBy(m_bob))));
        const auto asAlice = insertOutbox(alice, Dialect::Postgres, outboxFor(bobs, reviewBy(m_alice)));
        QVERIFY2(!asAlice.ok(), qPrintable(describe(asAlice)));
        QCOMPARE(asAlice.error().field, QStringLiteral("approved_by"));
        QCOMPARE(
            readValue(*m_owner, QStringLiteral("SELECT COUNT(*) FROM reply_outbox WHERE draft_id IN (?, ?)"),
                { noted.id, bobs.id })
                .toInt(),
            0);
    }

    void serviceCannotQueueReplies()
    {
        const DraftRow d = ownerDraft(QStringLiteral("approved"), m_alice);
        verifyUnauthorized(
            insertOutbox(m_serviceDb->connection(), Dialect::Postgres, outboxFor(d, reviewBy(m_alice))));
    }

    void bobCannotChangeAlicesOutboxRow()
    {
        const DraftRow d = ownerDraft(QStringLiteral("approved"), m_alice);
        const OutboxValues o = outboxFor(d, reviewBy(m_alice));
        const auto queued = insertOutbox(m_aliceDb->connection(), Dialect::Postgres, o);
        QVERIFY2(queued.ok(), qPrintable(describe(queued)));
        QSqlDatabase bob = m_bobDb->connection();
        // Her row's delivery state is not his to move (the policy hides it from his updates) ...
        for (const char* assignment : { "state = 'failed'", "state = 'sending', attempts = attempts + 1",
                 "last_error = 'no'", "chatwoot_message_id = 1" })
            verifyNoRowChanged(execSql(bob,
                QStringLiteral("UPDATE reply_outbox SET %1 WHERE id = ?").arg(QLatin1String(assignment)),
                { o.id }));
        // ... and what was approved is nobody's to rewrite: no UPDATE privilege on those columns, not even
        // for alice herself.
        for (const auto& db : { m_bobDb, m_aliceDb })
            for (const char* assignment :
                { "content = 'Send us your card number.'", "content_hash = 'x'", "approved_by = current_user",
                    "draft_id = draft_id", "send_key = 'k'", "conversation_id = 1" })
                verifyUnauthorized(execSql(db->connection(),
                    QStringLiteral("UPDATE reply_outbox SET %1 WHERE id = ?").arg(QLatin1String(assignment)),
                    { o.id }));
        QCOMPARE(readValue(*m_owner,
                     QStringLiteral("SELECT state || ':' || attempts || ':' || content || ':' || approved_by "
                                    "FROM reply_outbox WHERE id = ?"),
                     { o.id })
                     .toString(),
            QStringLiteral("pending:0:%1:%2").arg(reviewBy(m_alice).finalText, m_alice));
    }

    // --- the legitimate path -----------------------------------------------------------------------------

    void legitimatePathStillWorks()
    {
        QSqlDatabase alice = m_aliceDb->connection();
        QSqlDatabase svc = m_serviceDb->connection();
        auto step = [](const Result<int>& r, int rows = 1) {
            return r.ok() && r.value() == rows ? QString() : describe(r);
        };
        const QString claim
            = QStringLiteral("UPDATE reply_outbox SET state = 'sending', attempts = attempts + 1, "
                             "updated_at = now() WHERE id = ? AND state = ? AND attempts = ?");
        const QString recordSent
            = QStringLiteral("UPDATE reply_outbox SET state = 'sent', chatwoot_message_id = 77, sent_at = "
                             "now(), updated_at = now(), "
                             "last_error = NULL WHERE id = ? AND state <> 'sent'");
        const QString markSent = QStringLiteral(
            "UPDATE drafts SET state = 'sent', sent_message_id = 77, sent_at = now(), updated_at = now() "
            "WHERE id = ? AND state = 'approved'");

        // The service drafts and posts the note; alice opens, approves, queues, sends, records, saves the
        // signal.
        auto drafted = insertDraft(*m_serviceDb, QStringLiteral("drafted"));
        QVERIFY(drafted.ok());
        const DraftRow d = drafted.value();
        QCOMPARE(step(execSql(svc,
                     QStringLiteral("UPDATE drafts SET state = 'noted', note_message_id = 5 WHERE id = ?"),
                     { d.id })),
            QString());
        QCOMPARE(
            step(execSql(alice,
                QStringLiteral(
                    "UPDATE drafts SET review_opened_at = now() WHERE id = ? AND review_opened_at IS NULL"),
                { d.id })),
            QString());
        QCOMPARE(step(approve(alice, Dialect::Postgres, d.id, reviewBy(m_alice))), QString());
        const OutboxValues o = outboxFor(d, reviewBy(m_alice));
        QCOMPARE(step(insertOutbox(alice, Dialect::Postgres, o)), QString());
        QCOMPARE(step(execSql(alice, claim, { o.id, QStringLiteral("pending"), 0 })), QString());
        QCOMPARE(step(execSql(alice, recordSent, { o.id })), QString());
        QCOMPARE(step(execSql(alice, markSent, { d.id })), QString());
        QVERIFY(insertGrading(*m_aliceDb, m_alice).ok());
        QCOMPARE(draftSummary(d.id), QStringLiteral("sent:%1:455").arg(m_alice));

        // Alice's desktop went away after queueing: the service resumes the delivery and records it.
        const DraftRow d2 = ownerDraft(QStringLiteral("noted"));
        QCOMPARE(step(approve(alice, Dialect::Postgres, d2.id, reviewBy(m_alice))), QString());
        const OutboxValues o2 = outboxFor(d2, reviewBy(m_alice));
        QCOMPARE(step(insertOutbox(alice, Dialect::Postgres, o2)), QString());
        QCOMPARE(step(execSql(svc, claim, { o2.id, QStringLiteral("pending"), 0 })), QString());
        QCOMPARE(step(execSql(svc,
                     QStringLiteral(
                         "UPDATE reply_outbox SET state = 'unknown', last_error = 'timeout', "
                         "last_known_message_id = 9, updated_at = now() WHERE id = ? AND state <> 'sent'"),
                     { o2.id })),
            QString());
        QCOMPARE(step(execSql(svc, claim, { o2.id, QStringLiteral("unknown"), 1 })), QString());
        QCOMPARE(step(execSql(svc, recordSent, { o2.id })), QString());
        QCOMPARE(step(execSql(svc, markSent, { d2.id })), QString());
        QCOMPARE(draftSummary(d2.id), QStringLiteral("sent:%1:455").arg(m_alice));

        // The service closes a stale approved draft, and supersedes a waiting one, linking its successor.
        const DraftRow stale = ownerDraft(QStringLiteral("approved"), m_alice);
        QCOMPARE(
            step(execSql(svc,
                QStringLiteral("UPDATE drafts SET state = 'superseded' WHERE id = ? AND state = 'approved'"),
                { stale.id })),
            QString());
        const DraftRow waiting = ownerDraft(QStringLiteral("noted"));
        const DraftRow newer = ownerDraft(QStringLiteral("drafted"));
        QCOMPARE(step(execSql(svc, QStringLiteral("UPDATE drafts SET state = 'superseded' WHERE id = ?"),
                     { waiting.id })),
            QString());
        QCOMPARE(
            step(execSql(svc,
                QStringLiteral("UPDATE drafts SET superseded_by = ? WHERE id = ? AND state = 'superseded'"),
                { newer.id, waiting.id })),
            QString());
        // Bob rejects a draft in his name.
        const DraftRow toReject = ownerDraft(QStringLiteral("noted"));
        QCOMPARE(step(execSql(m_bobDb->connection(),
                     QStringLiteral(
                         "UPDATE drafts SET state = 'rejected', grade_tone = 2, grade_accuracy = 2, "
                         "grade_policy = 2, reviewed_by = ?, rejection_reason = 'wrong', approved_at = NULL "
                         "WHERE id = ? AND state IN ('drafted', 'noted')"),
                     { m_bob, toReject.id })),
            QString());
    }

    // --- the shared test helper: no silent skip of PostgreSQL under CI -------------------------------------

    void missingPostgresFailsUnderCi()
    {
        auto run = [](bool ci) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("CXPILOT_TEST_PG_URL"));
            env.remove(QStringLiteral("CI"));
            if (ci)
                env.insert(QStringLiteral("CI"), QStringLiteral("true"));
            QProcess p;
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(
                QCoreApplication::applicationFilePath(), { QStringLiteral("reviewerGradesOnlyAsThemself") });
            p.waitForFinished(60000);
            return std::pair { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAll()) };
        };
        const auto [devCode, devOutput] = run(false);
        QCOMPARE(devCode, 0);
        QVERIFY2(devOutput.contains(QLatin1String("SKIP   : TestRowLevelSecurity::initTestCase()")),
            qPrintable(devOutput));
        const auto [ciCode, ciOutput] = run(true);
        QVERIFY2(ciCode != 0, qPrintable(ciOutput));
        QVERIFY2(ciOutput.contains(QLatin1String(
                     "FAIL!  : TestRowLevelSecurity::initTestCase() CI run without PostgreSQL")),
            qPrintable(ciOutput));
    }

    void cleanupTestCase()
    {
        m_aliceDb.reset();
        m_bobDb.reset();
        m_serviceDb.reset();
        m_owner.reset();
    }
};

QTEST_GUILESS_MAIN(TestRowLevelSecurity)
#include "tst_rowlevelsecurity.moc"
