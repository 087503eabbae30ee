#pragma once

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include <map>
#include <optional>
#include <utility>

namespace cx::sandbox {

// The SIMULATED Chatwoot account's data, and its JSON in Chatwoot's shapes (REST, webhook).
struct SandboxContact {
    qint64 id = 0;
    QString name;
    QString email;
    QString phone;
    qint64 createdAt = 0;
};

struct SandboxInbox {
    qint64 id = 0;
    QString name;
    QString channelType; // Channel::WebWidget, Channel::Email, Channel::Api, ...
};

struct SandboxAgent {
    qint64 id = 0;
    QString name;
    QString email;
};

struct SandboxMessage {
    qint64 id = 0;
    qint64 conversationId = 0; // display id
    qint64 inboxId = 0;
    QString content;
    int messageType = 0; // 0 incoming, 1 outgoing, 2 activity, 3 template
    bool isPrivate = false;
    QString senderType; // "contact", "user", "agent_bot", or empty (activity)
    qint64 senderId = 0;
    qint64 createdAt = 0; // Unix seconds
    QString contentType = QStringLiteral("text");
    QJsonObject contentAttributes;
};

struct SandboxConversation {
    qint64 id = 0; // display id
    QString uuid;
    qint64 inboxId = 0;
    qint64 contactId = 0;
    QString status = QStringLiteral("open");
    QString priority; // empty = null
    qint64 assigneeId = 0; // 0 = unassigned
    QStringList labels;
    int unreadCount = 0;
    qint64 createdAt = 0;
    qint64 lastActivityAt = 0;
    qint64 updatedAtMs
        = 0; // Rails' updated_at: touched by every message and every change (status, labels, ...)
    qint64 waitingSince = 0; // 0 = not waiting
    qint64 firstReplyCreatedAt = 0;
};

struct SandboxArticle {
    qint64 id = 0;
    QString portalSlug;
    QString slug;
    QString title;
    QString description;
    QString content; // Markdown
    QString status = QStringLiteral("published");
    QString locale = QStringLiteral("en");
    QString categoryName;
    qint64 updatedAt = 0;
};

struct SandboxPortal {
    qint64 id = 0;
    QString slug;
    QString name;
    QString locale = QStringLiteral("en");
};

struct SandboxWebhook {
    qint64 id = 0;
    QString url;
    QString name;
    QStringList subscriptions;
    QString secret;
};

class SandboxStore final {
public:
    qint64 accountId = 1;
    QString accountName = QStringLiteral("Timberline Trail Co. Support (SIMULATED)");
    SandboxAgent agent { 1, QStringLiteral("Sandbox Agent"), QStringLiteral("agent@sandbox.invalid") };

    QMap<qint64, SandboxContact> contacts;
    QMap<qint64, SandboxInbox> inboxes;
    QMap<qint64, SandboxConversation> conversations; // by display id
    QList<SandboxMessage> messages; // ascending id
    QList<SandboxPortal> portals;
    QList<SandboxArticle> articles;
    QList<SandboxWebhook> webhooks;
    qint64 nextWebhookId = 1;

    qint64 nextContactId = 1;
    qint64 nextInboxId = 1;
    qint64 nextConversationId = 1;
    qint64 nextMessageId = 1;
    qint64 nextArticleId = 1;

    QList<SandboxMessage> messagesOf(qint64 conversationId) const;
    const SandboxMessage* lastNonActivity(qint64 conversationId) const;
    // Adds a message and updates the conversation (activity time, waiting_since, unread count).
    SandboxMessage& appendMessage(SandboxMessage message);

    // --- listing indexes, so that a page costs O(page · log n), not a sort of every conversation ---
    // Call after inserting a conversation or changing its status, assignee, created_at or last_activity_at
    // (appendMessage does it itself).
    void conversationChanged(qint64 conversationId);
    struct Page {
        QList<const SandboxConversation*> rows;
        int mine = 0, assigned = 0, unassigned = 0, all = 0; // the tab counts of that status
    };
    // One page of the conversations with this status ("all": any) and assignee_type, ordered by
    // last_activity_at or created_at (then id), as the index holds them. Nothing for a status no
    // conversation has.
    Page indexedPage(const QString& status, const QString& assigneeType, bool byCreated, bool ascending,
        qsizetype offset, qsizetype limit) const;

    // REST shapes (integer message_type, Unix seconds).
    QJsonObject contactJson(qint64 contactId) const;
    QJsonObject senderJson(const SandboxMessage& m) const;
    QJsonObject messageJson(const SandboxMessage& m) const;
    QJsonObject conversationJson(const SandboxConversation& c) const;
    QJsonObject articleJson(const SandboxArticle& a) const;
    QJsonObject portalJson(const SandboxPortal& p) const;
    QJsonObject profileJson(const QString& token) const;
    QJsonObject accountJson() const;
    // The last public, non-activity message (Message.chat.last), or nullptr.
    const SandboxMessage* lastChatMessage(qint64 conversationId) const;
    // Push shapes (Message#push_event_data, Contact#push_event_data, User#push_event_data): the realtime and
    // webhook copies nested in a conversation's push_data.
    QJsonObject pushMessageJson(const SandboxMessage& m) const;
    QJsonObject contactPushJson(qint64 contactId) const;
    QJsonObject agentPushJson() const;
    // Webhook shape of message_created (Message#webhook_data: string message_type, ISO created_at), event
    // included.
    QJsonObject webhookMessageJson(const SandboxMessage& m) const;
    // Conversation#webhook_data = Conversations::EventDataPresenter#push_data: no "account", no "account_id".
    QJsonObject webhookConversationJson(const SandboxConversation& c) const;
    // conversation_status_changed as Chatwoot sends it: the conversation's webhook data, the event, and
    // changed_attributes [{"status": {"previous_value", "current_value"}}]
    // (previous_changes.slice('status')).
    QJsonObject webhookStatusChangedJson(const SandboxConversation& c, const QString& previousStatus) const;
    // conversation_updated: the webhook data, the event, and changed_attributes as given (each change one
    // object {"attr": {"previous_value", "current_value"}}, in the order Rails recorded them).
    QJsonObject webhookConversationUpdatedJson(const SandboxConversation& c, const QJsonArray& changes) const;
    // One entry of changed_attributes.
    static QJsonObject change(
        const QString& attribute, const QJsonValue& previous, const QJsonValue& current);
    // Rails' JSON of a time (ActiveSupport: ISO 8601, milliseconds, "Z").
    static QString isoTimeMs(qint64 msecs);

private:
    // An order-statistic tree of (sort key, display id): the k-th entry in O(log n) (GNU pb_ds, in
    // libstdc++).
    using OrderIndex = __gnu_pbds::tree<std::pair<qint64, qint64>, __gnu_pbds::null_type,
        std::less<std::pair<qint64, qint64>>, __gnu_pbds::rb_tree_tag,
        __gnu_pbds::tree_order_statistics_node_update>;
    struct Listing {
        OrderIndex byActivity;
        OrderIndex byCreated;
    };
    enum AssigneeFilter { AnyAssignee, Mine, Assigned, Unassigned };
    struct Indexed { // what a conversation was indexed under
        QString status;
        qint64 assigneeId = 0;
        qint64 createdAt = 0;
        qint64 lastActivityAt = 0;
    };
    void indexUnder(const Indexed& keys, qint64 id, bool insert);
    std::map<std::pair<QString, int>, Listing> m_listings; // (status or "all", AssigneeFilter)
    QHash<qint64, Indexed> m_indexed;
    QHash<qint64, QList<qsizetype>> m_messagesByConversation; // indexes into `messages`, ascending
};

} // namespace cx::sandbox
