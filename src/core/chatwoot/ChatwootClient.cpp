#include "ChatwootClient.h"

#include "chatwoot/CallbackDelivery.h"
#include "chatwoot/ChatwootJson.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslError>
#include <QTimer>

#include <map>
#include <memory>

namespace cx::chatwoot {

using detail::deliverTo;

bool isOutcomeUnknown(const Error& error)
{
    return error.field == kOutcomeUnknownField;
}

namespace {
// An upload that can be read once and never rewound (see attempt()).
class OneShotUpload final : public QIODevice {
public:
    explicit OneShotUpload(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }
    qint64 size() const override { return m_data.size(); }

protected:
    qint64 readData(char* out, qint64 max) override
    {
        const qint64 n = qMin(max, m_data.size() - m_pos);
        if (n <= 0)
            return m_pos >= m_data.size() ? -1 : 0;
        memcpy(out, m_data.constData() + m_pos, static_cast<size_t>(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

// Transport failures where the request surely never reached the server.
bool surelyNotSent(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError
        || e == QNetworkReply::ProxyConnectionRefusedError || e == QNetworkReply::ProxyNotFoundError;
}

Error httpError(int status, const QByteArray& body)
{
    const QString detail = json::errorMessageFromBody(body);
    ErrorKind kind = ErrorKind::Invalid;
    QString message;
    if (status == 401 || status == 403) {
        kind = ErrorKind::Unauthorized;
        message
            = QCoreApplication::translate("Chatwoot", "Chatwoot refused the API token or this account: %1")
                  .arg(detail);
    } else if (status == 404) {
        kind = ErrorKind::NotFound;
        message = QCoreApplication::translate("Chatwoot", "Not found in Chatwoot: %1").arg(detail);
    } else if (status == 429) {
        kind = ErrorKind::RateLimited;
        message
            = QCoreApplication::translate("Chatwoot", "Chatwoot is rate limiting requests: %1").arg(detail);
    } else if (status >= 500) {
        kind = ErrorKind::Server;
        message = QCoreApplication::translate("Chatwoot", "Chatwoot server error: %1").arg(detail);
    } else {
        message = QCoreApplication::translate("Chatwoot", "Chatwoot rejected the request: %1").arg(detail);
    }
    return makeError(kind, message, QString(), status);
}
} // namespace

ChatwootClient::ChatwootClient(ChatwootConfig config, QNetworkAccessManager* network, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_network(network)
{
}

ChatwootClient::~ChatwootClient() = default;

QUrl ChatwootClient::urlFor(const QString& path, const QUrlQuery& query) const
{
    QUrl url = m_config.baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path);
    url.setQuery(query);
    return url;
}

QString ChatwootClient::accountPath(const QString& rest) const
{
    return QStringLiteral("/api/v1/accounts/%1").arg(m_config.accountId) + rest;
}

void ChatwootClient::send(const RequestSpec& spec, HttpCallback done)
{
    attempt(spec, 1, std::move(done));
}

void ChatwootClient::attempt(const RequestSpec& spec, int attemptNo, HttpCallback done)
{
    if (!m_network) { // asynchronous like every other outcome
        QTimer::singleShot(0, this, [done]() {
            done(makeError(
                ErrorKind::Internal, QCoreApplication::translate("Chatwoot", "No network access manager.")));
        });
        return;
    }
    QNetworkRequest request(urlFor(spec.path, spec.query));
    request.setTransferTimeout(m_transferTimeoutMs);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (spec.auth == Auth::Token)
        request.setRawHeader("api_access_token", m_config.apiToken.toUtf8());
    const bool isPost = spec.method == Method::Post;
    QNetworkReply* reply = nullptr;
    if (isPost) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setHeader(QNetworkRequest::ContentLengthHeader, spec.body.size());
        // Qt re-sends a request by itself when the connection closes before an answer — even a POST, which
        // could create the message twice. A one-shot upload device makes that impossible: Qt reports the
        // failure instead, and we report "outcome unknown".
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        auto* upload = new OneShotUpload(spec.body);
        reply = m_network->post(request, upload);
        upload->setParent(reply);
    } else if (spec.method == Method::Delete) {
        reply = m_network->deleteResource(request);
    } else {
        reply = m_network->get(request);
    }
    ++m_requestCount;
    qCDebug(lcChatwoot) << (isPost ? "POST" : spec.method == Method::Delete ? "DELETE" : "GET") << spec.path
                        << "attempt" << attemptNo;

    auto sslErrors = std::make_shared<QStringList>();
    connect(reply, &QNetworkReply::sslErrors, this, [sslErrors](const QList<QSslError>& errors) {
        for (const QSslError& e : errors)
            sslErrors->append(e.errorString()); // reported, never ignored
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, spec, attemptNo, done, sslErrors, isPost]() {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QNetworkReply::NetworkError netError = reply->error();
        const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
        const bool gotHttpAnswer = status > 0
            && (netError == QNetworkReply::NoError || netError >= QNetworkReply::ContentAccessDenied);

        Result<HttpReply> result = makeError(ErrorKind::Internal, QString());
        bool retryable = false;
        std::optional<qint64> retryAfter;
        if (gotHttpAnswer && status >= 200 && status < 300) {
            result
                = HttpReply { status, body, reply->header(QNetworkRequest::ContentTypeHeader).toByteArray() };
        } else if (gotHttpAnswer) {
            Error e = httpError(status, body);
            if (status == 429) {
                retryable = true; // Rack::Attack refuses before the app runs: safe even for a POST
                retryAfter = parseRetryAfterMs(reply->rawHeader("Retry-After"), Clock::nowUtc());
            } else if (status >= 500) {
                if (isPost) {
                    e.field = kOutcomeUnknownField; // a proxy may have answered after the app applied it
                    e.message += QCoreApplication::translate(
                        "Chatwoot", " (the message may or may not have been created; not retried)");
                } else {
                    retryable = true;
                }
            }
            result = e;
        } else {
            Error e;
            if (!sslErrors->isEmpty() || netError == QNetworkReply::SslHandshakeFailedError) {
                e = makeError(ErrorKind::Tls,
                    QCoreApplication::translate("Chatwoot", "TLS failure talking to Chatwoot: %1")
                        .arg(sslErrors->isEmpty() ? reply->errorString()
                                                  : sslErrors->join(QStringLiteral("; "))));
            } else if (netError == QNetworkReply::TimeoutError
                || netError == QNetworkReply::OperationCanceledError) {
                // setTransferTimeout aborts the reply; we never abort one ourselves.
                e = makeError(ErrorKind::Timeout,
                    QCoreApplication::translate("Chatwoot", "Chatwoot did not answer within %1 ms")
                        .arg(m_transferTimeoutMs),
                    QString(), status);
                retryable = !isPost;
            } else {
                e = makeError(ErrorKind::Network,
                    QCoreApplication::translate("Chatwoot", "Network error talking to Chatwoot: %1")
                        .arg(reply->errorString()),
                    QString(), status);
                retryable = !isPost || surelyNotSent(netError);
            }
            if (isPost && e.kind != ErrorKind::Tls && !surelyNotSent(netError)) {
                e.field = kOutcomeUnknownField;
                e.message += QCoreApplication::translate(
                    "Chatwoot", " (the message may or may not have been created; not retried)");
            }
            result = e;
        }

        const int maxAttempts = spec.maxAttempts > 0 ? spec.maxAttempts : m_retry.maxAttempts;
        const std::optional<int> delay = !result.ok() && retryable && attemptNo < maxAttempts
            ? m_retry.delayMs(attemptNo, retryAfter, QRandomGenerator::global()->generateDouble())
            : std::nullopt;
        if (delay) {
            qCInfo(lcChatwoot) << "retrying" << spec.path << "after" << *delay
                               << "ms:" << result.error().toString();
            QTimer::singleShot(
                *delay, this, [this, spec, attemptNo, done]() { attempt(spec, attemptNo + 1, done); });
            return;
        }
        if (!result.ok())
            qCInfo(lcChatwoot) << (isPost ? "POST" : "GET") << spec.path
                               << "failed:" << result.error().toString();
        done(std::move(result));
    });
}

QUrlQuery ChatwootClient::conversationQuery(const ConversationQuery& q) const
{
    QUrlQuery query;
    if (!q.status.isEmpty())
        query.addQueryItem(QStringLiteral("status"), q.status);
    if (!q.assigneeType.isEmpty())
        query.addQueryItem(QStringLiteral("assignee_type"), q.assigneeType);
    if (q.inboxId > 0)
        query.addQueryItem(QStringLiteral("inbox_id"), QString::number(q.inboxId));
    for (const QString& label : q.labels)
        query.addQueryItem(QStringLiteral("labels[]"), label);
    if (!q.sortBy.isEmpty())
        query.addQueryItem(QStringLiteral("sort_by"), q.sortBy);
    if (q.updatedWithinSecs > 0)
        query.addQueryItem(QStringLiteral("updated_within"), QString::number(q.updatedWithinSecs));
    return query;
}

void ChatwootClient::fetchConversationPage(
    const ConversationQuery& q, int page, QObject* context, Callback<ConversationList> done)
{
    RequestSpec spec;
    spec.path = accountPath(QStringLiteral("/conversations"));
    spec.query = conversationQuery(q);
    if (q.updatedWithinSecs <= 0)
        spec.query.addQueryItem(QStringLiteral("page"), QString::number(page));
    QPointer<QObject> ctx(context);
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<ConversationList> result = makeError(ErrorKind::Internal, QString());
        if (!reply.ok()) {
            result = reply.error();
        } else {
            const Result<QJsonObject> root = json::parseObject(reply->body);
            result = root.ok() ? json::toConversationList(*root) : Result<ConversationList>(root.error());
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

// fetchConversations and streamConversations: ChatwootClientPaging.cpp.

void ChatwootClient::fetchMessagePage(qint64 conversationId, const QUrlQuery& query, HttpCallback done)
{
    RequestSpec spec;
    spec.path = accountPath(QStringLiteral("/conversations/%1/messages").arg(conversationId));
    spec.query = query;
    send(spec, std::move(done));
}

namespace {
Result<QList<Message>> messagesFrom(const Result<ChatwootClient::HttpReply>& reply)
{
    if (!reply.ok())
        return reply.error();
    const Result<QJsonObject> root = json::parseObject(reply->body);
    if (!root.ok())
        return root.error();
    return json::toMessageList(*root);
}
} // namespace

void ChatwootClient::fetchLatestMessages(
    qint64 conversationId, QObject* context, Callback<QList<Message>> done)
{
    QPointer<QObject> ctx(context);
    fetchMessagePage(conversationId, QUrlQuery(), [ctx, done](Result<HttpReply> reply) {
        const Result<QList<Message>> result = messagesFrom(reply);
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

void ChatwootClient::collectOlder(
    qint64 conversationId, std::shared_ptr<QList<Message>> acc, std::function<void(Status)> done)
{
    if (acc->isEmpty()) {
        done(Ok {});
        return;
    }
    const qint64 before = acc->first().id;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("before"), QString::number(before));
    fetchMessagePage(
        conversationId, query, [this, conversationId, acc, done, before](Result<HttpReply> reply) {
            const Result<QList<Message>> page = messagesFrom(reply);
            if (!page.ok()) {
                done(page.error());
                return;
            }
            QList<Message> older;
            for (const Message& m : *page) {
                if (m.id < before) // guard against a server that ignores before=
                    older.append(m);
            }
            if (older.isEmpty()) { // reached the start
                done(Ok {});
                return;
            }
            *acc = older + *acc;
            collectOlder(conversationId, acc, done);
        });
}

void ChatwootClient::collectNewer(qint64 conversationId, qint64 afterId, std::shared_ptr<QList<Message>> acc,
    std::function<void(Status)> done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(afterId));
    fetchMessagePage(
        conversationId, query, [this, conversationId, acc, done, afterId](Result<HttpReply> reply) {
            const Result<QList<Message>> page = messagesFrom(reply);
            if (!page.ok()) {
                done(page.error());
                return;
            }
            qint64 last = afterId;
            for (const Message& m : *page) {
                if (m.id > last) { // ascending; guard against a server that ignores after=
                    acc->append(m);
                    last = m.id;
                }
            }
            if (last == afterId) {
                done(Ok {});
                return;
            }
            collectNewer(conversationId, last, acc, done);
        });
}

void ChatwootClient::fetchConversation(
    qint64 conversationId, QObject* context, Callback<ConversationHistory> done)
{
    QPointer<QObject> ctx(context);
    auto fail = [ctx, done](const Error& e) { deliverTo(ctx, [done, e]() { done(e); }); };
    RequestSpec spec;
    spec.path = accountPath(QStringLiteral("/conversations/%1").arg(conversationId));
    send(spec, [this, conversationId, ctx, done, fail](Result<HttpReply> reply) {
        if (!reply.ok())
            return fail(reply.error());
        const Result<QJsonObject> root = json::parseObject(reply->body);
        if (!root.ok())
            return fail(root.error());
        auto history = std::make_shared<ConversationHistory>();
        history->conversation = json::toConversation(*root);
        fetchMessagePage(conversationId, QUrlQuery(),
            [this, conversationId, ctx, done, fail, history](Result<HttpReply> latest) {
                const Result<QList<Message>> page = messagesFrom(latest);
                if (!page.ok())
                    return fail(page.error());
                auto acc = std::make_shared<QList<Message>>(*page);
                collectOlder(conversationId, acc, [ctx, done, fail, history, acc](Status s) {
                    if (!s.ok())
                        return fail(s.error());
                    history->messages = *acc;
                    const ConversationHistory value = *history;
                    deliverTo(ctx, [done, value]() { done(value); });
                });
            });
    });
}

void ChatwootClient::fetchMessagesAfter(
    qint64 conversationId, qint64 afterMessageId, QObject* context, Callback<QList<Message>> done)
{
    QPointer<QObject> ctx(context);
    auto acc = std::make_shared<QList<Message>>();
    collectNewer(conversationId, afterMessageId, acc, [ctx, done, acc](Status s) {
        const Result<QList<Message>> result
            = s.ok() ? Result<QList<Message>>(*acc) : Result<QList<Message>>(s.error());
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

void ChatwootClient::postMessage(qint64 conversationId, const QString& content, bool isPrivate,
    const QString& echoId, QObject* context, Callback<Message> done)
{
    QPointer<QObject> ctx(context);
    QJsonObject payload { { QStringLiteral("content"), content },
        { QStringLiteral("message_type"), QStringLiteral("outgoing") },
        { QStringLiteral("private"), isPrivate },
        { QStringLiteral("content_type"), QStringLiteral("text") } };
    if (!echoId.isEmpty())
        payload.insert(QStringLiteral("echo_id"), echoId);
    RequestSpec spec;
    spec.method = Method::Post;
    spec.path = accountPath(QStringLiteral("/conversations/%1/messages").arg(conversationId));
    spec.body = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<Message> result = makeError(ErrorKind::Internal, QString());
        if (!reply.ok()) {
            result = reply.error();
        } else {
            const Result<QJsonObject> root = json::parseObject(reply->body);
            if (root.ok()) {
                result = json::toMessage(*root);
            } else {
                Error e = root.error(); // it answered 2xx: it was created, but we cannot read it
                e.field = kOutcomeUnknownField;
                result = e;
            }
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

void ChatwootClient::postPrivateNote(qint64 conversationId, const QString& content, QObject* context,
    Callback<Message> done, const QString& echoId)
{
    postMessage(conversationId, content, true, echoId, context, std::move(done));
}

void ChatwootClient::sendPublicReply(qint64 conversationId, const QString& content, QObject* context,
    Callback<Message> done, const QString& echoId)
{
    qCInfo(lcChatwoot) << "sending an approved public reply to conversation" << conversationId;
    postMessage(conversationId, content, false, echoId, context, std::move(done));
}

void ChatwootClient::findRecentOutgoing(qint64 conversationId, const QString& content,
    const RecentSince& since, QObject* context, Callback<std::optional<Message>> done, bool isPrivate)
{
    QPointer<QObject> ctx(context);
    const QString wanted = content.trimmed();
    auto match = [wanted, since, isPrivate](const QList<Message>& messages) -> std::optional<Message> {
        for (auto it = messages.crbegin(); it != messages.crend(); ++it) {
            const Message& m = *it;
            if (m.messageType != MessageType::Outgoing || m.isPrivate != isPrivate)
                continue;
            if (since.afterMessageId > 0 && m.id <= since.afterMessageId)
                continue;
            if (since.since.isValid() && m.createdAt.isValid() && m.createdAt < since.since)
                continue;
            if (m.content.trimmed() == wanted)
                return m;
        }
        return std::nullopt;
    };
    auto reply = [ctx, done, match](const Result<QList<Message>>& messages) {
        const Result<std::optional<Message>> result = messages.ok()
            ? Result<std::optional<Message>>(match(*messages))
            : Result<std::optional<Message>>(messages.error());
        deliverTo(ctx, [done, result]() { done(result); });
    };
    if (since.afterMessageId > 0) {
        fetchMessagesAfter(conversationId, since.afterMessageId, this, reply);
        return;
    }
    // The latest page, and older pages while they are still within `since` (bounded).
    auto acc = std::make_shared<QList<Message>>();
    auto step = std::make_shared<std::function<void(QUrlQuery, int)>>();
    *step = [this, conversationId, acc, since, reply, step](QUrlQuery query, int pagesLeft) {
        fetchMessagePage(conversationId, query, [acc, since, reply, step, pagesLeft](Result<HttpReply> r) {
            const Result<QList<Message>> page = messagesFrom(r);
            if (!page.ok()) {
                reply(page.error());
                *step = nullptr;
                return;
            }
            *acc = *page + *acc;
            const bool more = !page->isEmpty() && since.since.isValid() && page->first().createdAt.isValid()
                && page->first().createdAt >= since.since && pagesLeft > 1;
            if (!more) {
                reply(*acc);
                *step = nullptr;
                return;
            }
            QUrlQuery older;
            older.addQueryItem(QStringLiteral("before"), QString::number(page->first().id));
            (*step)(older, pagesLeft - 1);
        });
    };
    (*step)(QUrlQuery(), 5);
}

} // namespace cx::chatwoot
