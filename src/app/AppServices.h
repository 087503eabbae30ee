#pragma once

#include "foundation/Result.h"
#include "foundation/Settings.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace cx::storage {
class Database;
}
namespace cx::chatwoot {
class ChatwootClient;
}
namespace cx::knowledge {
class KnowledgeBase;
class EmbeddingProvider;
} // namespace cx::knowledge
namespace cx::llm {
class OpenAiClient;
}
namespace cx::drafting {
class Drafter;
class DraftRewriter;
} // namespace cx::drafting
namespace cx::pipeline {
class DraftPipeline;
class ChatwootPoller;
} // namespace cx::pipeline
namespace cx::review {
class ApprovalFlow;
class Recovery;
} // namespace cx::review
namespace cx::ingest {
class DraftNotifications;
}
namespace cx::sandbox {
class ChatwootSandbox;
class ScriptedCustomers;
} // namespace cx::sandbox

namespace cx::gui {

// Everything behind the window, wired from the settings: database, Chatwoot, knowledge base, model,
// drafter, pipeline, poller, approval flow — and, in the demo, the simulated Chatwoot with scripted
// customers and the sample knowledge base. Starts asynchronously (the window paints first); each part
// reports its state, so the status bar can say what is up and what is not.
class AppServices final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppServices)
public:
    struct Options {
        bool demo = false;
        QString databaseUrl; // overrides the settings
        int pollIntervalMs = 15000;
        int customerIntervalMs = 40000; // demo: how often a scripted customer writes
        // The local queue where learning signals wait while the database is away. Empty: signal-queue.db in
        // AppLocalDataLocation (the demo's temporary folder in the demo).
        QString signalQueuePath = {};
        int signalFlushIntervalMs = 30000;
        int recoveryIntervalMs = 60000;
        QString keychainService = QStringLiteral("cxpilot"); // where the database password is read from
    };
    enum class Part { Database, Chatwoot, Model, Knowledge };
    enum class State { Starting, Up, Degraded, Down, Off };

    AppServices(Options options, Settings settings, QObject* parent = nullptr);
    ~AppServices() override;

    void start();

    const Settings& settings() const { return m_settings; }
    bool isDemo() const { return m_options.demo; }
    QString reviewerName() const;
    std::shared_ptr<storage::Database> database() const { return m_database; }
    // Team mode (PostgreSQL): LISTEN cxpilot_drafts, started when the database opens (before databaseReady).
    // nullptr on SQLite or when the subscription failed: the drafts list then polls.
    ingest::DraftNotifications* draftNotifications() const { return m_draftNotifications; }
    chatwoot::ChatwootClient* chatwoot() const { return m_chatwoot; }
    knowledge::KnowledgeBase* knowledge() const { return m_knowledge; }
    pipeline::DraftPipeline* draftPipeline() const { return m_pipeline; }
    pipeline::ChatwootPoller* poller() const { return m_poller; }
    review::ApprovalFlow* approvals() const { return m_approvals; }
    // The drawer's rewrite actions: exists from the start (offline), gets the model once drafting starts.
    drafting::DraftRewriter* rewriter() const { return m_rewriter; }
    review::Recovery* recovery() const { return m_recovery; }
    sandbox::ChatwootSandbox* demoSandbox() const { return m_sandbox; }
    sandbox::ScriptedCustomers* demoCustomers() const { return m_customers; }

    static QString stateText(Part part, State state, const QString& detail);
    // After an ingest from the app (File › Knowledge base…): the Knowledge part says what is indexed now.
    void refreshKnowledgeState();

    // Moves learning signals from the local queue to the database (at start, periodically, and when the
    // window sees the database come back), then reports the queue's size (queuedSignalsChanged).
    void flushSignals();
    // Re-reads the local queue's size (after a review that may have queued a signal).
    void updateQueuedSignalCount();
    int queuedSignalCount() const { return m_queuedSignals; }
    std::shared_ptr<storage::Database> signalQueue() const { return m_signalQueue; }

signals:
    void partChanged(
        cx::gui::AppServices::Part part, cx::gui::AppServices::State state, const QString& detail);
    void databaseReady();
    void chatwootReady(); // client and pipeline exist; polling started; recovery started
    void knowledgeProgress(int done, int total);
    void problem(const QString& message);
    // The start-up health check got no answer at all from Chatwoot (the poller keeps trying).
    void chatwootUnreachable(const QUrl& baseUrl);
    void queuedSignalsChanged(int count); // learning signals waiting for the database

private:
    void openDatabase();
    void openDatabaseWithPassword(const QString& url, const QString& password);
    void startChatwoot();
    void startDraftNotifications();
    void startKnowledge();
    void startDrafting();
    void reportModelIdle();
    void setState(Part part, State state, const QString& detail = {});

    Options m_options;
    Settings m_settings;
    QString m_demoDir;
    QNetworkAccessManager* m_network = nullptr;
    std::shared_ptr<storage::Database> m_database;
    ingest::DraftNotifications* m_draftNotifications = nullptr;
    std::shared_ptr<storage::Database> m_signalQueue; // local SQLite, survives the main database's outages
    QTimer* m_flushTimer = nullptr;
    bool m_flushing = false;
    int m_queuedSignals = 0;
    sandbox::ChatwootSandbox* m_sandbox = nullptr;
    sandbox::ScriptedCustomers* m_customers = nullptr;
    chatwoot::ChatwootClient* m_chatwoot = nullptr;
    knowledge::KnowledgeBase* m_knowledge = nullptr;
    llm::OpenAiClient* m_model = nullptr;
    drafting::Drafter* m_drafter = nullptr;
    drafting::DraftRewriter* m_rewriter = nullptr;
    pipeline::DraftPipeline* m_pipeline = nullptr;
    pipeline::ChatwootPoller* m_poller = nullptr;
    review::ApprovalFlow* m_approvals = nullptr;
    review::Recovery* m_recovery = nullptr; // resumes interrupted approvals: at start, then periodically
    QString m_chatwootToken;
    QString m_modelKey; // empty: none (a local server may need none)
    bool m_modelKeyRead = false;
    std::unique_ptr<knowledge::EmbeddingProvider> m_embeddings;
};

} // namespace cx::gui
