// The approval flow against the Chatwoot sandbox, on SQLite and PostgreSQL: every refusal, the happy path,
// crash recovery at each step, an unclear timeout, double clicks, two reviewers, and a database outage.
#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "foundation/Clock.h"
#include "review/ApprovalFlow.h"
#include "review/AuditLog.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "review/OutboxStore.h"
#include "storage/Database.h"

#include <QNetworkAccessManager>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

using namespace cx;
using namespace cx::review;

namespace {
using Outcome = Result<ApprovalFlow::Outcome>;

Outcome waitOutcome(std::function<void(ApprovalFlow::Callback)> start)
{
    std::optional<Outcome> result;
    start([&](Outcome r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        return makeError(ErrorKind::Timeout, QStringLiteral("test: the flow did not finish"));
    return std::move(*result);
}

int count(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s", qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toInt();
}
} // namespace

class TestApprovalFlow final : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    QNetworkAccessManager m_network;
    qint64 m_inbox = 0;
    qint64 m_contact = 0;

    std::unique_ptr<chatwoot::ChatwootClient> makeClient(int timeoutMs = 5000)
    {
        auto client = std::make_unique<chatwoot::ChatwootClient>(
            chatwoot::ChatwootConfig { m_sandbox->url(), m_sandbox->accountId(), m_sandbox->token() },
            &m_network);
        client->setTransferTimeoutMs(timeoutMs);
        RetryPolicy fast = client->retryPolicy();
        fast.baseDelayMs = 5;
        fast.maxDelayMs = 20;
        client->setRetryPolicy(fast);
        return client;
    }

    // A conversation where the customer asked something, and a noted draft answering it.
    struct Scenario {
        qint64 conversationId = 0;
        qint64 customerMessageId = 0;
        QString draftId;
    };
    Scenario makeScenario(
        storage::Database& db, const QString& draftText = QStringLiteral("Your order ships today."))
    {
        Scenario s;
        s.conversationId = m_sandbox->addConversation(m_inbox, m_contact);
        s.customerMessageId
            = m_sandbox->addMessage(s.conversationId, QStringLiteral("Where is my order?"), 0);
        DraftRecord d;
        d.accountId = m_sandbox->accountId();
        d.conversationId = s.conversationId;
        d.messageId = s.customerMessageId;
        d.inboxId = m_inbox;
        d.content.text = draftText;
        d.content.confidence = 0.8;
        d.content.sources
            = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("kb:shipping#1") } } };
        d.customerMessageAt = Clock::nowUtc().addSecs(-120);
        DraftStore drafts(db);
        auto inserted = drafts.insert(d);
        if (!inserted) {
            qWarning("%s", qPrintable(inserted.error().toString()));
            return s;
        }
        s.draftId = inserted->id;
        if (!drafts.markNoted(s.draftId, 0))
            qWarning("markNoted failed");
        return s;
    }

    int publicReplies(qint64 conversationId, const QString& text = {})
    {
        int n = 0;
        for (const auto& m : m_sandbox->messages(conversationId))
            if (m.messageType == 1 && !m.isPrivate && (text.isEmpty() || m.content == text))
                ++n;
        return n;
    }

    static void addDialects()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }

private slots:
    void initTestCase()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        QVERIFY(m_sandbox->listen() != 0);
        m_inbox = m_sandbox->addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        m_contact = m_sandbox->addContact(QStringLiteral("Ana Lima"), QStringLiteral("ana@example.com"));
    }

    void cleanup()
    {
        Clock::setFixedNow({});
        m_sandbox->clearFaults();
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<QVariant>("tone");
        QTest::addColumn<QVariant>("accuracy");
        QTest::addColumn<QVariant>("policy");
        QTest::addColumn<QString>("reviewer");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        const QString ok = QStringLiteral("Thanks! It ships today.");
        for (const QString& dialect : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            if (dialect == QLatin1String("postgresql") && test::postgresAdminUrl().isEmpty())
                continue;
            const QByteArray d = dialect.toUtf8();
            QTest::addRow("%s ungraded tone", d.data())
                << dialect << QVariant() << QVariant(4) << QVariant(4) << "Ana Reviewer" << ok << "tone";
            QTest::addRow("%s accuracy 0", d.data())
                << dialect << QVariant(4) << QVariant(0) << QVariant(4) << "Ana Reviewer" << ok << "accuracy";
            QTest::addRow("%s policy 6", d.data())
                << dialect << QVariant(4) << QVariant(4) << QVariant(6) << "Ana Reviewer" << ok << "policy";
            QTest::addRow("%s tone 3.5", d.data())
                << dialect << QVariant(3.5) << QVariant(4) << QVariant(4) << "Ana Reviewer" << ok << "tone";
            QTest::addRow("%s no reviewer", d.data())
                << dialect << QVariant(4) << QVariant(4) << QVariant(4) << "" << ok << "reviewer";
            QTest::addRow("%s placeholder reviewer", d.data())
                << dialect << QVariant(4) << QVariant(4) << QVariant(4) << "unknown" << ok << "reviewer";
            QTest::addRow("%s empty text", d.data())
                << dialect << QVariant(4) << QVariant(4) << QVariant(4) << "Ana Reviewer"
                << "   \n"
                << "text";
        }
    }
    void refusals()
    {
        QFETCH(QString, dialect);
        QFETCH(QVariant, tone);
        QFETCH(QVariant, accuracy);
        QFETCH(QVariant, policy);
        QFETCH(QString, reviewer);
        QFETCH(QString, text);
        QFETCH(QString, field);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, text, tone, accuracy, policy, reviewer, this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Invalid);
        QCOMPARE(r.error().field, field);
        QCOMPARE(publicReplies(s.conversationId), 0);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM reply_outbox")), 0);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Noted);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 0);
    }

    void supersededAndSentDraftsCannotBeApproved_data() { addDialects(); }
    void supersededAndSentDraftsCannotBeApproved()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        QVERIFY(DraftStore(*db).markSuperseded(s.draftId).ok());
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Hi"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QVERIFY(r.error().message.contains(QLatin1String("superseded")));
        QCOMPARE(publicReplies(s.conversationId), 0);

        const Scenario t = makeScenario(*db);
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                t.draftId, QStringLiteral("Hi"), 5, 5, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                t.draftId, QStringLiteral("Hi again"), 5, 5, 5, QStringLiteral("Bo Other"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QVERIFY2(r.error().message.contains(QLatin1String("Ana Reviewer")), qPrintable(r.error().message));
        QCOMPARE(publicReplies(t.conversationId), 1);
    }

    void happyPathSendsOnceAndRecordsEverything_data() { addDialects(); }
    void happyPathSendsOnceAndRecordsEverything()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db, QStringLiteral("Your order ships today."));
        const QString finalText = QStringLiteral("Hi Ana, your order ships today 📦.");
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, finalText, 5, 4, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QVERIFY(r->chatwootMessageId > 0);
        QCOMPARE(publicReplies(s.conversationId, finalText), 1);
        QCOMPARE(publicReplies(s.conversationId), 1);

        const auto draft = DraftStore(*db).get(s.draftId);
        QCOMPARE(draft->state, DraftState::Sent);
        QCOMPARE(draft->sentMessageId, r->chatwootMessageId);
        QCOMPARE(draft->grades->accuracy, 4);

        QSqlQuery q(db->connection());
        QVERIFY(q.exec(
            QStringLiteral("SELECT tone, accuracy, policy, approved, graded_by, edit_distance, human_reply "
                           "FROM customer_reply_grading")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 5);
        QCOMPARE(q.value(1).toInt(), 4);
        QCOMPARE(q.value(2).toInt(), 5);
        QVERIFY(q.value(3).toBool());
        QCOMPARE(q.value(4).toString(), QStringLiteral("Ana Reviewer"));
        QVERIFY(q.value(5).toInt() > 0);
        QCOMPARE(q.value(6).toString(), finalText);
        QVERIFY(!q.next());

        AuditLog audit(*db);
        auto entries = audit.readAll();
        QVERIFY(entries.ok());
        QCOMPARE(entries->size(), 2);
        QCOMPARE(entries->at(0).action, QStringLiteral("draft.approved"));
        QCOMPARE(entries->at(0).details.value(QStringLiteral("tone")).toInt(), 5);
        QCOMPARE(entries->at(1).action, QStringLiteral("reply.sent"));
        QVERIFY(audit.verify()->ok);
    }

    void rejectionNeedsAReasonAndSendsNothing_data() { addDialects(); }
    void rejectionNeedsAReasonAndSendsNothing()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        Outcome r = waitOutcome([&](auto cb) {
            flow.rejectAndCaptureLearning(
                s.draftId, 2, 1, 3, QStringLiteral("  "), QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("reason"));
        r = waitOutcome([&](auto cb) {
            flow.rejectAndCaptureLearning(s.draftId, 2, 1, 3, QStringLiteral("Wrong order number"),
                QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(publicReplies(s.conversationId), 0);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Rejected);
        QCOMPARE(
            count(*db,
                QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading WHERE approved = %1 AND "
                               "rejection_reason = 'Wrong order number' AND accuracy = 1")
                    .arg(dialect == QLatin1String("sqlite") ? QStringLiteral("0") : QStringLiteral("false"))),
            1);
        // A rejected draft cannot be approved afterwards.
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("x"), 5, 5, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(publicReplies(s.conversationId), 0);
    }

    void crashAtEachStepResumesToExactlyOnce_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<int>("fault");
        const std::pair<const char*, FaultPoint> points[] = { { "after approval", FaultPoint::AfterApproval },
            { "after outbox write", FaultPoint::AfterOutboxWrite },
            { "after POST before record", FaultPoint::AfterPostBeforeRecord },
            { "during signal save", FaultPoint::DuringSignalSave } };
        for (const QString& dialect : { QStringLiteral("sqlite"), QStringLiteral("postgresql") }) {
            if (dialect == QLatin1String("postgresql") && test::postgresAdminUrl().isEmpty())
                continue;
            for (const auto& [name, point] : points)
                QTest::addRow("%s %s", qPrintable(dialect), name) << dialect << static_cast<int>(point);
        }
    }
    void crashAtEachStepResumesToExactlyOnce()
    {
        QFETCH(QString, dialect);
        QFETCH(int, fault);
        Clock::setFixedNow(QDateTime::currentDateTimeUtc());
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        const QString url
            = dialect == QLatin1String("sqlite") ? QStringLiteral("sqlite://") + db->url().path : QString();
        const Scenario s = makeScenario(*db);
        const QString text = QStringLiteral("Resumed reply for %1").arg(s.draftId);
        {
            auto client = makeClient();
            ApprovalFlow flow(db, client.get(), {});
            flow.setFaultPoint(static_cast<FaultPoint>(fault));
            const Outcome r = waitOutcome([&](auto cb) {
                flow.approveAndSendReply(s.draftId, text, 4, 5, 4, QStringLiteral("Ana Reviewer"), this, cb);
            });
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, ErrorKind::Cancelled); // the simulated crash
        }
        // The process is gone: a new one opens the database again and picks the work up.
        const storage::DatabaseUrl reopenUrl = db->url();
        db.reset();
        auto reopened = storage::Database::open(reopenUrl);
        QVERIFY(reopened.ok());
        db = reopened.value();
        Clock::advance(qint64(OutboxRow::kSendLeaseSecs + 1) * 1000); // a dead sender's lease has run out
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Outcome r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QCOMPARE(publicReplies(s.conversationId, text), 1);
        QCOMPARE(publicReplies(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Sent);
        QVERIFY(AuditLog(*db).verify()->ok);

        // Resuming again changes nothing.
        const Outcome again = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY(again.ok());
        QCOMPARE(publicReplies(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
        Q_UNUSED(url);
    }

    void timeoutWhereChatwootDidPostIsReconciled_data() { addDialects(); }
    void timeoutWhereChatwootDidPostIsReconciled()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient(400);
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        // Chatwoot stores the message, then answers too late for our timeout.
        m_sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::applyThenDelay(2000), 1, "POST");
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, QStringLiteral("Sent once, despite the timeout."), 4, 4, 4,
                QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QVERIFY(r->reconciled);
        QCOMPARE(publicReplies(s.conversationId), 1);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Sent);
    }

    void failedPostIsReportedAndRetrySendsOnce_data() { addDialects(); }
    void failedPostIsReportedAndRetrySendsOnce()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        m_sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::httpStatus(422), 1, "POST");
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Retry me"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 422);
        QCOMPARE(publicReplies(s.conversationId), 0);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Approved); // where it stopped
        r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(publicReplies(s.conversationId), 1);
    }

    void doubleClickIsOneSend_data() { addDialects(); }
    void doubleClickIsOneSend()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const Scenario s = makeScenario(*db);
        m_sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::latency(300), 1, "POST");
        std::optional<Outcome> first, second;
        flow.approveAndSendReply(s.draftId, QStringLiteral("Once"), 4, 4, 4, QStringLiteral("Ana Reviewer"),
            this, [&](Outcome r) { first = std::move(r); });
        flow.approveAndSendReply(s.draftId, QStringLiteral("Once"), 4, 4, 4, QStringLiteral("Ana Reviewer"),
            this, [&](Outcome r) { second = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(first && second, 20000);
        QCOMPARE(int(first->ok()) + int(second->ok()), 1);
        QCOMPARE(publicReplies(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
    }

    void twoReviewersOnTwoMachinesOneSend_data() { addDialects(); }
    void twoReviewersOnTwoMachinesOneSend()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto dbA = test::openFreshDatabase(dialect, dir);
        QVERIFY(dbA);
        auto dbB = storage::Database::open(dbA->url()); // a second process on the same database
        QVERIFY(dbB.ok());
        auto clientA = makeClient();
        auto clientB = makeClient();
        ApprovalFlow flowA(dbA, clientA.get(), {});
        ApprovalFlow flowB(dbB.value(), clientB.get(), {});
        const Scenario s = makeScenario(*dbA);
        std::optional<Outcome> a, b;
        flowA.approveAndSendReply(s.draftId, QStringLiteral("From Ana"), 5, 5, 5,
            QStringLiteral("Ana Reviewer"), this, [&](Outcome r) { a = std::move(r); });
        flowB.approveAndSendReply(s.draftId, QStringLiteral("From Bo"), 5, 5, 5,
            QStringLiteral("Bo Reviewer"), this, [&](Outcome r) { b = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(a && b, 20000);
        QCOMPARE(int(a->ok()) + int(b->ok()), 1);
        const Outcome& loser = a->ok() ? *b : *a;
        const QString winner = a->ok() ? QStringLiteral("Ana Reviewer") : QStringLiteral("Bo Reviewer");
        QCOMPARE(loser.error().kind, ErrorKind::Conflict);
        QVERIFY2(loser.error().message.contains(winner), qPrintable(loser.error().message));
        QCOMPARE(publicReplies(s.conversationId), 1);
    }

    void databaseOutageQueuesSignalAndFlushesOnce()
    {
        if (test::postgresAdminUrl().isEmpty()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without PostgreSQL: use tests/run-all.sh");
            QSKIP("needs PostgreSQL");
        }
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("postgresql"), dir);
        QVERIFY(db);
        auto local
            = storage::Database::open(QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("local.db")));
        QVERIFY(local.ok());
        auto client = makeClient();
        ApprovalFlow flow(db, client.get(), ApprovalFlow::Options { 0.2, local.value() });
        const Scenario s = makeScenario(*db);

        // Take the team database away right before the signal is saved.
        const QString dbName = db->url().database;
        auto admin = [&](const QString& sql) {
            QSqlDatabase c
                = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("outage-admin"));
            const QUrl u(test::postgresAdminUrl());
            c.setHostName(u.host());
            c.setPort(u.port());
            c.setUserName(u.userName());
            c.setPassword(u.password());
            c.setDatabaseName(QStringLiteral("postgres"));
            bool ok = c.open() && QSqlQuery(c).exec(sql);
            c.close();
            c = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("outage-admin"));
            return ok;
        };
        flow.setBeforeSignalSaveHook([&] {
            admin(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(dbName));
            admin(QStringLiteral(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' AND "
                "pid <> pg_backend_pid()")
                      .arg(dbName));
        });
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, QStringLiteral("Sent while the database blinks"), 4, 4, 4,
                QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalQueued);
        QCOMPARE(publicReplies(s.conversationId), 1);
        QCOMPARE(review::SignalQueue(*local.value()).size().value(), 1);

        // The database is back: the queue drains into it, once.
        flow.setBeforeSignalSaveHook({});
        QVERIFY(admin(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(dbName)));
        std::optional<Result<int>> moved;
        flow.flushQueuedSignals(this, [&](Result<int> n) { moved = std::move(n); });
        QTRY_VERIFY_WITH_TIMEOUT(moved.has_value(), 20000);
        QVERIFY2(moved->ok(), qPrintable(moved->ok() ? QString() : moved->error().toString()));
        QCOMPARE(moved->value(), 1);
        moved.reset();
        flow.flushQueuedSignals(this, [&](Result<int> n) { moved = std::move(n); });
        QTRY_VERIFY_WITH_TIMEOUT(moved.has_value(), 20000);
        QCOMPARE(moved->value(), 0);
        QCOMPARE(review::SignalQueue(*local.value()).size().value(), 0);
        auto fresh = storage::Database::open(db->url());
        QVERIFY(fresh.ok());
        QCOMPARE(count(*fresh.value(), QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
    }
};

QTEST_GUILESS_MAIN(TestApprovalFlow)
#include "tst_approvalflow.moc"
