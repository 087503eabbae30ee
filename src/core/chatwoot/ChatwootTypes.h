#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace cx::chatwoot {

// REST and realtime send message_type as an integer (0..3); webhooks send the name. Unknown: Unknown.
enum class MessageType { Incoming = 0, Outgoing = 1, Activity = 2, Template = 3, Unknown = -1 };

// open (default), resolved, pending, snoozed. Unknown for anything else (a newer server).
enum class ConversationStatus { Open, Resolved, Pending, Snoozed, Unknown };

// sender.type: contact | user | agent_bot | captain_assistant; None when a message has no sender (activity).
enum class SenderType { Contact, User, AgentBot, CaptainAssistant, None, Unknown };

QString messageTypeName(MessageType type); // "incoming", ...
MessageType messageTypeFromName(const QString& name); // Unknown if not one of the four
QString conversationStatusName(ConversationStatus status);
ConversationStatus conversationStatusFromName(const QString& name);
QString senderTypeName(SenderType type);
SenderType senderTypeFromName(const QString& name);

// A contact (a customer) as it appears in meta.sender / meta.contact.
struct Contact {
    qint64 id = 0;
    QString name;
    QString email;
    QString phoneNumber;
};

// An agent, as in meta.assignee.
struct Agent {
    qint64 id = 0;
    QString name;
    QString email;
};

struct Sender {
    qint64 id = 0;
    QString name;
    SenderType type = SenderType::None;
};

struct Attachment {
    qint64 id = 0;
    QString fileType; // image, audio, video, file, location, fallback, ...
    QUrl dataUrl;
    QUrl thumbUrl;
    qint64 fileSize = 0;
};

struct Message {
    qint64 id = 0;
    qint64 conversationId = 0; // the per-account display id
    qint64 inboxId = 0;
    QString content; // may be empty (attachments only, activity without text)
    MessageType messageType = MessageType::Unknown;
    QString contentType; // text, input_email, ... (empty when absent)
    bool isPrivate = false; // a private note: agents only, never shown to the contact
    Sender sender;
    QDateTime createdAt; // UTC; invalid when absent
    QList<Attachment> attachments;
    QJsonObject contentAttributes;
    QString echoId; // only in a create response or its realtime push

    bool isPublicOutgoing() const { return messageType == MessageType::Outgoing && !isPrivate; }
};

struct Conversation {
    qint64 id = 0; // display id: what every path uses
    qint64 accountId = 0;
    qint64 inboxId = 0;
    ConversationStatus status = ConversationStatus::Unknown;
    QString priority; // low|medium|high|urgent, empty for none
    Contact contact; // meta.sender
    std::optional<Agent> assignee; // meta.assignee, only when assigned
    QStringList labels;
    int unreadCount = 0;
    QDateTime waitingSince; // invalid when 0 / null (unset)
    QDateTime lastActivityAt;
    QDateTime createdAt;
    QString channel; // meta.channel, e.g. "Channel::Api", "Channel::WebWidget", "Channel::Email"
    std::optional<Message> lastMessage; // last_non_activity_message, else the last of messages[]

    QString lastMessagePreview(int maxChars = 120) const;
};

// The tab totals (taken before the assignee_type filter).
struct ConversationCounts {
    int mineCount = 0;
    int assignedCount = 0;
    int unassignedCount = 0;
    int allCount = 0;
};

struct ConversationList {
    ConversationCounts meta;
    QList<Conversation> payload;
};

// A conversation with its full message history, oldest first.
struct ConversationHistory {
    Conversation conversation;
    QList<Message> messages;
};

struct Portal {
    qint64 id = 0;
    QString slug;
    QString name;
    QString defaultLocale;
    QStringList locales;
};

struct HelpCenterArticle {
    qint64 id = 0;
    QString slug;
    QString title;
    QString description;
    QString content; // Markdown
    QString locale;
    QString portalSlug;
    QString categoryName;
    QUrl url; // <base>/hc/<portal>/articles/<slug>
    QDateTime updatedAt;
};

// GET /api/v2/accounts/{id}/reports/summary?type=account
struct ReportSummary {
    double avgFirstResponseTime = 0; // seconds (sent as a string or number)
    double avgResolutionTime = 0;
    qint64 conversationsCount = 0;
    qint64 incomingMessagesCount = 0;
    qint64 outgoingMessagesCount = 0;
    qint64 resolutionsCount = 0;
    QJsonObject raw; // everything, including "previous"
};

// GET /api/v1/profile: which user the token belongs to and its accounts.
struct ProfileAccount {
    qint64 id = 0;
    QString name;
    QString role;
    QString status;
};

struct Profile {
    qint64 id = 0;
    QString name;
    QString email;
    QString role;
    qint64 activeAccountId = 0;
    QList<ProfileAccount> accounts;
};

} // namespace cx::chatwoot
