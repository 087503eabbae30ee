#include "SandboxStore.h"

#include <QDateTime>

namespace cx::sandbox {

namespace {
QJsonValue nullable(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString messageTypeName(int type)
{
    switch (type) {
    case 0:
        return QStringLiteral("incoming");
    case 1:
        return QStringLiteral("outgoing");
    case 2:
        return QStringLiteral("activity");
    case 3:
        return QStringLiteral("template");
    default:
        return QStringLiteral("incoming");
    }
}

QString isoTime(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

QList<SandboxMessage> SandboxStore::messagesOf(qint64 conversationId) const
{
    QList<SandboxMessage> result;
    for (qsizetype i : m_messagesByConversation.value(conversationId))
        result.append(messages.at(i));
    return result;
}

const SandboxMessage* SandboxStore::lastNonActivity(qint64 conversationId) const
{
    const auto found = m_messagesByConversation.constFind(conversationId);
    if (found == m_messagesByConversation.cend())
        return nullptr;
    for (auto it = found->crbegin(); it != found->crend(); ++it) {
        if (messages.at(*it).messageType != 2)
            return &messages.at(*it);
    }
    return nullptr;
}

void SandboxStore::indexUnder(const Indexed& keys, qint64 id, bool insert)
{
    const QString statuses[] = { keys.status, QStringLiteral("all") };
    QList<int> filters { AnyAssignee, keys.assigneeId != 0 ? Assigned : Unassigned };
    if (keys.assigneeId != 0 && keys.assigneeId == agent.id)
        filters.append(Mine);
    for (const QString& status : statuses) {
        for (int filter : filters) {
            Listing& l = m_listings[{ status, filter }];
            if (insert) {
                l.byActivity.insert({ keys.lastActivityAt, id });
                l.byCreated.insert({ keys.createdAt, id });
            } else {
                l.byActivity.erase({ keys.lastActivityAt, id });
                l.byCreated.erase({ keys.createdAt, id });
            }
        }
    }
}

void SandboxStore::conversationChanged(qint64 conversationId)
{
    const auto it = m_indexed.constFind(conversationId);
    if (it != m_indexed.cend()) {
        indexUnder(*it, conversationId, false);
        m_indexed.erase(it);
    }
    const auto c = conversations.constFind(conversationId);
    if (c == conversations.cend())
        return;
    const Indexed keys { c->status, c->assigneeId, c->createdAt, c->lastActivityAt };
    indexUnder(keys, conversationId, true);
    m_indexed.insert(conversationId, keys);
}

SandboxStore::Page SandboxStore::indexedPage(const QString& status, const QString& assigneeType,
    bool byCreated, bool ascending, qsizetype offset, qsizetype limit) const
{
    Page page;
    auto size = [this, &status](int filter) {
        const auto it = m_listings.find({ status, filter });
        return it == m_listings.end() ? 0 : int(it->second.byActivity.size());
    };
    page.all = size(AnyAssignee);
    page.mine = size(Mine);
    page.assigned = size(Assigned);
    page.unassigned = size(Unassigned);
    const int filter = assigneeType == QLatin1String("me") ? Mine
        : assigneeType == QLatin1String("assigned")        ? Assigned
        : assigneeType == QLatin1String("unassigned")      ? Unassigned
                                                           : AnyAssignee;
    const auto it = m_listings.find({ status, filter });
    if (it == m_listings.end())
        return page;
    const OrderIndex& index = byCreated ? it->second.byCreated : it->second.byActivity;
    const auto n = qsizetype(index.size());
    for (qsizetype i = qMax<qsizetype>(0, offset); i < n && i < offset + limit; ++i) {
        const auto entry = index.find_by_order(size_t(ascending ? i : n - 1 - i));
        page.rows.append(&*conversations.constFind(entry->second));
    }
    return page;
}

SandboxMessage& SandboxStore::appendMessage(SandboxMessage m)
{
    m.id = nextMessageId++;
    auto it = conversations.find(m.conversationId);
    if (it != conversations.end()) {
        SandboxConversation& c = *it;
        if (m.inboxId == 0)
            m.inboxId = c.inboxId;
        if (m.messageType != 2)
            c.lastActivityAt = qMax(c.lastActivityAt, m.createdAt);
        c.updatedAtMs = qMax(c.updatedAtMs, m.createdAt * 1000); // belongs_to :conversation, touch: true
        if (m.messageType == 0 && !m.isPrivate) {
            ++c.unreadCount;
            if (c.waitingSince == 0)
                c.waitingSince = m.createdAt;
        } else if (m.messageType == 1 && !m.isPrivate) {
            c.waitingSince = 0;
            c.unreadCount = 0;
            if (c.firstReplyCreatedAt == 0)
                c.firstReplyCreatedAt = m.createdAt;
        }
    }
    if (it != conversations.end())
        conversationChanged(m.conversationId); // last_activity_at may have moved
    m_messagesByConversation[m.conversationId].append(messages.size());
    messages.append(m);
    return messages.last();
}

QJsonObject SandboxStore::contactJson(qint64 contactId) const
{
    const SandboxContact c = contacts.value(contactId);
    return QJsonObject { { QStringLiteral("id"), c.id }, { QStringLiteral("name"), c.name },
        { QStringLiteral("email"), nullable(c.email) }, { QStringLiteral("phone_number"), nullable(c.phone) },
        { QStringLiteral("identifier"), QJsonValue::Null }, { QStringLiteral("thumbnail"), QString() },
        { QStringLiteral("availability_status"), QStringLiteral("offline") },
        { QStringLiteral("custom_attributes"), QJsonObject() },
        { QStringLiteral("additional_attributes"), QJsonObject() }, { QStringLiteral("blocked"), false },
        { QStringLiteral("last_activity_at"), c.createdAt }, { QStringLiteral("created_at"), c.createdAt } };
}

QJsonObject SandboxStore::senderJson(const SandboxMessage& m) const
{
    if (m.senderType == QLatin1String("contact")) {
        QJsonObject o = contactJson(m.senderId);
        o.insert(QStringLiteral("type"), QStringLiteral("contact"));
        return o;
    }
    if (m.senderType == QLatin1String("user"))
        return QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name },
            { QStringLiteral("available_name"), agent.name }, { QStringLiteral("avatar_url"), QString() },
            { QStringLiteral("availability_status"), QStringLiteral("online") },
            { QStringLiteral("email"), agent.email }, { QStringLiteral("type"), QStringLiteral("user") } };
    if (m.senderType == QLatin1String("agent_bot"))
        return QJsonObject { { QStringLiteral("id"), m.senderId },
            { QStringLiteral("name"), QStringLiteral("Bot") }, { QStringLiteral("avatar_url"), QString() },
            { QStringLiteral("type"), QStringLiteral("agent_bot") } };
    return {};
}

QJsonObject SandboxStore::messageJson(const SandboxMessage& m) const
{
    QJsonObject o { { QStringLiteral("id"), m.id }, { QStringLiteral("content"), m.content },
        { QStringLiteral("inbox_id"), m.inboxId }, { QStringLiteral("conversation_id"), m.conversationId },
        { QStringLiteral("account_id"), accountId }, { QStringLiteral("message_type"), m.messageType },
        { QStringLiteral("content_type"), m.contentType },
        { QStringLiteral("status"), QStringLiteral("sent") }, { QStringLiteral("private"), m.isPrivate },
        { QStringLiteral("content_attributes"), m.contentAttributes },
        { QStringLiteral("created_at"), m.createdAt }, { QStringLiteral("source_id"), QJsonValue::Null },
        { QStringLiteral("attachments"), QJsonArray() } };
    const QJsonObject sender = senderJson(m);
    if (!sender.isEmpty())
        o.insert(QStringLiteral("sender"), sender);
    return o;
}

QJsonObject SandboxStore::conversationJson(const SandboxConversation& c) const
{
    QJsonObject meta { { QStringLiteral("sender"), contactJson(c.contactId) },
        { QStringLiteral("channel"), inboxes.value(c.inboxId).channelType },
        { QStringLiteral("hmac_verified"), false } };
    if (c.assigneeId != 0)
        meta.insert(QStringLiteral("assignee"),
            QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name },
                { QStringLiteral("available_name"), agent.name },
                { QStringLiteral("role"), QStringLiteral("agent") },
                { QStringLiteral("availability_status"), QStringLiteral("online") },
                { QStringLiteral("email"), agent.email }, { QStringLiteral("thumbnail"), QString() } });
    QJsonArray lastMessages;
    QJsonValue lastNonActivityJson = QJsonValue::Null;
    const QList<qsizetype> own = m_messagesByConversation.value(c.id);
    if (!own.isEmpty())
        lastMessages.append(messageJson(messages.at(own.last())));
    if (const SandboxMessage* last = lastNonActivity(c.id))
        lastNonActivityJson = messageJson(*last);
    return QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("id"), c.id },
        { QStringLiteral("uuid"), c.uuid }, { QStringLiteral("account_id"), accountId },
        { QStringLiteral("inbox_id"), c.inboxId }, { QStringLiteral("status"), c.status },
        { QStringLiteral("priority"), nullable(c.priority) },
        { QStringLiteral("labels"), QJsonArray::fromStringList(c.labels) },
        { QStringLiteral("muted"), false }, { QStringLiteral("can_reply"), true },
        { QStringLiteral("snoozed_until"), QJsonValue::Null },
        { QStringLiteral("custom_attributes"), QJsonObject() },
        { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("messages"), lastMessages },
        { QStringLiteral("last_non_activity_message"), lastNonActivityJson },
        { QStringLiteral("unread_count"), c.unreadCount }, { QStringLiteral("agent_last_seen_at"), 0 },
        { QStringLiteral("assignee_last_seen_at"), 0 }, { QStringLiteral("contact_last_seen_at"), 0 },
        { QStringLiteral("created_at"), c.createdAt },
        { QStringLiteral("updated_at"), static_cast<double>(c.updatedAtMs) / 1000.0 },
        { QStringLiteral("timestamp"), c.lastActivityAt },
        { QStringLiteral("last_activity_at"), c.lastActivityAt },
        { QStringLiteral("first_reply_created_at"), c.firstReplyCreatedAt },
        { QStringLiteral("waiting_since"), c.waitingSince },
        { QStringLiteral("sla_policy_id"), QJsonValue::Null } };
}

QJsonObject SandboxStore::articleJson(const SandboxArticle& a) const
{
    return QJsonObject { { QStringLiteral("id"), a.id }, { QStringLiteral("slug"), a.slug },
        { QStringLiteral("title"), a.title }, { QStringLiteral("description"), a.description },
        { QStringLiteral("content"), a.content }, { QStringLiteral("status"), a.status },
        { QStringLiteral("position"), a.id }, { QStringLiteral("locale"), a.locale },
        { QStringLiteral("account_id"), accountId }, { QStringLiteral("updated_at"), a.updatedAt },
        { QStringLiteral("views"), 0 },
        { QStringLiteral("meta"), QJsonObject { { QStringLiteral("tags"), QJsonArray() } } },
        { QStringLiteral("category"),
            QJsonObject { { QStringLiteral("id"), 1 }, { QStringLiteral("name"), a.categoryName },
                { QStringLiteral("slug"),
                    a.categoryName.toLower().replace(QLatin1Char(' '), QLatin1Char('-')) },
                { QStringLiteral("locale"), a.locale } } },
        { QStringLiteral("author"),
            QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name } } },
        { QStringLiteral("associated_articles"), QJsonArray() } };
}

QJsonObject SandboxStore::portalJson(const SandboxPortal& p) const
{
    int count = 0;
    for (const SandboxArticle& a : articles)
        count += a.portalSlug == p.slug ? 1 : 0;
    return QJsonObject { { QStringLiteral("id"), p.id }, { QStringLiteral("slug"), p.slug },
        { QStringLiteral("name"), p.name }, { QStringLiteral("archived"), false },
        { QStringLiteral("account_id"), accountId },
        { QStringLiteral("config"),
            QJsonObject { { QStringLiteral("allowed_locales"),
                QJsonArray { QJsonObject { { QStringLiteral("code"), p.locale },
                    { QStringLiteral("articles_count"), count },
                    { QStringLiteral("categories_count"), 1 } } } } } },
        { QStringLiteral("meta"),
            QJsonObject { { QStringLiteral("all_articles_count"), count },
                { QStringLiteral("categories_count"), 1 },
                { QStringLiteral("default_locale"), p.locale } } } };
}

QJsonObject SandboxStore::profileJson(const QString& token) const
{
    return QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name },
        { QStringLiteral("display_name"), agent.name }, { QStringLiteral("available_name"), agent.name },
        { QStringLiteral("email"), agent.email }, { QStringLiteral("avatar_url"), QString() },
        { QStringLiteral("uid"), agent.email }, { QStringLiteral("type"), QStringLiteral("User") },
        { QStringLiteral("role"), QStringLiteral("administrator") }, { QStringLiteral("confirmed"), true },
        { QStringLiteral("ui_settings"), QJsonObject() },
        { QStringLiteral("message_signature"), QJsonValue::Null }, { QStringLiteral("access_token"), token },
        { QStringLiteral("account_id"), accountId },
        { QStringLiteral("pubsub_token"), QStringLiteral("sandbox-pubsub") },
        { QStringLiteral("accounts"),
            QJsonArray {
                QJsonObject { { QStringLiteral("id"), accountId }, { QStringLiteral("name"), accountName },
                    { QStringLiteral("status"), QStringLiteral("active") },
                    { QStringLiteral("role"), QStringLiteral("administrator") },
                    { QStringLiteral("permissions"), QJsonArray { QStringLiteral("administrator") } },
                    { QStringLiteral("availability"), QStringLiteral("online") },
                    { QStringLiteral("availability_status"), QStringLiteral("online") },
                    { QStringLiteral("auto_offline"), true },
                    { QStringLiteral("active_at"), QJsonValue::Null } } } } };
}

QJsonObject SandboxStore::accountJson() const
{
    return QJsonObject { { QStringLiteral("id"), accountId }, { QStringLiteral("name"), accountName },
        { QStringLiteral("locale"), QStringLiteral("en") }, { QStringLiteral("domain"), QJsonValue::Null },
        { QStringLiteral("support_email"), QStringLiteral("support@sandbox.invalid") },
        { QStringLiteral("status"), QStringLiteral("active") },
        { QStringLiteral("created_at"), QStringLiteral("2026-01-01T00:00:00.000Z") },
        { QStringLiteral("features"), QJsonObject() }, { QStringLiteral("settings"), QJsonObject() },
        { QStringLiteral("custom_attributes"), QJsonObject() },
        { QStringLiteral("cache_keys"),
            QJsonObject { { QStringLiteral("label"), 0 }, { QStringLiteral("inbox"), 0 },
                { QStringLiteral("team"), 0 } } },
        { QStringLiteral("latest_chatwoot_version"), QStringLiteral("4.13.1") } };
}

const SandboxMessage* SandboxStore::lastChatMessage(qint64 conversationId) const
{
    const auto found = m_messagesByConversation.constFind(conversationId);
    if (found == m_messagesByConversation.cend())
        return nullptr;
    for (auto it = found->crbegin(); it != found->crend(); ++it) {
        const SandboxMessage& m = messages.at(*it);
        if (m.messageType != 2 && !m.isPrivate)
            return &m;
    }
    return nullptr;
}

QString SandboxStore::isoTimeMs(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject SandboxStore::change(
    const QString& attribute, const QJsonValue& previous, const QJsonValue& current)
{
    return QJsonObject { { attribute,
        QJsonObject { { QStringLiteral("previous_value"), previous },
            { QStringLiteral("current_value"), current } } } };
}

QJsonObject SandboxStore::contactPushJson(qint64 contactId) const
{
    const SandboxContact c = contacts.value(contactId);
    return QJsonObject { { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("custom_attributes"), QJsonObject() },
        { QStringLiteral("email"), nullable(c.email) }, { QStringLiteral("id"), c.id },
        { QStringLiteral("identifier"), QJsonValue::Null }, { QStringLiteral("name"), c.name },
        { QStringLiteral("phone_number"), nullable(c.phone) }, { QStringLiteral("thumbnail"), QString() },
        { QStringLiteral("blocked"), false }, { QStringLiteral("type"), QStringLiteral("contact") } };
}

QJsonObject SandboxStore::agentPushJson() const
{
    return QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name },
        { QStringLiteral("available_name"), agent.name }, { QStringLiteral("avatar_url"), QString() },
        { QStringLiteral("type"), QStringLiteral("user") },
        { QStringLiteral("availability_status"), QStringLiteral("online") },
        { QStringLiteral("thumbnail"), QString() } };
}

QJsonObject SandboxStore::pushMessageJson(const SandboxMessage& m) const
{
    // Message#push_event_data: the row's columns, integer created_at and message_type, the display id.
    const SandboxConversation c = conversations.value(m.conversationId);
    QJsonValue senderType = QJsonValue::Null;
    if (m.senderType == QLatin1String("contact"))
        senderType = QStringLiteral("Contact");
    else if (m.senderType == QLatin1String("user"))
        senderType = QStringLiteral("User");
    else if (m.senderType == QLatin1String("agent_bot"))
        senderType = QStringLiteral("AgentBot");
    QJsonObject o { { QStringLiteral("id"), m.id }, { QStringLiteral("content"), m.content },
        { QStringLiteral("account_id"), accountId }, { QStringLiteral("inbox_id"), m.inboxId },
        { QStringLiteral("conversation_id"), m.conversationId },
        { QStringLiteral("message_type"), m.messageType }, { QStringLiteral("created_at"), m.createdAt },
        { QStringLiteral("updated_at"), isoTimeMs(m.createdAt * 1000) },
        { QStringLiteral("private"), m.isPrivate }, { QStringLiteral("status"), QStringLiteral("sent") },
        { QStringLiteral("source_id"), QJsonValue::Null }, { QStringLiteral("content_type"), m.contentType },
        { QStringLiteral("content_attributes"), m.contentAttributes },
        { QStringLiteral("sender_type"), senderType },
        { QStringLiteral("sender_id"), m.senderId ? QJsonValue(m.senderId) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("external_source_ids"), QJsonObject() },
        { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("processed_message_content"), m.content },
        { QStringLiteral("sentiment"), QJsonObject() },
        { QStringLiteral("conversation"),
            QJsonObject { { QStringLiteral("assignee_id"),
                              c.assigneeId ? QJsonValue(c.assigneeId) : QJsonValue(QJsonValue::Null) },
                { QStringLiteral("unread_count"), c.unreadCount },
                { QStringLiteral("last_activity_at"), c.lastActivityAt },
                { QStringLiteral("contact_inbox"),
                    QJsonObject { { QStringLiteral("source_id"), c.uuid } } } } } };
    if (m.senderType == QLatin1String("contact")) {
        o.insert(QStringLiteral("sender"), contactPushJson(m.senderId));
    } else if (m.senderType == QLatin1String("user")) {
        o.insert(QStringLiteral("sender"), agentPushJson());
    } else if (m.senderType == QLatin1String("agent_bot")) {
        o.insert(QStringLiteral("sender"),
            QJsonObject { { QStringLiteral("id"), m.senderId },
                { QStringLiteral("name"), QStringLiteral("Bot") },
                { QStringLiteral("avatar_url"), QString() },
                { QStringLiteral("type"), QStringLiteral("agent_bot") } });
    }
    return o;
}

QJsonObject SandboxStore::webhookConversationJson(const SandboxConversation& c) const
{
    // Conversations::EventDataPresenter#push_data, key for key (app/presenters/conversations/
    // event_data_presenter.rb): no account, no account_id, no uuid; meta.assignee and meta.team always there
    // (null when unset); messages = the last public non-activity message in push shape, or [].
    QJsonArray pushMessages;
    if (const SandboxMessage* last = lastChatMessage(c.id))
        pushMessages.append(pushMessageJson(*last));
    const qint64 createdMs = c.createdAt * 1000;
    const QJsonObject contactInbox { { QStringLiteral("id"), c.id },
        { QStringLiteral("contact_id"), c.contactId }, { QStringLiteral("inbox_id"), c.inboxId },
        { QStringLiteral("source_id"), c.uuid }, { QStringLiteral("created_at"), isoTimeMs(createdMs) },
        { QStringLiteral("updated_at"), isoTimeMs(createdMs) }, { QStringLiteral("hmac_verified"), false },
        { QStringLiteral("pubsub_token"), c.uuid } };
    const QJsonObject meta { { QStringLiteral("sender"), contactPushJson(c.contactId) },
        { QStringLiteral("assignee"),
            c.assigneeId ? QJsonValue(agentPushJson()) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("team"), QJsonValue::Null }, { QStringLiteral("hmac_verified"), false } };
    return QJsonObject { { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("can_reply"), true },
        { QStringLiteral("channel"), inboxes.value(c.inboxId).channelType },
        { QStringLiteral("contact_inbox"), contactInbox }, { QStringLiteral("id"), c.id },
        { QStringLiteral("inbox_id"), c.inboxId }, { QStringLiteral("messages"), pushMessages },
        { QStringLiteral("labels"), QJsonArray::fromStringList(c.labels) }, { QStringLiteral("meta"), meta },
        { QStringLiteral("status"), c.status }, { QStringLiteral("custom_attributes"), QJsonObject() },
        { QStringLiteral("snoozed_until"), QJsonValue::Null },
        { QStringLiteral("unread_count"), c.unreadCount },
        { QStringLiteral("first_reply_created_at"),
            c.firstReplyCreatedAt ? QJsonValue(isoTimeMs(c.firstReplyCreatedAt * 1000))
                                  : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("priority"), nullable(c.priority) },
        { QStringLiteral("waiting_since"), c.waitingSince }, { QStringLiteral("agent_last_seen_at"), 0 },
        { QStringLiteral("contact_last_seen_at"), 0 },
        { QStringLiteral("last_activity_at"), c.lastActivityAt },
        { QStringLiteral("timestamp"), c.lastActivityAt }, { QStringLiteral("created_at"), c.createdAt },
        { QStringLiteral("updated_at"), static_cast<double>(c.updatedAtMs) / 1000.0 } };
}

QJsonObject SandboxStore::webhookStatusChangedJson(
    const SandboxConversation& c, const QString& previousStatus) const
{
    QJsonObject o = webhookConversationJson(c);
    o.insert(QStringLiteral("event"), QStringLiteral("conversation_status_changed"));
    o.insert(QStringLiteral("changed_attributes"),
        QJsonArray { change(QStringLiteral("status"), previousStatus, c.status) });
    return o;
}

QJsonObject SandboxStore::webhookConversationUpdatedJson(
    const SandboxConversation& c, const QJsonArray& changes) const
{
    QJsonObject o = webhookConversationJson(c);
    o.insert(QStringLiteral("event"), QStringLiteral("conversation_updated"));
    o.insert(QStringLiteral("changed_attributes"), changes);
    return o;
}

QJsonObject SandboxStore::webhookMessageJson(const SandboxMessage& m) const
{
    const SandboxConversation c = conversations.value(m.conversationId);
    QJsonObject sender;
    if (m.senderType == QLatin1String("contact")) {
        const SandboxContact contact = contacts.value(m.senderId);
        sender = QJsonObject { { QStringLiteral("id"), contact.id }, { QStringLiteral("name"), contact.name },
            { QStringLiteral("email"), nullable(contact.email) },
            { QStringLiteral("phone_number"), nullable(contact.phone) },
            { QStringLiteral("identifier"), QJsonValue::Null }, { QStringLiteral("thumbnail"), QString() },
            { QStringLiteral("custom_attributes"), QJsonObject() }, { QStringLiteral("blocked"), false },
            { QStringLiteral("type"), QStringLiteral("contact") },
            { QStringLiteral("account"),
                QJsonObject {
                    { QStringLiteral("id"), accountId }, { QStringLiteral("name"), accountName } } } };
    } else if (m.senderType == QLatin1String("user")) {
        sender = QJsonObject { { QStringLiteral("id"), agent.id }, { QStringLiteral("name"), agent.name },
            { QStringLiteral("email"), agent.email }, { QStringLiteral("type"), QStringLiteral("user") } };
    } else if (m.senderType == QLatin1String("agent_bot")) { // AgentBot#webhook_data
        sender = QJsonObject { { QStringLiteral("id"), m.senderId },
            { QStringLiteral("name"), QStringLiteral("Bot") },
            { QStringLiteral("type"), QStringLiteral("agent_bot") } };
    }
    QJsonObject o { { QStringLiteral("event"), QStringLiteral("message_created") },
        { QStringLiteral("id"), m.id }, { QStringLiteral("content"), m.content },
        { QStringLiteral("message_type"), messageTypeName(m.messageType) },
        { QStringLiteral("content_type"), m.contentType },
        { QStringLiteral("content_attributes"), m.contentAttributes },
        { QStringLiteral("additional_attributes"), QJsonObject() },
        { QStringLiteral("private"), m.isPrivate }, { QStringLiteral("source_id"), QJsonValue::Null },
        { QStringLiteral("created_at"), isoTime(m.createdAt) },
        { QStringLiteral("inbox"),
            QJsonObject { { QStringLiteral("id"), c.inboxId },
                { QStringLiteral("name"), inboxes.value(c.inboxId).name } } },
        { QStringLiteral("account"),
            QJsonObject { { QStringLiteral("id"), accountId }, { QStringLiteral("name"), accountName } } },
        { QStringLiteral("conversation"), webhookConversationJson(c) } };
    if (!sender.isEmpty())
        o.insert(QStringLiteral("sender"), sender);
    return o;
}

} // namespace cx::sandbox
