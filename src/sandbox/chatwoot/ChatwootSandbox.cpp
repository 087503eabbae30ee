#include "ChatwootSandbox.h"

#include "chatwoot/SandboxWebhookSender.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"

#include <QJsonDocument>
#include <QTimer>
#include <QUuid>

#include <algorithm>

namespace cx::sandbox {

namespace {
SandboxResponse jsonResponse(int status, const QJsonObject& body)
{
    SandboxResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

SandboxResponse errorResponse(int status, const QString& message)
{
    return jsonResponse(status, QJsonObject { { QStringLiteral("error"), message } });
}

SandboxResponse notFound()
{
    return errorResponse(404, QStringLiteral("Resource could not be found"));
}

// The error bodies Chatwoot answers with (research §9).
SandboxResponse cannedError(int status, int retryAfterSecs)
{
    switch (status) {
    case 401:
        return errorResponse(401, QStringLiteral("Invalid Access Token"));
    case 404:
        return notFound();
    case 422:
        return jsonResponse(422,
            QJsonObject { { QStringLiteral("message"),
                              QStringLiteral("Content is too long (maximum is 150000 characters)") },
                { QStringLiteral("attributes"), QJsonArray { QStringLiteral("content") } } });
    case 429: {
        SandboxResponse r;
        r.status = 429;
        r.contentType = "text/plain";
        r.body = "Retry later\n";
        if (retryAfterSecs >= 0)
            r.headers.append({ "Retry-After", QByteArray::number(retryAfterSecs) });
        return r;
    }
    default:
        if (status >= 500)
            return jsonResponse(status,
                QJsonObject { { QStringLiteral("status"), status },
                    { QStringLiteral("error"), QStringLiteral("Internal Server Error") } });
        return errorResponse(status, QStringLiteral("Simulated error"));
    }
}
} // namespace

ChatwootSandbox::ChatwootSandbox(QObject* parent)
    : QObject(parent)
    , m_http(new SandboxHttpServer([this](const SandboxRequest& r) { return handle(r); }, this))
    , m_webhooks(new SandboxWebhookSender(this))
{
}

ChatwootSandbox::~ChatwootSandbox() = default;

quint16 ChatwootSandbox::listen(quint16 port)
{
    const quint16 p = m_http->listen(port);
    if (p)
        qCInfo(lcSandbox) << "SIMULATED Chatwoot sandbox listening on" << url().toString();
    return p;
}

QUrl ChatwootSandbox::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_http->port());
    return u;
}

qint64 ChatwootSandbox::now() const
{
    return Clock::nowMSecs() / 1000;
}

qint64 ChatwootSandbox::addInbox(const QString& name, const QString& channelType)
{
    const qint64 id = m_store.nextInboxId++;
    m_store.inboxes.insert(id, SandboxInbox { id, name, channelType });
    return id;
}

qint64 ChatwootSandbox::addContact(const QString& name, const QString& email, const QString& phone)
{
    const qint64 id = m_store.nextContactId++;
    m_store.contacts.insert(id, SandboxContact { id, name, email, phone, now() });
    return id;
}

qint64 ChatwootSandbox::addConversation(
    qint64 inboxId, qint64 contactId, const QString& status, const QStringList& labels, bool assignToAgent)
{
    SandboxConversation c;
    c.id = m_store.nextConversationId++;
    c.uuid = QUuid::createUuid().toString(QUuid::WithoutBraces);
    c.inboxId = inboxId;
    c.contactId = contactId;
    c.status = status;
    c.labels = labels;
    c.assigneeId = assignToAgent ? m_store.agent.id : 0;
    c.createdAt = now();
    c.lastActivityAt = c.createdAt;
    c.updatedAtMs = Clock::nowMSecs();
    m_store.conversations.insert(c.id, c);
    m_store.conversationChanged(c.id);
    return c.id;
}

qint64 ChatwootSandbox::addMessage(
    qint64 conversationId, const QString& content, int messageType, bool isPrivate, qint64 createdAt)
{
    const auto it = m_store.conversations.constFind(conversationId);
    if (it == m_store.conversations.cend())
        return 0;
    SandboxMessage m;
    m.conversationId = conversationId;
    m.content = content;
    m.messageType = messageType;
    m.isPrivate = isPrivate;
    m.createdAt = createdAt > 0 ? createdAt : now();
    if (messageType == 0) {
        m.senderType = QStringLiteral("contact");
        m.senderId = it->contactId;
    } else if (messageType == 1 || messageType == 3) {
        m.senderType = QStringLiteral("user");
        m.senderId = m_store.agent.id;
    }
    const qint64 id = m_store.appendMessage(m).id;
    if (createdAt <= 0)
        touch(conversationId);
    Q_EMIT messageCreated(conversationId, id);
    return id;
}

qint64 ChatwootSandbox::addIncomingMessage(qint64 conversationId, const QString& text)
{
    const qint64 id = addMessage(conversationId, text, 0, false);
    if (id == 0)
        return 0;
    if (m_webhooks->isConfigured()) {
        for (auto it = m_store.messages.crbegin(); it != m_store.messages.crend(); ++it) {
            if (it->id == id) {
                deliver(m_store.webhookMessageJson(*it));
                break;
            }
        }
    }
    return id;
}

qint64 ChatwootSandbox::addOutgoingMessage(qint64 conversationId, const QString& text, bool isPrivate)
{
    const qint64 id = addMessage(conversationId, text, 1, isPrivate);
    if (id == 0)
        return 0;
    if (m_webhooks->isConfigured()) {
        for (auto it = m_store.messages.crbegin(); it != m_store.messages.crend(); ++it) {
            if (it->id == id) {
                deliver(m_store.webhookMessageJson(*it));
                break;
            }
        }
    }
    return id;
}

void ChatwootSandbox::setConversationStatus(qint64 conversationId, const QString& status, bool sendWebhook)
{
    auto it = m_store.conversations.find(conversationId);
    if (it == m_store.conversations.end())
        return;
    const QString previous = it->status;
    if (previous == status)
        return;
    it->status = status;
    m_store.conversationChanged(conversationId);
    const qint64 previousUpdated = it->updatedAtMs;
    it->updatedAtMs = qMax(Clock::nowMSecs(), previousUpdated + 1);
    if (!sendWebhook || !m_webhooks->isConfigured())
        return;
    // Conversation#execute_after_update_commit_callbacks: notify_status_change (conversation_status_changed,
    // changed_attributes = previous_changes.slice('status')), then notify_conversation_updation
    // (conversation_updated with all of previous_changes: status and updated_at). Two deliveries, in that
    // order.
    deliver(m_store.webhookStatusChangedJson(*it, previous));
    deliver(m_store.webhookConversationUpdatedJson(*it,
        QJsonArray { SandboxStore::change(QStringLiteral("status"), previous, status),
            SandboxStore::change(QStringLiteral("updated_at"), SandboxStore::isoTimeMs(previousUpdated),
                SandboxStore::isoTimeMs(it->updatedAtMs)) }));
}

void ChatwootSandbox::deliver(const QJsonObject& payload)
{
    if (!m_webhooks->isConfigured())
        return;
    // WebhookListener#deliver_account_webhooks: a webhook registered through the API gets only the events it
    // subscribed to (an empty list: everything). One set by setWebhook()/--webhook-url gets every event.
    const QString event = payload.value(QLatin1String("event")).toString();
    for (const SandboxWebhook& w : std::as_const(m_store.webhooks)) {
        if (QUrl(w.url) == m_webhooks->url() && !w.subscriptions.isEmpty()
            && !w.subscriptions.contains(event))
            return;
    }
    m_webhooks->send(payload);
}

void ChatwootSandbox::touch(qint64 conversationId)
{
    auto it = m_store.conversations.find(conversationId);
    if (it != m_store.conversations.end())
        it->updatedAtMs = qMax(Clock::nowMSecs(), it->updatedAtMs + 1);
}

std::optional<SandboxConversation> ChatwootSandbox::conversation(qint64 id) const
{
    const auto it = m_store.conversations.constFind(id);
    if (it == m_store.conversations.cend())
        return std::nullopt;
    return *it;
}

void ChatwootSandbox::addPortal(const QString& slug, const QString& name, const QString& locale)
{
    m_store.portals.append(
        SandboxPortal { static_cast<qint64>(m_store.portals.size() + 1), slug, name, locale });
}

qint64 ChatwootSandbox::addArticle(const QString& portalSlug, const QString& title, const QString& content,
    const QString& status, const QString& category, const QString& description)
{
    SandboxArticle a;
    a.id = m_store.nextArticleId++;
    a.portalSlug = portalSlug;
    a.title = title;
    a.slug = QStringLiteral("%1-%2").arg(a.id).arg(
        title.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-")));
    if (a.slug.endsWith(QLatin1Char('-')))
        a.slug.chop(1);
    a.content = content;
    a.status = status;
    a.categoryName = category;
    a.description = description;
    a.updatedAt = now() - a.id; // distinct, newest first by creation order reversed
    for (const SandboxPortal& p : m_store.portals) {
        if (p.slug == portalSlug)
            a.locale = p.locale;
    }
    m_store.articles.append(a);
    return a.id;
}

void ChatwootSandbox::injectFault(
    const QString& pathPattern, const SandboxFault& fault, int times, const QByteArray& method)
{
    m_faults.append(ActiveFault { QRegularExpression(pathPattern), method.toUpper(), fault, times });
}

int ChatwootSandbox::requestCount(const QString& pathPattern) const
{
    const QRegularExpression re(pathPattern);
    return static_cast<int>(std::count_if(m_log.cbegin(), m_log.cend(),
        [&](const SandboxRequestRecord& r) { return pathPattern.isEmpty() || re.match(r.path).hasMatch(); }));
}

void ChatwootSandbox::setWebhook(const QUrl& url, const QByteArray& secret)
{
    m_webhooks->configure(url, secret);
}

SandboxReply ChatwootSandbox::handle(const SandboxRequest& request)
{
    SandboxRequestRecord record { request.method, request.path, request.query.toString(QUrl::FullyDecoded),
        0 };
    std::optional<SandboxFault> fault;
    for (auto it = m_faults.begin(); it != m_faults.end(); ++it) {
        if ((it->method.isEmpty() || it->method == request.method)
            && it->pattern.match(request.path).hasMatch()) {
            fault = it->fault;
            if (--it->remaining <= 0)
                m_faults.erase(it);
            break;
        }
    }
    SandboxReply reply;
    if (fault) {
        qCDebug(lcSandbox) << "injecting fault" << static_cast<int>(fault->kind) << "into" << request.path;
        switch (fault->kind) {
        case SandboxFault::Kind::Status:
            reply.response = cannedError(fault->status, fault->retryAfterSecs);
            break;
        case SandboxFault::Kind::Drop:
            reply.delivery = SandboxReply::Delivery::Drop;
            m_log.append(record);
            return reply;
        case SandboxFault::Kind::Latency:
            reply.response = route(request);
            reply.delayMs = fault->delayMs;
            break;
        case SandboxFault::Kind::SlowBody:
            reply.response = route(request);
            reply.delivery = SandboxReply::Delivery::SlowBody;
            reply.chunkDelayMs = fault->chunkDelayMs;
            break;
        case SandboxFault::Kind::ApplyThenDrop:
            route(request);
            reply.delivery = SandboxReply::Delivery::Drop;
            m_log.append(record);
            return reply;
        case SandboxFault::Kind::ApplyThenDelay:
            reply.response = route(request);
            reply.delayMs = fault->delayMs;
            break;
        case SandboxFault::Kind::DelayThenApply:
            // Chatwoot under load: the client gives up, the server applies the request later anyway.
            QTimer::singleShot(fault->delayMs, this, [this, request]() { route(request); });
            reply.delivery = SandboxReply::Delivery::Drop;
            reply.delayMs = fault->delayMs;
            m_log.append(record);
            return reply;
        case SandboxFault::Kind::Garbage:
            reply.response.status = 200;
            reply.response.body = "<html>this is not JSON";
            break;
        }
    } else {
        reply.response = route(request);
    }
    record.status = reply.response.status;
    m_log.append(record);
    return reply;
}

SandboxResponse ChatwootSandbox::route(const SandboxRequest& request)
{
    const QStringList parts = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const bool get = request.method == "GET";
    if (get && request.path == QLatin1String("/health"))
        return jsonResponse(200, QJsonObject { { QStringLiteral("status"), QStringLiteral("woot") } });
    if (get && (request.path == QLatin1String("/api") || request.path == QLatin1String("/api/")))
        return jsonResponse(200,
            QJsonObject { { QStringLiteral("version"), QStringLiteral("4.13.1-sandbox (SIMULATED)") },
                { QStringLiteral("timestamp"),
                    Clock::nowUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) },
                { QStringLiteral("queue_services"), QStringLiteral("ok") },
                { QStringLiteral("data_services"), QStringLiteral("ok") } });
    if (parts.size() < 3 || parts.at(0) != QLatin1String("api"))
        return notFound();

    // Authentication: api_access_token (Rack maps Api-Access-Token to the same variable).
    QByteArray token;
    for (const auto& [name, value] : request.headers) {
        if (name.toLower().replace('-', '_') == "api_access_token")
            token = value;
    }
    if (token.isEmpty())
        return jsonResponse(401,
            QJsonObject { { QStringLiteral("errors"),
                QJsonArray { QStringLiteral("You need to sign in or sign up before continuing.") } } });
    if (QString::fromUtf8(token) != m_token)
        return errorResponse(401, QStringLiteral("Invalid Access Token"));

    if (get && parts.size() == 3 && parts.at(1) == QLatin1String("v1")
        && parts.at(2) == QLatin1String("profile"))
        return jsonResponse(200, m_store.profileJson(m_token));
    if (parts.size() >= 4 && parts.at(2) == QLatin1String("accounts")) {
        bool ok = false;
        const qint64 account = parts.at(3).toLongLong(&ok);
        if (!ok || account != m_store.accountId)
            return errorResponse(401, QStringLiteral("You are not authorized to access this account"));
        if (parts.at(1) == QLatin1String("v2")) {
            if (get && parts.size() == 6 && parts.at(4) == QLatin1String("reports")
                && parts.at(5) == QLatin1String("summary"))
                return reportSummary(request);
            return notFound();
        }
        if (parts.at(1) == QLatin1String("v1"))
            return routeAccount(request, parts.mid(4));
    }
    return notFound();
}

SandboxResponse ChatwootSandbox::routeAccount(const SandboxRequest& request, const QStringList& parts)
{
    const bool get = request.method == "GET";
    const bool post = request.method == "POST";
    if (parts.isEmpty())
        return get ? jsonResponse(200, m_store.accountJson()) : notFound();
    if (parts.at(0) == QLatin1String("conversations")) {
        if (parts.size() == 1 && get)
            return listConversations(request, false);
        if (parts.size() == 2 && get && parts.at(1) == QLatin1String("meta"))
            return listConversations(request, true);
        if (parts.size() < 2)
            return notFound();
        bool ok = false;
        const qint64 id = parts.at(1).toLongLong(&ok);
        const auto it = m_store.conversations.constFind(id);
        if (!ok || it == m_store.conversations.cend())
            return notFound();
        if (parts.size() == 2 && get)
            return jsonResponse(200, m_store.conversationJson(*it));
        if (parts.size() == 3 && parts.at(2) == QLatin1String("messages")) {
            if (get)
                return listMessages(id, request);
            if (post)
                return createMessage(id, request);
        }
        if (parts.size() == 3 && post && parts.at(2) == QLatin1String("toggle_status"))
            return toggleStatus(id, request);
        return notFound();
    }
    if (parts.at(0) == QLatin1String("webhooks"))
        return webhooks(request, parts);
    if (parts.at(0) == QLatin1String("portals") && get) {
        if (parts.size() == 1) {
            QJsonArray payload;
            for (const SandboxPortal& p : m_store.portals)
                payload.append(m_store.portalJson(p));
            return jsonResponse(200, QJsonObject { { QStringLiteral("payload"), payload } });
        }
        if (parts.size() == 3 && parts.at(2) == QLatin1String("articles"))
            return listArticles(parts.at(1), request);
    }
    return notFound();
}

} // namespace cx::sandbox
