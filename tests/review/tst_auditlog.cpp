// The audit log in the database: appended with each transition, verified, exported; tampering is detected.
#include "StorageTestSupport.h"
#include "review/AuditLog.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace cx;
using namespace cx::review;

class TestAuditLog final : public QObject {
    Q_OBJECT
private slots:
    void appendVerifyExportAndDetectTampering_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void appendVerifyExportAndDetectTampering()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        AuditLog log(*db);
        for (int i = 0; i < 5; ++i) {
            auto e = db->transaction([&](QSqlDatabase&) -> Status {
                auto appended = log.append({ QStringLiteral("Ana Reviewer"), QStringLiteral("draft.approved"),
                    QStringLiteral("draft"), QStringLiteral("d%1").arg(i), QStringLiteral("noted"),
                    QStringLiteral("approved"), QJsonObject { { QStringLiteral("tone"), 4 } } });
                if (!appended)
                    return appended.error();
                return Ok {};
            });
            QVERIFY(e.ok());
        }
        auto check = log.verify();
        QVERIFY(check.ok());
        QVERIFY2(check->ok, qPrintable(check->reason));

        const QString out = dir.filePath(QStringLiteral("audit.jsonl"));
        auto exported = log.exportJsonl(out);
        QVERIFY(exported.ok());
        QCOMPARE(exported.value(), 5);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QList<AuditEntry> fromFile;
        while (!f.atEnd()) {
            auto e = fromJsonLine(f.readLine());
            QVERIFY(e.ok());
            fromFile << e.value();
        }
        QVERIFY(verifyChain(fromFile).ok);

        // Someone with database access edits an entry behind the triggers' back.
        QSqlQuery q(db->connection());
        if (dialect == QLatin1String("sqlite")) {
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
        } else {
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")));
        }
        QVERIFY2(q.exec(QStringLiteral("UPDATE audit_log SET actor = 'Mallory' WHERE seq = 3")),
            qPrintable(q.lastError().text()));
        check = log.verify();
        QVERIFY(check.ok());
        QVERIFY(!check->ok);
        QCOMPARE(check->firstBadSeq, 3);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
