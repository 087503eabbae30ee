#pragma once

#include "chatwoot/ChatwootTypes.h"
#include "chatwoot/HealthReport.h"
#include "foundation/Result.h"
#include "foundation/RetryPolicy.h"

#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace cx::review {
class Outbox;
}
namespace cx::test {
struct PublicReplyProbe;
}

namespace cx::chatwoot {

struct ChatwootConfig {
    QUrl baseUrl; // e.g. https://chat.example.com (a path prefix is kept)
    qint64 accountId = 0;
    QString apiToken; // sent as api_access_token; never logged
};

// GET .../conversations filters. Empty strings leave Chatwoot's defaults (status=open, assignee_type=all).
struct ConversationQuery {
    QString status; // open|resolved|pending|snoozed|all
    QString assigneeType; // all|me|unassigned|assigned
    qint64 inboxId = 0;
    QStringList labels; // any of these
    QString sortBy; // e.g. last_activity_at_desc
    qint64 updatedWithinSecs = 0; // > 0: that window, unpaginated (one request)
    // Safety bound against a server that never ends a listing. Reaching it is an error, never a shorter list.
    int maxPages = 400;
};

// What a paged conversation listing delivered.
struct ConversationPaging {
    ConversationCounts meta; // the first page's counts
    int pages = 0; // pages read
    int delivered = 0; // distinct conversations handed over
};

// For reconciliation after an unclear POST: what counts as "recent".
struct RecentSince {
    qint64 afterMessageId = 0; // > 0: only messages with a larger id (uses after=, catches up fully)
    QDateTime since; // valid: only messages created at or after it
};

// An account webhook (GET/POST /api/v1/accounts/{id}/webhooks). secret: Chatwoot >= 4.11.2 returns it; the
// service verifies deliveries with it. Never logged.
struct AccountWebhook {
    qint64 id = 0;
    QString url;
    QString name;
    QStringList subscriptions;
    QString secret;
};

// The marker on an Error whose POST may or may not have been applied (timeout, dropped connection).
// Such a POST is never retried automatically: reconcile with findRecentOutgoing first.
inline const QString kOutcomeUnknownField = QStringLiteral("outcome-unknown");
bool isOutcomeUnknown(const Error& error);

// Asynchronous Chatwoot REST client. Every method takes a context: the callback runs once on the
// context's thread, and not at all if the context (or this client) is destroyed first.
class ChatwootClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatwootClient)

public:
    template <typename T> using Callback = std::function<void(Result<T>)>;

    static constexpr int kConversationPageSize = 25;
    static constexpr int kMessagesBeforePageSize = 20;
    static constexpr int kMessagesAfterPageSize = 100;

    ChatwootClient(ChatwootConfig config, QNetworkAccessManager* network, QObject* parent = nullptr);
    ~ChatwootClient() override;

    const ChatwootConfig& config() const { return m_config; }
    void setRetryPolicy(const RetryPolicy& policy) { m_retry = policy; }
    const RetryPolicy& retryPolicy() const { return m_retry; }
    void setTransferTimeoutMs(int ms) { m_transferTimeoutMs = ms; }
    int transferTimeoutMs() const { return m_transferTimeoutMs; } // the outbox sizes its send lease with it
    // The longest one call can take with all its retries (every attempt timing out, every wait the longest
    // allowed): a lease held across a call must outlast it.
    qint64 worstCaseRetryWindowMs() const { return m_retry.worstCaseWindowMs(m_transferTimeoutMs); }
    void setMaxConcurrency(int n) { m_maxConcurrency = qMax(1, n); } // pages in flight at once
    // How many HTTP requests went out (retries included): for tests and diagnostics.
    int requestCount() const { return m_requestCount; }

    // Every page of GET .../conversations, each handed to `onPage` in page order (only conversations not
    // handed over before: one can move between pages while they are read), then `done`. Memory stays at a
    // few pages however long the list. Chatwoot's page size is configurable (CONVERSATION_RESULTS_PER_PAGE),
    // so it is learned from the first page, never assumed: the listing ends at an empty page, a page shorter
    // than the first, or when the meta count for the query's assignee type has been delivered. Reaching
    // query.maxPages before that is an error (ErrorKind::Unavailable), as is any failed page; the pages
    // handed over before an error stay handed over. With updatedWithinSecs: one unpaginated request.
    using PageCallback = std::function<void(const QList<Conversation>& conversations)>;
    void streamConversations(const ConversationQuery& query, QObject* context, PageCallback onPage,
        Callback<ConversationPaging> done);
    // The whole list (streamConversations collected), with the meta counts: for small lists. Fails rather
    // than truncating at query.maxPages.
    void fetchConversations(
        const ConversationQuery& query, QObject* context, Callback<ConversationList> done);
    // One page (from 1).
    void fetchConversationPage(
        const ConversationQuery& query, int page, QObject* context, Callback<ConversationList> done);
    // The conversation and its whole history, oldest first (pages back with before= to the start).
    void fetchConversation(qint64 conversationId, QObject* context, Callback<ConversationHistory> done);
    // Every message newer than afterMessageId, oldest first (after=, 100 a page, until none is left).
    void fetchMessagesAfter(
        qint64 conversationId, qint64 afterMessageId, QObject* context, Callback<QList<Message>> done);
    // The latest 20 messages, oldest first.
    void fetchLatestMessages(qint64 conversationId, QObject* context, Callback<QList<Message>> done);

    // POST .../messages {private: true, message_type: "outgoing"}. Agents only; never reaches the contact.
    void postPrivateNote(qint64 conversationId, const QString& content, QObject* context,
        Callback<Message> done, const QString& echoId = {});

    // Reconciliation: the newest matching message (same content after trimming, outgoing, `isPrivate` as
    // given) among the recent ones, or nullopt. Chatwoot stores no idempotency key, so this is how a caller
    // learns whether a POST with an unknown outcome was applied.
    void findRecentOutgoing(qint64 conversationId, const QString& content, const RecentSince& since,
        QObject* context, Callback<std::optional<Message>> done, bool isPrivate = false);

    // GET /health, /api (no auth; /rails/health only if /health fails), then /api/v1/profile and
    // /api/v1/accounts/{id}. Never fails as a whole: every probe reports its own state.
    void healthCheck(QObject* context, std::function<void(HealthReport)> done);
    void fetchProfile(QObject* context, Callback<Profile> done);

    // Help Center: portals, then every published article of every portal (page=N until an empty page).
    void fetchPortals(QObject* context, Callback<QList<Portal>> done);
    void fetchPublishedArticles(QObject* context, Callback<QList<HelpCenterArticle>> done);
    // GET /api/v2/accounts/{id}/reports/summary?type=account&since=&until= (Unix seconds).
    void fetchReportSummary(
        const QDateTime& since, const QDateTime& until, QObject* context, Callback<ReportSummary> done);

    // Account webhooks (cxpilot chatwoot webhook register|list|delete).
    void listWebhooks(QObject* context, Callback<QList<AccountWebhook>> done);
    void createWebhook(const QString& url, const QStringList& subscriptions, const QString& name, QObject* context,
        Callback<AccountWebhook> done);
    void deleteWebhook(qint64 webhookId, QObject* context, Callback<bool> done);

    struct HttpReply {
        int status = 0;
        QByteArray body;
        QByteArray contentType;
    };

private:
    friend class cx::review::Outbox;
    friend struct cx::test::PublicReplyProbe;

    // A public reply: reaches the customer. Only the approval flow's outbox calls it.
    void sendPublicReply(qint64 conversationId, const QString& content, QObject* context,
        Callback<Message> done, const QString& echoId = {});

    void postMessage(qint64 conversationId, const QString& content, bool isPrivate, const QString& echoId,
        QObject* context, Callback<Message> done);

    enum class Auth { Token, None };
    enum class Method { Get, Post, Delete };
    struct RequestSpec {
        Method method = Method::Get;
        QString path; // absolute path below the base URL, e.g. "/api/v1/profile"
        QUrlQuery query;
        QByteArray body; // JSON, for POST
        Auth auth = Auth::Token;
        int maxAttempts = 0; // 0 = the policy's
    };
    using HttpCallback = std::function<void(Result<HttpReply>)>;
    // Sends with retries (GET: transient errors; POST: only when the server surely did not apply it).
    // The callback runs in this client's thread, only while this client lives.
    void send(const RequestSpec& spec, HttpCallback done);
    void attempt(const RequestSpec& spec, int attemptNo, HttpCallback done);
    QUrl urlFor(const QString& path, const QUrlQuery& query) const;
    QString accountPath(const QString& rest) const;
    QUrlQuery conversationQuery(const ConversationQuery& query) const;

    void fetchMessagePage(qint64 conversationId, const QUrlQuery& query, HttpCallback done);
    void collectOlder(
        qint64 conversationId, std::shared_ptr<QList<Message>> acc, std::function<void(Status)> done);
    void collectNewer(qint64 conversationId, qint64 afterId, std::shared_ptr<QList<Message>> acc,
        std::function<void(Status)> done);

    ChatwootConfig m_config;
    QPointer<QNetworkAccessManager> m_network;
    RetryPolicy m_retry;
    int m_transferTimeoutMs = 30000;
    int m_maxConcurrency = 4;
    int m_requestCount = 0;
};

} // namespace cx::chatwoot
