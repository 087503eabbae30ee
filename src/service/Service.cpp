#include "Service.h"

#include "WebhookServerThread.h"
#include "chatwoot/ChatwootClient.h"
#include "drafting/Drafter.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "ingest/CatchUpSweep.h"
#include "ingest/JobQueue.h"
#include "ingest/JobRunner.h"
#include "ingest/ServiceMetrics.h"
#include "ingest/ServiceRetention.h"
#include "ingest/ServiceState.h"
#include "ingest/WebhookIntake.h"
#include "knowledge/KnowledgeBase.h"
#include "llm/OpenAiClient.h"
#include "pipeline/DraftPipeline.h"
#include "pipeline/DrafterAdapter.h"
#include "review/DbCall.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QTextStream>

namespace cx::service {

namespace {
QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}
} // namespace

Service::Service(ServiceConfig config, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_metrics(std::make_unique<ingest::ServiceMetrics>())
{
    using ingest::ServiceMetrics;
    m_metrics->describe(QStringLiteral("cxpilotd_deliveries_total"), QStringLiteral("counter"),
        QStringLiteral("Webhook deliveries by outcome and HTTP status."));
    m_metrics->describe(QStringLiteral("cxpilotd_jobs_total"), QStringLiteral("counter"),
        QStringLiteral("Finished job attempts by kind and result (done, retry, parked, lease_lost)."));
    m_metrics->describe(QStringLiteral("cxpilotd_drafts_total"), QStringLiteral("counter"),
        QStringLiteral("Drafts noted by this instance, by drafter (model or offline)."));
    m_metrics->describe(QStringLiteral("cxpilotd_model_errors_total"), QStringLiteral("counter"),
        QStringLiteral("Draft attempts that failed because the draft could not be generated."));
    m_metrics->describe(QStringLiteral("cxpilotd_queue_jobs"), QStringLiteral("gauge"),
        QStringLiteral("Jobs in the shared queue by state."));
    m_metrics->describe(QStringLiteral("cxpilotd_queue_lag_seconds"), QStringLiteral("gauge"),
        QStringLiteral("How long the oldest due job has waited."));
    m_metrics->describe(QStringLiteral("cxpilotd_sweep_lag_seconds"), QStringLiteral("gauge"),
        QStringLiteral("Seconds since the last completed catch-up sweep began (any instance)."));
    m_metrics->describe(QStringLiteral("cxpilotd_pruned_rows_total"), QStringLiteral("counter"),
        QStringLiteral("Rows deleted by retention (CXPILOTD_RETENTION_DAYS, cxpilotd prune), by table."));
    m_metrics->setGauge(QStringLiteral("cxpilotd_model_errors_total"), 0);
    for (const char* table : { "webhook_deliveries", "service_jobs" })
        m_metrics->setGauge(QStringLiteral("cxpilotd_pruned_rows_total"), 0,
            ServiceMetrics::label(QStringLiteral("table"), QString::fromLatin1(table)));
}

Service::~Service()
{
    if (m_front)
        m_front->stop(); // before the runner, the database and the metrics it uses go
}

bool Service::start()
{
    m_startedMs = Clock::nowMSecs();
    auto db = storage::Database::open(m_config.databaseUrl);
    if (!db) {
        err() << tr("cxpilotd: the database could not be opened: %1").arg(db.error().toString()) << Qt::endl;
        return false;
    }
    m_db = db.value();
    const QString login = m_db->sessionUser();
    const QString actor = login.isEmpty() ? QStringLiteral("cxpilotd") : login; // RLS: actor = current_user

    m_network = new QNetworkAccessManager(this);
    m_client = new chatwoot::ChatwootClient(
        { m_config.chatwootBaseUrl, m_config.chatwootAccountId, m_config.chatwootApiKey }, m_network, this);
    m_client->setTransferTimeoutMs(20000);

    m_kb = std::make_unique<knowledge::KnowledgeBase>();
    if (!m_config.knowledgeDir.isEmpty()) {
        if (Status opened = m_kb->open(m_config.knowledgeDir); !opened) {
            err() << tr("cxpilotd: CXPILOT_KB_DIR: the knowledge base could not be opened: %1")
                         .arg(opened.error().message)
                  << Qt::endl;
            return false;
        }
    } else {
        qCWarning(lcDrafting) << "no knowledge base configured (CXPILOT_KB_DIR): drafts have no passages";
    }
    if (m_config.modelBaseUrl.isValid() && !m_config.modelBaseUrl.isEmpty()) {
        llm::OpenAiConfig model;
        model.baseUrl = m_config.modelBaseUrl;
        model.model = m_config.modelName;
        model.apiKey = m_config.modelApiKey;
        m_model = new llm::OpenAiClient(model, m_network, this);
    }
    drafting::Drafter::Config drafterConfig;
    drafterConfig.enabled = m_config.draftingEnabled;
    m_drafter = new drafting::Drafter(drafterConfig, m_model, pipeline::knowledgeRetriever(m_kb.get()), this);

    pipeline::DraftPipeline::Options pipelineOptions;
    pipelineOptions.maxConcurrent = m_config.workers;
    pipelineOptions.draftingEnabled = m_config.draftingEnabled;
    pipelineOptions.actor = actor;
    m_pipeline = new pipeline::DraftPipeline(
        m_db, m_client, pipeline::drafterGenerator(m_drafter), pipelineOptions, this);

    ingest::JobRunner::Options runnerOptions;
    runnerOptions.owner = m_config.instanceId;
    runnerOptions.actor = actor;
    runnerOptions.maxConcurrent = m_config.workers;
    runnerOptions.leaseMs = m_config.leaseSecs * 1000LL;
    runnerOptions.maxAttempts = m_config.maxAttempts;
    runnerOptions.backoffBaseMs = m_config.backoffMs;
    if (qEnvironmentVariableIsSet("CXPILOTD_TEST_STALL_FIRST_JOB_MS")) { // a test seam (JobRunner::Options)
        bool ok = false;
        runnerOptions.stallFirstJobMs
            = qEnvironmentVariable("CXPILOTD_TEST_STALL_FIRST_JOB_MS").toLongLong(&ok);
        if (!ok || runnerOptions.stallFirstJobMs < 0) {
            err() << tr("cxpilotd: CXPILOTD_TEST_STALL_FIRST_JOB_MS: \"%1\" is not a number of milliseconds")
                         .arg(qEnvironmentVariable("CXPILOTD_TEST_STALL_FIRST_JOB_MS"))
                  << Qt::endl;
            return false;
        }
    }
    m_runner = new ingest::JobRunner(m_db, m_client, m_pipeline, m_metrics.get(), runnerOptions, this);

    WebhookServerThread::Setup front;
    front.db = m_db;
    front.intake.verifier.secret = m_config.webhookSecret;
    front.intake.verifier.maxBodyBytes = m_config.maxBodyBytes;
    front.intake.draftingEnabled = m_config.draftingEnabled;
    front.intake.accountId = m_config.chatwootAccountId;
    front.metrics = m_metrics.get();
    front.maxBodyBytes = m_config.maxBodyBytes;
    front.hooks = { [this] { return readiness(); }, [this] { return metricsText(); } };
    m_front = std::make_unique<WebhookServerThread>(std::move(front));
    // The HTTP thread queues this signal to ours, where the runner lives.
    connect(m_front.get(), &WebhookServerThread::jobQueued, m_runner, &ingest::JobRunner::wake);
    const quint16 port = m_front->start(m_config.listenAddress, m_config.listenPort);
    if (port == 0) {
        err() << tr("cxpilotd: --listen %1: %2").arg(m_config.listenText(), m_front->errorString())
              << Qt::endl;
        return false;
    }
    m_config.listenPort = port;

    m_sweep = new ingest::CatchUpSweep(m_db, m_client, m_metrics.get(), this);
    connect(m_sweep, &ingest::CatchUpSweep::jobsQueued, m_runner, &ingest::JobRunner::wake);
    m_runner->start();
    m_sweep->start(m_config.sweepSecs * 1000);

    connect(&m_probeTimer, &QTimer::timeout, this, &Service::probeChatwoot);
    m_probeTimer.start(15000);
    probeChatwoot();
    if (m_config.retentionDays > 0) { // at start, then hourly; any instance may (deletes are idempotent)
        connect(&m_pruneTimer, &QTimer::timeout, this, &Service::prune);
        m_pruneTimer.start(3600 * 1000);
        prune();
    }
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Service::heartbeat);
    m_heartbeatTimer.start(30000);
    heartbeat();

    // The one line tests and operators wait for (stdout; everything else goes to stderr/journald).
    QTextStream(stdout) << "cxpilotd " << CXPILOT_VERSION << " listening on " << m_config.listenText()
                        << " as instance " << m_config.instanceId << Qt::endl;
    qCInfo(lcWebhook).noquote() << "database" << m_db->url().redacted() << "login"
                                << (login.isEmpty() ? QStringLiteral("-") : login) << "drafter"
                                << (m_model ? m_config.modelName : QStringLiteral("offline"));
    return true;
}

void Service::shutdown()
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    qCInfo(lcWebhook) << "shutting down: no new deliveries; finishing or releasing leased jobs";
    if (m_front)
        m_front->stopAccepting();
    if (m_sweep)
        m_sweep->stop();
    m_probeTimer.stop();
    m_heartbeatTimer.stop();
    m_pruneTimer.stop();
    auto finish = [this] {
        if (m_front)
            m_front->stop();
        emit stopped();
    };
    if (!m_runner)
        return finish();
    m_runner->stop(10000, finish);
}

std::pair<bool, QString> Service::readiness()
{
    auto version = [this]() -> Result<int> {
        QSqlDatabase c = m_db->connection();
        return storage::Migrator::currentVersion(c);
    }();
    if (!version) {
        (void)m_db->reconnect();
        return { false, tr("database unavailable: %1").arg(version.error().message) };
    }
    const int latest = storage::Migrator::latestVersion(m_db->dialect());
    if (version.value() != latest)
        return { false,
            tr("database schema at version %1, this build needs %2").arg(version.value()).arg(latest) };
    if (!m_chatwootOk.load()) {
        QMutexLocker lock(&m_chatwootMutex);
        return { false, tr("Chatwoot unavailable: %1").arg(m_chatwootReason) };
    }
    return { true, tr("ready") };
}

QByteArray Service::metricsText()
{
    ingest::JobQueue queue(*m_db);
    if (auto counts = queue.counts()) {
        using ingest::ServiceMetrics;
        const QString name = QStringLiteral("cxpilotd_queue_jobs");
        m_metrics->setGauge(
            name, counts->queued, ServiceMetrics::label(QStringLiteral("state"), QStringLiteral("queued")));
        m_metrics->setGauge(
            name, counts->running, ServiceMetrics::label(QStringLiteral("state"), QStringLiteral("running")));
        m_metrics->setGauge(
            name, counts->parked, ServiceMetrics::label(QStringLiteral("state"), QStringLiteral("parked")));
        m_metrics->setGauge(
            name, counts->done, ServiceMetrics::label(QStringLiteral("state"), QStringLiteral("done")));
    }
    if (auto lag = queue.oldestDueAgeMs())
        m_metrics->setGauge(QStringLiteral("cxpilotd_queue_lag_seconds"), lag.value() / 1000.0);
    if (auto last = ingest::ServiceState(*m_db).lastSweepMs(); last && last.value() > 0)
        m_metrics->setGauge(
            QStringLiteral("cxpilotd_sweep_lag_seconds"), (Clock::nowMSecs() - last.value()) / 1000.0);
    return m_metrics->renderPrometheus();
}

void Service::probeChatwoot()
{
    m_client->fetchProfile(this, [this](Result<chatwoot::Profile> profile) {
        {
            QMutexLocker lock(&m_chatwootMutex);
            m_chatwootReason = profile ? QString() : profile.error().message;
        }
        m_chatwootOk.store(profile.ok());
    });
}

void Service::prune()
{
    const QDateTime cutoff = Clock::nowUtc().addDays(-m_config.retentionDays);
    review::dbCall<Result<ingest::ServiceRetention::Pruned>>(
        m_db, this, [cutoff](storage::Database& db) { return ingest::ServiceRetention(db).prune(cutoff); },
        [this](Result<ingest::ServiceRetention::Pruned> pruned) {
            if (!pruned) {
                qCWarning(lcWebhook) << "pruning the service's history failed:" << pruned.error().toString();
                return;
            }
            using ingest::ServiceMetrics;
            const QString name = QStringLiteral("cxpilotd_pruned_rows_total");
            m_metrics->increment(name,
                ServiceMetrics::label(QStringLiteral("table"), QStringLiteral("webhook_deliveries")),
                static_cast<double>(pruned->deliveries));
            m_metrics->increment(name,
                ServiceMetrics::label(QStringLiteral("table"), QStringLiteral("service_jobs")),
                static_cast<double>(pruned->jobs));
            qCInfo(lcWebhook) << "pruned" << pruned->deliveries << "deliveries and" << pruned->jobs
                              << "done jobs older than" << m_config.retentionDays << "days";
        });
}

void Service::heartbeat()
{
    const QString id = m_config.instanceId;
    const QString host = QHostInfo::localHostName();
    const qint64 started = m_startedMs;
    review::dbCall<Status>(
        m_db, this,
        [id, host, started](
            storage::Database& db) { return ingest::ServiceState(db).heartbeat(id, host, started); },
        [](Status st) {
            if (!st)
                qCWarning(lcWebhook) << "heartbeat not recorded:" << st.error().toString();
        });
}

} // namespace cx::service
