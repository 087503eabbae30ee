// The Suggestions stage against the Chatwoot sandbox: one draft per customer message (even with two
// processes), private notes posted, superseding, the draft rule, failures that leave nothing half-done.
#include "StorageTestSupport.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "pipeline/ChatwootPoller.h"
#include "pipeline/DraftPipeline.h"
#include "review/AuditLog.h"
#include "review/DraftStore.h"

#include "foundation/Clock.h"

#include <QNetworkAccessManager>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace cx;
using namespace cx::pipeline;
using review::DraftState;
using review::DraftStore;

namespace {
DraftPipeline::Generator fakeGenerator(int* calls = nullptr, bool fail = false)
{
    return [calls, fail](const chatwoot::ConversationHistory& history, qint64 messageId, QObject* context,
               std::function<void(Result<review::DraftContent>)> done) {
        if (calls)
            ++*calls;
        QTimer::singleShot(10, context, [history, messageId, fail, done] {
            if (fail)
                return done(makeError(ErrorKind::Unavailable, QStringLiteral("model unreachable (test)")));
            review::DraftContent c;
            c.text = QStringLiteral("Draft for message %1 (%2 messages seen)")
                         .arg(messageId)
                         .arg(history.messages.size());
            c.noteMarkdown = QStringLiteral("<!-- cxpilot:draft v1 -->\n**Suggested reply**\n\n") + c.text;
            c.confidence = 0.7;
            c.model = QStringLiteral("fake");
            done(c);
        });
    };
}

DraftPipeline::JobOutcome runJob(DraftPipeline& p, qint64 conversation, qint64 message)
{
    std::optional<DraftPipeline::JobOutcome> r;
    QObject ctx;
    p.generateAndPostDraft(conversation, message, &ctx, [&](DraftPipeline::JobOutcome o) { r = o; });
    if (!QTest::qWaitFor([&] { return r.has_value(); }, 20000))
        return { conversation, message, DraftPipeline::Result_::Failed, {}, QStringLiteral("timeout") };
    return *r;
}
} // namespace

class TestDraftPipeline final : public QObject {
    Q_OBJECT

    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    QNetworkAccessManager m_network;
    qint64 m_inbox = 0, m_contact = 0;

    std::unique_ptr<chatwoot::ChatwootClient> client(sandbox::ChatwootSandbox* on = nullptr)
    {
        sandbox::ChatwootSandbox* s = on ? on : m_sandbox.get();
        auto c = std::make_unique<chatwoot::ChatwootClient>(
            chatwoot::ChatwootConfig { s->url(), s->accountId(), s->token() }, &m_network);
        RetryPolicy fast = c->retryPolicy();
        fast.timeScale = 0.001;
        c->setRetryPolicy(fast);
        return c;
    }
    int notes(qint64 conversation)
    {
        int n = 0;
        for (const auto& m : m_sandbox->messages(conversation))
            n += (m.isPrivate && m.messageType == 1) ? 1 : 0;
        return n;
    }
    static int count(storage::Database& db, const QString& sql)
    {
        QSqlQuery q(db.connection());
        return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
    }

private slots:
    void initTestCase()
    {
        m_sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        QVERIFY(m_sandbox->listen());
        m_inbox = m_sandbox->addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        m_contact = m_sandbox->addContact(QStringLiteral("Ana Lima"));
    }

    void draftsAndPostsANote_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void draftsAndPostsANote()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(dialect, dir);
        QVERIFY(db);
        auto c = client();
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Is there parking?"));
        const auto r = runJob(pipeline, conv, msg);
        QVERIFY2(r.result == DraftPipeline::Result_::Noted, qPrintable(r.reason));
        QCOMPARE(notes(conv), 1);
        QVERIFY(m_sandbox->messages(conv).last().content.startsWith(QLatin1String("<!-- cxpilot:draft")));
        const auto draft = review::DraftStore(*db).get(r.draftId);
        QCOMPARE(draft->state, DraftState::Noted);
        QVERIFY(draft->noteMessageId > 0);
        QVERIFY(draft->content.text.contains(QString::number(msg)));
        QCOMPARE(review::AuditLog(*db).readAll()->size(), 2); // drafted, noted
        // The same message again: nothing new.
        const auto again = runJob(pipeline, conv, msg);
        QCOMPARE(again.result, DraftPipeline::Result_::Skipped);
        QCOMPARE(notes(conv), 1);
    }

    void twoProcessesMakeOneDraft_data()
    {
        QTest::addColumn<QString>("dialect");
        test::addDialectRows();
    }
    void twoProcessesMakeOneDraft()
    {
        QFETCH(QString, dialect);
        QTemporaryDir dir;
        auto dbA = test::openFreshDatabase(dialect, dir);
        QVERIFY(dbA);
        auto dbB = storage::Database::open(dbA->url());
        QVERIFY(dbB.ok());
        auto cA = client();
        auto cB = client();
        DraftPipeline a(dbA, cA.get(), fakeGenerator(), {});
        DraftPipeline b(dbB.value(), cB.get(), fakeGenerator(), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Can I bring my dog?"));
        QSignalSpy doneA(&a, &DraftPipeline::jobFinished);
        QSignalSpy doneB(&b, &DraftPipeline::jobFinished);
        a.enqueue(conv, msg);
        b.enqueue(conv, msg);
        QTRY_COMPARE_WITH_TIMEOUT(doneA.size() + doneB.size(), 2, 20000);
        QCOMPARE(notes(conv), 1);
        QCOMPARE(count(*dbA, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE state <> 'superseded'")), 1);
    }

    void newCustomerMessageSupersedesWaitingDraft()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 first = m_sandbox->addIncomingMessage(conv, QStringLiteral("My order is late."));
        const auto r1 = runJob(pipeline, conv, first);
        QCOMPARE(r1.result, DraftPipeline::Result_::Noted);
        const qint64 second = m_sandbox->addIncomingMessage(conv, QStringLiteral("Hello?? Anyone?"));
        // The older message is no longer the one to answer.
        QCOMPARE(runJob(pipeline, conv, first).result, DraftPipeline::Result_::Skipped);
        const auto r2 = runJob(pipeline, conv, second);
        QCOMPARE(r2.result, DraftPipeline::Result_::Noted);
        review::DraftStore drafts(*db);
        QCOMPARE(drafts.get(r1.draftId)->state, DraftState::Superseded);
        QCOMPARE(drafts.get(r1.draftId)->supersededBy, r2.draftId);
        QCOMPARE(drafts.get(r2.draftId)->state, DraftState::Noted);
    }

    void regenerateSupersedesAndReplaces()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        int calls = 0;
        DraftPipeline pipeline(db, c.get(), fakeGenerator(&calls), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Refund please"));
        const auto r1 = runJob(pipeline, conv, msg);
        std::optional<DraftPipeline::JobOutcome> r2;
        pipeline.regenerate(r1.draftId, this, [&](DraftPipeline::JobOutcome o) { r2 = o; });
        QTRY_VERIFY_WITH_TIMEOUT(r2.has_value(), 20000);
        QCOMPARE(r2->result, DraftPipeline::Result_::Noted);
        QVERIFY(r2->draftId != r1.draftId);
        QCOMPARE(calls, 2);
        QCOMPARE(review::DraftStore(*db).get(r1.draftId)->state, DraftState::Superseded);
        QCOMPARE(notes(conv), 2);
    }

    // Regenerate with an instruction: the generator gets it (and a regenerate flag), the draft changes, and
    // its note is posted.
    void regenerateWithInstructionPostsTheNewDraft()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        QList<DraftPipeline::GenerateRequest> asked;
        DraftPipeline::GuidedGenerator generator
            = [&asked](const chatwoot::ConversationHistory&, qint64,
                  const DraftPipeline::GenerateRequest& request, QObject* context,
                  std::function<void(Result<review::DraftContent>)> done) {
                  asked.append(request);
                  QTimer::singleShot(10, context, [request, done] {
                      review::DraftContent content;
                      content.text = QStringLiteral("Start a return in My orders.")
                          + (request.instruction.isEmpty() ? QString()
                                                           : QStringLiteral(" Print the prepaid label."));
                      content.noteMarkdown = QStringLiteral("<!-- cxpilot:draft v1 -->\n") + content.text;
                      done(content);
                  });
              };
        DraftPipeline pipeline(db, c.get(), generator, {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("How do I return boots?"));
        const auto r1 = runJob(pipeline, conv, msg);
        QCOMPARE(r1.result, DraftPipeline::Result_::Noted);
        std::optional<DraftPipeline::JobOutcome> r2;
        pipeline.regenerate(r1.draftId, QStringLiteral("mention the return label"), this,
            [&](DraftPipeline::JobOutcome o) { r2 = o; });
        QTRY_VERIFY_WITH_TIMEOUT(r2.has_value(), 20000);
        QCOMPARE(r2->result, DraftPipeline::Result_::Noted);
        QVERIFY(r2->reason.isEmpty());
        QCOMPARE(asked.size(), 2);
        QVERIFY(!asked.at(0).regenerate && asked.at(0).instruction.isEmpty());
        QVERIFY(asked.at(1).regenerate);
        QCOMPARE(asked.at(1).instruction, QStringLiteral("mention the return label"));
        QCOMPARE(notes(conv), 2);
        QVERIFY(
            review::DraftStore(*db).get(r2->draftId)->content.text.contains(QLatin1String("prepaid label")));
        // Again with the same instruction: the same text, so no second identical private note; the new draft
        // points at the note that already carries it.
        std::optional<DraftPipeline::JobOutcome> r3;
        pipeline.regenerate(r2->draftId, QStringLiteral("mention the return label"), this,
            [&](DraftPipeline::JobOutcome o) { r3 = o; });
        QTRY_VERIFY_WITH_TIMEOUT(r3.has_value(), 20000);
        QCOMPARE(r3->result, DraftPipeline::Result_::Noted);
        QVERIFY(r3->reason.contains(QLatin1String("no second private note")));
        QCOMPARE(notes(conv), 2);
        QCOMPARE(review::DraftStore(*db).get(r3->draftId)->noteMessageId,
            review::DraftStore(*db).get(r2->draftId)->noteMessageId);
        QCOMPARE(review::DraftStore(*db).get(r2->draftId)->state, DraftState::Superseded);
    }

    void theDraftRuleDecides()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        int calls = 0;
        DraftPipeline pipeline(db, c.get(), fakeGenerator(&calls), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 note = m_sandbox->addMessage(conv, QStringLiteral("internal"), 1, true);
        QCOMPARE(runJob(pipeline, conv, note).result, DraftPipeline::Result_::Skipped);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Hi"));
        m_sandbox->addMessage(conv, QStringLiteral("Hello! How can I help?"), 1, false); // an agent answered
        QCOMPARE(runJob(pipeline, conv, msg).result, DraftPipeline::Result_::Skipped);
        const qint64 resolvedConv
            = m_sandbox->addConversation(m_inbox, m_contact, QStringLiteral("resolved"));
        const qint64 late = m_sandbox->addMessage(resolvedConv, QStringLiteral("thanks"), 0);
        QCOMPARE(runJob(pipeline, resolvedConv, late).result, DraftPipeline::Result_::Skipped);
        pipeline.setDraftingEnabled(false); // the rollback switch
        const qint64 conv2 = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg2 = m_sandbox->addIncomingMessage(conv2, QStringLiteral("Hi there"));
        const auto off = runJob(pipeline, conv2, msg2);
        QCOMPARE(off.result, DraftPipeline::Result_::Skipped);
        QVERIFY(off.reason.contains(QLatin1String("AI_CUSTOMER_DRAFT_ENABLED")));
        QCOMPARE(calls, 0);
        QCOMPARE(notes(conv2), 0);
    }

    void failedGenerationLeavesNothingAndRetryWorks()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Where is my parcel?"));
        {
            DraftPipeline failing(db, c.get(), fakeGenerator(nullptr, true), {});
            const auto r = runJob(failing, conv, msg);
            QCOMPARE(r.result, DraftPipeline::Result_::Failed);
            QVERIFY(r.reason.contains(QLatin1String("model unreachable")));
        }
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM drafts")), 0);
        QCOMPARE(notes(conv), 0);
        DraftPipeline working(db, c.get(), fakeGenerator(), {});
        QCOMPARE(runJob(working, conv, msg).result, DraftPipeline::Result_::Noted);
    }

    void pollerFindsUnansweredCustomerMessages()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        ChatwootPoller poller(c.get(), &pipeline);
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Do you ship to Norway?"));
        QSignalSpy polled(&poller, &ChatwootPoller::conversationsPolled);
        QSignalSpy noted(&pipeline, &DraftPipeline::draftNoted);
        poller.pollNow();
        QVERIFY(polled.wait(10000));
        QVERIFY(polled.first().at(2).toBool()); // the first poll reads the whole open queue
        QTRY_VERIFY_WITH_TIMEOUT(
            count(*db,
                QStringLiteral("SELECT COUNT(*) FROM drafts WHERE message_id = %1 AND state = 'noted'")
                    .arg(msg))
                == 1,
            20000);
        Q_UNUSED(conv);
    }

private:
    // --- the poller (each test on its own sandbox, so no other test's conversations are polled) ---
    struct PollerRig {
        sandbox::ChatwootSandbox sandbox;
        qint64 inbox = 0, contact = 0;
        PollerRig()
        {
            sandbox.listen();
            inbox = sandbox.addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
            contact = sandbox.addContact(QStringLiteral("Bo"));
        }
    };
    static bool pollOnce(ChatwootPoller& poller)
    {
        QSignalSpy finished(&poller, &ChatwootPoller::pollFinished);
        poller.pollNow();
        if (!finished.wait(20000))
            return false;
        return finished.first().at(0).toBool();
    }
    static QString stateOf(storage::Database& db, qint64 message, const QString& extra = {})
    {
        QSqlQuery q(db.connection());
        q.exec(QStringLiteral("SELECT state FROM drafts WHERE message_id = %1 %2 ORDER BY created_at DESC")
                   .arg(message)
                   .arg(extra));
        return q.next() ? q.value(0).toString() : QString();
    }
    static int auditedSupersedes(storage::Database& db, const QString& reason)
    {
        int n = 0;
        const auto entries = review::AuditLog(db).readAll(); // kept: the loop must not outlive it
        for (const auto& e : entries.value())
            n += e.action == QLatin1String("draft.superseded")
                    && e.details.value(QStringLiteral("reason")).toString() == reason
                ? 1
                : 0;
        return n;
    }

private slots:
    // A customer wrote in a *pending* conversation while the app was closed: the first poll drafts it.
    void firstPollDraftsPendingConversations()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        ChatwootPoller poller(c.get(), &pipeline);
        const qint64 pending = rig.sandbox.addConversation(rig.inbox, rig.contact, QStringLiteral("pending"));
        const qint64 msg
            = rig.sandbox.addIncomingMessage(pending, QStringLiteral("Still waiting on my refund"));
        const qint64 open = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 openMsg = rig.sandbox.addIncomingMessage(open, QStringLiteral("Where is my parcel?"));
        QSignalSpy polled(&poller, &ChatwootPoller::conversationsPolled);
        QVERIFY(pollOnce(poller));
        QCOMPARE(polled.size(), 1);
        QVERIFY(polled.first().at(2).toBool()); // full
        QCOMPARE(polled.first().at(0).value<QList<chatwoot::Conversation>>().size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, msg), QStringLiteral("noted"), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, openMsg), QStringLiteral("noted"), 20000);
    }

    // Later polls look back to the last success (minus a margin), not a fixed window; a failed poll does not
    // move the mark. The app "sleeps" 10 minutes with a customer message written at minute 1.
    void laterPollsLookBackToTheLastSuccess()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        ChatwootPoller poller(c.get(), &pipeline);
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        Clock::setFixedNow(t0);
        auto release = qScopeGuard([] { Clock::setFixedNow(QDateTime()); });
        QVERIFY(pollOnce(poller)); // empty queue, but a success: the mark is t0
        QCOMPARE(poller.lastSuccess(), t0);

        Clock::advance(60 * 1000);
        const qint64 conv = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 msg = rig.sandbox.addIncomingMessage(conv, QStringLiteral("Can I change my address?"));
        Clock::advance(9 * 60 * 1000);
        rig.sandbox.injectFault(QStringLiteral("/conversations$"), sandbox::SandboxFault::httpStatus(401), 1);
        QSignalSpy failed(&poller, &ChatwootPoller::pollFailed);
        QVERIFY(!pollOnce(poller));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(poller.lastSuccess(), t0); // not advanced

        rig.sandbox.clearRequestLog();
        QVERIFY(pollOnce(poller));
        const QString query = rig.sandbox.requestLog().first().query;
        QVERIFY2(query.contains(
                     QStringLiteral("updated_within=%1").arg(10 * 60 + ChatwootPoller::kLookbackMarginSecs)),
            qPrintable(query));
        QCOMPARE(poller.lastSuccess(), t0.addSecs(10 * 60));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, msg), QStringLiteral("noted"), 20000);
    }

    // A conversation whose messages could not be read fails the poll: the mark stays, so the next poll sees
    // that conversation again.
    void failedMessageReadFailsThePoll()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        ChatwootPoller poller(c.get(), &pipeline);
        const qint64 conv = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 msg = rig.sandbox.addIncomingMessage(conv, QStringLiteral("Hello, anyone?"));
        rig.sandbox.injectFault(QStringLiteral("/messages$"), sandbox::SandboxFault::httpStatus(401), 1);
        QSignalSpy failed(&poller, &ChatwootPoller::pollFailed);
        QVERIFY(!pollOnce(poller));
        QCOMPARE(failed.size(), 1);
        QVERIFY(!poller.lastSuccess().isValid());
        QVERIFY(pollOnce(poller)); // still the full first poll
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, msg), QStringLiteral("noted"), 20000);
    }

    // An agent answered in Chatwoot, or the conversation was resolved: the waiting draft steps aside
    // (audited); reopened, the unanswered message is drafted again.
    void agentReplySupersedesTheWaitingDraft()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 msg = rig.sandbox.addIncomingMessage(conv, QStringLiteral("Do you price-match?"));
        QCOMPARE(runJob(pipeline, conv, msg).result, DraftPipeline::Result_::Noted);
        rig.sandbox.addMessage(conv, QStringLiteral("Yes, we do. (typed by an agent in Chatwoot)"), 1, false);
        ChatwootPoller poller(c.get(), &pipeline);
        QSignalSpy superseded(&pipeline, &DraftPipeline::draftsSuperseded);
        QVERIFY(pollOnce(poller));
        QTRY_VERIFY_WITH_TIMEOUT(!superseded.isEmpty(), 20000);
        QCOMPARE(superseded.first().at(0).toLongLong(), conv);
        QCOMPARE(superseded.first().at(1).toStringList().size(), 1);
        QCOMPARE(superseded.first().at(2).toString(), QStringLiteral("agent_replied"));
        QCOMPARE(stateOf(*db, msg), QStringLiteral("superseded"));
        QCOMPARE(auditedSupersedes(*db, QStringLiteral("agent_replied")), 1);
    }
    void resolvedConversationSupersedesAndReopenedIsDraftedAgain()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        ChatwootPoller poller(c.get(), &pipeline);
        const qint64 conv = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 msg = rig.sandbox.addIncomingMessage(conv, QStringLiteral("Is the tent waterproof?"));
        QVERIFY(pollOnce(poller));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, msg), QStringLiteral("noted"), 20000);

        for (const char* status : { "resolved", "snoozed" }) {
            rig.sandbox.setConversationStatus(conv, QLatin1String(status));
            QSignalSpy superseded(&pipeline, &DraftPipeline::draftsSuperseded);
            QVERIFY(pollOnce(poller));
            QTRY_VERIFY_WITH_TIMEOUT(!superseded.isEmpty(), 20000);
            QCOMPARE(superseded.first().at(2).toString(), QStringLiteral("conversation_closed"));
            QCOMPARE(stateOf(*db, msg), QStringLiteral("superseded"));

            rig.sandbox.setConversationStatus(conv, QStringLiteral("open")); // reopened
            QVERIFY(pollOnce(poller));
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(*db, msg), QStringLiteral("noted"), 20000);
        }
        QCOMPARE(auditedSupersedes(*db, QStringLiteral("conversation_closed")), 2);
        QCOMPARE(count(*db, QStringLiteral("SELECT COUNT(*) FROM drafts WHERE message_id = %1").arg(msg)), 3);
    }
    // Resolved while the app was closed: the next start's first poll (open and pending only) still finds the
    // waiting draft and supersedes it.
    void resolvedWhileClosedIsFoundOnTheFirstPoll()
    {
        PollerRig rig;
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client(&rig.sandbox);
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 msg = rig.sandbox.addIncomingMessage(conv, QStringLiteral("Can I pay by invoice?"));
        const qint64 other = rig.sandbox.addConversation(rig.inbox, rig.contact);
        const qint64 otherMsg
            = rig.sandbox.addIncomingMessage(other, QStringLiteral("Do you ship to Iceland?"));
        QCOMPARE(runJob(pipeline, conv, msg).result, DraftPipeline::Result_::Noted);
        QCOMPARE(runJob(pipeline, other, otherMsg).result, DraftPipeline::Result_::Noted);
        rig.sandbox.setConversationStatus(conv, QStringLiteral("resolved"));
        ChatwootPoller poller(c.get(), &pipeline); // the app starts again
        QSignalSpy superseded(&pipeline, &DraftPipeline::draftsSuperseded);
        QVERIFY(pollOnce(poller));
        QTRY_VERIFY_WITH_TIMEOUT(!superseded.isEmpty(), 20000);
        QCOMPARE(superseded.first().at(0).toLongLong(), conv);
        QCOMPARE(superseded.first().at(2).toString(), QStringLiteral("conversation_closed"));
        QCOMPARE(stateOf(*db, msg), QStringLiteral("superseded"));
        QCOMPARE(stateOf(*db, otherMsg), QStringLiteral("noted")); // still open: untouched
    }

    // A reply older than the waiting draft's customer message (a late webhook) leaves that draft alone.
    void olderAgentReplyKeepsTheNewerDraft()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 first = m_sandbox->addIncomingMessage(conv, QStringLiteral("Hello?"));
        const qint64 reply = m_sandbox->addMessage(conv, QStringLiteral("Hi! How can I help?"), 1, false);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("My order is late."));
        QVERIFY(first < reply && reply < msg);
        QCOMPARE(runJob(pipeline, conv, msg).result, DraftPipeline::Result_::Noted);
        QSignalSpy superseded(&pipeline, &DraftPipeline::draftsSuperseded);
        pipeline.agentReplied(m_sandbox->accountId(), conv, reply, reply);
        QVERIFY(superseded.wait(10000));
        QCOMPARE(superseded.first().at(1).toStringList(), QStringList());
        QCOMPARE(stateOf(*db, msg), QStringLiteral("noted"));
    }

    // A rejected draft becomes a manual reply only when a person's public reply is seen after it; the claim
    // records the customer's name (the drill-down and the PDF show it).
    void agentReplyAfterARejectionIsAManualReply()
    {
        QTemporaryDir dir;
        auto db = test::openFreshDatabase(QStringLiteral("sqlite"), dir);
        QVERIFY(db);
        auto c = client();
        DraftPipeline pipeline(db, c.get(), fakeGenerator(), {});
        const qint64 conv = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 msg = m_sandbox->addIncomingMessage(conv, QStringLiteral("Can I get a refund?"));
        QCOMPARE(runJob(pipeline, conv, msg).result, DraftPipeline::Result_::Noted);
        auto live = DraftStore(*db).liveDraftFor(m_sandbox->accountId(), conv, msg);
        QVERIFY(live.ok() && live->has_value());
        const QString draftId = (*live)->id;
        QCOMPARE((*live)->customerName, QStringLiteral("Ana Lima"));
        QVERIFY(DraftStore(*db)
                    .markRejected(draftId, review::Grades { 2, 2, 2 }, QStringLiteral("alice"),
                        QStringLiteral("Wrong policy"), Clock::nowUtc())
                    .ok());
        auto manualReplyAt = [&] {
            QSqlQuery q(db->connection());
            q.prepare(QStringLiteral("SELECT manual_reply_at FROM drafts WHERE id = ?"));
            q.addBindValue(draftId);
            return q.exec() && q.next() && !q.value(0).isNull();
        };
        QVERIFY(!manualReplyAt());
        // A bot's reply (no person's reply among the messages) makes nothing a manual reply.
        const qint64 botReply = m_sandbox->addMessage(conv, QStringLiteral("A bot says hi."), 1, false);
        QSignalSpy superseded(&pipeline, &DraftPipeline::draftsSuperseded);
        pipeline.agentReplied(m_sandbox->accountId(), conv, botReply, 0);
        QVERIFY(superseded.wait(10000));
        QVERIFY(!manualReplyAt());
        const qint64 reply = m_sandbox->addMessage(conv, QStringLiteral("Refunds take 5 days."), 1, false);
        pipeline.agentReplied(m_sandbox->accountId(), conv, reply, reply);
        QVERIFY(superseded.wait(10000));
        QVERIFY(manualReplyAt());
    }

    void unansweredMessageRule()
    {
        auto msg = [](qint64 id, chatwoot::MessageType t, bool priv, chatwoot::SenderType s) {
            chatwoot::Message m;
            m.id = id;
            m.messageType = t;
            m.isPrivate = priv;
            m.sender.type = s;
            return m;
        };
        using MT = chatwoot::MessageType;
        using ST = chatwoot::SenderType;
        QCOMPARE(ChatwootPoller::unansweredCustomerMessage({ msg(1, MT::Incoming, false, ST::Contact) }), 1);
        QCOMPARE(ChatwootPoller::unansweredCustomerMessage(
                     { msg(1, MT::Incoming, false, ST::Contact), msg(2, MT::Outgoing, true, ST::User) }),
            1); // a private note is not an answer
        QCOMPARE(ChatwootPoller::unansweredCustomerMessage(
                     { msg(1, MT::Incoming, false, ST::Contact), msg(2, MT::Outgoing, false, ST::User) }),
            0);
        QCOMPARE(ChatwootPoller::unansweredCustomerMessage({ msg(1, MT::Incoming, false, ST::Contact),
                     msg(2, MT::Outgoing, false, ST::User), msg(3, MT::Incoming, false, ST::Contact) }),
            3);
        QCOMPARE(ChatwootPoller::unansweredCustomerMessage({}), 0);
        // Any public reply makes the drafts stale; only a person's is a manual reply (a bot, Captain: not).
        const QList<chatwoot::Message> botAfterPerson { msg(1, MT::Incoming, false, ST::Contact),
            msg(2, MT::Outgoing, false, ST::User), msg(3, MT::Outgoing, false, ST::AgentBot) };
        QCOMPARE(ChatwootPoller::agentReplyAfterCustomer(botAfterPerson), 3);
        QCOMPARE(ChatwootPoller::personReplyAfterCustomer(botAfterPerson), 2);
        QCOMPARE(
            ChatwootPoller::personReplyAfterCustomer({ msg(1, MT::Incoming, false, ST::Contact),
                msg(2, MT::Outgoing, false, ST::CaptainAssistant), msg(3, MT::Outgoing, true, ST::User) }),
            0);
        QCOMPARE(ChatwootPoller::personReplyAfterCustomer(
                     { msg(1, MT::Outgoing, false, ST::User), msg(2, MT::Incoming, false, ST::Contact) }),
            0);
    }
};

QTEST_GUILESS_MAIN(TestDraftPipeline)
#include "tst_draftpipeline.moc"
