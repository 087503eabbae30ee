#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "storage/Database.h"
#include "storage/Migrator.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>

using namespace cx;
using namespace cx::storage;

namespace {
struct GradeRow {
    QString day; // YYYY-MM-DD
    int tone, accuracy, policy;
    int editDistance;
    bool approved;
    bool withoutMajorEdits;
};

Status insertGrade(Database& db, const QVariant& tone, const QVariant& accuracy, const QVariant& policy,
    const QVariant& confidence = 0.5, const QDateTime& at = QDateTime::currentDateTimeUtc(),
    int editDistance = 0, bool approved = false, bool withoutMajorEdits = false)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO customer_reply_grading (id, conversation_id, draft_reply, human_reply, tone, accuracy, "
        "policy, "
        "edit_distance, approved, approved_without_major_edits, graded_by, graded_at, confidence) "
        "VALUES (?, '42', 'draft', 'final', ?, ?, ?, ?, ?, ?, 'alice', ?, ?)"));
    q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.addBindValue(tone);
    q.addBindValue(accuracy);
    q.addBindValue(policy);
    q.addBindValue(editDistance);
    q.addBindValue(approved);
    q.addBindValue(withoutMajorEdits);
    q.addBindValue(toSqlTime(at, db.dialect()));
    q.addBindValue(confidence);
    if (!q.exec())
        return toError(q);
    return Ok {};
}

int count(Database& db, const QString& table)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM ") + table) || !q.next())
        return -1;
    return q.value(0).toInt();
}
} // namespace

class TestDatabase final : public QObject {
    Q_OBJECT
private slots:
    void migratesFreshDatabaseAndRerunIsNoOp_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void migratesFreshDatabaseAndRerunIsNoOp()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const int latest = Migrator::latestVersion(db->dialect());
        QVERIFY(latest >= 1);
        QCOMPARE(db->schemaVersion(), latest);
        QCOMPARE(count(*db, QStringLiteral("schema_version")), Migrator::available(db->dialect()).size());
        for (const char* table : { "customer_reply_grading", "drafts", "reply_outbox", "webhook_deliveries",
                 "audit_log", "signal_queue" })
            QVERIFY2(db->connection().tables().contains(QLatin1String(table)), table);

        // Re-running applies nothing and changes nothing.
        QSqlDatabase c = db->connection();
        auto again = Migrator::migrate(c, db->dialect());
        QVERIFY(again.ok());
        QCOMPARE(again.value(), latest);
        QCOMPARE(count(*db, QStringLiteral("schema_version")), Migrator::available(db->dialect()).size());
    }

    // Migration numbers are reserved per branch, so one can arrive below the highest applied (0005 after
    // 0301): a database migrated before it existed still gets it.
    void migrationBelowTheHighestIsStillApplied()
    {
        QTemporaryDir dir;
        const QString url = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("old.db"));
        {
            auto db = Database::open(url);
            QVERIFY(db.ok());
            // As it was before 0005: no guard triggers, no record of it.
            QSqlQuery q(db.value()->connection());
            QVERIFY(
                q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE "
                                      "'%cx_guard%'")));
            QStringList triggers;
            while (q.next())
                triggers << q.value(0).toString();
            QVERIFY(triggers.size() >= 5);
            for (const QString& t : triggers)
                QVERIFY2(q.exec(QStringLiteral("DROP TRIGGER ") + t), qPrintable(q.lastError().text()));
            QVERIFY(q.exec(QStringLiteral("DELETE FROM schema_version WHERE version = 5")));
        }
        auto reopened = Database::open(url);
        QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().toString()));
        Database& db = *reopened.value();
        QCOMPARE(db.schemaVersion(), Migrator::latestVersion(db.dialect()));
        QCOMPARE(count(db, QStringLiteral("schema_version")), Migrator::available(db.dialect()).size());
        QSqlQuery q(db.connection());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%cx_guard%'")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() >= 5);
    }

    void checksRejectOutOfRangeValues_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("column");
        QTest::addColumn<QVariant>("value");
        struct Case {
            const char* name;
            const char* column;
            QVariant value;
        };
        const Case cases[]
            = { { "tone 0", "tone", 0 }, { "tone 6", "tone", 6 }, { "accuracy 0", "accuracy", 0 },
                  { "accuracy 6", "accuracy", 6 }, { "policy 0", "policy", 0 }, { "policy 6", "policy", 6 },
                  { "confidence 1.5", "confidence", 1.5 }, { "confidence -0.1", "confidence", -0.1 } };
        for (const QString& dialect : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            if (dialect == QLatin1String("postgresql") && test::postgresAdminUrl().isEmpty())
                continue;
            for (const Case& c : cases)
                QTest::addRow("%s %s", qPrintable(dialect), c.name) << dialect << c.column << c.value;
        }
        QTest::addRow("sqlite tone 3.5") << QStringLiteral("sqlite") << "tone" << QVariant(3.5);
    }
    void checksRejectOutOfRangeValues()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, column);
        QFETCH(QVariant, value);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        QVERIFY(insertGrade(*db, 5, 5, 5).ok()); // in range: accepted
        const Status st = insertGrade(*db, column == QLatin1String("tone") ? value : QVariant(4),
            column == QLatin1String("accuracy") ? value : QVariant(4),
            column == QLatin1String("policy") ? value : QVariant(4),
            column == QLatin1String("confidence") ? value : QVariant(0.5));
        QVERIFY(!st.ok());
        QCOMPARE(st.error().kind, ErrorKind::Invalid);
        QCOMPARE(st.error().field, column);
        QCOMPARE(count(*db, QStringLiteral("customer_reply_grading")), 1);
    }

    void dailyViewAggregates_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void dailyViewAggregates()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const QDate d1(2026, 11, 20), d2(2026, 11, 21);
        // Day 1: three rows; the last one at 23:59:59.999 UTC still belongs to day 1.
        QVERIFY(insertGrade(*db, 5, 4, 5, 0.9, QDateTime(d1, QTime(9, 0), Qt::UTC), 10, true, true).ok());
        QVERIFY(insertGrade(*db, 3, 5, 4, 0.4, QDateTime(d1, QTime(12, 0), Qt::UTC), 50, true, false).ok());
        QVERIFY(
            insertGrade(*db, 4, 3, 3, 0.2, QDateTime(d1, QTime(23, 59, 59, 999), Qt::UTC), 0, false, false)
                .ok());
        // Day 2: one row at midnight exactly.
        QVERIFY(insertGrade(*db, 2, 2, 2, 0.1, QDateTime(d2, QTime(0, 0), Qt::UTC), 7, false, false).ok());

        QSqlQuery q(db->connection());
        QVERIFY(q.exec(QStringLiteral(
            "SELECT day, total, approved, avg_tone, avg_accuracy, avg_policy, avg_edit_distance, "
            "approval_rate_pct, "
            "approved_without_major_edits_pct FROM customer_reply_quality_metrics ORDER BY day")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toDate(), d1);
        QCOMPARE(q.value(1).toInt(), 3);
        QCOMPARE(q.value(2).toInt(), 2);
        QCOMPARE(q.value(3).toDouble(), 4.0);
        QCOMPARE(q.value(4).toDouble(), 4.0);
        QCOMPARE(q.value(5).toDouble(), 4.0);
        QCOMPARE(q.value(6).toDouble(), 20.0);
        QVERIFY(qAbs(q.value(7).toDouble() - 66.6667) < 0.001);
        QVERIFY(qAbs(q.value(8).toDouble() - 33.3333) < 0.001);
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toDate(), d2);
        QCOMPARE(q.value(1).toInt(), 1);
        QCOMPARE(q.value(2).toInt(), 0);
        QCOMPARE(q.value(3).toDouble(), 2.0);
        QCOMPARE(q.value(7).toDouble(), 0.0);
        QVERIFY(!q.next());
    }

    void transactionIsAllOrNothing_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void transactionIsAllOrNothing()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const Status st = db->transaction([&](QSqlDatabase&) -> Status {
            if (auto s = insertGrade(*db, 5, 5, 5); !s)
                return s;
            return insertGrade(*db, 5, 9, 5); // fails: accuracy out of range
        });
        QVERIFY(!st.ok());
        QCOMPARE(st.error().field, QStringLiteral("accuracy"));
        QCOMPARE(count(*db, QStringLiteral("customer_reply_grading")), 0);
    }

    void auditLogIsAppendOnly_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void auditLogIsAppendOnly()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        QSqlQuery q(db->connection());
        q.prepare(QStringLiteral(
            "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, prev_hash, hash) "
            "VALUES (?, 'alice', 'approve', 'draft', 'd1', 'genesis', 'h1')"));
        q.addBindValue(toSqlTime(QDateTime::currentDateTimeUtc(), db->dialect()));
        QVERIFY(q.exec());
        QVERIFY(!q.exec(QStringLiteral("UPDATE audit_log SET actor = 'mallory'")));
        QVERIFY(q.lastError().text().contains(QLatin1String("append-only")));
        QVERIFY(!q.exec(QStringLiteral("DELETE FROM audit_log")));
        QCOMPARE(count(*db, QStringLiteral("audit_log")), 1);
    }

    void badUrlIsATypedError()
    {
        auto db = Database::open(QStringLiteral("mysql://nope/db"));
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, ErrorKind::Invalid);
        QCOMPARE(db.error().field, QStringLiteral("database URL"));
        auto unreachable = Database::open(QStringLiteral("postgresql://u:secretpw@127.0.0.1:1/none"));
        QVERIFY(!unreachable.ok());
        QCOMPARE(unreachable.error().kind, ErrorKind::Unavailable);
        QVERIFY(!unreachable.error().message.contains(QLatin1String("secretpw")));
    }

    void workRunsOffTheCallingThread()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        QThread* caller = QThread::currentThread();
        QFuture<int> f = db->run<int>([caller](QSqlDatabase& c) {
            QSqlQuery q(c);
            q.exec(QStringLiteral("SELECT COUNT(*) FROM drafts"));
            q.next();
            return QThread::currentThread() != caller && c.isOpen() ? q.value(0).toInt() : -1;
        });
        f.waitForFinished();
        QCOMPARE(f.result(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
