// ChatwootClient: account webhooks (split from ChatwootClient.cpp). Chatwoot answers with its jbuilder views:
// {"payload": {"webhooks": [...]}} and {"payload": {"webhook": {...}}}; the swagger shows the bare objects,
// so both shapes are read.
#include "ChatwootClient.h"

#include "chatwoot/CallbackDelivery.h"
#include "chatwoot/ChatwootJson.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace cx::chatwoot {

using detail::deliverTo;

namespace {
AccountWebhook toWebhook(const QJsonObject& o)
{
    AccountWebhook w;
    w.id = json::toInt64(o.value(QLatin1String("id")));
    w.url = o.value(QLatin1String("url")).toString();
    w.name = o.value(QLatin1String("name")).toString();
    for (const QJsonValue& s : o.value(QLatin1String("subscriptions")).toArray())
        w.subscriptions.append(s.toString());
    w.secret = o.value(QLatin1String("secret")).toString();
    return w;
}
} // namespace

void ChatwootClient::listWebhooks(QObject* context, Callback<QList<AccountWebhook>> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.path = accountPath(QStringLiteral("/webhooks"));
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<QList<AccountWebhook>> result = QList<AccountWebhook> {};
        if (!reply) {
            result = reply.error();
        } else {
            const QJsonDocument doc = QJsonDocument::fromJson(reply->body);
            QJsonArray list = doc.isArray() ? doc.array()
                                            : doc.object()
                                                  .value(QLatin1String("payload"))
                                                  .toObject()
                                                  .value(QLatin1String("webhooks"))
                                                  .toArray();
            if (!doc.isArray() && !doc.isObject())
                result = makeError(ErrorKind::Malformed, QStringLiteral("the webhooks list is not JSON"));
            else {
                QList<AccountWebhook> hooks;
                for (const QJsonValue& v : list)
                    hooks.append(toWebhook(v.toObject()));
                result = hooks;
            }
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

void ChatwootClient::createWebhook(const QString& url, const QStringList& subscriptions, const QString& name,
    QObject* context, Callback<AccountWebhook> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.method = Method::Post;
    spec.path = accountPath(QStringLiteral("/webhooks"));
    QJsonObject body { { QStringLiteral("url"), url },
        { QStringLiteral("subscriptions"), QJsonArray::fromStringList(subscriptions) } };
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    spec.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<AccountWebhook> result = AccountWebhook {};
        if (!reply) {
            result = reply.error();
        } else {
            const Result<QJsonObject> o = json::parseObject(reply->body);
            if (!o) {
                result = o.error();
            } else {
                const QJsonObject wrapped = o->value(QLatin1String("payload"))
                                                .toObject()
                                                .value(QLatin1String("webhook"))
                                                .toObject();
                result = toWebhook(wrapped.isEmpty() ? *o : wrapped);
            }
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

void ChatwootClient::deleteWebhook(qint64 webhookId, QObject* context, Callback<bool> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.method = Method::Delete;
    spec.path = accountPath(QStringLiteral("/webhooks/%1").arg(webhookId));
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<bool> result = true;
        if (!reply)
            result = reply.error();
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

} // namespace cx::chatwoot
