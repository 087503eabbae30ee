// ChatwootClient against the SIMULATED Chatwoot sandbox: every call, every fault.
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

using namespace cx::chatwoot;
using cx::ErrorKind;
using cx::RetryPolicy;
using cx::sandbox::ChatwootSandbox;
using cx::sandbox::SandboxFault;

namespace cx::test {
// The test-only door to the private public-reply call (see ChatwootClient.h).
struct PublicReplyProbe {
    static void send(ChatwootClient& client, qint64 conversationId, const QString& content, QObject* context,
        ChatwootClient::Callback<Message> done, const QString& echoId = {})
    {
        client.sendPublicReply(conversationId, content, context, std::move(done), echoId);
    }
};
} // namespace cx::test

namespace {
// Runs an asynchronous call to completion. The guard (20 s unless given) only prevents a hang; nothing
// asserts on time.
template <typename T, typename Call> T await(Call call, int guardMs = 20000)
{
    std::optional<T> result;
    QEventLoop loop;
    call([&](T value) {
        result.emplace(std::move(value));
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(guardMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!result)
        qFatal("asynchronous call never finished");
    return std::move(*result);
}

QString describe(const cx::Error& e)
{
    return e.toString();
}
} // namespace

class TestChatwootClient : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<ChatwootSandbox> m_sandbox;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<ChatwootClient> m_client;
    qint64 m_inbox = 0;
    qint64 m_contact = 0;

    void makeClient(const QString& token = QStringLiteral("sandbox-token"), qint64 account = 1)
    {
        m_client = std::make_unique<ChatwootClient>(
            ChatwootConfig { m_sandbox->url(), account, token }, m_network.get());
        RetryPolicy policy;
        policy.timeScale = 0.01; // 500 ms base -> 5 ms; Retry-After 1 s -> 10 ms
        m_client->setRetryPolicy(policy);
        m_client->setTransferTimeoutMs(5000);
    }
    qint64 newConversation(const QString& status = QStringLiteral("open"), const QStringList& labels = {})
    {
        return m_sandbox->addConversation(m_inbox, m_contact, status, labels);
    }
    Message postNote(qint64 id, const QString& text)
    {
        const auto r
            = await<cx::Result<Message>>([&](auto cb) { m_client->postPrivateNote(id, text, this, cb); });
        if (!r.ok())
            qFatal("note failed: %s", qPrintable(r.error().toString()));
        return *r;
    }

private Q_SLOTS:
    void init()
    {
        m_sandbox = std::make_unique<ChatwootSandbox>();
        QVERIFY(m_sandbox->listen() != 0);
        m_network = std::make_unique<QNetworkAccessManager>();
        m_inbox = m_sandbox->addInbox(QStringLiteral("API"), QStringLiteral("Channel::Api"));
        m_contact = m_sandbox->addContact(QStringLiteral("Ana"), QStringLiteral("ana@example.com"));
        makeClient();
    }
    void cleanup()
    {
        m_client.reset();
        m_network.reset();
        m_sandbox.reset();
    }

    // The retry policy's arithmetic and the Retry-After/HTTP-date parsing: tests/foundation/tst_retrypolicy.

    // --- conversations ---
    void allConversationPages_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("expectedRequests");
        QTest::newRow("none") << 0 << 1;
        QTest::newRow("one short page") << 7 << 1;
        // all_count reached: no empty page is asked for.
        QTest::newRow("exactly one full page") << 25 << 1;
        QTest::newRow("three pages") << 60 << 3;
        QTest::newRow("exactly four full pages") << 100 << 4;
        QTest::newRow("nine pages") << 213 << 9;
    }
    void allConversationPages()
    {
        QFETCH(int, count);
        QFETCH(int, expectedRequests);
        QSet<qint64> expected;
        for (int i = 0; i < count; ++i)
            expected.insert(newConversation());
        newConversation(QStringLiteral("resolved")); // filtered out by status=open (the default)
        m_client->setMaxConcurrency(3);
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(ConversationQuery {}, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QCOMPARE(r->payload.size(), count);
        QSet<qint64> got;
        for (const Conversation& c : r->payload)
            got.insert(c.id);
        QCOMPARE(got, expected);
        QCOMPARE(r->meta.allCount, count);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/conversations$")), expectedRequests);
    }
    // Chatwoot's page size is configurable (CONVERSATION_RESULTS_PER_PAGE): the client learns it from the
    // first page and pages by the counts, never assuming 25.
    void smallServerPageSize_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("expectedRequests");
        QTest::newRow("10 a page, 30") << 10 << 30 << 3;
        QTest::newRow("10 a page, 35") << 10 << 35 << 4;
        QTest::newRow("7 a page, 30") << 7 << 30 << 5;
        QTest::newRow("1 a page, 4") << 1 << 4 << 4;
        QTest::newRow("40 a page, 100") << 40 << 100 << 3;
    }
    void smallServerPageSize()
    {
        QFETCH(int, pageSize);
        QFETCH(int, count);
        QFETCH(int, expectedRequests);
        m_sandbox->setConversationPageSize(pageSize);
        QSet<qint64> expected;
        for (int i = 0; i < count; ++i)
            expected.insert(newConversation());
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(ConversationQuery {}, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QSet<qint64> got;
        for (const Conversation& c : r->payload)
            got.insert(c.id);
        QCOMPARE(r->payload.size(), count);
        QCOMPARE(got, expected);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/conversations$")), expectedRequests);
    }
    // The whole-list API fails at its page bound; it never returns the first maxPages pages as "all".
    void pageBoundIsAnErrorNotATruncation()
    {
        m_sandbox->setConversationPageSize(10);
        for (int i = 0; i < 30; ++i)
            newConversation();
        ConversationQuery q;
        q.maxPages = 2;
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Unavailable);
        QVERIFY2(r.error().message.contains(QLatin1String("20 of 30")), qPrintable(r.error().message));
    }
    // 12,000 conversations (meta.all_count 12,000): the stream hands over every one, a page at a time, while
    // the whole-list API with its default bound of 400 pages refuses instead of stopping at 10,000.
    void twelveThousandConversationsStreamed_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::newRow("25 a page") << 25;
        QTest::newRow("10 a page") << 10;
    }
    void twelveThousandConversationsStreamed()
    {
        QFETCH(int, pageSize);
        const int total = 12000;
        m_sandbox->setConversationPageSize(pageSize);
        for (int i = 0; i < total; ++i)
            newConversation();
        m_client->setMaxConcurrency(4);
        QSet<qint64> ids;
        int handovers = 0;
        qsizetype largestHandover = 0;
        ConversationQuery q;
        q.maxPages = 100000;
        const auto r = await<cx::Result<ConversationPaging>>(
            [&](auto cb) {
                m_client->streamConversations(
                    q, this,
                    [&](const QList<Conversation>& page) {
                        ++handovers;
                        largestHandover = qMax(largestHandover, page.size());
                        for (const Conversation& c : page)
                            ids.insert(c.id);
                    },
                    cb);
            },
            180000); // 480 or 1,200 requests on a shared machine
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QCOMPARE(r->meta.allCount, total);
        QCOMPARE(r->delivered, total);
        QCOMPARE(ids.size(), total);
        const int pages = total / pageSize;
        QCOMPARE(r->pages, pages);
        QCOMPARE(handovers, pages);
        QCOMPARE(largestHandover, qsizetype(pageSize)); // bounded: never more than a page at once
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/conversations$")), pages);

        m_sandbox->clearRequestLog();
        const auto whole = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(ConversationQuery {}, this, cb); }, 180000);
        QVERIFY(!whole.ok());
        QCOMPARE(whole.error().kind, ErrorKind::Unavailable);
        QVERIFY2(
            whole.error().message.contains(QLatin1String("400 pages")), qPrintable(whole.error().message));
    }
    // A server whose meta counts are missing (all 0) while pages are full: the counts are not believed, and
    // the list ends only at a short page (5 a page, 12 conversations: 5, 5, 2).
    void missingCountsDoNotEndTheList()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        int requests = 0;
        connect(&server, &QTcpServer::newConnection, &server, [&server, &requests]() {
            QTcpSocket* s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, &requests]() {
                const QByteArray head = s->readAll();
                const QRegularExpression pageRe(QStringLiteral("[?&]page=(\\d+)"));
                const auto m = pageRe.match(QString::fromLatin1(head));
                const int page = m.hasMatch() ? m.captured(1).toInt() : 1;
                ++requests;
                QJsonArray payload;
                for (int id = (page - 1) * 5 + 1; id <= qMin(12, page * 5); ++id)
                    payload.append(QJsonObject {
                        { QStringLiteral("id"), id }, { QStringLiteral("status"), QStringLiteral("open") } });
                const QByteArray body
                    = QJsonDocument(QJsonObject { { QStringLiteral("data"),
                                        QJsonObject { { QStringLiteral("meta"), QJsonObject {} },
                                            { QStringLiteral("payload"), payload } } } })
                          .toJson(QJsonDocument::Compact);
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            });
        });
        QUrl url(QStringLiteral("http://127.0.0.1"));
        url.setPort(server.serverPort());
        ChatwootClient client(ChatwootConfig { url, 1, QStringLiteral("t") }, m_network.get());
        client.setMaxConcurrency(1);
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { client.fetchConversations(ConversationQuery {}, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QCOMPARE(r->payload.size(), 12);
        QCOMPARE(requests, 3);
    }
    void conversationFilters()
    {
        const qint64 billing = newConversation(QStringLiteral("open"), { QStringLiteral("billing") });
        newConversation(QStringLiteral("open"), { QStringLiteral("login") });
        const qint64 resolved = newConversation(QStringLiteral("resolved"), { QStringLiteral("billing") });
        const qint64 mine = m_sandbox->addConversation(m_inbox, m_contact, QStringLiteral("open"), {}, true);
        ConversationQuery q;
        q.labels = { QStringLiteral("billing") };
        auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 1);
        QCOMPARE(r->payload.first().id, billing);
        q.status = QStringLiteral("all");
        r = await<cx::Result<ConversationList>>([&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 2);
        q = {};
        q.status = QStringLiteral("resolved");
        r = await<cx::Result<ConversationList>>([&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 1);
        QCOMPARE(r->payload.first().id, resolved);
        q = {};
        q.assigneeType = QStringLiteral("me");
        r = await<cx::Result<ConversationList>>([&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 1);
        QCOMPARE(r->payload.first().id, mine);
        QCOMPARE(r->meta.allCount, 3); // the tab totals ignore the assignee filter
        QCOMPARE(r->meta.mineCount, 1);
        QCOMPARE(r->meta.unassignedCount, 2);
        q = {};
        q.inboxId = m_inbox + 100;
        r = await<cx::Result<ConversationList>>([&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 0);
    }
    void updatedWithinIsOneUnpaginatedRequest()
    {
        for (int i = 0; i < 30; ++i)
            newConversation();
        ConversationQuery q;
        q.updatedWithinSecs = 3600;
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(q, this, cb); });
        QCOMPARE(r->payload.size(), 30);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/conversations$")), 1);
        QVERIFY(m_sandbox->requestLog().last().query.contains(QStringLiteral("updated_within=3600")));
        QVERIFY(!m_sandbox->requestLog().last().query.contains(QStringLiteral("page=")));
    }
    void conversationPageFailureIsReported()
    {
        for (int i = 0; i < 60; ++i)
            newConversation();
        m_sandbox->injectFault(QStringLiteral("/conversations$"), SandboxFault::httpStatus(401), 1);
        const auto r = await<cx::Result<ConversationList>>(
            [&](auto cb) { m_client->fetchConversations(ConversationQuery {}, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Unauthorized);
    }

    // --- one conversation and its history ---
    void fullHistoryAcrossPages_data()
    {
        QTest::addColumn<int>("count");
        QTest::newRow("empty") << 0;
        QTest::newRow("under one page") << 5;
        QTest::newRow("exactly one page") << 20;
        QTest::newRow("137 messages, 7 pages back") << 137;
    }
    void fullHistoryAcrossPages()
    {
        QFETCH(int, count);
        const qint64 id = newConversation();
        const qint64 other = newConversation(); // interleaved messages of another conversation
        for (int i = 0; i < count; ++i) {
            m_sandbox->addMessage(id, QStringLiteral("m%1").arg(i), i % 2, i % 10 == 9);
            m_sandbox->addMessage(other, QStringLiteral("x%1").arg(i), 0);
        }
        const auto r = await<cx::Result<ConversationHistory>>(
            [&](auto cb) { m_client->fetchConversation(id, this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QCOMPARE(r->conversation.id, id);
        QCOMPARE(r->conversation.contact.name, QStringLiteral("Ana"));
        QCOMPARE(r->messages.size(), count);
        const auto expected = m_sandbox->messages(id);
        for (int i = 0; i < count; ++i) {
            QCOMPARE(r->messages.at(i).id, expected.at(i).id); // oldest first, nothing missing or doubled
            QCOMPARE(r->messages.at(i).content, QStringLiteral("m%1").arg(i));
            QCOMPARE(r->messages.at(i).isPrivate, i % 10 == 9);
            QCOMPARE(r->messages.at(i).messageType, i % 2 ? MessageType::Outgoing : MessageType::Incoming);
        }
    }
    void unknownConversationIs404()
    {
        const auto r = await<cx::Result<ConversationHistory>>(
            [&](auto cb) { m_client->fetchConversation(999, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::NotFound);
        QCOMPARE(r.error().httpStatus, 404);
        QVERIFY(r.error().message.contains(QStringLiteral("Resource could not be found")));
        QCOMPARE(m_sandbox->requestCount(), 1); // a 404 is not retried
    }
    void messagesAfterCatchesUp()
    {
        const qint64 id = newConversation();
        const qint64 first = m_sandbox->addMessage(id, QStringLiteral("start"), 0);
        for (int i = 0; i < 250; ++i)
            m_sandbox->addMessage(id, QStringLiteral("n%1").arg(i), 0);
        const auto r = await<cx::Result<QList<Message>>>(
            [&](auto cb) { m_client->fetchMessagesAfter(id, first, this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(r->size(), 250);
        QCOMPARE(r->first().content, QStringLiteral("n0"));
        QCOMPARE(r->last().content, QStringLiteral("n249"));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/messages$")), 4); // 100 + 100 + 50 + empty
        const auto latest = await<cx::Result<QList<Message>>>(
            [&](auto cb) { m_client->fetchLatestMessages(id, this, cb); });
        QCOMPARE(latest->size(), 20);
        QCOMPARE(latest->last().content, QStringLiteral("n249"));
    }

    // --- writing ---
    void privateNoteIsStoredAsNote()
    {
        const qint64 id = newConversation();
        const auto r = await<cx::Result<Message>>([&](auto cb) {
            m_client->postPrivateNote(id, QStringLiteral("Draft: hello"), this, cb, QStringLiteral("echo-1"));
        });
        QVERIFY(r.ok());
        QVERIFY(r->isPrivate);
        QCOMPARE(r->messageType, MessageType::Outgoing);
        QCOMPARE(r->echoId, QStringLiteral("echo-1"));
        const auto stored = m_sandbox->messages(id);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().id, r->id);
        QCOMPARE(stored.first().messageType, 1);
        QVERIFY(stored.first().isPrivate);
        QCOMPARE(stored.first().senderType, QStringLiteral("user"));
        QCOMPARE(stored.first().content, QStringLiteral("Draft: hello"));
    }
    void publicReplyThroughTheProbe()
    {
        const qint64 id = newConversation();
        m_sandbox->addIncomingMessage(id, QStringLiteral("Where is my order?"));
        const auto r = await<cx::Result<Message>>([&](auto cb) {
            cx::test::PublicReplyProbe::send(*m_client, id, QStringLiteral("It ships today."), this, cb);
        });
        QVERIFY(r.ok());
        QVERIFY(r->isPublicOutgoing());
        const auto stored = m_sandbox->messages(id);
        QCOMPARE(stored.size(), 2);
        QVERIFY(!stored.last().isPrivate);
        QCOMPARE(stored.last().messageType, 1);
        QCOMPARE(m_sandbox->conversation(id)->waitingSince, 0); // answered
    }
    void tooLongNoteIs422()
    {
        const qint64 id = newConversation();
        const auto r = await<cx::Result<Message>>(
            [&](auto cb) { m_client->postPrivateNote(id, QString(150001, QLatin1Char('a')), this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Invalid);
        QCOMPARE(r.error().httpStatus, 422);
        QVERIFY(r.error().message.contains(QStringLiteral("too long")));
        QVERIFY(!isOutcomeUnknown(r.error())); // the server answered: nothing was created
        QVERIFY(m_sandbox->messages(id).isEmpty());
    }

    // --- faults on reads ---
    void readFaults_data()
    {
        QTest::addColumn<SandboxFault>("fault");
        QTest::addColumn<int>("times");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<int>("expectedKind");
        QTest::addColumn<int>("expectedRequests");
        QTest::newRow("401 is final")
            << SandboxFault::httpStatus(401) << 1 << false << int(ErrorKind::Unauthorized) << 1;
        QTest::newRow("404 is final")
            << SandboxFault::httpStatus(404) << 1 << false << int(ErrorKind::NotFound) << 1;
        QTest::newRow("422 is final")
            << SandboxFault::httpStatus(422) << 1 << false << int(ErrorKind::Invalid) << 1;
        QTest::newRow("429 without Retry-After, retried")
            << SandboxFault::httpStatus(429) << 2 << true << 0 << 3;
        QTest::newRow("429 with Retry-After, retried")
            << SandboxFault::httpStatus(429, 1) << 1 << true << 0 << 2;
        QTest::newRow("429 forever gives up")
            << SandboxFault::httpStatus(429) << 10 << false << int(ErrorKind::RateLimited) << 4;
        QTest::newRow("500 once, retried") << SandboxFault::httpStatus(500) << 1 << true << 0 << 2;
        QTest::newRow("503 forever gives up")
            << SandboxFault::httpStatus(503) << 10 << false << int(ErrorKind::Server) << 4;
        QTest::newRow("dropped connection, retried") << SandboxFault::drop() << 1 << true << 0 << 0;
        QTest::newRow("dropped forever gives up")
            << SandboxFault::drop() << 10 << false << int(ErrorKind::Network) << 0;
        QTest::newRow("latency within the timeout") << SandboxFault::latency(50) << 1 << true << 0 << 1;
        QTest::newRow("latency past the timeout, retried")
            << SandboxFault::latency(1500) << 1 << true << 0 << 2;
        QTest::newRow("slow body, each pause within the timeout")
            << SandboxFault::slowBody(100) << 1 << true << 0 << 1;
        QTest::newRow("slow body stalling past the timeout, retried")
            << SandboxFault::slowBody(1500) << 1 << true << 0 << 2;
        QTest::newRow("timeouts forever give up")
            << SandboxFault::latency(1500) << 10 << false << int(ErrorKind::Timeout) << 4;
        QTest::newRow("malformed JSON is final")
            << SandboxFault::garbage() << 1 << false << int(ErrorKind::Malformed) << 1;
    }
    void readFaults()
    {
        QFETCH(SandboxFault, fault);
        QFETCH(int, times);
        QFETCH(bool, succeeds);
        QFETCH(int, expectedKind);
        QFETCH(int, expectedRequests);
        const qint64 id = newConversation();
        m_sandbox->addMessage(id, QStringLiteral("hello"), 0);
        m_client->setTransferTimeoutMs(400);
        m_sandbox->injectFault(QStringLiteral("/messages$"), fault, times);
        const auto r = await<cx::Result<QList<Message>>>(
            [&](auto cb) { m_client->fetchLatestMessages(id, this, cb); });
        QCOMPARE(r.ok(), succeeds);
        if (succeeds) {
            QCOMPARE(r->size(), 1);
            QCOMPARE(r->first().content, QStringLiteral("hello"));
        } else {
            QCOMPARE(int(r.error().kind), expectedKind);
        }
        const int requests = m_sandbox->requestCount(QStringLiteral("/messages$"));
        if (expectedRequests > 0) {
            QCOMPARE(requests, expectedRequests);
        } else { // Qt itself re-sends a GET once when the connection closes before an answer
            QVERIFY2(requests >= 2 && requests <= 2 * m_client->retryPolicy().maxAttempts,
                qPrintable(QString::number(requests)));
        }
    }

    // --- faults on writes: never blindly retried ---
    void postTimeoutAfterApplyIsOutcomeUnknownThenReconciled()
    {
        const qint64 id = newConversation();
        const qint64 before = m_sandbox->addIncomingMessage(id, QStringLiteral("Hi"));
        m_client->setTransferTimeoutMs(300);
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::applyThenDelay(2000), 1, "POST");
        const QString text = QStringLiteral("Approved: your refund is on its way.");
        const auto r = await<cx::Result<Message>>(
            [&](auto cb) { cx::test::PublicReplyProbe::send(*m_client, id, text, this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Timeout);
        QVERIFY(isOutcomeUnknown(r.error()));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/messages$")), 1); // not retried
        QCOMPARE(m_sandbox->messages(id).size(), 2); // but the sandbox did post it, once

        m_client->setTransferTimeoutMs(5000);
        const auto found = await<cx::Result<std::optional<Message>>>([&](auto cb) {
            m_client->findRecentOutgoing(
                id, text + QStringLiteral("\n"), RecentSince { before, {} }, this, cb);
        });
        QVERIFY(found.ok());
        QVERIFY(found->has_value());
        QCOMPARE((*found)->id, m_sandbox->messages(id).last().id);
        QVERIFY((*found)->isPublicOutgoing());
    }
    void postDroppedAfterApplyIsOutcomeUnknown()
    {
        const qint64 id = newConversation();
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::applyThenDrop(), 1, "POST");
        const auto r = await<cx::Result<Message>>(
            [&](auto cb) { m_client->postPrivateNote(id, QStringLiteral("note"), this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Network);
        QVERIFY(isOutcomeUnknown(r.error()));
        QCOMPARE(m_sandbox->requestCount(), 1);
        QCOMPARE(m_sandbox->messages(id).size(), 1);
        const auto found = await<cx::Result<std::optional<Message>>>([&](auto cb) {
            m_client->findRecentOutgoing(id, QStringLiteral("note"),
                RecentSince { 0, QDateTime::currentDateTimeUtc().addSecs(-60) }, this, cb, true);
        });
        QVERIFY(found.ok() && found->has_value());
    }
    void postDroppedBeforeApplyIsOutcomeUnknownAndNotFound()
    {
        const qint64 id = newConversation();
        const qint64 last = m_sandbox->addIncomingMessage(id, QStringLiteral("Hi"));
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::drop(), 1, "POST");
        const auto r = await<cx::Result<Message>>([&](auto cb) {
            cx::test::PublicReplyProbe::send(*m_client, id, QStringLiteral("reply"), this, cb);
        });
        QVERIFY(!r.ok());
        QVERIFY(isOutcomeUnknown(r.error()));
        QCOMPARE(m_sandbox->messages(id).size(), 1);
        const auto found = await<cx::Result<std::optional<Message>>>([&](auto cb) {
            m_client->findRecentOutgoing(id, QStringLiteral("reply"), RecentSince { last, {} }, this, cb);
        });
        QVERIFY(found.ok());
        QVERIFY(!found->has_value()); // safe to send again
    }
    void post500IsNotRetried()
    {
        const qint64 id = newConversation();
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::httpStatus(500), 1, "POST");
        const auto r = await<cx::Result<Message>>(
            [&](auto cb) { m_client->postPrivateNote(id, QStringLiteral("n"), this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Server);
        QVERIFY(isOutcomeUnknown(r.error()));
        QCOMPARE(m_sandbox->requestCount(), 1);
    }
    void post429IsRetriedOnce()
    {
        const qint64 id = newConversation();
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::httpStatus(429), 1, "POST");
        const auto r = await<cx::Result<Message>>(
            [&](auto cb) { m_client->postPrivateNote(id, QStringLiteral("n"), this, cb); });
        QVERIFY(r.ok()); // Rack::Attack refused before the app ran: safe to retry
        QCOMPARE(m_sandbox->requestCount(), 2);
        QCOMPARE(m_sandbox->messages(id).size(), 1);
    }
    void findRecentOutgoingIgnoresOthers()
    {
        const qint64 id = newConversation();
        m_sandbox->addMessage(id, QStringLiteral("same text"), 0); // incoming with that text
        m_sandbox->addMessage(id, QStringLiteral("same text"), 1, true); // a private note with it
        const auto none = await<cx::Result<std::optional<Message>>>([&](auto cb) {
            m_client->findRecentOutgoing(id, QStringLiteral("same text"), RecentSince {}, this, cb);
        });
        QVERIFY(none.ok());
        QVERIFY(!none->has_value());
    }

    // --- auth, secrets, context ---
    void wrongTokenIs401()
    {
        makeClient(QStringLiteral("wrong"));
        const auto r = await<cx::Result<Profile>>([&](auto cb) { m_client->fetchProfile(this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Unauthorized);
        QVERIFY(r.error().message.contains(QStringLiteral("Invalid Access Token")));
    }
    void tokenNeverLogged()
    {
        static QStringList captured;
        captured.clear();
        const QString secretToken = QStringLiteral("tok-SECRET-4242");
        m_sandbox->setToken(secretToken);
        makeClient(secretToken);
        QLoggingCategory::setFilterRules(QStringLiteral("cxpilot.*=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext&, const QString& msg) { captured.append(msg); });
        const qint64 id = newConversation();
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::httpStatus(500), 1);
        (void)await<cx::Result<QList<Message>>>(
            [&](auto cb) { m_client->fetchLatestMessages(id, this, cb); });
        (void)await<cx::Result<Message>>(
            [&](auto cb) { m_client->postPrivateNote(id, QStringLiteral("x"), this, cb); });
        makeClient(QStringLiteral("tok-WRONG-9999"));
        (void)await<cx::Result<Profile>>([&](auto cb) { m_client->fetchProfile(this, cb); });
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QStringLiteral("cxpilot.*.debug=false"));
        QVERIFY(!captured.isEmpty()); // something was logged ...
        for (const QString& line : captured) { // ... but never a token
            QVERIFY2(!line.contains(secretToken), qPrintable(line));
            QVERIFY2(!line.contains(QStringLiteral("tok-WRONG-9999")), qPrintable(line));
        }
    }
    void deadContextGetsNoCallback()
    {
        const qint64 id = newConversation();
        bool called = false;
        auto* context = new QObject;
        m_sandbox->injectFault(QStringLiteral("/messages$"), SandboxFault::latency(100));
        QSignalSpy replies(m_network.get(), &QNetworkAccessManager::finished);
        m_client->fetchLatestMessages(id, context, [&](cx::Result<QList<Message>>) { called = true; });
        delete context;
        (void)await<cx::Result<QList<Message>>>(
            [&](auto cb) { m_client->fetchLatestMessages(id, this, cb); });
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/messages$")), 2);
        // Both replies have finished; the client's handler of each runs in the same emission of the
        // reply's finished() (callbacks for a same-thread context are delivered synchronously), so the
        // first one has had its chance to call back by now.
        QTRY_COMPARE(replies.size(), 2);
        QVERIFY(!called);
    }
    void tlsFailureIsReported()
    {
        if (!QSslSocket::supportsSsl()) {
            if (qEnvironmentVariableIsSet("CI"))
                QFAIL("CI run without a TLS backend (packaging/bootstrap-debian.sh installs OpenSSL)");
            QSKIP("no TLS backend");
        }
        // A server that answers a TLS ClientHello with plain text.
        QTcpServer plain;
        QVERIFY(plain.listen(QHostAddress::LocalHost));
        connect(&plain, &QTcpServer::newConnection, &plain, [&plain]() {
            QTcpSocket* s = plain.nextPendingConnection();
            s->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        });
        QUrl url;
        url.setScheme(QStringLiteral("https"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(plain.serverPort());
        ChatwootClient client(ChatwootConfig { url, 1, QStringLiteral("t") }, m_network.get());
        RetryPolicy once;
        once.maxAttempts = 1;
        client.setRetryPolicy(once);
        const auto r = await<cx::Result<Profile>>([&](auto cb) { client.fetchProfile(this, cb); });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::Tls);
    }

    // --- health ---
    void healthAllUp()
    {
        const HealthReport report = await<HealthReport>([&](auto cb) { m_client->healthCheck(this, cb); });
        QVERIFY2(report.allUp(), qPrintable(report.toText()));
        QCOMPARE(report.probe(QStringLiteral("health"))->state, HealthProbe::State::Up);
        QCOMPARE(report.probe(QStringLiteral("rails-health"))->state, HealthProbe::State::Skipped);
        QCOMPARE(report.probe(QStringLiteral("api"))->data.value(QLatin1String("postgres")).toString(),
            QStringLiteral("ok"));
        QVERIFY(report.version.contains(QStringLiteral("SIMULATED")));
        QCOMPARE(report.probe(QStringLiteral("profile"))->state, HealthProbe::State::Up);
        QCOMPARE(report.probe(QStringLiteral("account"))->state, HealthProbe::State::Up);
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(json.value(QLatin1String("probes")).toArray().size(), 5);
        QVERIFY(!QJsonDocument(json).toJson().contains("sandbox-token"));
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/rails/health")), 0);
    }
    void healthDownAndFallback()
    {
        m_sandbox->injectFault(QStringLiteral("^/health$"), SandboxFault::httpStatus(500));
        const HealthReport report = await<HealthReport>([&](auto cb) { m_client->healthCheck(this, cb); });
        QVERIFY(!report.allUp());
        QCOMPARE(report.probe(QStringLiteral("health"))->state, HealthProbe::State::Down);
        QCOMPARE(report.probe(QStringLiteral("health"))->httpStatus, 500);
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/rails/health")), 1); // the fallback probe ran
        QCOMPARE(report.probe(QStringLiteral("rails-health"))->state, HealthProbe::State::Down);
        QVERIFY(report.toText().contains(QStringLiteral("DOWN")));
    }
    void healthWrongTokenAndAccount_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<qint64>("account");
        QTest::addColumn<QString>("profileDetail");
        QTest::newRow("invalid token")
            << QStringLiteral("nope") << qint64(1) << QStringLiteral("Invalid Access Token");
        QTest::newRow("account not reachable")
            << QStringLiteral("sandbox-token") << qint64(2) << QStringLiteral("not a member of account 2");
        QTest::newRow("no token") << QString() << qint64(1) << QStringLiteral("no API token");
    }
    void healthWrongTokenAndAccount()
    {
        QFETCH(QString, token);
        QFETCH(qint64, account);
        QFETCH(QString, profileDetail);
        makeClient(token, account);
        const HealthReport report = await<HealthReport>([&](auto cb) { m_client->healthCheck(this, cb); });
        QVERIFY(!report.allUp());
        QCOMPARE(report.probe(QStringLiteral("health"))->state, HealthProbe::State::Up);
        QCOMPARE(report.probe(QStringLiteral("profile"))->state, HealthProbe::State::Down);
        QVERIFY2(report.probe(QStringLiteral("profile"))->detail.contains(profileDetail),
            qPrintable(report.probe(QStringLiteral("profile"))->detail));
        QCOMPARE(report.probe(QStringLiteral("account"))->state, HealthProbe::State::Down);
    }

    // --- help center and reports ---
    void publishedArticlesAllPortals()
    {
        m_sandbox->addPortal(QStringLiteral("help"), QStringLiteral("Help"));
        m_sandbox->addPortal(QStringLiteral("dev"), QStringLiteral("Developers"), QStringLiteral("de"));
        for (int i = 0; i < 30; ++i)
            m_sandbox->addArticle(QStringLiteral("help"), QStringLiteral("Article %1").arg(i),
                QStringLiteral("## Body %1\n- item").arg(i), QStringLiteral("published"),
                QStringLiteral("Billing"));
        m_sandbox->addArticle(QStringLiteral("help"), QStringLiteral("Secret draft"), QStringLiteral("x"),
            QStringLiteral("draft"));
        m_sandbox->addArticle(
            QStringLiteral("help"), QStringLiteral("Old"), QStringLiteral("x"), QStringLiteral("archived"));
        m_sandbox->addArticle(
            QStringLiteral("dev"), QStringLiteral("API keys"), QStringLiteral("Use **keys**."));
        const auto r = await<cx::Result<QList<HelpCenterArticle>>>(
            [&](auto cb) { m_client->fetchPublishedArticles(this, cb); });
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : describe(r.error())));
        QCOMPARE(r->size(), 31);
        QSet<QString> titles;
        for (const HelpCenterArticle& a : *r)
            titles.insert(a.title);
        QVERIFY(!titles.contains(QStringLiteral("Secret draft")));
        QVERIFY(!titles.contains(QStringLiteral("Old")));
        const auto dev = std::find_if(r->cbegin(), r->cend(),
            [](const HelpCenterArticle& a) { return a.portalSlug == QLatin1String("dev"); });
        QVERIFY(dev != r->cend());
        QCOMPARE(dev->content, QStringLiteral("Use **keys**."));
        QCOMPARE(dev->locale, QStringLiteral("de"));
        QVERIFY(dev->url.toString().endsWith(QStringLiteral("/hc/dev/articles/") + dev->slug));
        // help: pages 1 (25), 2 (5), 3 (empty); dev: 1, 2 (empty)
        QCOMPARE(m_sandbox->requestCount(QStringLiteral("/articles$")), 5);
        const auto portals
            = await<cx::Result<QList<Portal>>>([&](auto cb) { m_client->fetchPortals(this, cb); });
        QCOMPARE(portals->size(), 2);
        QCOMPARE(portals->at(1).defaultLocale, QStringLiteral("de"));
    }
    void reportSummary()
    {
        const qint64 id = newConversation();
        m_sandbox->addIncomingMessage(id, QStringLiteral("a"));
        m_sandbox->addIncomingMessage(id, QStringLiteral("b"));
        (void)await<cx::Result<Message>>(
            [&](auto cb) { cx::test::PublicReplyProbe::send(*m_client, id, QStringLiteral("r"), this, cb); });
        postNote(id, QStringLiteral("private notes are not outgoing messages in reports"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto r = await<cx::Result<ReportSummary>>(
            [&](auto cb) { m_client->fetchReportSummary(now.addDays(-1), now.addDays(1), this, cb); });
        QVERIFY(r.ok());
        QCOMPARE(r->incomingMessagesCount, 2);
        QCOMPARE(r->outgoingMessagesCount, 1);
        QCOMPARE(r->conversationsCount, 1);
        QVERIFY(m_sandbox->requestLog().last().path.startsWith(
            QStringLiteral("/api/v2/accounts/1/reports/summary")));
        QVERIFY(m_sandbox->requestLog().last().query.contains(QStringLiteral("type=account")));
    }
};

QTEST_GUILESS_MAIN(TestChatwootClient)
#include "tst_chatwootclient.moc"
