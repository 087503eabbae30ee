// `cxpilot chatwoot conversations|messages|note`: read-only operator commands, plus private notes
// (`chatwoot webhook ...` is in WebhookCommands.cpp).
// No command here (or anywhere in the CLI) sends a public reply: that is only the approval flow's outbox.
#include "ChatwootCliSupport.h"
#include "CliCommand.h"
#include "CliContext.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/SecretStore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <optional>

namespace cx::cli {

namespace {
using namespace cx::chatwoot;

QString tr(const char* text)
{
    return QCoreApplication::translate("ChatwootCommands", text);
}
} // namespace

std::optional<chatwoot::ChatwootConfig> chatwootConfig(const QStringList& args)
{
    const Result<Settings> settings = loadSettings(args);
    if (!settings.ok())
        return std::nullopt;
    if (!settings->isChatwootConfigured()) {
        err() << tr("Chatwoot is not configured: set CHATWOOT_BASE_URL and CHATWOOT_ACCOUNT_ID, or pass "
                    "--chatwoot-url URL --account ID.")
              << "\n";
        return std::nullopt;
    }
    const Result<QString> token = readSecret(SecretKey::ChatwootApiToken);
    if (!token.ok()) {
        err() << tr("No Chatwoot API token: set CHATWOOT_API_KEY or store it in the keychain.") << "\n";
        return std::nullopt;
    }
    return ChatwootConfig { settings->chatwootBaseUrl(), settings->chatwootAccountId(), *token };
}

namespace {

QString timeText(const QDateTime& t)
{
    return t.isValid() ? t.toString(Qt::ISODate) : QStringLiteral("-");
}

QJsonObject messageJson(const Message& m)
{
    return QJsonObject { { QStringLiteral("id"), m.id },
        { QStringLiteral("conversation_id"), m.conversationId },
        { QStringLiteral("message_type"), messageTypeName(m.messageType) },
        { QStringLiteral("private"), m.isPrivate },
        { QStringLiteral("sender"),
            QJsonObject { { QStringLiteral("id"), m.sender.id }, { QStringLiteral("name"), m.sender.name },
                { QStringLiteral("type"), senderTypeName(m.sender.type) } } },
        { QStringLiteral("created_at"), timeText(m.createdAt) }, { QStringLiteral("content"), m.content },
        { QStringLiteral("attachments"), static_cast<int>(m.attachments.size()) } };
}

QJsonObject conversationJson(const Conversation& c)
{
    return QJsonObject { { QStringLiteral("id"), c.id }, { QStringLiteral("inbox_id"), c.inboxId },
        { QStringLiteral("status"), conversationStatusName(c.status) },
        { QStringLiteral("priority"), c.priority }, { QStringLiteral("channel"), c.channel },
        { QStringLiteral("contact"), c.contact.name },
        { QStringLiteral("assignee"), c.assignee ? c.assignee->name : QString() },
        { QStringLiteral("labels"), QJsonArray::fromStringList(c.labels) },
        { QStringLiteral("unread_count"), c.unreadCount },
        { QStringLiteral("waiting_since"), timeText(c.waitingSince) },
        { QStringLiteral("last_activity_at"), timeText(c.lastActivityAt) },
        { QStringLiteral("last_message"), c.lastMessagePreview() } };
}

int printError(const Error& e)
{
    err() << e.toString() << "\n";
    return 1;
}

const QStringList kConnectionOptions { QStringLiteral("--chatwoot-url"), QStringLiteral("--account") };

int conversations(const QStringList& args)
{
    if (!checkOptions(args,
            { kConnectionOptions + QStringList { QStringLiteral("--status") },
                { QStringLiteral("--json") } }))
        return 2;
    ConversationQuery query;
    query.status = optionValue(args, QStringLiteral("--status"));
    const QStringList statuses { QStringLiteral("open"), QStringLiteral("pending"),
        QStringLiteral("resolved"), QStringLiteral("snoozed"), QStringLiteral("all") };
    if (!query.status.isEmpty() && !statuses.contains(query.status)) {
        err()
            << tr("--status: \"%1\" is not one of %2").arg(query.status, statuses.join(QStringLiteral(", ")))
            << "\n";
        return 2;
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;
    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto r = waitFor<Result<ConversationList>>(
        [&](QObject* ctx, auto cb) { client.fetchConversations(query, ctx, cb); });
    if (!r.ok())
        return printError(r.error());
    if (hasFlag(args, QStringLiteral("--json"))) {
        QJsonArray list;
        for (const Conversation& c : r->payload)
            list.append(conversationJson(c));
        const QJsonObject meta { { QStringLiteral("mine_count"), r->meta.mineCount },
            { QStringLiteral("assigned_count"), r->meta.assignedCount },
            { QStringLiteral("unassigned_count"), r->meta.unassignedCount },
            { QStringLiteral("all_count"), r->meta.allCount } };
        out() << QJsonDocument(
            QJsonObject { { QStringLiteral("meta"), meta }, { QStringLiteral("payload"), list } })
                     .toJson(QJsonDocument::Indented);
        return 0;
    }
    out() << tr("%1 conversation(s) (all %2, mine %3, unassigned %4)")
                 .arg(r->payload.size())
                 .arg(r->meta.allCount)
                 .arg(r->meta.mineCount)
                 .arg(r->meta.unassignedCount)
          << "\n";
    for (const Conversation& c : r->payload) {
        out() << QStringLiteral("#%1").arg(c.id).leftJustified(7)
              << conversationStatusName(c.status).leftJustified(9)
              << c.contact.name.left(20).leftJustified(21)
              << QStringLiteral("unread %1").arg(c.unreadCount).leftJustified(10)
              << timeText(c.lastActivityAt).leftJustified(21) << c.lastMessagePreview(60) << "\n";
    }
    return 0;
}

int messages(const QStringList& args)
{
    if (!checkOptions(args, { kConnectionOptions, { QStringLiteral("--json") } }))
        return 2;
    const QStringList pos
        = positionals(args, { QStringLiteral("--chatwoot-url"), QStringLiteral("--account") });
    bool ok = false;
    const qint64 id = pos.value(1).toLongLong(&ok);
    if (!ok) {
        err() << tr("Usage: cxpilot chatwoot messages CONVERSATION_ID [--json]") << "\n";
        return 2;
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;
    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto r = waitFor<Result<ConversationHistory>>(
        [&](QObject* ctx, auto cb) { client.fetchConversation(id, ctx, cb); });
    if (!r.ok())
        return printError(r.error());
    if (hasFlag(args, QStringLiteral("--json"))) {
        QJsonArray list;
        for (const Message& m : r->messages)
            list.append(messageJson(m));
        out() << QJsonDocument(
            QJsonObject { { QStringLiteral("conversation"), conversationJson(r->conversation) },
                { QStringLiteral("messages"), list } })
                     .toJson(QJsonDocument::Indented);
        return 0;
    }
    out() << tr("Conversation #%1 with %2 (%3), %4 message(s)")
                 .arg(r->conversation.id)
                 .arg(r->conversation.contact.name, conversationStatusName(r->conversation.status))
                 .arg(r->messages.size())
          << "\n";
    for (const Message& m : r->messages) {
        QString who = m.sender.name.isEmpty() ? senderTypeName(m.sender.type) : m.sender.name;
        out() << "[" << timeText(m.createdAt) << "] " << messageTypeName(m.messageType).leftJustified(9)
              << (m.isPrivate ? tr("PRIVATE NOTE ") : QString()) << who << ": " << m.content << "\n";
    }
    return 0;
}

int note(const QStringList& args)
{
    if (!checkOptions(args, { kConnectionOptions, {} }))
        return 2;
    const QStringList pos
        = positionals(args, { QStringLiteral("--chatwoot-url"), QStringLiteral("--account") });
    bool ok = false;
    const qint64 id = pos.value(1).toLongLong(&ok);
    const QString text = pos.mid(2).join(QLatin1Char(' ')).trimmed();
    if (!ok || text.isEmpty()) {
        err() << tr("Usage: cxpilot chatwoot note CONVERSATION_ID TEXT") << "\n";
        return 2;
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;
    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto r
        = waitFor<Result<Message>>([&](QObject* ctx, auto cb) { client.postPrivateNote(id, text, ctx, cb); });
    if (!r.ok()) {
        if (isOutcomeUnknown(r.error()))
            err() << tr(
                "The note may or may not have been created; check the conversation before trying again.")
                  << "\n";
        return printError(r.error());
    }
    out() << tr("Private note %1 added to conversation #%2 (agents only; the customer does not see it).")
                 .arg(r->id)
                 .arg(id)
          << "\n";
    return 0;
}

int run(const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("conversations"))
        return conversations(args);
    if (sub == QLatin1String("messages"))
        return messages(args);
    if (sub == QLatin1String("note"))
        return note(args);
    if (sub == QLatin1String("webhook"))
        return runWebhookCommand(args);
    err() << tr(
        "Usage: cxpilot chatwoot conversations [--status S] [--json] | messages ID [--json] | note ID "
        "TEXT | webhook register|list|delete")
          << "\n";
    return 2;
}

CliRegistration registration({ QStringLiteral("chatwoot"),
    QStringLiteral("chatwoot conversations|messages ID|note ID TEXT|webhook register URL|list|delete ID"),
    QStringLiteral("read conversations and messages, add a private note, manage cxpilotd's webhook"), run });
} // namespace

} // namespace cx::cli
