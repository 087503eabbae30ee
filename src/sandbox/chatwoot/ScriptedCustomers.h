#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace cx::sandbox {

class ChatwootSandbox;

// SIMULATED customers for the demo: every interval one of them writes — a follow-up in an open conversation,
// or a new conversation from a new contact. Deterministic order (a script), so demos and tests repeat.
class ScriptedCustomers final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScriptedCustomers)

public:
    explicit ScriptedCustomers(ChatwootSandbox* sandbox, QObject* parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    int interval() const { return m_timer.interval(); }
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    bool isActive() const { return m_timer.isActive(); }
    // One customer writes now (what the timer does). Returns the conversation's display id.
    qint64 step();
    int stepsTaken() const { return m_step; }

Q_SIGNALS:
    void customerWrote(qint64 conversationId, qint64 messageId);

private:
    ChatwootSandbox* m_sandbox = nullptr;
    QTimer m_timer;
    int m_step = 0;
};

} // namespace cx::sandbox
