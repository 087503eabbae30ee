// Shared by the approval-flow, outbox and recovery tests: a Chatwoot sandbox, a fast client, a conversation
// with a noted draft, and ways to build interrupted states directly through the stores.
#pragma once

#include "StorageTestSupport.h"
#include "TestSupport.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "foundation/Clock.h"
#include "review/ApprovalFlow.h"
#include "review/DraftStore.h"
#include "review/OutboxStore.h"
#include "review/Recovery.h"
#include "storage/Database.h"

#include <QNetworkAccessManager>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace cx::test {

using Outcome = Result<review::ApprovalFlow::Outcome>;

inline Outcome waitOutcome(const std::function<void(review::ApprovalFlow::Callback)>& start)
{
    std::optional<Outcome> result;
    start([&](Outcome r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 30000))
        return makeError(ErrorKind::Timeout, QStringLiteral("test: the flow did not finish"));
    return std::move(*result);
}

inline Result<review::Recovery::Report> runRecovery(review::Recovery& recovery, QObject* context)
{
    std::optional<Result<review::Recovery::Report>> result;
    recovery.runOnce(context, [&](Result<review::Recovery::Report> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 60000))
        return makeError(ErrorKind::Timeout, QStringLiteral("test: the recovery pass did not finish"));
    return std::move(*result);
}

inline int count(storage::Database& db, const QString& sql)
{
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s", qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toInt();
}

inline QString describe(const Outcome& r)
{
    return r.ok() ? review::ApprovalFlow::stageName(r->stage) : r.error().toString();
}

struct ReviewFixture {
    std::unique_ptr<sandbox::ChatwootSandbox> sandbox;
    QNetworkAccessManager network;
    qint64 inbox = 0;
    qint64 contact = 0;

    bool start()
    {
        sandbox = std::make_unique<sandbox::ChatwootSandbox>();
        if (sandbox->listen() == 0)
            return false;
        inbox = sandbox->addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        contact = sandbox->addContact(QStringLiteral("Ana Lima"), QStringLiteral("ana@example.com"));
        return true;
    }

    std::unique_ptr<chatwoot::ChatwootClient> makeClient(int timeoutMs = 5000)
    {
        auto client = std::make_unique<chatwoot::ChatwootClient>(
            chatwoot::ChatwootConfig { sandbox->url(), sandbox->accountId(), sandbox->token() }, &network);
        client->setTransferTimeoutMs(timeoutMs);
        RetryPolicy fast = client->retryPolicy();
        fast.baseDelayMs = 5;
        fast.maxDelayMs = 20;
        fast.maxRetryAfterMs = 50;
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
        s.conversationId = sandbox->addConversation(inbox, contact);
        s.customerMessageId = sandbox->addMessage(s.conversationId, QStringLiteral("Where is my order?"), 0);
        review::DraftRecord d;
        d.accountId = sandbox->accountId();
        d.conversationId = s.conversationId;
        d.messageId = s.customerMessageId;
        d.inboxId = inbox;
        d.content.text = draftText;
        d.content.confidence = 0.8;
        d.content.sources
            = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("kb:shipping#1") } } };
        d.customerMessageAt = Clock::nowUtc().addSecs(-120);
        d.customerMessage = QStringLiteral("Where is my order?"); // as the pipeline claims it
        review::DraftStore drafts(db);
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

    // The draft approved (grades, reviewer, final text) as the first durable step of approveAndSendReply
    // leaves it: no outbox row yet.
    static bool approveInDatabase(storage::Database& db, const QString& draftId, const QString& text,
        const QString& reviewer = QStringLiteral("Ana Reviewer"))
    {
        return review::DraftStore(db)
            .markApproved(draftId, review::Grades { 4, 5, 4 }, reviewer, text, Clock::nowUtc())
            .ok();
    }

    int publicReplies(qint64 conversationId, const QString& text = {}) const
    {
        int n = 0;
        for (const auto& m : sandbox->messages(conversationId))
            if (m.messageType == 1 && !m.isPrivate && (text.isEmpty() || m.content == text))
                ++n;
        return n;
    }

    int posts(qint64 conversationId) const
    {
        int n = 0;
        const QString path = QStringLiteral("/conversations/%1/messages").arg(conversationId);
        for (const auto& r : sandbox->requestLog())
            if (r.method == "POST" && r.path.endsWith(path))
                ++n;
        return n;
    }
};

} // namespace cx::test
