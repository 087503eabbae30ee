// cxpilot-approval-driver: a headless reviewer for the process-level crash tests (tests/crash). It is killed
// with SIGKILL at random moments and restarted on the same database; see tst_crashrecovery.cpp.
#include "ApprovalDriver.h"
#include "DriverOptions.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace cx;

namespace {
// Every log line of the core (the review flow's steps, the POST of a public reply) goes to stdout with the
// driver's own steps, in order, so the harness can kill right after one of them.
void logToStdout(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtDebugMsg)
        return;
    crash::ApprovalDriver::say(
        QStringLiteral("log %1 %2")
            .arg(QString::fromLatin1(context.category ? context.category : "default"), message.simplified()));
    if (type == QtFatalMsg)
        std::abort();
}

enum ExitCode { kDone = 0, kWorkLeft = 2, kDatabaseUnavailable = 3, kUsage = 64 };
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cxpilot-approval-driver"));
    auto options = crash::DriverOptions::parse(QCoreApplication::arguments());
    if (!options) {
        if (options.error().kind == ErrorKind::Cancelled) { // --help
            std::fputs(qPrintable(options.error().message), stdout);
            return kDone;
        }
        std::fprintf(stderr, "cxpilot-approval-driver: %s\n", qPrintable(options.error().message));
        return kUsage;
    }
    qInstallMessageHandler(logToStdout);
    crash::ApprovalDriver::say(QStringLiteral("step pid %1").arg(QCoreApplication::applicationPid()));

    // The final pass after kills runs "later": leases held by killed processes have expired by then.
    QTimer clockTicker;
    if (const int offset = options->clockOffsetSecs; offset > 0) {
        const auto tick = [offset] { Clock::setFixedNow(QDateTime::currentDateTimeUtc().addSecs(offset)); };
        tick();
        QObject::connect(&clockTicker, &QTimer::timeout, &app, tick);
        clockTicker.start(5);
    }

    auto db = storage::Database::open(options->databaseUrl);
    if (!db) {
        crash::ApprovalDriver::say(QStringLiteral("step error - %1 %2")
                                       .arg(errorKindName(db.error().kind), db.error().message.simplified()));
        return kDatabaseUnavailable;
    }
    std::shared_ptr<storage::Database> queue;
    if (!options->signalQueuePath.isEmpty()) {
        auto local = storage::Database::open(QStringLiteral("sqlite://") + options->signalQueuePath);
        if (!local) {
            std::fprintf(
                stderr, "cxpilot-approval-driver: --signal-queue: %s\n", qPrintable(local.error().message));
            return kUsage;
        }
        queue = local.value();
    }

    QNetworkAccessManager network;
    chatwoot::ChatwootClient client(
        chatwoot::ChatwootConfig { options->chatwootUrl, options->accountId, options->token }, &network);
    client.setTransferTimeoutMs(5000);
    RetryPolicy fast = client.retryPolicy();
    fast.baseDelayMs = 20;
    fast.maxDelayMs = 200;
    client.setRetryPolicy(fast);

    crash::ApprovalDriver driver(options.value(), db.value(), queue, &client);
    QObject::connect(&driver, &crash::ApprovalDriver::finished, &app, &QCoreApplication::exit);
    const qint64 wait = options->startAtMs > 0 ? options->startAtMs - QDateTime::currentMSecsSinceEpoch() : 0;
    QTimer::singleShot(
        int(std::clamp<qint64>(wait, 0, 60000)), Qt::PreciseTimer, &driver, &crash::ApprovalDriver::start);
    return app.exec();
}
