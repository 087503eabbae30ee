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
// Every name, address and number below is made up: a fictional outdoor-gear shop, Timberline Trail Co.,
// whose questions the sample knowledge base in resources/kb answers.
const char* kDemoSeed = R"JSON({
 "inboxes": [
  {"key": "web", "name": "Website live chat", "channel": "Channel::WebWidget"},
  {"key": "mail", "name": "support@timberline-trail.example", "channel": "Channel::Email"},
  {"key": "wa", "name": "WhatsApp (API)", "channel": "Channel::Api"}
 ],
 "contacts": [
  {"key": "ana", "name": "Ana Souza", "email": "ana.souza@example.com"},
  {"key": "ben", "name": "Ben Okafor", "email": "ben.okafor@example.net"},
  {"key": "chen", "name": "Chen Wei", "email": "chen.wei@example.org"},
  {"key": "jana", "name": "Jana Krüger", "email": "jana.krueger@example.de"},
  {"key": "emil", "name": "Emil Novak", "phone": "+15555010203"},
  {"key": "fatima", "name": "Fatima Haddad", "phone": "+15555019876"},
  {"key": "gus", "name": "Gus Moreno", "email": "gus.moreno@example.ca"},
  {"key": "hana", "name": "Hana Sato", "email": "hana.sato@example.com"}
 ],
 "conversations": [
  {"inbox": "web", "contact": "ana", "status": "open", "labels": ["refunds"], "messages": [
   {"type": "incoming", "minutes_ago": 14, "content": "I sent back my Scree Trail Runners TWO WEEKS ago and UPS says your warehouse got them on the 3rd. Still no refund! I want my money back today, and the return shipping I paid too. When will I get my refund?"}
  ]},
  {"inbox": "mail", "contact": "ben", "status": "open", "labels": ["products"], "assigned": true, "messages": [
   {"type": "incoming", "minutes_ago": 95, "content": "Hi, I'm thinking about the Ridgeback GTX Boot for a trek in Scotland. Is it really waterproof, and do you have it in wide sizes? I'm a men's 11 wide."},
   {"type": "outgoing", "minutes_ago": 80, "content": "Hi Ben! Yes, the Ridgeback GTX has a waterproof breathable membrane, and it comes in wide sizes (men's 7-14). If you hike in thick socks, order half a size up."},
   {"type": "outgoing", "private": true, "minutes_ago": 79, "content": "Men's 11 wide is low in the Denver warehouse, only 3 pairs left. Mention it if he orders."},
   {"type": "incoming", "minutes_ago": 9, "content": "Thanks. Does it come with a warranty? The sole of my old boots wore through after one season."}
  ]},
  {"inbox": "wa", "contact": "emil", "status": "pending", "labels": ["shipping"], "messages": [
   {"type": "incoming", "minutes_ago": 6, "content": "Where is my order #48213?? I paid $14.95 for express delivery, 1-2 business days, and it's been a WEEK. Tracking hasn't moved since Monday. This is ridiculous, I need the tent for this weekend."}
  ]},
  {"inbox": "web", "contact": "chen", "status": "resolved", "labels": ["returns"], "messages": [
   {"type": "incoming", "minutes_ago": 2880, "content": "How long do I have to return a jacket I bought five weeks ago? It's unused, tags still on."},
   {"type": "outgoing", "minutes_ago": 2870, "content": "Yes: unused gear can be returned within 60 days of delivery. Open My orders, choose Return items and print the free prepaid label, or bring it to any of our stores."},
   {"type": "incoming", "minutes_ago": 2860, "content": "Found it, thanks!"}
  ]},
  {"inbox": "mail", "contact": "jana", "status": "open", "labels": ["international"], "messages": [
   {"type": "incoming", "minutes_ago": 31, "content": "Hallo! Liefern Sie auch nach Deutschland (EU)? Wie lange dauert der Versand, was kostet er, und muss ich bei der Lieferung Zoll bezahlen?"}
  ]},
  {"inbox": "wa", "contact": "fatima", "status": "open", "labels": ["stores"], "messages": [
   {"type": "incoming", "minutes_ago": 240, "content": "Hi! We're driving to Moab next week for a canyon trip. Can we rent tents and sleeping bags at your Moab store?"},
   {"type": "outgoing", "minutes_ago": 230, "content": "Hi Fatima! Yes, Timberline Moab Basecamp rents tents, sleeping bags and stoves. Please book online at least 48 hours ahead."},
   {"type": "activity", "minutes_ago": 229, "content": "Conversation was marked pending"},
   {"type": "incoming", "minutes_ago": 3, "content": "Great, booked! Can I bring my dog into the store when we pick everything up?"}
  ]},
  {"inbox": "web", "contact": "gus", "status": "resolved", "labels": [], "messages": [
   {"type": "incoming", "minutes_ago": 4320, "content": "Do you ship to Canada? I'm in Calgary."},
   {"type": "outgoing", "minutes_ago": 4300, "content": "Yes! Canada takes 4-7 business days. Shipping is a flat $24.95 (free over $250); import duties and taxes are collected by the carrier on delivery."}
  ]},
  {"inbox": "mail", "contact": "hana", "status": "open", "labels": ["products"], "messages": [
   {"type": "incoming", "minutes_ago": 52, "content": "Is the Glacier -10 Sleeping Bag warm enough for camping at 0 °F in January? And does it come in a long length? I'm 6'2\"."},
   {"type": "outgoing", "private": true, "minutes_ago": 40, "content": "Glacier comfort rating is 5 °F, limit -10 °F: at 0 °F she'll want a liner. Long length is in stock."}
  ]}
 ],
 "portals": [
  {"slug": "timberline-help", "name": "Timberline Trail Co. Help Center (SIMULATED)", "locale": "en", "articles": [
   {"title": "Shipping options and delivery times", "category": "Shipping", "description": "Standard, express and freight delivery in the US.",
    "content": "## Shipping options\n- **Standard** (3-5 business days): free on orders over $75, otherwise $6.95.\n- **Express** (1-2 business days): $14.95, order by 1 pm Mountain Time for same-day dispatch.\n- **Freight** for kayaks: 5-10 business days.\n\nIn-stock orders leave our Denver warehouse within one business day. You get a tracking link by email; tracking can take up to 24 hours to show movement."},
   {"title": "International shipping, customs and duties", "category": "Shipping", "description": "Countries, costs and delivery times outside the US.",
    "content": "## International shipping\nWe ship to Canada, the United Kingdom, the EU, Australia and New Zealand for a flat $24.95 (free over $250). Import duties and taxes are collected by the carrier on delivery.\n\nCanada 4-7 business days; UK and EU 5-9; Australia and New Zealand 7-12. Fuel canisters and bear spray cannot be shipped outside the US."},
   {"title": "Returns: how to send something back", "category": "Returns", "description": "60-day returns, 90 days for Trail Club members.",
    "content": "## Returns\nUnused gear can be returned within **60 days** of delivery (Trail Club members: 90 days). Open *My orders*, choose **Return items** and print the prepaid label (free for US orders), or bring the parcel to any Timberline Trail store."},
   {"title": "Refunds: when will I get my money back?", "category": "Returns", "description": "Refund timing and method.",
    "content": "## Refunds\nWe refund within 2 business days after your return arrives at the warehouse (same day for store returns); your bank may take 3-5 more business days. Refunds go to the original payment method. Original shipping is refunded only if the item was faulty or we sent the wrong item."},
   {"title": "Warranty and the Trail Promise", "category": "Warranty", "description": "Lifetime warranty on Timberline-branded gear.",
    "content": "## The Trail Promise\nTimberline-branded gear has a **lifetime warranty** against defects in materials and workmanship. Normal wear and tear, accidents and UV damage are not covered. Send photos and your order number through the warranty form, or bring the item to a store."},
   {"title": "Footwear size guide and fit tips", "category": "Sizing", "description": "Finding your boot size, half sizes and wide feet.",
    "content": "## Footwear sizing\nMeasure your foot in the evening, standing, with your hiking socks. Our boots run true to size; between sizes, order half a size up. The Ridgeback boot comes in wide sizes; the Scree runner does not. Exchanges are free within 60 days if worn only indoors."},
   {"title": "Damaged, missing or wrong items", "category": "Orders", "description": "What to do when an order arrives damaged or not at all.",
    "content": "## Damaged or wrong items\nTell us within **14 days** of delivery and send a photo of the item and the box: we ship a replacement right away by express, free.\n\n## Missing parcel\nIf tracking says delivered but you have nothing, wait one business day, then contact us: we open a carrier claim and reship or refund within 5 business days."},
   {"title": "Internal: carrier claim escalation", "category": "Internal", "status": "draft", "description": "Draft, not published.",
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
        if (firstAt) {
            m_store.conversations[id].createdAt = firstAt;
            m_store.conversationChanged(id);
        }
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
    // The demo's shop is the fictional one of the sample knowledge base (resources/kb).
    m_store.accountName = QStringLiteral("Timberline Trail Co. Support (SIMULATED)");
    const Status s = loadSeed(QJsonDocument::fromJson(QByteArray(kDemoSeed)).object());
    Q_ASSERT(s.ok());
    Q_UNUSED(s);
}

} // namespace cx::sandbox
