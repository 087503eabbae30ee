// cxpilotd: the team's webhook service (issue 14). Subcommands: run (default), status, retry ID, prune.
#include "Service.h"
#include "ServiceConfig.h"

#include "foundation/Clock.h"
#include "ingest/JobQueue.h"
#include "ingest/ServiceRetention.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("cxpilotd", text);
}

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}
QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

const char* const kHelp
    = R"(Usage: cxpilotd [run] [OPTIONS]      receive Chatwoot webhooks, draft, post private notes
       cxpilotd status [OPTIONS]     the job queue: counts, and parked jobs with their reason
       cxpilotd retry ID [OPTIONS]   queue a parked job again
       cxpilotd prune [--older-than DAYS] [OPTIONS]
                                     delete deliveries whose job is done and done jobs older than DAYS
                                     (default: the retention below); parked jobs are never deleted
       cxpilotd --help | --version

Options (each also read from the environment variable named in brackets, or from --config FILE):
  --listen ADDRESS:PORT   where to listen [CXPILOT_LISTEN] (default 127.0.0.1:8787; TLS at a reverse proxy)
  --config FILE           KEY=VALUE lines with the variable names below (systemd EnvironmentFile format)
  --database URL          sqlite:///path.db (one instance) or postgresql://user:pw@host:port/db [CXPILOT_DATABASE_URL]
  --index DIR             knowledge base index [CXPILOT_KB_DIR]
  --workers N             jobs run at once (default 4) [CXPILOTD_WORKERS]
  --lease-secs N          a job's lease, renewed while it runs (default 120) [CXPILOTD_LEASE_SECS]
  --max-attempts N        attempts before a job is parked (default 5) [CXPILOTD_MAX_ATTEMPTS]
  --sweep-secs N          catch-up sweep interval, 0 = only at start (default 300) [CXPILOTD_SWEEP_SECS]
  --retention-days N      prune history older than N days at start and hourly, 0 = never (default 30)
                          [CXPILOTD_RETENTION_DAYS]
  --instance NAME         this instance's name in leases (default host:pid) [CXPILOTD_INSTANCE]
Environment only: CHATWOOT_BASE_URL, CHATWOOT_ACCOUNT_ID, CHATWOOT_API_KEY, CHATWOOT_WEBHOOK_SECRET,
  OPENAI_BASE_URL, OPENAI_MODEL, OPENAI_API_KEY, AI_CUSTOMER_DRAFT_ENABLED, CXPILOTD_BACKOFF_MS,
  CXPILOTD_MAX_BODY_BYTES.
Precedence: options > environment > --config file > defaults. Precedence applies per setting.
)";

// SIGTERM/SIGINT -> a byte on a socket -> the event loop (nothing but write() runs in the handler).
int g_signalFd[2] = { -1, -1 };
void onSignal(int)
{
    const char b = 1;
    (void)!::write(g_signalFd[0], &b, 1);
}

int runService(const QStringList& args)
{
    auto config = cx::service::ServiceConfig::load(args);
    if (!config) {
        err() << "cxpilotd: " << config.error().message << Qt::endl;
        return 2;
    }
    if (cx::Status complete = config->checkComplete(); !complete) {
        err() << "cxpilotd: " << complete.error().message << Qt::endl;
        return 2;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0) {
        err() << "cxpilotd: socketpair failed" << Qt::endl;
        return 1;
    }
    struct sigaction action { };
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    cx::service::Service service(config.value());
    QSocketNotifier notifier(g_signalFd[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &service, [&service, &notifier] {
        char b = 0;
        (void)!::read(g_signalFd[1], &b, 1);
        notifier.setEnabled(false);
        service.shutdown();
    });
    QObject::connect(&service, &cx::service::Service::stopped, qApp, [] { QCoreApplication::exit(0); });
    if (!service.start())
        return 1;
    return QCoreApplication::exec();
}

std::shared_ptr<cx::storage::Database> openForCommand(const QStringList& args, int& exitCode)
{
    auto config = cx::service::ServiceConfig::load(args);
    if (!config) {
        err() << "cxpilotd: " << config.error().message << Qt::endl;
        exitCode = 2;
        return {};
    }
    if (config->databaseUrl.isEmpty()) {
        err() << "cxpilotd: " << tr("CXPILOT_DATABASE_URL: no database is configured (or --database URL)")
              << Qt::endl;
        exitCode = 2;
        return {};
    }
    auto db = cx::storage::Database::open(config->databaseUrl);
    if (!db) {
        err() << "cxpilotd: " << db.error().toString() << Qt::endl;
        exitCode = 1;
        return {};
    }
    return db.value();
}

int runStatus(const QStringList& args)
{
    int code = 0;
    auto db = openForCommand(args, code);
    if (!db)
        return code;
    cx::ingest::JobQueue queue(*db);
    auto counts = queue.counts();
    auto parked = queue.parked();
    if (!counts || !parked) {
        err() << "cxpilotd: " << (counts ? parked.error().toString() : counts.error().toString()) << Qt::endl;
        return 1;
    }
    out() << tr("jobs: %1 queued, %2 running, %3 done, %4 parked")
                 .arg(counts->queued)
                 .arg(counts->running)
                 .arg(counts->done)
                 .arg(counts->parked)
          << Qt::endl;
    for (const cx::ingest::Job& j : parked.value())
        out() << tr("parked %1 %2 conversation %3 message %4 after %5 attempts: %6")
                     .arg(j.id)
                     .arg(cx::ingest::jobKindName(j.kind))
                     .arg(j.conversationId)
                     .arg(j.messageId)
                     .arg(j.attempts)
                     .arg(j.lastError)
              << Qt::endl;
    return 0;
}

int runRetry(const QStringList& args)
{
    bool ok = false;
    const qint64 id = args.value(0).toLongLong(&ok);
    if (!ok || id <= 0) {
        err() << "cxpilotd: " << tr("retry needs a job ID (a positive number), got \"%1\"").arg(args.value(0))
              << Qt::endl;
        return 2;
    }
    int code = 0;
    auto db = openForCommand(args.mid(1), code);
    if (!db)
        return code;
    if (cx::Status st = cx::ingest::JobQueue(*db).retry(id); !st) {
        err() << "cxpilotd: " << st.error().message << Qt::endl;
        return st.error().kind == cx::ErrorKind::NotFound || st.error().kind == cx::ErrorKind::Conflict ? 2
                                                                                                        : 1;
    }
    out() << tr("job %1 queued again").arg(id) << Qt::endl;
    return 0;
}

int runPrune(QStringList args)
{
    int days = -1;
    for (int i = 0; i < args.size(); ++i) {
        QString value;
        if (args.at(i) == QLatin1String("--older-than")) {
            if (i + 1 >= args.size()) {
                err() << "cxpilotd: " << tr("--older-than needs a number of days") << Qt::endl;
                return 2;
            }
            value = args.at(i + 1);
            args.remove(i, 2);
        } else if (args.at(i).startsWith(QLatin1String("--older-than="))) {
            value = args.at(i).section(QLatin1Char('='), 1);
            args.remove(i, 1);
        } else {
            continue;
        }
        bool ok = false;
        days = value.toInt(&ok);
        if (!ok || days < 1 || days > 36500) {
            err() << "cxpilotd: "
                  << tr("--older-than: \"%1\" is not a number of days from 1 to 36500").arg(value)
                  << Qt::endl;
            return 2;
        }
        break;
    }
    auto config = cx::service::ServiceConfig::load(args);
    if (!config) {
        err() << "cxpilotd: " << config.error().message << Qt::endl;
        return 2;
    }
    if (days < 0)
        days = config->retentionDays;
    if (days <= 0) {
        err() << "cxpilotd: "
              << tr("CXPILOTD_RETENTION_DAYS is 0 (never prune): pass --older-than DAYS to prune anyway")
              << Qt::endl;
        return 2;
    }
    int code = 0;
    auto db = openForCommand(args, code);
    if (!db)
        return code;
    auto pruned = cx::ingest::ServiceRetention(*db).prune(cx::Clock::nowUtc().addDays(-days));
    if (!pruned) {
        err() << "cxpilotd: " << pruned.error().toString() << Qt::endl;
        return 1;
    }
    out() << tr("pruned %1 deliveries and %2 done jobs older than %3 days; parked jobs are kept")
                 .arg(pruned->deliveries)
                 .arg(pruned->jobs)
                 .arg(days)
          << Qt::endl;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cxpilotd"));
    QCoreApplication::setOrganizationName(QStringLiteral("cxpilot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CXPILOT_VERSION));
    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        out() << kHelp;
        return 0;
    }
    if (args.contains(QStringLiteral("--version"))) {
        out() << "cxpilotd " << CXPILOT_VERSION << Qt::endl;
        return 0;
    }
    const QString command = args.isEmpty() || args.first().startsWith(QLatin1String("--"))
        ? QStringLiteral("run")
        : args.takeFirst();
    if (command == QLatin1String("run"))
        return runService(args);
    if (command == QLatin1String("status"))
        return runStatus(args);
    if (command == QLatin1String("retry"))
        return runRetry(args);
    if (command == QLatin1String("prune"))
        return runPrune(args);
    err() << "cxpilotd: " << tr("unknown command \"%1\" (run, status, retry, prune; see --help)").arg(command)
          << Qt::endl;
    return 2;
}
