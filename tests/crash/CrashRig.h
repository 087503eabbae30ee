#pragma once

#include "chatwoot/ChatwootSandbox.h"
#include "storage/Database.h"

#include <QMap>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

namespace cx::crash {

// What the sandbox and the database say after a crash run, per draft, summed.
struct CrashCounts {
    int drafts = 0; // seeded, noted drafts
    int sent = 0; // drafts in 'sent'
    int replies = 0; // drafts with exactly one public reply in their conversation, carrying the approved text
    int duplicates = 0; // public replies beyond the first in a conversation
    int missingReplies = 0; // drafts recorded as sent whose reply is not in the sandbox
    int outboxSent = 0; // outbox rows in 'sent'
    int signalsOk = 0; // drafts with exactly one learning signal (customer_reply_grading row)
    int lostSignals = 0; // reviewed drafts without exactly one signal, plus signals left in the local queue
    int queuedSignals = 0; // left in the local signal queue
    int stuck = 0; // drafts not sent + outbox rows not sent (approved/pending/sending/unknown/failed)
    QMap<QString, int> draftStates;
    QMap<QString, int> outboxStates;

    QString summary() const; // one line of figures
};

// The world a crash test runs in: an in-process Chatwoot sandbox on 127.0.0.1 that outlives every killed
// driver, a fresh database (SQLite file or a new PostgreSQL database), and the local signal-queue file.
class CrashRig final {
public:
    explicit CrashRig(const QString& dialect);
    ~CrashRig();

    bool isReady() const { return m_db != nullptr; }
    sandbox::ChatwootSandbox& sandbox() { return *m_sandbox; }
    std::shared_ptr<storage::Database> db() { return m_db; }
    QString databaseUrl() const { return m_databaseUrl; }
    // The local signal queue of one "machine" (each process its own file, as on separate desktops).
    QString signalQueuePath(const QString& name = QStringLiteral("signal-queue")) const;

    // Each in its own conversation: a customer question, and a noted draft answering it (through the stores).
    QStringList seedDrafts(int n);
    // What an approval that died right after writing its outbox row leaves: the drafts approved by `reviewer`
    // (grades, edited text), each with a pending outbox row. Returns how many were prepared.
    int approveAndQueue(const QStringList& draftIds, const QString& reviewer);
    QStringList driverArguments(const QString& reviewer, const QStringList& extra = {},
        const QString& queueName = QStringLiteral("signal-queue"));
    CrashCounts count();

    // PostgreSQL: refuse new connections to the test database and end the open ones (or let them in again).
    bool setDatabaseAvailable(bool available);

private:
    bool admin(const QString& sql);

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::ChatwootSandbox> m_sandbox;
    std::shared_ptr<storage::Database> m_db;
    QString m_databaseUrl;
    QString m_adminConnection;
    qint64 m_inbox = 0;
    qint64 m_contact = 0;
    struct Seeded {
        QString draftId;
        qint64 conversationId = 0;
    };
    QList<Seeded> m_drafts;
    QSet<QString> m_queueNames;
};

} // namespace cx::crash
