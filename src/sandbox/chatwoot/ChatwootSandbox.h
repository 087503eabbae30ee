#pragma once

#include "chatwoot/SandboxHttpServer.h"
#include "chatwoot/SandboxStore.h"

#include "foundation/Result.h"

#include <QObject>
#include <QRegularExpression>
#include <QUrl>

class QNetworkAccessManager;

namespace cx::sandbox {

// A fault to inject into the next N requests matching a path pattern.
struct SandboxFault {
    enum class Kind {
        Latency, // answer normally after delayMs
        Status, // answer `status` with Chatwoot's error body (429: text/plain "Retry later")
        Drop, // close the connection without answering; the request is NOT applied
        SlowBody, // answer normally, the body in 4 pieces, chunkDelayMs apart
        ApplyThenDrop, // apply the request (e.g. create the message), then close without answering
        ApplyThenDelay, // apply it, then answer only after delayMs (past the client's timeout)
        Garbage, // answer 200 with a body that is not JSON
        DelayThenApply, // hold the request, apply it only after delayMs (past the client's timeout), then
                        // drop
    };
    Kind kind = Kind::Status;
    int status = 500;
    int retryAfterSecs = -1; // 429: add Retry-After when >= 0
    int delayMs = 0;
    int chunkDelayMs = 0;

    static SandboxFault latency(int ms) { return { Kind::Latency, 0, -1, ms, 0 }; }
    static SandboxFault httpStatus(int status, int retryAfterSecs = -1)
    {
        return { Kind::Status, status, retryAfterSecs, 0, 0 };
    }
    static SandboxFault drop() { return { Kind::Drop, 0, -1, 0, 0 }; }
    static SandboxFault slowBody(int chunkDelayMs) { return { Kind::SlowBody, 0, -1, 0, chunkDelayMs }; }
    static SandboxFault applyThenDrop() { return { Kind::ApplyThenDrop, 0, -1, 0, 0 }; }
    static SandboxFault applyThenDelay(int ms) { return { Kind::ApplyThenDelay, 0, -1, ms, 0 }; }
    static SandboxFault garbage() { return { Kind::Garbage, 200, -1, 0, 0 }; }
    static SandboxFault delayThenApply(int ms) { return { Kind::DelayThenApply, 0, -1, ms, 0 }; }
};

// One request as the sandbox saw it (for tests).
struct SandboxRequestRecord {
    QByteArray method;
    QString path;
    QString query;
    int status = 0; // 0 when dropped
};

class SandboxWebhookSender;

// A SIMULATED, in-process Chatwoot (account 1, token "sandbox-token" by default) on 127.0.0.1 for the demo
// and the tests: same paths, auth header, JSON shapes, paging, status codes and error bodies as Chatwoot.
class ChatwootSandbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatwootSandbox)

public:
    static constexpr int kConversationsPerPage = 25; // Chatwoot's default CONVERSATION_RESULTS_PER_PAGE
    static constexpr int kMessagesPerPage = 20;
    static constexpr int kMessagesAfterLimit = 100;
    static constexpr int kArticlesPerPage = 25;

    explicit ChatwootSandbox(QObject* parent = nullptr);
    ~ChatwootSandbox() override;

    quint16 listen(quint16 port = 0); // 127.0.0.1; returns the port, 0 on failure
    QUrl url() const;
    void setToken(const QString& token) { m_token = token; }
    QString token() const { return m_token; }
    qint64 accountId() const { return m_store.accountId; }
    // Chatwoot's page size is configurable (CONVERSATION_RESULTS_PER_PAGE): clients must not assume 25.
    void setConversationPageSize(int size) { m_conversationPageSize = qMax(1, size); }
    int conversationPageSize() const { return m_conversationPageSize; }

    // --- data (the programmatic API of tests and the demo) ---
    qint64 addInbox(const QString& name, const QString& channelType);
    qint64 addContact(const QString& name, const QString& email = {}, const QString& phone = {});
    // Returns the new conversation's display id.
    qint64 addConversation(qint64 inboxId, qint64 contactId, const QString& status = QStringLiteral("open"),
        const QStringList& labels = {}, bool assignToAgent = false);
    // Adds a message as is (messageType 0..3); no webhook. Returns its id.
    qint64 addMessage(qint64 conversationId, const QString& content, int messageType, bool isPrivate = false,
        qint64 createdAt = 0);
    // A customer writes: incoming, from the conversation's contact; sends the webhook if configured.
    qint64 addIncomingMessage(qint64 conversationId, const QString& text);
    // An agent (or, with isPrivate, a private note) in Chatwoot's UI: outgoing, from the agent; sends the
    // message_created webhook as Chatwoot does for every non-activity message.
    qint64 addOutgoingMessage(qint64 conversationId, const QString& text, bool isPrivate = false);
    // Changes the status (and updated_at); with sendWebhook, conversation_status_changed and then
    // conversation_updated go out, as toggle_status does.
    void setConversationStatus(qint64 conversationId, const QString& status, bool sendWebhook = false);
    void addPortal(const QString& slug, const QString& name, const QString& locale = QStringLiteral("en"));
    qint64 addArticle(const QString& portalSlug, const QString& title, const QString& content,
        const QString& status = QStringLiteral("published"),
        const QString& category = QStringLiteral("General"), const QString& description = {});
    // Loads inboxes, contacts, conversations (with messages), portals and articles from seed JSON.
    Status loadSeed(const QJsonObject& seed);
    Status loadSeedFile(const QString& path);
    void loadDemoSeed(); // the built-in realistic demo data

    QList<SandboxMessage> messages(qint64 conversationId) const { return m_store.messagesOf(conversationId); }
    QList<SandboxConversation> conversations() const { return m_store.conversations.values(); }
    std::optional<SandboxConversation> conversation(qint64 id) const;
    const SandboxStore& store() const { return m_store; }

    // --- faults ---
    // The next `times` requests whose path matches `pathPattern` (a regular expression, searched) and method
    // (empty = any) get `fault`. Faults are checked in the order they were added.
    void injectFault(
        const QString& pathPattern, const SandboxFault& fault, int times = 1, const QByteArray& method = {});
    void clearFaults() { m_faults.clear(); }
    QList<SandboxRequestRecord> requestLog() const { return m_log; }
    int requestCount(const QString& pathPattern = {}) const;
    void clearRequestLog() { m_log.clear(); }

    // --- webhooks: signed message_created deliveries when a customer writes ---
    void setWebhook(const QUrl& url, const QByteArray& secret);
    SandboxWebhookSender* webhookSender() const { return m_webhooks; }

Q_SIGNALS:
    void messageCreated(qint64 conversationId, qint64 messageId);

private:
    SandboxReply handle(const SandboxRequest& request);
    SandboxResponse route(const SandboxRequest& request);
    SandboxResponse routeAccount(const SandboxRequest& request, const QStringList& parts);
    SandboxResponse listConversations(const SandboxRequest& request, bool metaOnly);
    SandboxResponse listMessages(qint64 conversationId, const SandboxRequest& request);
    SandboxResponse createMessage(qint64 conversationId, const SandboxRequest& request);
    SandboxResponse toggleStatus(qint64 conversationId, const SandboxRequest& request);
    SandboxResponse listArticles(const QString& portalSlug, const SandboxRequest& request);
    SandboxResponse reportSummary(const SandboxRequest& request);
    SandboxResponse webhooks(const SandboxRequest& request, const QStringList& parts);
    qint64 now() const;
    void touch(qint64 conversationId); // updated_at = now (Rails' touch)
    void deliver(const QJsonObject& payload); // to the webhook, if it subscribed to the event

    struct ActiveFault {
        QRegularExpression pattern;
        QByteArray method;
        SandboxFault fault;
        int remaining = 0;
    };

    SandboxHttpServer* m_http = nullptr;
    SandboxWebhookSender* m_webhooks = nullptr;
    SandboxStore m_store;
    QString m_token = QStringLiteral("sandbox-token");
    int m_conversationPageSize = kConversationsPerPage;
    QList<ActiveFault> m_faults;
    QList<SandboxRequestRecord> m_log;
};

} // namespace cx::sandbox
