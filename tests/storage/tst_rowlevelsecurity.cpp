// Row-level security on PostgreSQL with real login roles: two reviewers and a service.
#include "TestSupport.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>

using namespace cx;
using namespace cx::storage;

class TestRowLevelSecurity final : public QObject {
    Q_OBJECT

    std::shared_ptr<Database> m_owner;
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

    Status insertGrading(Database& db, const QString& gradedBy)
    {
        QSqlQuery q(db.connection());
        q.prepare(
            QStringLiteral("INSERT INTO customer_reply_grading (id, conversation_id, tone, accuracy, policy, "
                           "graded_by, graded_at) VALUES (?, '1', 4, 4, 4, ?, now())"));
        q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        q.addBindValue(gradedBy);
        if (!q.exec())
            return toError(q);
        return Ok {};
    }

    Status insertDraft(Database& db, qint64 messageId)
    {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral(
            "INSERT INTO drafts (id, account_id, conversation_id, message_id, state, draft_text, "
            "created_at, updated_at) VALUES (?, 1, 1, ?, 'drafted', 'hello', now(), now())"));
        q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
        q.addBindValue(messageId);
        if (!q.exec())
            return toError(q);
        return Ok {};
    }

private slots:
    void initTestCase()
    {
        if (test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without PostgreSQL: use tests/run-all.sh");
            QSKIP("needs the PostgreSQL server tests/run-all.sh starts");
        }
        m_dbUrl = test::createPostgresDatabase(QStringLiteral("cxrls"));
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
    }

    void reviewerGradesOnlyAsThemself()
    {
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        QVERIFY(insertGrading(*alice, m_alice).ok());
        const Status asBob = insertGrading(*alice, m_bob);
        QVERIFY(!asBob.ok());
        QCOMPARE(asBob.error().kind, ErrorKind::Unauthorized);
    }

    void reviewersReadEverything()
    {
        auto bob = connectAs(m_bob);
        QVERIFY(bob);
        QVERIFY(insertGrading(*bob, m_bob).ok());
        QSqlQuery q(bob->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(DISTINCT graded_by) FROM customer_reply_grading")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2); // alice's row and bob's
        QVERIFY(q.exec(QStringLiteral("SELECT total FROM customer_reply_quality_metrics")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        // The dashboard's roll-up, kept by a trigger as the reviewers wrote their grades, is readable too.
        QVERIFY2(
            q.exec(QStringLiteral("SELECT COUNT(*) FROM metrics_daily")), qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() >= 1);
    }

    void serviceWritesDraftsButCannotGrade()
    {
        auto service = connectAs(m_service);
        QVERIFY(service);
        QVERIFY(insertDraft(*service, 100).ok());
        const Status grading = insertGrading(*service, m_service);
        QVERIFY(!grading.ok());
        QCOMPARE(grading.error().kind, ErrorKind::Unauthorized);
    }

    void reviewerCannotCreateDraftsNorApproveForOthers()
    {
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        QVERIFY(!insertDraft(*alice, 200).ok());
        QSqlQuery q(alice->connection());
        q.prepare(QStringLiteral("UPDATE drafts SET reviewed_by = ? WHERE message_id = 100"));
        q.addBindValue(m_bob);
        QVERIFY(!q.exec());
        q.prepare(QStringLiteral("UPDATE drafts SET reviewed_by = ? WHERE message_id = 100"));
        q.addBindValue(m_alice);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QCOMPARE(q.numRowsAffected(), 1);
    }

    void auditEntriesOnlyInOwnName()
    {
        auto alice = connectAs(m_alice);
        QVERIFY(alice);
        QSqlQuery q(alice->connection());
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

    void cleanupTestCase() { m_owner.reset(); }
};

QTEST_GUILESS_MAIN(TestRowLevelSecurity)
#include "tst_rowlevelsecurity.moc"
