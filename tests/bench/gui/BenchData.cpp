#include "BenchData.h"

#include <QRandomGenerator>
#include <QUrl>

#include <array>

namespace cx::bench {

namespace {

using chatwoot::Conversation;
using chatwoot::Message;

const std::array kFirstNames { "Anna", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Günter", "Hana", "Ivan",
    "Jonas", "Kenji", "Lena", "Mateo", "Nora", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma",
    "Viktor", "Wen", "Yara", "Zoë" };
const std::array kLastNames { "Novak", "Schmidt", "García", "Okafor", "Kowalski", "Tanaka", "Müller", "Rossi",
    "Dubois", "Haddad", "Johansson", "Nguyen", "O'Brien", "Petrov", "Silva", "Yilmaz" };
const std::array kWords { "order", "invoice", "refund", "shipping", "delivery", "account", "password",
    "subscription", "plan", "upgrade", "the", "my", "your", "we", "please", "thanks", "again", "since",
    "yesterday", "still", "not", "working", "charged", "twice", "tracking", "number", "address", "changed",
    "could", "you", "check", "help", "with", "this", "issue", "export", "CSV", "integration", "webhook",
    "settings", "billing", "team", "seats", "trial", "ended", "cancel", "renewal", "discount", "coupon",
    "damaged", "package", "return", "label", "warehouse", "é", "naïve", "Straße", "€49.90", "#A-10442" };
const std::array kChannels { "Channel::Api", "Channel::WebWidget", "Channel::Email" };
const std::array kPriorities { "", "", "", "low", "medium", "high", "urgent" };
const std::array kLabels { "billing", "shipping", "bug", "vip", "churn-risk", "feature-request" };
const std::array kAgents { "Alex Agent", "Bea Support", "Carl Care", "Dana Desk", "Eli Help", "Fay Front",
    "Gus Guide", "Hal Helper" };

QString sentence(QRandomGenerator& random, int minWords, int maxWords)
{
    const int words = random.bounded(minWords, maxWords + 1);
    QString text;
    for (int i = 0; i < words; ++i) {
        if (i > 0)
            text += QLatin1Char(' ');
        text += QString::fromUtf8(kWords[random.bounded(int(kWords.size()))]);
    }
    text[0] = text[0].toUpper();
    return text + (random.bounded(6) == 0 ? QStringLiteral("?") : QStringLiteral("."));
}

QString text(QRandomGenerator& random, int minChars, int maxChars)
{
    const int target = random.bounded(minChars, maxChars + 1);
    QString out;
    while (out.size() < target) {
        if (!out.isEmpty())
            out += random.bounded(5) == 0 ? QStringLiteral("\n\n") : QStringLiteral(" ");
        out += sentence(random, 4, 18);
    }
    return out;
}

QString personName(QRandomGenerator& random)
{
    return QString::fromUtf8(kFirstNames[random.bounded(int(kFirstNames.size()))]) + QLatin1Char(' ')
        + QString::fromUtf8(kLastNames[random.bounded(int(kLastNames.size()))]);
}

} // namespace

QHash<qint64, QString> inboxNames()
{
    return { { 1, QStringLiteral("Website chat") }, { 2, QStringLiteral("Support e-mail") },
        { 3, QStringLiteral("Billing") }, { 4, QStringLiteral("API") }, { 5, QStringLiteral("Partners") },
        { 6, QStringLiteral("VIP") } };
}

QList<Conversation> makeConversations(int count, const QDateTime& now, quint32 seed)
{
    QRandomGenerator random(seed);
    QList<Conversation> list;
    list.reserve(count);
    for (int i = 0; i < count; ++i) {
        Conversation c;
        c.id = 1000 + i;
        c.accountId = 1;
        c.inboxId = random.bounded(1, 7);
        const int status = random.bounded(10);
        c.status = status < 7
            ? chatwoot::ConversationStatus::Open
            : (status < 9 ? chatwoot::ConversationStatus::Pending : chatwoot::ConversationStatus::Snoozed);
        c.priority = QString::fromLatin1(kPriorities[random.bounded(int(kPriorities.size()))]);
        c.contact.id = 50000 + i;
        c.contact.name = personName(random);
        c.contact.email = QStringLiteral("customer%1@example.com").arg(c.contact.id);
        if (random.bounded(10) < 6) {
            const int agent = random.bounded(int(kAgents.size()));
            c.assignee = chatwoot::Agent { agent + 1, QString::fromLatin1(kAgents[agent]),
                QStringLiteral("agent%1@example.com").arg(agent + 1) };
        }
        for (int l = random.bounded(4); l > 0; --l)
            c.labels.append(QString::fromLatin1(kLabels[random.bounded(int(kLabels.size()))]));
        c.unreadCount = random.bounded(6);
        c.createdAt = now.addSecs(-random.bounded(3600, 30 * 86400));
        c.lastActivityAt = now.addSecs(-random.bounded(0, 3 * 3600));
        if (random.bounded(10) < 8)
            c.waitingSince = now.addSecs(-random.bounded(0, 3 * 3600));
        c.channel = QString::fromLatin1(kChannels[random.bounded(int(kChannels.size()))]);
        Message last;
        last.id = 10000000 + i;
        last.conversationId = c.id;
        last.inboxId = c.inboxId;
        last.content = text(random, 40, 400);
        last.messageType = chatwoot::MessageType::Incoming;
        last.contentType = QStringLiteral("text");
        last.sender = { c.contact.id, c.contact.name, chatwoot::SenderType::Contact };
        last.createdAt = c.lastActivityAt;
        c.lastMessage = last;
        list.append(c);
    }
    return list;
}

Conversation changedConversation(
    const Conversation& conversation, const QDateTime& now, QRandomGenerator& random)
{
    Conversation c = conversation;
    c.unreadCount += 1;
    c.lastActivityAt = now;
    c.waitingSince = now.addSecs(-random.bounded(0, 600)); // moves in the "longest waiting" sort order
    if (c.lastMessage) {
        c.lastMessage->id += 5000000;
        c.lastMessage->content = text(random, 40, 300);
        c.lastMessage->createdAt = now;
    }
    return c;
}

QList<Message> makeMessages(
    int count, qint64 conversationId, qint64 firstId, const QDateTime& end, quint32 seed)
{
    QRandomGenerator random(seed);
    const QString customer = personName(random);
    QList<Message> messages;
    messages.reserve(count);
    QDateTime at = end.addSecs(-qint64(count) * 600);
    for (int i = 0; i < count; ++i) {
        Message m;
        m.id = firstId + i;
        m.conversationId = conversationId;
        m.inboxId = 1;
        m.contentType = QStringLiteral("text");
        at = at.addSecs(random.bounded(30, 1170));
        m.createdAt = at;
        const bool longOne = random.bounded(10) == 0;
        const QString body = longOne ? text(random, 1500, 4000) : text(random, 20, 360);
        const int kind = random.bounded(100);
        if (kind < 45) {
            m.messageType = chatwoot::MessageType::Incoming;
            m.sender = { 777, customer, chatwoot::SenderType::Contact };
            m.content = body;
        } else if (kind < 78) {
            m.messageType = chatwoot::MessageType::Outgoing;
            const int agent = random.bounded(int(kAgents.size()));
            m.sender = { agent + 1, QString::fromLatin1(kAgents[agent]), chatwoot::SenderType::User };
            m.content = body;
        } else if (kind < 90) {
            m.messageType = chatwoot::MessageType::Outgoing;
            m.isPrivate = true;
            m.sender = { 2, QString::fromLatin1(kAgents[1]), chatwoot::SenderType::User };
            m.content = body;
        } else if (kind < 94) {
            m.messageType = chatwoot::MessageType::Outgoing;
            m.isPrivate = true;
            m.sender = { 99, QStringLiteral("CX Pilot"), chatwoot::SenderType::AgentBot };
            m.content = QStringLiteral("<!-- cxpilot:draft v1 id=d-%1 -->\n**CX Pilot draft**\n\n").arg(m.id)
                + body + QStringLiteral("\n\n---\nConfidence: 0.82 · Risk: low");
        } else {
            m.messageType = chatwoot::MessageType::Activity;
            m.content
                = QStringLiteral("Conversation was assigned to %1").arg(QString::fromLatin1(kAgents[3]));
        }
        if (m.messageType == chatwoot::MessageType::Incoming && random.bounded(12) == 0) {
            chatwoot::Attachment a;
            a.id = m.id;
            a.fileType = random.bounded(2) ? QStringLiteral("image") : QStringLiteral("file");
            a.dataUrl = QUrl(QStringLiteral("http://127.0.0.1:1/attachments/%1/receipt.png").arg(a.id));
            a.thumbUrl = a.dataUrl;
            a.fileSize = random.bounded(20000, 2000000);
            m.attachments.append(a);
        }
        messages.append(m);
    }
    return messages;
}

} // namespace cx::bench
