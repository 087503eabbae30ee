// ChatwootSandbox: seed data (a JSON format, and the built-in demo seed written in it).
#include "ChatwootSandbox.h"

#include "foundation/Clock.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace cx::sandbox {

namespace {
// Seed format: {"inboxes":[{key,name,channel}], "contacts":[{key,name,email,phone}],
// "conversations":[{inbox,contact,status,labels,assigned,messages:[{type,content,private,minutes_ago}]}],
// "portals":[{slug,name,locale,articles:[{title,description,category,content,status}]}]}
// Every name, address and number below is made up.
const char* kDemoSeed = R"JSON({
 "inboxes": [
  {"key": "web", "name": "Website live chat", "channel": "Channel::WebWidget"},
  {"key": "mail", "name": "support@acme.example", "channel": "Channel::Email"},
  {"key": "wa", "name": "WhatsApp (API)", "channel": "Channel::Api"}
 ],
 "contacts": [
  {"key": "ana", "name": "Ana Souza", "email": "ana.souza@example.com"},
  {"key": "ben", "name": "Ben Okafor", "email": "ben.okafor@example.net"},
  {"key": "chen", "name": "Chen Wei", "email": "chen.wei@example.org"},
  {"key": "dora", "name": "Dora Lindqvist", "email": "dora@example.se"},
  {"key": "emil", "name": "Emil Novak", "phone": "+420555010203"},
  {"key": "fatima", "name": "Fatima Haddad", "phone": "+971555019876"},
  {"key": "gus", "name": "Gus Moreno", "email": "gus.moreno@example.com"},
  {"key": "hana", "name": "Hana Sato", "email": "hana.sato@example.jp"}
 ],
 "conversations": [
  {"inbox": "web", "contact": "ana", "status": "open", "labels": ["billing"], "messages": [
   {"type": "incoming", "minutes_ago": 14, "content": "Hi! I was charged twice for my March invoice. Can you refund one of them?"}
  ]},
  {"inbox": "mail", "contact": "ben", "status": "open", "labels": ["login"], "assigned": true, "messages": [
   {"type": "incoming", "minutes_ago": 95, "content": "I can't log in anymore. The password reset email never arrives."},
   {"type": "outgoing", "minutes_ago": 80, "content": "Sorry about that, Ben. Could you check your spam folder and tell us which address you use?"},
   {"type": "outgoing", "private": true, "minutes_ago": 79, "content": "Checked the mail logs: the reset emails bounce (mailbox full?)."},
   {"type": "incoming", "minutes_ago": 9, "content": "Nothing in spam either. It's ben.okafor@example.net."}
  ]},
  {"inbox": "wa", "contact": "emil", "status": "pending", "labels": ["shipping"], "messages": [
   {"type": "incoming", "minutes_ago": 6, "content": "Where is my order #48213? It said 2 days and it's been a week."}
  ]},
  {"inbox": "web", "contact": "chen", "status": "resolved", "labels": ["how-to"], "messages": [
   {"type": "incoming", "minutes_ago": 2880, "content": "How do I export my data to CSV?"},
   {"type": "outgoing", "minutes_ago": 2870, "content": "Go to Settings > Data > Export and choose CSV. The file arrives by email within minutes."},
   {"type": "incoming", "minutes_ago": 2860, "content": "Found it, thanks!"}
  ]},
  {"inbox": "mail", "contact": "dora", "status": "open", "labels": ["cancellation"], "messages": [
   {"type": "incoming", "minutes_ago": 31, "content": "Please cancel my subscription at the end of this billing period. How do I do that?"}
  ]},
  {"inbox": "wa", "contact": "fatima", "status": "open", "labels": ["returns"], "messages": [
   {"type": "incoming", "minutes_ago": 240, "content": "The blender arrived broken. Can I return it?"},
   {"type": "outgoing", "minutes_ago": 230, "content": "We're sorry! Yes: you have 30 days to return it. Could you send a photo of the damage?"},
   {"type": "activity", "minutes_ago": 229, "content": "Conversation was marked pending"},
   {"type": "incoming", "minutes_ago": 3, "content": "Here is the photo. Do I need the original box to send it back?"}
  ]},
  {"inbox": "web", "contact": "gus", "status": "resolved", "labels": [], "messages": [
   {"type": "incoming", "minutes_ago": 4320, "content": "Do you ship to Canada?"},
   {"type": "outgoing", "minutes_ago": 4300, "content": "Yes, we ship to Canada in 5-8 business days. Duties are included at checkout."}
  ]},
  {"inbox": "mail", "contact": "hana", "status": "open", "labels": ["billing"], "messages": [
   {"type": "incoming", "minutes_ago": 52, "content": "Can I switch from monthly to yearly billing and keep my discount code?"},
   {"type": "outgoing", "private": true, "minutes_ago": 40, "content": "Discount codes carry over only for the Pro plan. Check her plan first."}
  ]}
 ],
 "portals": [
  {"slug": "acme-help", "name": "Acme Help Center", "locale": "en", "articles": [
   {"title": "Refunds and double charges", "category": "Billing", "description": "How refunds work and how long they take.",
    "content": "## Refunds\nIf you were charged twice, we refund the duplicate charge within **5 business days** to the original payment method.\n\nRefunds for annual plans are prorated within the first 30 days."},
   {"title": "Reset your password", "category": "Accounts", "description": "What to do when you cannot log in.",
    "content": "## Reset your password\n1. Open the login page and choose *Forgot password*.\n2. Enter the email address of your account.\n3. The link is valid for 60 minutes.\n\nIf the email does not arrive, check your spam folder and make sure your mailbox is not full. Support can send a new link after verifying your identity."},
   {"title": "Shipping times", "category": "Orders", "description": "Delivery times by region.",
    "content": "## Shipping times\n- Domestic: 2-3 business days\n- Canada and Mexico: 5-8 business days\n- Rest of the world: 7-14 business days\n\nDelays can happen during holidays. You can track your order from the confirmation email."},
   {"title": "Returns and damaged items", "category": "Orders", "description": "How to return an item within 30 days.",
    "content": "## Returns\nYou can return any item within **30 days** of delivery. Damaged items are replaced or refunded free of charge; send us a photo of the damage. The original box is not required, but pack the item safely."},
   {"title": "Cancel your subscription", "category": "Billing", "description": "Stop renewal at the end of the period.",
    "content": "## Cancel your subscription\nGo to *Settings > Billing > Cancel plan*. Your plan stays active until the end of the current billing period; you will not be charged again."},
   {"title": "Switch between monthly and yearly billing", "category": "Billing", "description": "Change your billing interval.",
    "content": "## Change billing interval\nYou can switch to yearly billing at any time in *Settings > Billing*. Discount codes carry over only on the Pro plan."},
   {"title": "Export your data", "category": "Accounts", "description": "CSV and JSON exports.",
    "content": "## Export your data\nGo to *Settings > Data > Export*, pick CSV or JSON, and we email you a download link within minutes."},
   {"title": "Internal: escalation matrix", "category": "Internal", "status": "draft", "description": "Draft, not published.",
    "content": "Draft article: must never be used as a public source."}
  ]}
 ]
})JSON";
} // namespace

Status ChatwootSandbox::loadSeed(const QJsonObject& seed)
{
    QHash<QString, qint64> inboxes;
    QHash<QString, qint64> contacts;
    for (const QJsonValue& v : seed.value(QLatin1String("inboxes")).toArray()) {
        const QJsonObject o = v.toObject();
        inboxes.insert(o.value(QLatin1String("key")).toString(),
            addInbox(
                o.value(QLatin1String("name")).toString(), o.value(QLatin1String("channel")).toString()));
    }
    for (const QJsonValue& v : seed.value(QLatin1String("contacts")).toArray()) {
        const QJsonObject o = v.toObject();
        contacts.insert(o.value(QLatin1String("key")).toString(),
            addContact(o.value(QLatin1String("name")).toString(), o.value(QLatin1String("email")).toString(),
                o.value(QLatin1String("phone")).toString()));
    }
    const qint64 nowSecs = Clock::nowMSecs() / 1000;
    for (const QJsonValue& v : seed.value(QLatin1String("conversations")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString inboxKey = o.value(QLatin1String("inbox")).toString();
        const QString contactKey = o.value(QLatin1String("contact")).toString();
        if (!inboxes.contains(inboxKey) || !contacts.contains(contactKey))
            return makeError(ErrorKind::Invalid,
                QCoreApplication::translate(
                    "Sandbox", "Seed conversation refers to an unknown inbox or contact: %1 / %2")
                    .arg(inboxKey, contactKey),
                QStringLiteral("conversations"));
        QStringList labels;
        for (const QJsonValue& l : o.value(QLatin1String("labels")).toArray())
            labels.append(l.toString());
        const qint64 id = addConversation(inboxes.value(inboxKey), contacts.value(contactKey),
            o.value(QLatin1String("status")).toString(QStringLiteral("open")), labels,
            o.value(QLatin1String("assigned")).toBool(false));
        const QJsonArray messages = o.value(QLatin1String("messages")).toArray();
        qint64 firstAt = 0;
        for (const QJsonValue& mv : messages) {
            const QJsonObject m = mv.toObject();
            const QString type = m.value(QLatin1String("type")).toString(QStringLiteral("incoming"));
            const int typeCode = type == QLatin1String("outgoing") ? 1
                : type == QLatin1String("activity")                ? 2
                : type == QLatin1String("template")                ? 3
                                                                   : 0;
            const qint64 at = nowSecs - m.value(QLatin1String("minutes_ago")).toInteger(0) * 60;
            firstAt = firstAt ? qMin(firstAt, at) : at;
            addMessage(id, m.value(QLatin1String("content")).toString(), typeCode,
                m.value(QLatin1String("private")).toBool(false), at);
        }
        if (firstAt)
            m_store.conversations[id].createdAt = firstAt;
    }
    for (const QJsonValue& v : seed.value(QLatin1String("portals")).toArray()) {
        const QJsonObject p = v.toObject();
        const QString slug = p.value(QLatin1String("slug")).toString();
        addPortal(slug, p.value(QLatin1String("name")).toString(),
            p.value(QLatin1String("locale")).toString(QStringLiteral("en")));
        for (const QJsonValue& av : p.value(QLatin1String("articles")).toArray()) {
            const QJsonObject a = av.toObject();
            addArticle(slug, a.value(QLatin1String("title")).toString(),
                a.value(QLatin1String("content")).toString(),
                a.value(QLatin1String("status")).toString(QStringLiteral("published")),
                a.value(QLatin1String("category")).toString(QStringLiteral("General")),
                a.value(QLatin1String("description")).toString());
        }
    }
    return Ok {};
}

Status ChatwootSandbox::loadSeedFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::NotFound,
            QCoreApplication::translate("Sandbox", "Cannot read seed file %1: %2")
                .arg(path, file.errorString()),
            QStringLiteral("seed"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorKind::Malformed,
            QCoreApplication::translate("Sandbox", "Seed file %1 is not a JSON object: %2")
                .arg(path, error.errorString()),
            QStringLiteral("seed"));
    return loadSeed(doc.object());
}

void ChatwootSandbox::loadDemoSeed()
{
    const Status s = loadSeed(QJsonDocument::fromJson(QByteArray(kDemoSeed)).object());
    Q_ASSERT(s.ok());
    Q_UNUSED(s);
}

} // namespace cx::sandbox
