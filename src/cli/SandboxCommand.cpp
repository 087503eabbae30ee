// `cxpilot sandbox`: the SIMULATED Chatwoot standalone on 127.0.0.1, until SIGINT/SIGTERM.
#include "CliCommand.h"

#include "SandboxClientCommands.h"
#include "SandboxInfo.h"
#include "chatwoot/ChatwootSandbox.h"
#include "chatwoot/ScriptedCustomers.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace cx::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SandboxCommand", text);
}

int g_signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[0], &c, 1); // async-signal-safe
}

void printHelp()
{
    out()
        << tr("Usage: cxpilot sandbox [OPTIONS]") << "\n"
        << tr("       cxpilot sandbox send-message --port N --conversation ID TEXT") << "\n"
        << tr("       cxpilot sandbox messages --port N --conversation ID") << "\n\n"
        << tr("Runs a SIMULATED Chatwoot on 127.0.0.1 until Ctrl+C (for the demo and for trying things out).")
        << "\n\n"
        << tr("Options:") << "\n"
        << "  --port N              " << tr("port to listen on (0: any free port; default 0)") << "\n"
        << "  --token T             " << tr("API token clients must send (default \"sandbox-token\")") << "\n"
        << "  --seed FILE           " << tr("load inboxes, contacts and conversations from a seed JSON file")
        << "\n"
        << "  --webhook-url URL     " << tr("deliver message_created webhooks to this http(s) URL") << "\n"
        << "  --webhook-secret S    " << tr("sign webhook deliveries with this secret") << "\n"
        << "  --customers MS        " << tr("scripted customers write every MS milliseconds (0: never)")
        << "\n"
        << "  --page-size N         " << tr("conversations per page, 1 to 1000 (default 25)") << "\n"
        << "  --help                " << tr("this text") << "\n";
    out().flush();
}

int run(const QStringList& args)
{
    if (args.value(0) == QLatin1String("send-message"))
        return sandboxSendMessage(args);
    if (args.value(0) == QLatin1String("messages"))
        return sandboxListMessages(args);
    // Help wins over everything else on the line: asking how it works never starts a server.
    if (args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"))) {
        printHelp();
        return 0;
    }
    if (!checkOptions(args,
            { { QStringLiteral("--port"), QStringLiteral("--token"), QStringLiteral("--seed"),
                  QStringLiteral("--webhook-url"), QStringLiteral("--webhook-secret"),
                  QStringLiteral("--customers"), QStringLiteral("--page-size") },
                {} }))
        return 2;
    const QStringList stray = positionals(args,
        { QStringLiteral("--port"), QStringLiteral("--token"), QStringLiteral("--seed"),
            QStringLiteral("--webhook-url"), QStringLiteral("--webhook-secret"),
            QStringLiteral("--customers"), QStringLiteral("--page-size") });
    // Nothing here takes positional arguments: a stray word (a typo'd subcommand) or a single-dash option is
    // an error, not silently ignored. ("-5" after --port is that option's value, not a stray.)
    if (!stray.isEmpty()) {
        const QString& first = stray.first();
        if (first.size() > 1 && first.at(0) == QLatin1Char('-'))
            err() << QCoreApplication::translate("Cli", "unknown option %1").arg(first) << "\n";
        else
            err() << tr("sandbox: unexpected argument \"%1\" (see cxpilot sandbox --help)").arg(first)
                  << "\n";
        return 2;
    }
    bool ok = true;
    const int port = optionValue(args, QStringLiteral("--port"), QStringLiteral("0")).toInt(&ok);
    if (!ok || port < 0 || port > 65535) {
        err() << tr("--port must be a number from 0 to 65535") << "\n";
        return 2;
    }
    const QString customersText = optionValue(args, QStringLiteral("--customers"), QStringLiteral("0"));
    const int customersMs = customersText.toInt(&ok);
    if (!ok || customersMs < 0) {
        err() << tr("--customers: \"%1\" is not a number of milliseconds").arg(customersText) << "\n";
        return 2;
    }
    const QString pageSizeText = optionValue(args, QStringLiteral("--page-size"), QStringLiteral("25"));
    const int pageSize = pageSizeText.toInt(&ok);
    if (!ok || pageSize < 1 || pageSize > 1000) {
        err() << tr("--page-size: \"%1\" is not a number from 1 to 1000").arg(pageSizeText) << "\n";
        return 2;
    }
    sandbox::ChatwootSandbox sandbox;
    sandbox.setConversationPageSize(pageSize);
    const QString token = optionValue(args, QStringLiteral("--token"));
    if (!token.isEmpty())
        sandbox.setToken(token);
    const QString seed = optionValue(args, QStringLiteral("--seed"));
    if (seed.isEmpty()) {
        sandbox.loadDemoSeed();
    } else if (const Status s = sandbox.loadSeedFile(seed); !s.ok()) {
        err() << s.error().message << "\n";
        return 2;
    }
    const QString webhookUrl = optionValue(args, QStringLiteral("--webhook-url"));
    if (!webhookUrl.isEmpty()) {
        const QUrl url(webhookUrl);
        if (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            err() << tr("--webhook-url must be an http(s) URL") << "\n";
            return 2;
        }
        const QByteArray secret = optionValue(args, QStringLiteral("--webhook-secret")).toUtf8();
        if (secret.isEmpty())
            err() << tr("Warning: no --webhook-secret, deliveries are sent UNSIGNED.") << "\n";
        sandbox.setWebhook(url, secret);
    }
    if (sandbox.listen(static_cast<quint16>(port)) == 0) {
        err() << tr("Cannot listen on 127.0.0.1:%1").arg(port) << "\n";
        return 1;
    }
    sandbox::ScriptedCustomers customers(&sandbox);
    if (customersMs > 0) {
        customers.setInterval(customersMs);
        customers.start();
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        err() << tr("Cannot set up signal handling") << "\n";
        return 1;
    }
    QSocketNotifier notifier(g_signalPipe[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [] {
        char c = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[1], &c, 1);
        QCoreApplication::quit();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    out() << "SIMULATED Chatwoot sandbox at " << sandbox.url().toString() << "\n"
          << sandbox::sandboxBanner() << "\n"
          << tr("Account %1, API token \"%2\" (header api_access_token). Ctrl+C to stop.")
                 .arg(sandbox.accountId())
                 .arg(sandbox.token())
          << "\n";
    if (customersMs > 0)
        out() << tr("Scripted customers write every %1 ms.").arg(customersMs) << "\n";
    out().flush();
    const int code = QCoreApplication::exec();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);
    out() << tr("Sandbox stopped.") << "\n";
    return code;
}

CliRegistration registration({ QStringLiteral("sandbox"),
    QStringLiteral(
        "sandbox [--port N] [--token T] [--seed FILE] [--webhook-url URL --webhook-secret S] "
        "[--customers MS] [--page-size N] | sandbox send-message --port N --conversation ID TEXT | "
        "sandbox messages --port N --conversation ID"),
    QStringLiteral("run the SIMULATED Chatwoot sandbox on 127.0.0.1; send-message: a customer writes (API "
                   "inbox), Chatwoot sends the signed webhook; messages: list them"),
    run });
} // namespace

} // namespace cx::cli
