// The approval flow against the Chatwoot sandbox, on SQLite and PostgreSQL: every refusal, the happy path,
// rejection, a definite refusal then a retry, the same reviewer continuing their approval, double clicks and
// two reviewers. (Interrupted states and Recovery: tst_recovery; the outbox's guards: tst_outbox.)
#include "ReviewFixture.h"
#include "reports/FineTuneExport.h"
#include "review/AuditLog.h"
#include "review/LearningSignal.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

using namespace cx;
using namespace cx::review;
using cx::test::count;
using cx::test::Outcome;
using cx::test::waitOutcome;

class TestApprovalFlow final : public QObject {
    Q_OBJECT

    test::ReviewFixture f;

    static void addDialects()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }

private slots:
    void initTestCase() { QVERIFY(f.start()); }

    void cleanup()
    {
        Clock::setFixedNow({});
        f.sandbox->clearFaults();
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
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, text, tone, accuracy, policy, reviewer, this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Invalid);
        QCOMPARE(r.error().field, field);
        QCOMPARE(f.publicReplies(s.conversationId), 0);
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
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        QVERIFY(DraftStore(*db).markSuperseded(s.draftId).ok());
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Hi"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Conflict);
        QVERIFY(r.error().message.contains(QLatin1String("superseded")));
        QCOMPARE(f.publicReplies(s.conversationId), 0);

        const auto t = f.makeScenario(*db);
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
        QCOMPARE(f.publicReplies(t.conversationId), 1);
    }

    void happyPathSendsOnceAndRecordsEverything_data() { addDialects(); }
    void happyPathSendsOnceAndRecordsEverything()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db, QStringLiteral("Your order ships today."));
        const QString finalText = QStringLiteral("Hi Ana, your order ships today 📦.");
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, finalText, 5, 4, 5, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QVERIFY(r->chatwootMessageId > 0);
        QCOMPARE(f.publicReplies(s.conversationId, finalText), 1);
        QCOMPARE(f.publicReplies(s.conversationId), 1);

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

    // The fine-tuning export made from an approval done through the review path (not from rows a test
    // inserted) has the customer's message: one valid chat example.
    void fineTuningExportFromAnApproval_data() { addDialects(); }
    void fineTuningExportFromAnApproval()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db, QStringLiteral("Your order ships today."));
        const Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(s.draftId, QStringLiteral("Hi Ana, your order ships today."), 5, 4, 5,
                QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);

        metrics::QualityQuery q;
        q.from = Clock::nowUtc().addSecs(-3600);
        q.to = Clock::nowUtc().addSecs(3600);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        QSqlDatabase c = db->connection();
        auto counts = reports::writeChatJsonl(c, db->dialect(), q, reports::FineTuneOptions {}, &out);
        QVERIFY(counts.ok());
        QVERIFY2(counts->written == 1, qPrintable(reports::emptyChatExportReason(*counts, 4)));
        QVERIFY(out.data().endsWith('\n'));
        QJsonParseError e;
        const QJsonDocument line = QJsonDocument::fromJson(out.data().trimmed(), &e);
        QCOMPARE(e.error, QJsonParseError::NoError);
        const QJsonArray messages = line.object().value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[1].toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QCOMPARE(messages[1].toObject().value(QLatin1String("content")).toString(),
            QStringLiteral("Where is my order?"));
        QCOMPARE(messages[2].toObject().value(QLatin1String("content")).toString(),
            QStringLiteral("Hi Ana, your order ships today."));
    }

    void rejectionNeedsAReasonAndSendsNothing_data() { addDialects(); }
    void rejectionNeedsAReasonAndSendsNothing()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
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
        QCOMPARE(f.publicReplies(s.conversationId), 0);
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
        QCOMPARE(f.publicReplies(s.conversationId), 0);
    }

    void failedPostIsReportedAndRetrySendsOnce_data() { addDialects(); }
    void failedPostIsReportedAndRetrySendsOnce()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        f.sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::httpStatus(422), 1, "POST");
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Retry me"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 422);
        QCOMPARE(f.publicReplies(s.conversationId), 0);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Approved); // where it stopped
        r = waitOutcome([&](auto cb) { flow.resume(s.draftId, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(f.publicReplies(s.conversationId), 1);
    }

    void doubleClickIsOneSend_data() { addDialects(); }
    void doubleClickIsOneSend()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        f.sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::latency(300), 1, "POST");
        std::optional<Outcome> first, second;
        flow.approveAndSendReply(s.draftId, QStringLiteral("Once"), 4, 4, 4, QStringLiteral("Ana Reviewer"),
            this, [&](Outcome r) { first = std::move(r); });
        flow.approveAndSendReply(s.draftId, QStringLiteral("Once"), 4, 4, 4, QStringLiteral("Ana Reviewer"),
            this, [&](Outcome r) { second = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(first && second, 20000);
        QCOMPARE(int(first->ok()) + int(second->ok()), 1);
        QCOMPARE(f.publicReplies(s.conversationId), 1);
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
        auto clientA = f.makeClient();
        auto clientB = f.makeClient();
        ApprovalFlow flowA(dbA, clientA.get(), {});
        ApprovalFlow flowB(dbB.value(), clientB.get(), {});
        const auto s = f.makeScenario(*dbA);
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
        QCOMPARE(f.publicReplies(s.conversationId), 1);
    }

    // The same person approving again continues their approval (a retry after a refusal); anyone else is
    // refused (supersededAndSentDraftsCannotBeApproved).
    void sameReviewerContinuesTheirApproval_data() { addDialects(); }
    void sameReviewerContinuesTheirApproval()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto client = f.makeClient();
        ApprovalFlow flow(db, client.get(), {});
        const auto s = f.makeScenario(*db);
        f.sandbox->injectFault(QStringLiteral("/conversations/%1/messages$").arg(s.conversationId),
            sandbox::SandboxFault::httpStatus(404), 1, "POST");
        Outcome r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Again"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().httpStatus, 404);
        QCOMPARE(DraftStore(*db).get(s.draftId)->state, DraftState::Approved);
        r = waitOutcome([&](auto cb) {
            flow.approveAndSendReply(
                s.draftId, QStringLiteral("Again"), 4, 4, 4, QStringLiteral("Ana Reviewer"), this, cb);
        });
        QVERIFY2(r.ok(), qPrintable(test::describe(r)));
        QCOMPARE(r->stage, ApprovalFlow::Stage::SignalSaved);
        QCOMPARE(f.publicReplies(s.conversationId), 1);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM customer_reply_grading")), 1);
    }
};

QTEST_GUILESS_MAIN(TestApprovalFlow)
#include "tst_approvalflow.moc"
