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
// Made-up people and questions, answered by the demo help center.
const NewCustomer kNewCustomers[] = {
    { "Ivy Chen", "ivy.chen@example.com", "Hello, how long does shipping to Mexico take?", "shipping" },
    { "Jonas Berg", "jonas.berg@example.de", "I forgot my password and the reset link expired. Help?",
        "login" },
    { "Keisha Brown", "keisha@example.com", "I see two charges of $29 on my card this month.", "billing" },
    { "Luca Rossi", "luca.rossi@example.it", "Can I return shoes I bought three weeks ago?", "returns" },
    { "Mina Park", "mina.park@example.kr", "How do I export all my invoices as CSV?", "how-to" },
    { "Nils Eriksen", "nils@example.no", "Please cancel my plan, I don't need it after this month.",
        "cancellation" },
};
const char* kFollowUps[] = {
    "Any update on this?",
    "Sorry, one more question: is there a fee for that?",
    "Thanks. Also, can you confirm by email?",
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
