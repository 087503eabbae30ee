#include "AppServices.h"

#include "ChatwootProbeLines.h"

#include "SandboxInfo.h"
#include "chatwoot/ChatwootClient.h"
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/ScriptedCustomers.h"
#include "drafting/DraftRewriter.h"
#include "drafting/Drafter.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/KeychainSecretStore.h"
#include "foundation/LogCategories.h"
#include "ingest/DraftNotifications.h"
#include "knowledge/KnowledgeBase.h"
#include "llm/OpenAiClient.h"
#include "llm/OpenAiEmbeddingProvider.h"
#include "pipeline/ChatwootPoller.h"
#include "pipeline/DraftPipeline.h"
#include "pipeline/DrafterAdapter.h"
#include "review/ApprovalFlow.h"
#include "review/DbCall.h"
#include "review/LearningSignal.h"
#include "review/Recovery.h"
#include "storage/Database.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtConcurrent/QtConcurrentRun>

namespace cx::gui {

namespace {
// The sample knowledge base ships inside the binary (:/kb); the index needs files, so it is copied out.
QString extractSampleKnowledge(const QString& target)
{
    QDirIterator it(QStringLiteral(":/kb"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString to = target + from.mid(4);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QFile::remove(to);
        QFile::copy(from, to);
        QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
    }
    return target;
}
} // namespace

AppServices::AppServices(Options options, Settings settings, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_settings(std::move(settings))
    , m_network(new QNetworkAccessManager(this))
    , m_rewriter(new drafting::DraftRewriter(nullptr, {}, this))
{
}

AppServices::~AppServices()
{
    if (m_knowledge)
        m_knowledge->setEmbeddingProvider(nullptr);
    delete m_recovery;
    delete m_poller;
    delete m_pipeline;
    delete m_approvals;
    delete m_drafter;
    delete m_knowledge;
    m_database.reset();
    m_signalQueue.reset();
    if (!m_demoDir.isEmpty())
        QDir(m_demoDir).removeRecursively();
}

QString AppServices::reviewerName() const
{
    if (m_database && m_database->dialect() == storage::Dialect::Postgres) {
        const QString login = m_database->url().user;
        if (!login.isEmpty())
            return login; // row-level security checks grades against the database login
    }
    if (!m_settings.reviewerName().isEmpty())
        return m_settings.reviewerName();
    return m_options.demo ? tr("Demo Reviewer") : QString();
}

QString AppServices::stateText(Part part, State state, const QString& detail)
{
    QString name;
    switch (part) {
    case Part::Database:
        name = tr("Database");
        break;
    case Part::Chatwoot:
        name = tr("Chatwoot");
        break;
    case Part::Model:
        name = tr("Model");
        break;
    case Part::Knowledge:
        name = tr("Knowledge base");
        break;
    }
    QString what;
    switch (state) {
    case State::Starting:
        what = tr("starting…");
        break;
    case State::Up:
        what = tr("online");
        break;
    case State::Degraded:
        what = tr("degraded");
        break;
    case State::Down:
        what = tr("unavailable");
        break;
    case State::Off:
        what = tr("off");
        break;
    }
    return detail.isEmpty() ? tr("%1: %2").arg(name, what) : tr("%1: %2").arg(name, detail);
}

void AppServices::setState(Part part, State state, const QString& detail)
{
    emit partChanged(part, state, detail);
}

void AppServices::start()
{
    if (m_options.demo) {
        QTemporaryDir dir(QDir::temp().filePath(QStringLiteral("cxpilot-demo-XXXXXX")));
        dir.setAutoRemove(false);
        m_demoDir = dir.path();
    }
    openDatabase();
}

void AppServices::openDatabase()
{
    setState(Part::Database, State::Starting);
    QString url = m_options.databaseUrl;
    if (url.isEmpty() && m_options.demo)
        url = QStringLiteral("sqlite://") + QDir(m_demoDir).filePath(QStringLiteral("demo.db"));
    if (url.isEmpty())
        url = m_settings.databaseUrl();
    // The PostgreSQL password is never in the settings file: Settings stores it in the keychain (or the
    // environment has it, headless). It goes into the connection only, never into a URL that is shown.
    const auto parsed = storage::DatabaseUrl::parse(url);
    if (!parsed || parsed->dialect != storage::Dialect::Postgres || !parsed->password.isEmpty())
        return openDatabaseWithPassword(url, {});
    if (auto password = EnvSecretStore::value(SecretKey::DatabasePassword))
        return openDatabaseWithPassword(url, *password);
    auto keychain = std::make_shared<KeychainSecretStore>(m_options.keychainService);
    keychain->read(SecretKey::DatabasePassword, this, [this, keychain, url](Result<QString> password) {
        if (!password && password.error().kind != ErrorKind::NotFound)
            qCWarning(lcApp) << "the database password could not be read from the keychain:"
                             << password.error().message;
        openDatabaseWithPassword(url, password ? password.value() : QString());
    });
}

namespace {
struct OpenedDatabases {
    Result<std::shared_ptr<storage::Database>> database;
    Result<std::shared_ptr<storage::Database>> signalQueue;
};

// The server's words for a refused login, as the reviewer should read them.
QString databaseOpenProblem(const Error& error, bool hadPassword)
{
    if (error.message.contains(QLatin1String("password authentication failed")))
        return AppServices::tr("password authentication failed");
    if (error.message.contains(QLatin1String("no password supplied")))
        return hadPassword ? AppServices::tr("password authentication failed")
                           : AppServices::tr("a password is needed — set it in Settings › Database password");
    return error.message;
}
} // namespace

void AppServices::openDatabaseWithPassword(const QString& url, const QString& password)
{
    QString queuePath = m_options.signalQueuePath;
    if (queuePath.isEmpty())
        queuePath = m_options.demo
            ? QDir(m_demoDir).filePath(QStringLiteral("signal-queue.db"))
            : QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                  .filePath(QStringLiteral("signal-queue.db"));
    auto* watcher = new QFutureWatcher<OpenedDatabases>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, hadPassword = !password.isEmpty()] {
        watcher->deleteLater();
        OpenedDatabases opened = watcher->result();
        if (opened.signalQueue) {
            m_signalQueue = opened.signalQueue.value();
        } else {
            emit problem(tr("The local queue for learning signals could not be opened: %1. A learning signal "
                            "that cannot reach the database would be lost.")
                             .arg(opened.signalQueue.error().message));
        }
        if (!opened.database) {
            const QString why = databaseOpenProblem(opened.database.error(), hadPassword);
            setState(Part::Database, State::Down, why);
            emit problem(why == tr("password authentication failed")
                    ? tr("database: password authentication failed. Check the database password in Settings.")
                    : tr("The database could not be opened: %1. Check the database URL in Settings.")
                          .arg(why));
            setState(Part::Chatwoot, State::Off, tr("waiting for the database"));
            reportModelIdle();
            startKnowledge();
            return;
        }
        m_database = opened.database.value();
        setState(Part::Database, State::Up,
            tr("%1, schema %2")
                .arg(m_database->dialect() == storage::Dialect::Sqlite ? tr("SQLite") : tr("PostgreSQL"))
                .arg(m_database->schemaVersion()));
        startDraftNotifications();
        emit databaseReady();
        startKnowledge();
        startChatwoot();
    });
    watcher->setFuture(QtConcurrent::run([url, password, queuePath]() -> OpenedDatabases {
        QDir().mkpath(QFileInfo(queuePath).absolutePath());
        auto queue = storage::Database::open(QStringLiteral("sqlite://") + queuePath);
        auto parsed = storage::DatabaseUrl::parse(url);
        if (!parsed)
            return { parsed.error(), queue };
        storage::DatabaseUrl withPassword = parsed.value();
        if (!password.isEmpty())
            withPassword.password = password;
        return { storage::Database::open(withPassword), queue };
    }));
}

void AppServices::flushSignals()
{
    if (!m_approvals || !m_signalQueue || m_flushing)
        return;
    m_flushing = true;
    m_approvals->flushQueuedSignals(this, [this](Result<int> moved) {
        m_flushing = false;
        if (!moved)
            qCInfo(lcApp) << "queued learning signals still wait:" << moved.error().message;
        updateQueuedSignalCount();
    });
}

void AppServices::updateQueuedSignalCount()
{
    if (!m_signalQueue)
        return;
    review::dbCall<Result<int>>(
        m_signalQueue, this, [](storage::Database& queue) { return review::SignalQueue(queue).size(); },
        [this](Result<int> count) {
            if (!count) {
                qCWarning(lcApp) << "the local signal queue could not be read:" << count.error().message;
                return;
            }
            if (count.value() == m_queuedSignals)
                return;
            m_queuedSignals = count.value();
            emit queuedSignalsChanged(m_queuedSignals);
        });
}

void AppServices::startKnowledge()
{
    m_knowledge = new knowledge::KnowledgeBase(this);
    const QString indexDir = m_options.demo ? QDir(m_demoDir).filePath(QStringLiteral("kb-index"))
                                            : knowledge::KnowledgeBase::defaultDirectory();
    if (Status opened = m_knowledge->open(indexDir); !opened) {
        setState(Part::Knowledge, State::Down, opened.error().message);
        return;
    }
    if (!m_options.demo) {
        refreshKnowledgeState();
        return;
    }
    // Demo: the sample knowledge base is ingested at first start, with visible progress.
    setState(Part::Knowledge, State::Starting, tr("ingesting the sample knowledge base…"));
    const QString source = extractSampleKnowledge(QDir(m_demoDir).filePath(QStringLiteral("kb")));
    m_knowledge->ingestPathAsync(
        source, this, [this](int done, int total) { emit knowledgeProgress(done, total); },
        [this](Result<knowledge::IngestReport> report) {
            if (!report) {
                setState(Part::Knowledge, State::Down, report.error().message);
                return;
            }
            setState(Part::Knowledge, State::Up, tr("%1 passages").arg(m_knowledge->index().chunkCount()));
        });
}

void AppServices::refreshKnowledgeState()
{
    if (!m_knowledge)
        return;
    const int passages = m_knowledge->index().chunkCount();
    setState(Part::Knowledge, passages > 0 ? State::Up : State::Degraded,
        passages > 0 ? tr("%1 passages").arg(passages)
                     : tr("empty — add articles in File › Knowledge base…"));
}

void AppServices::startChatwoot()
{
    if (m_options.demo) {
        m_sandbox = new sandbox::ChatwootSandbox(this);
        if (!m_sandbox->listen()) {
            setState(Part::Chatwoot, State::Down, tr("the sandbox could not listen on 127.0.0.1"));
            return;
        }
        m_sandbox->loadDemoSeed();
        m_customers = new sandbox::ScriptedCustomers(m_sandbox, this);
        m_customers->setInterval(m_options.customerIntervalMs);
        m_customers->start();
        (void)m_settings.setChatwootBaseUrl(m_sandbox->url().toString());
        (void)m_settings.setChatwootAccountId(QString::number(m_sandbox->accountId()));
        m_chatwootToken = m_sandbox->token();
    } else {
        if (!m_settings.isChatwootConfigured()) {
            setState(Part::Chatwoot, State::Off, tr("not configured — open Settings"));
            reportModelIdle();
            return;
        }
        if (auto token = EnvSecretStore::value(SecretKey::ChatwootApiToken))
            m_chatwootToken = *token;
    }
    auto connectClient = [this] {
        m_chatwoot = new chatwoot::ChatwootClient(chatwoot::ChatwootConfig { m_settings.chatwootBaseUrl(),
                                                      m_settings.chatwootAccountId(), m_chatwootToken },
            m_network, this);
        startDrafting();
        setState(Part::Chatwoot, State::Starting, m_options.demo ? tr("sandbox (simulated)") : QString());
        m_chatwoot->healthCheck(this, [this](chatwoot::HealthReport report) {
            const bool ok = report.allUp();
            if (!m_options.demo && ::cx::gui::chatwootUnreachable(report)) {
                setState(Part::Chatwoot, State::Down, tr("cannot be reached"));
                emit chatwootUnreachable(report.baseUrl);
                return;
            }
            setState(Part::Chatwoot, ok ? State::Up : State::Degraded,
                m_options.demo
                    ? tr("sandbox (simulated)")
                    : (ok ? report.version : tr("a probe failed — see Settings › Test connection")));
        });
        emit chatwootReady();
    };
    if (!m_chatwootToken.isEmpty() || m_options.demo)
        return connectClient();
    // The token lives in the keychain: read it without blocking the window.
    auto* keychain = new KeychainSecretStore();
    keychain->read(SecretKey::ChatwootApiToken, this, [this, keychain, connectClient](Result<QString> token) {
        delete keychain;
        if (!token) {
            setState(Part::Chatwoot, State::Down, token.error().message);
            emit problem(tr("The Chatwoot API token could not be read: %1").arg(token.error().message));
            reportModelIdle();
            return;
        }
        m_chatwootToken = token.value();
        connectClient();
    });
}

void AppServices::reportModelIdle()
{
    // Drafts are written for Chatwoot's conversations, so the model starts with Chatwoot; without it the
    // status bar says so instead of "starting…" for ever.
    if (!m_settings.draftingEnabled())
        setState(Part::Model, State::Off, tr("drafting off"));
    else if (m_settings.modelBaseUrl().isValid())
        setState(
            Part::Model, State::Off, tr("%1 — idle until Chatwoot is connected").arg(m_settings.modelName()));
    else
        setState(Part::Model, State::Off, tr("offline drafter — idle until Chatwoot is connected"));
}

void AppServices::startDrafting()
{
    if (m_settings.modelBaseUrl().isValid() && !m_modelKeyRead) {
        m_modelKeyRead = true;
        // The model's API key: the environment, else the keychain (read without blocking). A local server
        // may need none: a missing key is fine.
        if (auto key = EnvSecretStore::value(SecretKey::OpenAiApiKey)) {
            m_modelKey = *key;
        } else {
            auto keychain = std::make_shared<KeychainSecretStore>();
            keychain->read(SecretKey::OpenAiApiKey, this, [this, keychain](Result<QString> key) {
                if (key)
                    m_modelKey = key.value();
                startDrafting();
            });
            return;
        }
    }
    if (m_settings.modelBaseUrl().isValid()) {
        llm::OpenAiConfig config;
        config.baseUrl = m_settings.modelBaseUrl();
        config.model = m_settings.modelName();
        config.apiKey = m_modelKey;
        m_model = new llm::OpenAiClient(config, m_network, this);
        m_rewriter->setClient(m_model);
        setState(Part::Model, State::Up, tr("%1 at %2").arg(config.model, config.baseUrl.host()));
        // Semantic retrieval through the same endpoint; lexical keeps working if it fails.
        if (m_knowledge) {
            m_embeddings = std::make_unique<llm::OpenAiEmbeddingProvider>(m_model);
            m_knowledge->setEmbeddingProvider(m_embeddings.get());
            m_knowledge->updateEmbeddings(this, [this](Result<int> embedded) {
                if (!embedded)
                    setState(Part::Knowledge, State::Degraded,
                        tr("lexical only — embeddings failed: %1").arg(embedded.error().message));
            });
        }
    } else {
        setState(Part::Model, State::Degraded, tr("offline drafter (no model configured)"));
    }
    if (!m_settings.draftingEnabled())
        setState(Part::Model, State::Off, tr("drafting off (AI_CUSTOMER_DRAFT_ENABLED=false)"));

    drafting::Drafter::Config config;
    config.enabled = m_settings.draftingEnabled();
    m_drafter = new drafting::Drafter(config, m_model, pipeline::knowledgeRetriever(m_knowledge), nullptr);
    pipeline::DraftPipeline::Options options;
    options.draftingEnabled = m_settings.draftingEnabled();
    if (m_database->dialect() == storage::Dialect::Postgres && !m_database->url().user.isEmpty())
        options.actor = m_database->url().user;
    m_pipeline = new pipeline::DraftPipeline(
        m_database, m_chatwoot, pipeline::drafterGenerator(m_drafter), options, nullptr);
    m_poller = new pipeline::ChatwootPoller(m_chatwoot, m_pipeline, nullptr);
    review::ApprovalFlow::Options flowOptions;
    flowOptions.editRatioThreshold = m_settings.editRatioThreshold();
    flowOptions.signalQueue = m_signalQueue; // a signal the database cannot take waits there
    m_approvals = new review::ApprovalFlow(m_database, m_chatwoot, flowOptions, nullptr);
    m_poller->start(m_options.pollIntervalMs);
    m_flushTimer = new QTimer(this);
    connect(m_flushTimer, &QTimer::timeout, this, &AppServices::flushSignals);
    m_flushTimer->start(m_options.signalFlushIntervalMs);
    flushSignals();
    // Interrupted approvals (a crash, an unclear POST, a window closed mid-send) are finished here, with the
    // same guards as a send from the drawer.
    m_recovery = new review::Recovery(m_database, m_approvals, nullptr);
    m_recovery->start(m_options.recoveryIntervalMs);
}

void AppServices::startDraftNotifications()
{
    delete m_draftNotifications;
    m_draftNotifications = nullptr;
    if (m_database->dialect() != storage::Dialect::Postgres)
        return; // SQLite has no notifications: the drafts list polls
    auto* notifications = new ingest::DraftNotifications(m_database, this);
    if (const Status started = notifications->start(); !started) {
        qCWarning(lcApp) << "drafts are polled: LISTEN failed:" << started.error().toString();
        delete notifications;
        return;
    }
    m_draftNotifications = notifications;
}

} // namespace cx::gui
