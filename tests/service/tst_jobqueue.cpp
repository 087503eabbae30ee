// The service's durable job queue (src/core/ingest/JobQueue): one job per key, leases, retries with backoff,
// parking, re-queueing; on PostgreSQL concurrent claimers never share a job (FOR UPDATE SKIP LOCKED).
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "foundation/Clock.h"
#include "ingest/JobQueue.h"
#include "storage/Database.h"

#include <QSet>
#include <QTest>
#include <QtConcurrent/QtConcurrentRun>

using namespace cx;
using ingest::Job;
using ingest::JobQueue;

namespace {
Job draftJob(qint64 message)
{
    Job j;
    j.kind = Job::Kind::Draft;
    j.accountId = 1;
    j.conversationId = 7;
    j.messageId = message;
    j.dedupeKey = QStringLiteral("draft:1:7:%1").arg(message);
    return j;
}
} // namespace

class TestJobQueue : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { Clock::setFixedNow({}); }

    void oneJobPerKey_data() { setupDialects(); }
    void oneJobPerKey()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        JobQueue q(*db);
        auto a = q.enqueue(draftJob(100));
        auto b = q.enqueue(draftJob(100));
        auto c = q.enqueue(draftJob(101));
        QVERIFY(a && b && c);
        QCOMPARE(b.value(), a.value());
        QVERIFY(c.value() != a.value());
        QCOMPARE(q.counts()->queued, 2);
    }

    void leaseExpiresThenAnotherWorkerTakesIt_data() { setupDialects(); }
    void leaseExpiresThenAnotherWorkerTakesIt()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        Clock::setFixedNow(QDateTime::currentDateTimeUtc());
        JobQueue q(*db);
        QVERIFY(q.enqueue(draftJob(100)));
        auto first = q.claim(QStringLiteral("a"), 5000);
        QVERIFY(first && first.value());
        QCOMPARE(first.value()->attempts, 1);
        auto none = q.claim(QStringLiteral("b"), 5000);
        QVERIFY(none);
        QVERIFY2(!none.value(), "a leased job must not be claimed by another worker");
        Clock::advance(4000);
        QVERIFY(q.renew(first.value()->id, QStringLiteral("a"), 5000)); // still alive: renewed
        Clock::advance(4000);
        QVERIFY(!q.claim(QStringLiteral("b"), 5000).value());
        Clock::advance(2000); // "a" died: no renewal; the lease ran out
        auto second = q.claim(QStringLiteral("b"), 5000);
        QVERIFY(second && second.value());
        QCOMPARE(second.value()->id, first.value()->id);
        QCOMPARE(second.value()->attempts, 2);
        // The dead worker's late completion does not count; the new holder's does.
        QCOMPARE(q.complete(first.value()->id, QStringLiteral("a")).error().kind, ErrorKind::Conflict);
        QVERIFY(!q.renew(first.value()->id, QStringLiteral("a"), 5000));
        QVERIFY(q.complete(second.value()->id, QStringLiteral("b")));
        QCOMPARE(q.counts()->done, 1);
    }

    void failRetriesWithBackoffThenParks_data() { setupDialects(); }
    void failRetriesWithBackoffThenParks()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        Clock::setFixedNow(QDateTime::currentDateTimeUtc());
        JobQueue q(*db);
        auto id = q.enqueue(draftJob(100));
        QVERIFY(id);
        for (int attempt = 1; attempt <= 3; ++attempt) {
            auto job = q.claim(QStringLiteral("w"), 60000);
            QVERIFY2(job && job.value(), qPrintable(QStringLiteral("attempt %1").arg(attempt)));
            QCOMPARE(job.value()->attempts, attempt);
            auto parked = q.fail(id.value(), QStringLiteral("w"), QStringLiteral("model down"), 3,
                JobQueue::backoffMs(attempt, 1000));
            QVERIFY2(parked, parked ? "" : qPrintable(parked.error().toString()));
            QCOMPARE(parked.value(), attempt == 3);
            if (attempt < 3) {
                // Not before its backoff has passed.
                QVERIFY(!q.claim(QStringLiteral("w"), 60000).value());
                Clock::advance(JobQueue::backoffMs(attempt, 1000));
            }
        }
        Clock::advance(3600 * 1000);
        QVERIFY2(!q.claim(QStringLiteral("w"), 60000).value(), "a parked job is never claimed");
        auto parked = q.parked();
        QVERIFY(parked);
        QCOMPARE(parked->size(), 1);
        QCOMPARE(parked->first().lastError, QStringLiteral("model down"));
        QCOMPARE(parked->first().attempts, 3);
        QVERIFY(q.retry(id.value()));
        auto again = q.claim(QStringLiteral("w"), 60000);
        QVERIFY(again && again.value());
        QCOMPARE(again.value()->attempts, 1);
        QCOMPARE(q.retry(id.value()).error().kind, ErrorKind::Conflict); // running
        QCOMPARE(q.retry(999999).error().kind, ErrorKind::NotFound);
    }

    void backoffDoubles()
    {
        QCOMPARE(JobQueue::backoffMs(1, 2000), 2000);
        QCOMPARE(JobQueue::backoffMs(2, 2000), 4000);
        QCOMPARE(JobQueue::backoffMs(4, 2000), 16000);
        QCOMPARE(JobQueue::backoffMs(40, 2000, 300000), 300000);
    }

    void releaseGivesTheJobBackUncounted_data() { setupDialects(); }
    void releaseGivesTheJobBackUncounted()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        JobQueue q(*db);
        QVERIFY(q.enqueue(draftJob(100)));
        auto job = q.claim(QStringLiteral("a"), 600000);
        QVERIFY(job && job.value());
        QVERIFY(q.release(job.value()->id, QStringLiteral("a")));
        auto again = q.claim(QStringLiteral("b"), 600000);
        QVERIFY(again && again.value());
        QCOMPARE(again.value()->attempts, 1);
    }

    void doneJobQueuedAgainOnlyByEnqueueAgain_data() { setupDialects(); }
    void doneJobQueuedAgainOnlyByEnqueueAgain()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        JobQueue q(*db);
        QVERIFY(q.enqueue(draftJob(100)));
        auto job = q.claim(QStringLiteral("a"), 600000);
        QVERIFY(q.complete(job.value()->id, QStringLiteral("a")));
        QVERIFY(q.enqueue(draftJob(100)));
        QVERIFY(!q.claim(QStringLiteral("a"), 600000).value());
        QVERIFY(q.enqueueAgain(draftJob(100)));
        QVERIFY(q.claim(QStringLiteral("a"), 600000).value());
    }

    // Two instances claiming at once from one PostgreSQL: every job is taken once.
    void concurrentClaimersNeverShareAJob()
    {
        if (test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI without CXPILOT_TEST_PG_URL");
            QSKIP("no PostgreSQL");
        }
        const QString url = test::createPostgresDatabase(QStringLiteral("cxjobs"));
        auto a = storage::Database::open(url);
        auto b = storage::Database::open(url);
        QVERIFY(a && b);
        const int n = 200;
        for (int i = 0; i < n; ++i)
            QVERIFY(JobQueue(*a.value()).enqueue(draftJob(1000 + i)));
        auto worker = [](std::shared_ptr<storage::Database> db, QString owner) {
            return QtConcurrent::run([db, owner] {
                QList<qint64> got;
                JobQueue q(*db);
                for (;;) {
                    auto job = q.claim(owner, 600000);
                    if (!job || !job.value())
                        break;
                    got.append(job.value()->id);
                }
                return got;
            });
        };
        // Each Database keeps a connection per thread, so the two run on separate sessions.
        auto fa = worker(a.value(), QStringLiteral("a"));
        auto fb = worker(b.value(), QStringLiteral("b"));
        const QList<qint64> ga = fa.result();
        const QList<qint64> gb = fb.result();
        QSet<qint64> all;
        for (qint64 id : ga + gb)
            QVERIFY2(!all.contains(id), "a job was claimed twice");
        for (qint64 id : ga + gb)
            all.insert(id);
        QCOMPARE(all.size(), n);
        qInfo() << "claimed by a:" << ga.size() << "by b:" << gb.size();
    }

private:
    void setupDialects()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
