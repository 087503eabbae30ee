// The audit log in the database: appended with each transition, verified, exported; tampering is detected.
#include "StorageTestSupport.h"
#include "review/AuditLog.h"

#include "storage/SqlTime.h"

#include <QFile>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {
// Peak resident memory of this process so far, in KiB (VmHWM), or -1 where /proc does not say.
qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Resets the peak to the current resident size (Linux: "5" into clear_refs).
bool resetPeakRss()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}
} // namespace

using namespace cx;
using namespace cx::review;

// Under AddressSanitizer freed blocks stay resident in its quarantine (256 MB by default), so peak memory
// measures the quarantine, not what verify/export hold at once: the bound is checked in the normal build
// only; the tamper checks below run in both.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPeakMemoryIsTheWorkingSet = false;
#else
constexpr bool kPeakMemoryIsTheWorkingSet = true;
#endif

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
        QCOMPARE(exported.value(), qint64(5));
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

    // verify and export stream the log: with a chain that would take well over 100 MB as a list, the
    // process's peak memory grows by a few MB at most, and an edited row near the end is still found.
    void verifyAndExportStreamInBoundedMemory_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void verifyAndExportStreamInBoundedMemory()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        constexpr qint64 kEntries = 40000;
        const QString note(1500, QLatin1Char('n')); // ~3 KB per entry held in memory as UTF-16
        // Written row by row, sealed here: the set-up itself keeps nothing.
        auto written = db->transaction([&](QSqlDatabase& c) -> Status {
            QSqlQuery q(c);
            if (!q.prepare(QStringLiteral(
                    "INSERT INTO audit_log (seq, at, actor, action, entity_type, entity_id, from_state, "
                    "to_state, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
                return makeError(ErrorKind::Database, q.lastError().text());
            QString prev = genesisHash();
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(1764000000000, Qt::UTC);
            for (qint64 seq = 1; seq <= kEntries; ++seq) {
                AuditEntry e;
                e.at = at.addSecs(seq);
                e.actor = QStringLiteral("Ana Reviewer");
                e.action = QStringLiteral("draft.approved");
                e.entityType = QStringLiteral("draft");
                e.entityId = QStringLiteral("d%1").arg(seq);
                e.fromState = QStringLiteral("noted");
                e.toState = QStringLiteral("approved");
                e.details = QJsonObject { { QStringLiteral("note"), note }, { QStringLiteral("n"), seq } };
                e = sealEntry(e, seq, prev);
                prev = e.hash;
                const QVariant values[] = { e.seq, storage::toSqlTime(e.at, db->dialect()), e.actor, e.action,
                    e.entityType, e.entityId, e.fromState, e.toState,
                    QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact)), e.prevHash,
                    e.hash };
                for (int i = 0; i < 11; ++i)
                    q.bindValue(i, values[i]);
                if (!q.exec())
                    return makeError(ErrorKind::Database, q.lastError().text());
            }
            return Ok {};
        });
        QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
        AuditLog log(*db);

        if (!resetPeakRss() || peakRssKiB() < 0)
            QSKIP("this kernel does not let a process read and reset its peak memory");
        qint64 before = peakRssKiB();
        auto check = log.verify();
        QVERIFY(check.ok());
        QVERIFY2(check->ok, qPrintable(check->reason));
        QCOMPARE(check->entries, kEntries);
        const qint64 verifyGrowthKiB = peakRssKiB() - before;
        if (kPeakMemoryIsTheWorkingSet)
            QVERIFY2(verifyGrowthKiB < 32 * 1024,
                qPrintable(QStringLiteral("verify raised peak memory by %1 KiB").arg(verifyGrowthKiB)));

        QVERIFY(resetPeakRss());
        before = peakRssKiB();
        auto exported = log.exportJsonl(dir.filePath(QStringLiteral("audit.jsonl")));
        QVERIFY(exported.ok());
        QCOMPARE(exported.value(), kEntries);
        const qint64 exportGrowthKiB = peakRssKiB() - before;
        if (kPeakMemoryIsTheWorkingSet)
            QVERIFY2(exportGrowthKiB < 32 * 1024,
                qPrintable(QStringLiteral("export raised peak memory by %1 KiB").arg(exportGrowthKiB)));

        QSqlQuery q(db->connection());
        if (dialect == QLatin1String("sqlite")) {
            QVERIFY(q.exec(QStringLiteral("DROP TRIGGER audit_log_no_update")));
        } else {
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update")));
        }
        QVERIFY(q.exec(
            QStringLiteral("UPDATE audit_log SET entity_id = 'forged' WHERE seq = %1").arg(kEntries - 7)));
        check = log.verify();
        QVERIFY(check.ok());
        QVERIFY(!check->ok);
        QCOMPARE(check->firstBadSeq, kEntries - 7);
        QCOMPARE(check->entries, kEntries - 8);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
