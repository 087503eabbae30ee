// The outbox's guards, each on SQLite and PostgreSQL, with the interrupted state built directly in the
// database: only approved drafts are queued; recording a send twice is harmless; a sent row makes no request;
// another process's lease is respected (and sized to outlast the POST's retry window); an unknown outcome
// waits out its re-check pause; the stale check (a newer public reply, resolved, snoozed) and its re-confirm.
#include "ReviewFixture.h"
#include "review/AuditLog.h"
#include "review/LearningSignal.h"
#include "review/Outbox.h"

using namespace cx;
using namespace cx::review;
using cx::test::count;
using cx::test::Outcome;
using cx::test::waitOutcome;

class TestOutbox final : public QObject {
    Q_OBJECT

    test::ReviewFixture f;

    static void addDialects()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }

    // An approved draft with its outbox row, as approveAndSendReply leaves it before sending.
    static Result<OutboxRow> queued(storage::Database& db, const QString& draftId, const QString& text)
    {
        if (!test::ReviewFixture::approveInDatabase(db, draftId, text))
            return makeError(ErrorKind::Internal, QStringLiteral("test: approve failed"));
        return OutboxStore(db).queueApproved(draftId);
    }

    int requestsFor(qint64 conversationId) const
    {
        return f.sandbox->requestCount(QStringLiteral("/conversations/%1(/|$)").arg(conversationId));
    }

private slots:
    void initTestCase() { QVERIFY(f.start()); }

    void cleanup()
    {
        Clock::setFixedNow({});
        f.sandbox->clearFaults();
    }

    void onlyApprovedDraftsAreQueued_data() { addDialects(); }
    void onlyApprovedDraftsAreQueued()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const auto s = f.makeScenario(*db); // noted, not approved
        auto row = OutboxStore(*db).queueApproved(s.draftId);
        QVERIFY(!row.ok());
        QCOMPARE(row.error().kind, ErrorKind::Conflict);
        QCOMPARE(row.error().field, QStringLiteral("state"));
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM reply_outbox")), 0);

        row = queued(*db, s.draftId, QStringLiteral("Now approved"));
        QVERIFY2(row.ok(), qPrintable(row.ok() ? QString() : row.error().toString()));
        QCOMPARE(row->state, OutboxRow::State::Pending);
        QCOMPARE(row->approvedBy, QStringLiteral("Ana Reviewer"));
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM reply_outbox")), 1);
    }

    void recordingASendTwiceIsHarmless_data() { addDialects(); }
    void recordingASendTwiceIsHarmless()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const auto s = f.makeScenario(*db);
        auto row = queued(*db, s.draftId, QStringLiteral("Recorded once"));
        QVERIFY(row.ok());
        auto claimed = OutboxStore(*db).claim(row.value(), QStringLiteral("me"), Clock::nowUtc().addSecs(60));
        QVERIFY(claimed.ok());
        const QString actor = QStringLiteral("Ana Reviewer");
        QVERIFY(OutboxStore(*db).recordSent(claimed.value(), 4242, actor).ok());
        const Status again = OutboxStore(*db).recordSent(claimed.value(), 4242, actor);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().toString()));
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Sent);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'reply.sent'")), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM reply_outbox WHERE state = 'sent'")), 1);
    }

    void aSentRowMakesNoRequest_data() { addDialects(); }
    void aSentRowMakesNoRequest()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Only once"), 5, 5, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        const int before = client->requestCount();
        // The reviewer clicks again: the row is sent, so nothing is asked of Chatwoot at all.
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Only once"), 5, 5, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QVERIFY(r->reconciled);
        QCOMPARE(client->requestCount(), before);
        QCOMPARE(f.publicReplies(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
    }

    void anotherProcessesLeaseIsRespected_data() { addDialects(); }
    void anotherProcessesLeaseIsRespected()
    {
        QFETCH(QString, dialect);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        Clock::setFixedNow(start);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const auto s = f.makeScenario(*db);
        const QString text = QStringLiteral("Being sent by another process");
        auto row = queued(*db, s.draftId, text);
        QVERIFY(row.ok());
        // Another live process claimed it; its POST may be on its way (or being retried) for 10 minutes.
        QVERIFY(
            OutboxStore(*db).claim(row.value(), QStringLiteral("other-process"), start.addSecs(600)).ok());

        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        Outcome r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QCOMPARE(r.error().field, QStringLiteral("outbox"));
        QCOMPARE(requestsFor(s.conversationId), 0); // not even a look: the owner may still be retrying

        Recovery recovery(db, &flow);
        auto report = test::runRecovery(recovery, this);
        QVERIFY(report.ok());
        QCOMPARE(report->waiting, 1);
        QCOMPARE(report->sent + report->reconciled, 0);
        QCOMPARE(requestsFor(s.conversationId), 0);

        // The lease ran out (that process died): look, then send.
        Clock::setFixedNow(start.addSecs(601));
        r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QCOMPARE(f.publicReplies(s.conversationId, text), 1);
        QCOMPARE(f.posts(s.conversationId), 1);
    }

    void leaseOutlastsThePostRetryWindow()
    {
        chatwoot::ChatwootClient client(
            chatwoot::ChatwootConfig { QUrl(QStringLiteral("http://127.0.0.1:9")), 1, QStringLiteral("t") },
            &f.network);
        client.setTransferTimeoutMs(30000);
        Outbox outbox(nullptr, &client, Outbox::Settings { QStringLiteral("me"), 60000, 60000 });
        const chatwoot::RetryPolicy& p = client.retryPolicy();
        // The longest a POST can keep going: every attempt times out, with the longest wait between.
        const qint64 window = qint64(p.maxAttempts) * 30000 + qint64(p.maxAttempts - 1) * p.maxRetryAfterMs;
        QVERIFY2(outbox.leaseMs() > window, qPrintable(QString::number(outbox.leaseMs())));
        QVERIFY(outbox.leaseMs() > 120000); // the old fixed lease, shorter than 3 x 60 s of 429s
    }

    void unknownOutcomeWaitsForItsRecheckPause_data() { addDialects(); }
    void unknownOutcomeWaitsForItsRecheckPause()
    {
        QFETCH(QString, dialect);
        const QDateTime start = QDateTime::currentDateTimeUtc();
        Clock::setFixedNow(start);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const auto s = f.makeScenario(*db);
        const QString text = QStringLiteral("Maybe sent already");
        auto row = queued(*db, s.draftId, text);
        QVERIFY(row.ok());
        auto claimed = OutboxStore(*db).claim(row.value(), QStringLiteral("me"), start.addSecs(600));
        QVERIFY(claimed.ok());
        QVERIFY(OutboxStore(*db)
                    .recordUnknown(claimed.value(), QStringLiteral("timeout"), start.addSecs(60))
                    .ok());

        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        Outcome r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QCOMPARE(r->stage, ApprovalFlow::Stage::OutcomeUnknown); // a success: "not confirmed yet"
        QVERIFY(!r->note.isEmpty());
        QCOMPARE(r->recheckAt, start.addSecs(60));
        QCOMPARE(requestsFor(s.conversationId), 0);

        // Past the pause: Chatwoot is searched first; the reply is not there, so it is sent (once).
        Clock::setFixedNow(start.addSecs(61));
        r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QVERIFY(!r->reconciled);
        QCOMPARE(f.publicReplies(s.conversationId, text), 1);
    }

    void staleConversationIsRefusedUntilConfirmed_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("says");
        for (const QString& dialect : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            if (dialect == QLatin1String("postgresql") && test::postgresAdminUrl().isEmpty())
                continue;
            const QByteArray d = dialect.toUtf8();
            QTest::addRow("%s newer public reply", d.data()) << dialect << "reply"
                                                             << "already answered";
            QTest::addRow("%s resolved", d.data()) << dialect << "resolved"
                                                   << "resolved";
            QTest::addRow("%s snoozed", d.data()) << dialect << "snoozed"
                                                  << "snoozed";
        }
    }
    void staleConversationIsRefusedUntilConfirmed()
    {
        QFETCH(QString, dialect);
        QFETCH(QString, change);
        QFETCH(QString, says);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        // A private note and the customer's own message do not make it stale; the change does.
        f.sandbox->addMessage(s.conversationId, QStringLiteral("internal: check stock"), 1, true);
        if (change == QLatin1String("reply"))
            f.sandbox->addMessage(s.conversationId, QStringLiteral("Hi, an agent here: it left today."), 1);
        else
            f.sandbox->setConversationStatus(s.conversationId, change);
        const QString text = QStringLiteral("Your order ships today (stale?)");
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, text, 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QCOMPARE(r.error().field, QStringLiteral("stale"));
        QVERIFY2(r.error().message.contains(says), qPrintable(r.error().message));
        QCOMPARE(f.publicReplies(s.conversationId, text), 0);
        QCOMPARE(f.posts(s.conversationId), 0);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Approved);

        // Recovery does not send it: it needs a person.
        Recovery recovery(db, &flow);
        auto report = test::runRecovery(recovery, this);
        QVERIFY(report.ok());
        QCOMPARE(report->needsAttentionDraftIds, QStringList { s.draftId });
        QVERIFY(report->needsAttention.value(0).contains(says));
        QCOMPARE(report->sent, 0);
        QCOMPARE(f.posts(s.conversationId), 0);

        // A plain retry is refused again; the reviewer's deliberate re-confirm sends it, once.
        r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("stale"));
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, text, 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb,
                ApprovalFlow::SendOptions { true });
        });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QCOMPARE(f.publicReplies(s.conversationId, text), 1);
        QCOMPARE(f.posts(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
