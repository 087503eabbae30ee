// Retention of cxpilotd's history (src/core/ingest/ServiceRetention, `cxpilotd prune`,
// CXPILOTD_RETENTION_DAYS): only finished history goes, parked jobs never; on PostgreSQL the cxpilot_service
// login may delete exactly that; a delivery replayed after its row was pruned still makes no second draft or
// note.
#include "ServiceTestKit.h"
#include "foundation/Clock.h"
#include "ingest/JobQueue.h"
#include "ingest/ServiceRetention.h"
#include "storage/SqlTime.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlError>

using namespace cx;
using namespace cx::test;
using ingest::Job;
using ingest::JobQueue;
using sandbox::SandboxWebhookSender;

namespace {
Job draftJob(qint64 message)
{
    Job j;
    j.accountId = 1;
    j.conversationId = 7;
    j.messageId = message;
    j.dedupeKey = QStringLiteral("draft:1:7:%1").arg(message);
    return j;
}

bool addDelivery(storage::Database& db, const QString& id, qint64 jobId)
{
    QSqlQuery q(db.connection());
    q.prepare(
        QStringLiteral("INSERT INTO webhook_deliveries (delivery_id, event, received_at, outcome, job_id) "
                       "VALUES (?, 'message_created', ?, 'queued', ?)"));
    q.addBindValue(id);
    q.addBindValue(storage::toSqlTime(Clock::nowUtc(), db.dialect()));
    q.addBindValue(jobId > 0 ? QVariant(jobId) : QVariant(QMetaType::fromType<qint64>()));
    return q.exec();
}

QStringList column(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    QStringList values;
    if (!q.exec(sql))
        return { QStringLiteral("error: ") + q.lastError().text() };
    while (q.next())
        values << q.value(0).toString();
    values.sort();
    return values;
}
} // namespace

class TestServiceRetention : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { Clock::setFixedNow({}); }

    void prunesOnlyFinishedHistory_data() { setupDialects(); }
    void prunesOnlyFinishedHistory()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto [owner, url] = freshServiceDatabase(dialect, dir);
        QVERIFY(owner && !url.isEmpty());
        auto service = storage::Database::open(url); // on PostgreSQL a cxpilot_service login
        QVERIFY2(service, qPrintable(service ? QString() : service.error().toString()));
        storage::Database& db = *service.value();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        JobQueue queue(db);

        // 40 days ago: a drafted message (done), an ignored event (no job), a parked job, a queued one.
        Clock::setFixedNow(now.addDays(-40));
        const qint64 done = queue.enqueue(draftJob(1)).value();
        const qint64 parked = queue.enqueue(draftJob(2)).value();
        const qint64 doneWithLateDuplicate = queue.enqueue(draftJob(3)).value();
        const qint64 parkedFromSweep = queue.enqueue(draftJob(6)).value(); // no delivery refers to it
        for (int i = 0; i < 4; ++i) {
            auto claimed = queue.claim(QStringLiteral("w"), 60000);
            QVERIFY(claimed && claimed.value());
            const qint64 id = claimed.value()->id;
            if (id == parked || id == parkedFromSweep)
                QVERIFY(queue.fail(id, QStringLiteral("w"), QStringLiteral("model down"), 1, 0));
            else
                QVERIFY(queue.complete(id, QStringLiteral("w")));
        }
        QVERIFY(addDelivery(db, QStringLiteral("old-done"), done));
        QVERIFY(addDelivery(db, QStringLiteral("old-ignored"), 0));
        QVERIFY(addDelivery(db, QStringLiteral("old-parked"), parked));
        QVERIFY(addDelivery(db, QStringLiteral("old-dup"), doneWithLateDuplicate));
        // Now: a duplicate delivery of message 3 (deduplicated onto its old job), a message drafted today.
        Clock::setFixedNow(now);
        QVERIFY(addDelivery(db, QStringLiteral("new-dup"), doneWithLateDuplicate));
        const qint64 today = queue.enqueue(draftJob(5)).value();
        QVERIFY(queue.claim(QStringLiteral("w"), 60000).value());
        QVERIFY(queue.complete(today, QStringLiteral("w")));
        QVERIFY(addDelivery(db, QStringLiteral("new-done"), today));
        // And a job still queued since 40 days ago (added last, so the claims above did not take it).
        Clock::setFixedNow(now.addDays(-40));
        const qint64 queued = queue.enqueue(draftJob(4)).value();
        QVERIFY(addDelivery(db, QStringLiteral("old-queued"), queued));
        Clock::setFixedNow(now);

        auto pruned = ingest::ServiceRetention(db).prune(now.addDays(-30), 2); // batches of 2: loops
        QVERIFY2(pruned, qPrintable(pruned ? QString() : pruned.error().toString()));
        QCOMPARE(pruned->deliveries, 3); // old-done, old-ignored, old-dup
        QCOMPARE(pruned->jobs, 1); // `done`; message 3's job still has a delivery that refers to it
        QCOMPARE(column(db, QStringLiteral("SELECT delivery_id FROM webhook_deliveries")),
            QStringList({ QStringLiteral("new-done"), QStringLiteral("new-dup"), QStringLiteral("old-parked"),
                QStringLiteral("old-queued") }));
        QCOMPARE(column(db, QStringLiteral("SELECT id FROM service_jobs")),
            column(db,
                QStringLiteral("SELECT id FROM service_jobs WHERE id IN (%1, %2, %3, %4, %5)")
                    .arg(parked)
                    .arg(parkedFromSweep)
                    .arg(doneWithLateDuplicate)
                    .arg(queued)
                    .arg(today)));
        QCOMPARE(sqlCount(db, QStringLiteral("SELECT COUNT(*) FROM service_jobs")), 5);
        // Nothing more to do: a second run deletes nothing.
        pruned = ingest::ServiceRetention(db).prune(now.addDays(-30));
        QVERIFY(pruned);
        QCOMPARE(pruned->deliveries + pruned->jobs, 0);

        if (dialect == QLatin1String("postgresql")) {
            // The service login may delete exactly that: not a parked or queued job, nor their deliveries.
            QSqlQuery q(db.connection());
            QVERIFY(q.exec(QStringLiteral("DELETE FROM service_jobs WHERE state <> 'done'")));
            QCOMPARE(q.numRowsAffected(), 0);
            QVERIFY(q.exec(QStringLiteral("DELETE FROM webhook_deliveries WHERE delivery_id LIKE 'old-%'")));
            QCOMPARE(q.numRowsAffected(), 0);
            QCOMPARE(
                sqlCount(db, QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state = 'parked'")), 2);
        }
    }

    // The whole path with the real cxpilotd: the prune at start (its metric), a replay of a pruned delivery
    // (no second draft or note: the drafts' unique key), then `cxpilotd prune`.
    void replayAfterPruningMakesNoSecondDraft_data() { setupDialects(); }
    void replayAfterPruningMakesNoSecondDraft()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto [db, url] = freshServiceDatabase(dialect, dir);
        QVERIFY(db && !url.isEmpty());
        sandbox::ChatwootSandbox chatwoot;
        chatwoot.listen();
        const qint64 inbox = chatwoot.addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
        const qint64 conv = chatwoot.addConversation(inbox, chatwoot.addContact(QStringLiteral("Ada")));
        QProcessEnvironment env = serviceEnv(chatwoot, url);
        env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
        auto service = std::make_unique<CxpilotdProcess>(env);
        QVERIFY2(service->start(), qPrintable(service->failureText()));
        chatwoot.setWebhook(service->webhookUrl(), kWebhookSecret);
        QSignalSpy delivered(chatwoot.webhookSender(), &SandboxWebhookSender::delivered);
        const qint64 message = chatwoot.addIncomingMessage(conv, QStringLiteral("Do you ship to Norway?"));
        QVERIFY(delivered.wait(10000));
        const QByteArray deliveryId = chatwoot.webhookSender()->lastDeliveryId();
        const QByteArray body = chatwoot.webhookSender()->lastBody();
        QTRY_COMPARE_WITH_TIMEOUT(draftNotes(chatwoot, conv), 1, 20000);
        const QString unfinished
            = QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE state IN ('queued', 'running')");
        QTRY_COMPARE_WITH_TIMEOUT(sqlCount(*db, unfinished), 0, 10000);
        // Our note comes back as a webhook too (recorded, ignored): wait for it before stopping.
        QTRY_COMPARE_WITH_TIMEOUT(
            sqlCount(*db,
                QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome LIKE "
                               "'ignored: our own%'")),
            1, 10000);
        QCOMPARE(service->terminate(), 0);

        // 40 days pass (the history is backdated by the owner), then cxpilotd starts and prunes.
        auto backdate = [&] {
            QSqlQuery q(db->connection());
            q.prepare(QStringLiteral("UPDATE webhook_deliveries SET received_at = ?"));
            q.addBindValue(storage::toSqlTime(QDateTime::currentDateTimeUtc().addDays(-40), db->dialect()));
            QSqlQuery j(db->connection());
            j.prepare(QStringLiteral("UPDATE service_jobs SET finished_ms = ? WHERE state = 'done'"));
            j.addBindValue(QDateTime::currentDateTimeUtc().addDays(-40).toMSecsSinceEpoch());
            return q.exec() && j.exec();
        };
        const int deliveries = sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries"));
        QVERIFY(deliveries >= 2); // the customer's message and our note coming back
        QVERIFY(backdate());
        service = std::make_unique<CxpilotdProcess>(env);
        QVERIFY2(service->start(), qPrintable(service->failureText()));
        chatwoot.setWebhook(service->webhookUrl(), kWebhookSecret);
        QNetworkAccessManager network;
        const QByteArray prunedDeliveries
            = "cxpilotd_pruned_rows_total{table=\"webhook_deliveries\"} " + QByteArray::number(deliveries);
        QTRY_VERIFY_WITH_TIMEOUT(
            httpGet(network, service->url(QStringLiteral("/metrics"))).body.contains(prunedDeliveries),
            10000);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        // (The catch-up sweep at start may already have queued the message again: its job row was pruned.)
        QCOMPARE(sqlCount(*db,
                     QStringLiteral("SELECT COUNT(*) FROM service_jobs WHERE finished_ms < %1")
                         .arg(QDateTime::currentDateTimeUtc().addDays(-30).toMSecsSinceEpoch())),
            0);

        // The same delivery again: the ledger forgot it, so it is queued as new (or joins the sweep's job for
        // the message) — and still makes no second draft and no second note.
        delivered.clear();
        chatwoot.webhookSender()->resend(deliveryId, body);
        QVERIFY(delivered.wait(10000));
        QCOMPARE(delivered.first().at(1).toInt(), 200);
        const QString replayDone = QStringLiteral(
            "SELECT COUNT(*) FROM webhook_deliveries d JOIN service_jobs j ON j.id = d.job_id "
            "WHERE d.delivery_id = '%1' AND j.state = 'done'")
                                       .arg(QString::fromLatin1(deliveryId));
        QTRY_COMPARE_WITH_TIMEOUT(sqlCount(*db, replayDone), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(sqlCount(*db, unfinished), 0, 10000);
        QCOMPARE(draftNotes(chatwoot, conv), 1);
        QCOMPARE(
            sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE message_id = %1").arg(message)),
            1);
        QCOMPARE(service->terminate(), 0);

        // On demand: `cxpilotd prune` (the configured 30 days; --older-than DAYS otherwise).
        QVERIFY(backdate());
        auto r = runCxpilotd({ QStringLiteral("prune") }, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QRegularExpression(
                     QStringLiteral("pruned 1 deliveries and [1-9][0-9]* done jobs older than 30 days"))),
            qPrintable(r.out + r.err));
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries")), 0);
        QCOMPARE(sqlCount(*db, QStringLiteral("SELECT COUNT(*) FROM service_jobs")), 0);
        r = runCxpilotd(
            { QStringLiteral("prune"), QStringLiteral("--older-than"), QStringLiteral("0") }, env);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--older-than")), qPrintable(r.err));
        QProcessEnvironment bad = env;
        bad.insert(QStringLiteral("CXPILOTD_RETENTION_DAYS"), QStringLiteral("a month"));
        r = runCxpilotd({ QStringLiteral("prune") }, bad);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("CXPILOTD_RETENTION_DAYS")), qPrintable(r.err));
    }

private:
    void setupDialects()
    {
        QTest::addColumn<QString>("dialect");
        addDialectRows();
    }
};

QTEST_GUILESS_MAIN(TestServiceRetention)
#include "tst_serviceretention.moc"
