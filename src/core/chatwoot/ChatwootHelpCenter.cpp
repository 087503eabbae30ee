// ChatwootClient: Help Center (portals, articles) and reports (split from ChatwootClient.cpp).
#include "ChatwootClient.h"

#include "chatwoot/CallbackDelivery.h"
#include "chatwoot/ChatwootJson.h"
#include "foundation/LogCategories.h"

#include <QJsonArray>

#include <memory>

namespace cx::chatwoot {

using detail::deliverTo;

void ChatwootClient::fetchPortals(QObject* context, Callback<QList<Portal>> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.path = accountPath(QStringLiteral("/portals"));
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<QList<Portal>> result = makeError(ErrorKind::Internal, QString());
        if (!reply.ok()) {
            result = reply.error();
        } else {
            const Result<QJsonObject> o = json::parseObject(reply->body);
            if (!o.ok()) {
                result = o.error();
            } else {
                QList<Portal> portals;
                for (const QJsonValue& v : o->value(QLatin1String("payload")).toArray())
                    portals.append(json::toPortal(v.toObject()));
                result = portals;
            }
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

namespace {
struct ArticleState {
    QList<Portal> portals;
    int portalIndex = 0;
    int page = 1;
    QList<HelpCenterArticle> articles;
    QSet<qint64> seen;
};

// Old versions nested the list as payload[...] inside another array level; accept both.
QJsonArray articleArray(const QJsonObject& root)
{
    QJsonArray payload = root.value(QLatin1String("payload")).toArray();
    if (payload.size() == 1 && payload.first().isArray())
        payload = payload.first().toArray();
    return payload;
}
} // namespace

void ChatwootClient::fetchPublishedArticles(QObject* context, Callback<QList<HelpCenterArticle>> done)
{
    QPointer<QObject> ctx(context);
    auto fail = [ctx, done](const Error& e) { deliverTo(ctx, [done, e]() { done(e); }); };
    fetchPortals(this, [this, ctx, done, fail](Result<QList<Portal>> portals) {
        if (!portals.ok())
            return fail(portals.error());
        auto state = std::make_shared<ArticleState>();
        state->portals = *portals;
        auto next = std::make_shared<std::function<void()>>();
        *next = [this, state, next, ctx, done, fail]() {
            if (state->portalIndex >= state->portals.size()) {
                const QList<HelpCenterArticle> value = state->articles;
                deliverTo(ctx, [done, value]() { done(value); });
                *next = nullptr;
                return;
            }
            const Portal& portal = state->portals.at(state->portalIndex);
            RequestSpec spec;
            spec.path = accountPath(QStringLiteral("/portals/%1/articles").arg(portal.slug));
            spec.query.addQueryItem(QStringLiteral("status"), QStringLiteral("published"));
            spec.query.addQueryItem(QStringLiteral("page"), QString::number(state->page));
            const QString slug = portal.slug;
            send(spec, [this, state, next, fail, slug](Result<HttpReply> reply) {
                if (!reply.ok()) {
                    fail(reply.error());
                    *next = nullptr;
                    return;
                }
                const Result<QJsonObject> o = json::parseObject(reply->body);
                if (!o.ok()) {
                    fail(o.error());
                    *next = nullptr;
                    return;
                }
                const QJsonArray items = articleArray(*o);
                int added = 0;
                for (const QJsonValue& v : items) {
                    const QJsonObject a = v.toObject();
                    // Older public controllers did not force the filter: check the status ourselves.
                    const QString status = a.value(QLatin1String("status")).toString();
                    if (!status.isEmpty() && status != QLatin1String("published"))
                        continue;
                    HelpCenterArticle article = json::toArticle(a, slug, m_config.baseUrl);
                    if (state->seen.contains(article.id))
                        continue;
                    state->seen.insert(article.id);
                    state->articles.append(article);
                    ++added;
                }
                if (items.isEmpty() || state->page >= 1000) {
                    ++state->portalIndex;
                    state->page = 1;
                } else {
                    ++state->page;
                }
                qCDebug(lcChatwoot) << "help center portal" << slug << "added" << added << "articles";
                (*next)();
            });
        };
        (*next)();
    });
}

void ChatwootClient::fetchReportSummary(
    const QDateTime& since, const QDateTime& until, QObject* context, Callback<ReportSummary> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.path = QStringLiteral("/api/v2/accounts/%1/reports/summary").arg(m_config.accountId);
    spec.query.addQueryItem(QStringLiteral("type"), QStringLiteral("account"));
    spec.query.addQueryItem(QStringLiteral("since"), QString::number(since.toSecsSinceEpoch()));
    spec.query.addQueryItem(QStringLiteral("until"), QString::number(until.toSecsSinceEpoch()));
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<ReportSummary> result = makeError(ErrorKind::Internal, QString());
        if (!reply.ok()) {
            result = reply.error();
        } else {
            const Result<QJsonObject> o = json::parseObject(reply->body);
            result = o.ok() ? Result<ReportSummary>(json::toReportSummary(*o))
                            : Result<ReportSummary>(o.error());
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

} // namespace cx::chatwoot
