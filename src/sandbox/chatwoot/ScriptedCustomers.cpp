#include "ScriptedCustomers.h"

#include "chatwoot/ChatwootSandbox.h"

namespace cx::sandbox {

namespace {
struct NewCustomer {
    const char* name;
    const char* email;
    const char* text;
    const char* label;
};
// Made-up people and questions about the fictional shop of the sample knowledge base (resources/kb).
const NewCustomer kNewCustomers[] = {
    { "Ivy Chen", "ivy.chen@example.com",
        "Hi, is there parking at the Boulder store? I'm coming on Saturday with a roof box on the car.",
        "stores" },
    { "Lucía Fernández", "lucia.fernandez@example.es",
        "Hola, compré la Summit 2 Tent hace un mes y se rompió una varilla. "
        "¿La garantía Trail Promise cubre la reparación?",
        "warranty" },
    { "Keisha Brown", "keisha@example.com",
        "Does the Ember Canister Stove come with a warranty? The igniter stopped clicking after 8 months.",
        "warranty" },
    { "Luca Rossi", "luca.rossi@example.it",
        "I'm between a 10 and a 10.5 in hiking boots and wear thick wool socks. Which size should I order?",
        "sizing" },
    { "Mina Park", "mina.park@example.com",
        "Does the Portland store rent kayaks in July? How much is the deposit for a kayak rental?",
        "rentals" },
    { "Nils Eriksen", "nils@example.no",
        "My order arrived damaged today: the box was crushed and the tent poles are bent. "
        "What do I do? I need a replacement fast.",
        "damaged" },
};
const char* kFollowUps[] = {
    "Any update on this?",
    "Sorry, one more question: can I pick it up in one of your stores instead?",
    "Thanks. Also, can you confirm that by email?",
    "I'm still waiting, it's quite urgent for me.",
};
} // namespace

ScriptedCustomers::ScriptedCustomers(ChatwootSandbox* sandbox, QObject* parent)
    : QObject(parent)
    , m_sandbox(sandbox)
{
    m_timer.setInterval(45000);
    connect(&m_timer, &QTimer::timeout, this, [this]() { step(); });
}

qint64 ScriptedCustomers::step()
{
    const int n = m_step++;
    qint64 conversationId = 0;
    QString text;
    // Two new customers, then a follow-up in an open conversation, and so on.
    if (n % 3 != 2) {
        const NewCustomer& c = kNewCustomers[(n - n / 3) % std::size(kNewCustomers)];
        qint64 inbox = 0;
        const QList<SandboxInbox> inboxes = m_sandbox->store().inboxes.values();
        if (inboxes.isEmpty())
            inbox = m_sandbox->addInbox(
                QStringLiteral("Website live chat"), QStringLiteral("Channel::WebWidget"));
        else
            inbox = inboxes.at(n % inboxes.size()).id;
        const qint64 contact = m_sandbox->addContact(QString::fromUtf8(c.name), QString::fromUtf8(c.email));
        conversationId = m_sandbox->addConversation(
            inbox, contact, QStringLiteral("open"), QStringList { QString::fromUtf8(c.label) });
        text = QString::fromUtf8(c.text);
    } else {
        QList<qint64> open;
        for (const SandboxConversation& c : m_sandbox->conversations()) {
            if (c.status == QLatin1String("open") || c.status == QLatin1String("pending"))
                open.append(c.id);
        }
        if (open.isEmpty())
            return 0;
        conversationId = open.at((n / 3) % open.size());
        text = QString::fromUtf8(kFollowUps[(n / 3) % std::size(kFollowUps)]);
    }
    const qint64 messageId = m_sandbox->addIncomingMessage(conversationId, text);
    Q_EMIT customerWrote(conversationId, messageId);
    return conversationId;
}

} // namespace cx::sandbox
