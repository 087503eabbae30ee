// The Suggestions stage against the Chatwoot sandbox: one draft per customer message (even with two
// processes), private notes posted, superseding, the draft rule, failures that leave nothing half-done.
#include "StorageTestSupport.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "pipeline/ChatwootPoller.h"
#include "pipeline/DraftPipeline.h"
#include "review/AuditLog.h"
#include "review/DraftStore.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace cx;
using namespace cx::pipeline;
using review::DraftState;

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

    std::unique_ptr<chatwoot::ChatwootClient> client()
    {
        auto c = std::make_unique<chatwoot::ChatwootClient>(
            chatwoot::ChatwootConfig { m_sandbox->url(), m_sandbox->accountId(), m_sandbox->token() },
            &m_network);
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
    }
};

QTEST_GUILESS_MAIN(TestDraftPipeline)
#include "tst_draftpipeline.moc"
