// ChatwootSandbox: the endpoint handlers (split from ChatwootSandbox.cpp to keep files small).
#include "ChatwootSandbox.h"

#include "chatwoot/SandboxWebhookSender.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QUuid>

#include <algorithm>

namespace cx::sandbox {

namespace {
SandboxResponse json(int status, const QJsonObject& body)
{
    SandboxResponse r;
    r.status = status;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}
SandboxResponse error(int status, const QString& message)
{
    return json(status, QJsonObject { { QStringLiteral("error"), message } });
}
qint64 queryInt(const QUrlQuery& q, const QString& key, qint64 fallback = 0)
{
    bool ok = false;
    const qint64 v = q.queryItemValue(key).toLongLong(&ok);
    return ok ? v : fallback;
}
} // namespace

SandboxResponse ChatwootSandbox::listConversations(const SandboxRequest& request, bool metaOnly)
{
    const QUrlQuery& q = request.query;
    const QString status = q.hasQueryItem(QStringLiteral("status"))
        ? q.queryItemValue(QStringLiteral("status"))
        : QStringLiteral("open");
    const QString assigneeType = q.hasQueryItem(QStringLiteral("assignee_type"))
        ? q.queryItemValue(QStringLiteral("assignee_type"))
        : QStringLiteral("all");
    const qint64 inboxId = queryInt(q, QStringLiteral("inbox_id"));
    QStringList labels = q.allQueryItemValues(QStringLiteral("labels[]"), QUrl::FullyDecoded);
    labels += q.allQueryItemValues(QStringLiteral("labels"), QUrl::FullyDecoded);
    const qint64 updatedWithin = queryInt(q, QStringLiteral("updated_within"));
    const qint64 nowSecs = now();
    const QString sortBy = q.queryItemValue(QStringLiteral("sort_by"));
    const bool byCreated = sortBy.startsWith(QLatin1String("created_at"));
    const bool ascending = sortBy.endsWith(QLatin1String("_asc"));
    const qint64 page = qMax<qint64>(1, queryInt(q, QStringLiteral("page"), 1));

    // Filtered by status and assignee only (what clients page through): the store's order-statistic indexes
    // give the page and the tab counts without looking at the other conversations.
    if (inboxId <= 0 && labels.isEmpty() && updatedWithin <= 0) {
        const SandboxStore::Page found = m_store.indexedPage(status, assigneeType, byCreated, ascending,
            metaOnly ? 0 : (page - 1) * m_conversationPageSize, metaOnly ? 0 : m_conversationPageSize);
        const QJsonObject meta { { QStringLiteral("mine_count"), found.mine },
            { QStringLiteral("assigned_count"), found.assigned },
            { QStringLiteral("unassigned_count"), found.unassigned },
            { QStringLiteral("all_count"), found.all } };
        if (metaOnly)
            return json(200,
                QJsonObject { { QStringLiteral("data"), QJsonObject { { QStringLiteral("meta"), meta } } } });
        QJsonArray payload;
        for (const SandboxConversation* c : found.rows)
            payload.append(m_store.conversationJson(*c));
        return json(200,
            QJsonObject { { QStringLiteral("data"),
                QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("payload"), payload } } } });
    }

    // Pointers, not copies: a listing of 12,000 conversations is read page by page, one request each.
    QList<const SandboxConversation*> filtered;
    for (const SandboxConversation& c : std::as_const(m_store.conversations)) {
        if (status != QLatin1String("all") && c.status != status)
            continue;
        if (inboxId > 0 && c.inboxId != inboxId)
            continue;
        if (!labels.isEmpty() && std::none_of(labels.cbegin(), labels.cend(), [&](const QString& l) {
                return c.labels.contains(l);
            }))
            continue;
        // ConversationFinder: where('conversations.updated_at > ?', now - updated_within) — updated_at, which
        // a status change, a label or any message (activity and private notes too) moves; not
        // last_activity_at.
        if (updatedWithin > 0 && c.updatedAtMs <= (nowSecs - updatedWithin) * 1000)
            continue;
        filtered.append(&c);
    }
    // Counts are taken before the assignee filter: they are the tab totals.
    int mine = 0, assigned = 0, unassigned = 0;
    for (const SandboxConversation* c : filtered) {
        mine += c->assigneeId == m_store.agent.id ? 1 : 0;
        assigned += c->assigneeId != 0 ? 1 : 0;
        unassigned += c->assigneeId == 0 ? 1 : 0;
    }
    const QJsonObject meta { { QStringLiteral("mine_count"), mine },
        { QStringLiteral("assigned_count"), assigned }, { QStringLiteral("unassigned_count"), unassigned },
        { QStringLiteral("all_count"), static_cast<int>(filtered.size()) } };
    if (metaOnly)
        return json(200,
            QJsonObject { { QStringLiteral("data"), QJsonObject { { QStringLiteral("meta"), meta } } } });

    QList<const SandboxConversation*> rows;
    for (const SandboxConversation* c : filtered) {
        if ((assigneeType == QLatin1String("me") && c->assigneeId != m_store.agent.id)
            || (assigneeType == QLatin1String("assigned") && c->assigneeId == 0)
            || (assigneeType == QLatin1String("unassigned") && c->assigneeId != 0))
            continue;
        rows.append(c);
    }
    std::stable_sort(
        rows.begin(), rows.end(), [&](const SandboxConversation* a, const SandboxConversation* b) {
            const qint64 ka = byCreated ? a->createdAt : a->lastActivityAt;
            const qint64 kb = byCreated ? b->createdAt : b->lastActivityAt;
            if (ka != kb)
                return ascending ? ka < kb : ka > kb;
            return ascending ? a->id < b->id : a->id > b->id;
        });
    QJsonArray payload;
    if (updatedWithin > 0) { // that window, unpaginated
        for (const SandboxConversation* c : rows)
            payload.append(m_store.conversationJson(*c));
    } else {
        const qsizetype start = (page - 1) * m_conversationPageSize;
        for (qsizetype i = start; i < rows.size() && i < start + m_conversationPageSize; ++i)
            payload.append(m_store.conversationJson(*rows.at(i)));
    }
    return json(200,
        QJsonObject { { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("payload"), payload } } } });
}

SandboxResponse ChatwootSandbox::listMessages(qint64 conversationId, const SandboxRequest& request)
{
    const qint64 before = queryInt(request.query, QStringLiteral("before"));
    const qint64 after = queryInt(request.query, QStringLiteral("after"));
    const bool dropInternal
        = request.query.queryItemValue(QStringLiteral("filter_internal_messages")) == QLatin1String("true");
    QList<SandboxMessage> all;
    for (const SandboxMessage& m : m_store.messagesOf(conversationId)) {
        if (dropInternal && (m.isPrivate || m.messageType == 2))
            continue;
        all.append(m);
    }
    QList<SandboxMessage> page;
    if (before > 0 && after > 0) { // after <= id < before, up to 1000
        for (const SandboxMessage& m : all) {
            if (m.id >= after && m.id < before)
                page.append(m);
        }
        page = page.mid(qMax<qsizetype>(0, page.size() - 1000));
    } else if (after > 0) { // up to 100 newer, oldest first
        for (const SandboxMessage& m : all) {
            if (m.id > after && page.size() < kMessagesAfterLimit)
                page.append(m);
        }
    } else {
        QList<SandboxMessage> older;
        for (const SandboxMessage& m : all) {
            if (before <= 0 || m.id < before)
                older.append(m);
        }
        page = older.mid(qMax<qsizetype>(0, older.size() - kMessagesPerPage));
    }
    QJsonArray payload;
    for (const SandboxMessage& m : page)
        payload.append(m_store.messageJson(m));
    const SandboxConversation c = m_store.conversations.value(conversationId);
    QJsonObject meta { { QStringLiteral("labels"), QJsonArray::fromStringList(c.labels) },
        { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("contact"), m_store.contactJson(c.contactId) },
        // messages/index.json.jbuilder renders the raw datetimes: ISO 8601, or null when never seen.
        { QStringLiteral("agent_last_seen_at"), QJsonValue::Null },
        { QStringLiteral("assignee_last_seen_at"), QJsonValue::Null } };
    return json(
        200, QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("payload"), payload } });
}

SandboxResponse ChatwootSandbox::createMessage(qint64 conversationId, const SandboxRequest& request)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, QStringLiteral("Invalid JSON in the request body"));
    const QJsonObject body = doc.object();
    const QString content = body.value(QLatin1String("content")).toString();
    // validates :content, length: { maximum: 150_000 } counts characters (code points), and the messages
    // controller turns the builder's ActiveRecord::RecordInvalid into render_could_not_create_error: 422
    // {"error": "Validation failed: ..."}.
    if (content.toUcs4().size() > 150000)
        return error(
            422, QStringLiteral("Validation failed: Content is too long (maximum is 150000 characters)"));
    const QString type = body.value(QLatin1String("message_type")).toString(QStringLiteral("outgoing"));
    const SandboxConversation c = m_store.conversations.value(conversationId);
    int messageType = 1;
    if (type == QLatin1String("incoming")) {
        if (m_store.inboxes.value(c.inboxId).channelType != QLatin1String("Channel::Api"))
            return error(422, QStringLiteral("Incoming messages are only allowed in Api inboxes"));
        messageType = 0;
    } else if (type == QLatin1String("template")) {
        messageType = 3;
    } else if (type != QLatin1String("outgoing")) {
        return error(422, QStringLiteral("'%1' is not a valid message_type").arg(type));
    }
    SandboxMessage m;
    m.conversationId = conversationId;
    m.content = content;
    m.messageType = messageType;
    m.isPrivate = body.value(QLatin1String("private")).toBool(false);
    m.contentType = body.value(QLatin1String("content_type")).toString(QStringLiteral("text"));
    m.contentAttributes = body.value(QLatin1String("content_attributes")).toObject();
    m.createdAt = now();
    m.senderType = messageType == 0 ? QStringLiteral("contact") : QStringLiteral("user");
    m.senderId = messageType == 0 ? c.contactId : m_store.agent.id;
    const SandboxMessage stored = m_store.appendMessage(m);
    touch(conversationId);
    Q_EMIT messageCreated(conversationId, stored.id);
    // Chatwoot sends message_created for every webhook-sendable message: incoming, outgoing and template,
    // private notes included (Message#webhook_sendable?) — so the service sees its own notes come back.
    deliver(m_store.webhookMessageJson(stored));
    QJsonObject reply = m_store.messageJson(stored);
    if (body.contains(QLatin1String("echo_id"))) // echoed, never stored
        reply.insert(QStringLiteral("echo_id"), body.value(QLatin1String("echo_id")));
    return json(200, reply);
}

SandboxResponse ChatwootSandbox::toggleStatus(qint64 conversationId, const SandboxRequest& request)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    auto it = m_store.conversations.find(conversationId);
    QString status = body.value(QLatin1String("status")).toString();
    if (status.isEmpty())
        status = it->status == QLatin1String("open") ? QStringLiteral("resolved") : QStringLiteral("open");
    static const QStringList valid { QStringLiteral("open"), QStringLiteral("resolved"),
        QStringLiteral("pending"), QStringLiteral("snoozed") };
    if (!valid.contains(status))
        return error(422, QStringLiteral("'%1' is not a valid status").arg(status));
    setConversationStatus(conversationId, status, true);
    return json(200,
        QJsonObject { { QStringLiteral("meta"), QJsonObject() },
            { QStringLiteral("payload"),
                QJsonObject { { QStringLiteral("success"), true },
                    { QStringLiteral("conversation_id"), conversationId },
                    { QStringLiteral("current_status"), status },
                    { QStringLiteral("snoozed_until"), QJsonValue::Null } } } });
}

SandboxResponse ChatwootSandbox::listArticles(const QString& portalSlug, const SandboxRequest& request)
{
    if (std::none_of(m_store.portals.cbegin(), m_store.portals.cend(),
            [&](const SandboxPortal& p) { return p.slug == portalSlug; }))
        return error(404, QStringLiteral("Resource could not be found"));
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    const QString locale = request.query.queryItemValue(QStringLiteral("locale"));
    QList<SandboxArticle> rows;
    int all = 0, published = 0, drafts = 0, archived = 0;
    for (const SandboxArticle& a : m_store.articles) {
        if (a.portalSlug != portalSlug)
            continue;
        ++all;
        published += a.status == QLatin1String("published") ? 1 : 0;
        drafts += a.status == QLatin1String("draft") ? 1 : 0;
        archived += a.status == QLatin1String("archived") ? 1 : 0;
        if ((!status.isEmpty() && a.status != status) || (!locale.isEmpty() && a.locale != locale))
            continue;
        rows.append(a);
    }
    std::stable_sort(rows.begin(), rows.end(),
        [](const SandboxArticle& a, const SandboxArticle& b) { return a.updatedAt > b.updatedAt; });
    const qint64 page = qMax<qint64>(1, queryInt(request.query, QStringLiteral("page"), 1));
    QJsonArray payload;
    for (qsizetype i = (page - 1) * kArticlesPerPage; i < rows.size() && i < page * kArticlesPerPage; ++i)
        payload.append(m_store.articleJson(rows.at(i)));
    const QJsonObject meta { { QStringLiteral("articles_count"), static_cast<int>(rows.size()) },
        { QStringLiteral("all_articles_count"), all }, { QStringLiteral("published_count"), published },
        { QStringLiteral("draft_articles_count"), drafts },
        { QStringLiteral("archived_articles_count"), archived },
        { QStringLiteral("mine_articles_count"), all },
        { QStringLiteral("current_page"), QString::number(page) } };
    return json(
        200, QJsonObject { { QStringLiteral("payload"), payload }, { QStringLiteral("meta"), meta } });
}

// Account webhooks, as Chatwoot's jbuilder views answer: {"payload": {"webhooks": [...]}} /
// {"payload": {"webhook": {...}}}, each with its secret (Chatwoot >= 4.11.2). A registered webhook also
// becomes where the sandbox sends its deliveries (the newest registration wins).
SandboxResponse ChatwootSandbox::webhooks(const SandboxRequest& request, const QStringList& parts)
{
    static const QStringList allowed { QStringLiteral("conversation_created"),
        QStringLiteral("conversation_status_changed"), QStringLiteral("conversation_updated"),
        QStringLiteral("contact_created"), QStringLiteral("contact_updated"),
        QStringLiteral("message_created"), QStringLiteral("message_updated"),
        QStringLiteral("webwidget_triggered"), QStringLiteral("inbox_created"),
        QStringLiteral("inbox_updated"), QStringLiteral("conversation_typing_on"),
        QStringLiteral("conversation_typing_off") };
    auto toJson = [this](const SandboxWebhook& w) {
        return QJsonObject { { QStringLiteral("id"), w.id }, { QStringLiteral("url"), w.url },
            { QStringLiteral("name"), w.name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(w.name) },
            { QStringLiteral("account_id"), m_store.accountId },
            { QStringLiteral("subscriptions"), QJsonArray::fromStringList(w.subscriptions) },
            { QStringLiteral("secret"), w.secret } };
    };
    if (parts.size() == 1 && request.method == "GET") {
        QJsonArray list;
        for (const SandboxWebhook& w : std::as_const(m_store.webhooks))
            list.append(toJson(w));
        return json(200,
            QJsonObject {
                { QStringLiteral("payload"), QJsonObject { { QStringLiteral("webhooks"), list } } } });
    }
    if (parts.size() == 1 && request.method == "POST") {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return error(400, QStringLiteral("Invalid JSON in the request body"));
        // Accepted flat or wrapped in "webhook", as Rails' params wrapper does.
        QJsonObject body = doc.object();
        if (body.value(QLatin1String("webhook")).isObject())
            body = body.value(QLatin1String("webhook")).toObject();
        SandboxWebhook w;
        w.url = body.value(QLatin1String("url")).toString();
        w.name = body.value(QLatin1String("name")).toString();
        const QUrl url(w.url, QUrl::StrictMode);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return json(422, QJsonObject { { QStringLiteral("message"), QStringLiteral("Url is invalid") } });
        for (const QJsonValue& s : body.value(QLatin1String("subscriptions")).toArray()) {
            if (!allowed.contains(s.toString()))
                return json(422,
                    QJsonObject {
                        { QStringLiteral("message"), QStringLiteral("Subscriptions Invalid events") } });
            w.subscriptions.append(s.toString());
        }
        if (std::any_of(m_store.webhooks.cbegin(), m_store.webhooks.cend(),
                [&](const SandboxWebhook& o) { return o.url == w.url; }))
            return json(422,
                QJsonObject { { QStringLiteral("message"), QStringLiteral("Url has already been taken") } });
        w.id = m_store.nextWebhookId++;
        w.secret
            = QUuid::createUuid().toString(QUuid::Id128) + QUuid::createUuid().toString(QUuid::Id128).left(8);
        m_store.webhooks.append(w);
        setWebhook(url, w.secret.toUtf8());
        return json(200,
            QJsonObject {
                { QStringLiteral("payload"), QJsonObject { { QStringLiteral("webhook"), toJson(w) } } } });
    }
    if (parts.size() == 2 && request.method == "DELETE") {
        bool ok = false;
        const qint64 id = parts.at(1).toLongLong(&ok);
        for (qsizetype i = 0; ok && i < m_store.webhooks.size(); ++i) {
            if (m_store.webhooks.at(i).id == id) {
                if (QUrl(m_store.webhooks.at(i).url) == m_webhooks->url())
                    setWebhook({}, {});
                m_store.webhooks.removeAt(i);
                return json(200, QJsonObject {});
            }
        }
        return error(404, QStringLiteral("Resource could not be found"));
    }
    return error(404, QStringLiteral("Resource could not be found"));
}

SandboxResponse ChatwootSandbox::reportSummary(const SandboxRequest& request)
{
    const qint64 since = queryInt(request.query, QStringLiteral("since"), 0);
    const qint64 until = queryInt(request.query, QStringLiteral("until"), now() + 1);
    qint64 incoming = 0, outgoing = 0, conversations = 0, resolutions = 0;
    for (const SandboxMessage& m : m_store.messages) {
        if (m.createdAt < since || m.createdAt > until || m.isPrivate)
            continue;
        incoming += m.messageType == 0 ? 1 : 0;
        outgoing += m.messageType == 1 ? 1 : 0;
    }
    for (const SandboxConversation& c : std::as_const(m_store.conversations)) {
        if (c.createdAt >= since && c.createdAt <= until)
            ++conversations;
        if (c.status == QLatin1String("resolved") && c.lastActivityAt >= since && c.lastActivityAt <= until)
            ++resolutions;
    }
    const QJsonObject zero { { QStringLiteral("avg_first_response_time"), QStringLiteral("0") },
        { QStringLiteral("avg_resolution_time"), QStringLiteral("0") },
        { QStringLiteral("conversations_count"), 0 }, { QStringLiteral("incoming_messages_count"), 0 },
        { QStringLiteral("outgoing_messages_count"), 0 }, { QStringLiteral("resolutions_count"), 0 } };
    return json(200,
        QJsonObject { { QStringLiteral("avg_first_response_time"), QStringLiteral("0") },
            { QStringLiteral("avg_resolution_time"), QStringLiteral("0") },
            { QStringLiteral("conversations_count"), conversations },
            { QStringLiteral("incoming_messages_count"), incoming },
            { QStringLiteral("outgoing_messages_count"), outgoing },
            { QStringLiteral("resolutions_count"), resolutions }, { QStringLiteral("previous"), zero } });
}

} // namespace cx::sandbox
