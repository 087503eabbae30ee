#include "CliMain.h"

#include "CliCommand.h"

#include <QGuiApplication>
#include <QLocale>
#include <QLoggingCategory>

#include <cstring>

namespace cx::cli {

namespace {
void printHelp()
{
    out() << QCoreApplication::translate("Cli", "Usage: cxpilot [--demo] [COMMAND [ARGS...]]") << "\n\n"
          << QCoreApplication::translate("Cli", "Without a command, cxpilot opens the desktop app.") << "\n"
          << QCoreApplication::translate(
                 "Cli", "  --demo      open the app on the built-in sandbox (simulated Chatwoot)")
          << "\n  --version   " << QCoreApplication::translate("Cli", "print the version")
          << "\n  --help      " << QCoreApplication::translate("Cli", "this text") << "\n\n"
          << QCoreApplication::translate("Cli", "Commands:") << "\n";
    for (const CliCommand& c : CliRegistry::all())
        out() << "  " << c.synopsis.leftJustified(52) << " " << c.summary << "\n";
    out().flush();
}
} // namespace

bool isCliInvocation(int argc, char* argv[])
{
    if (argc < 2)
        return false;
    const char* first = argv[1];
    if (!std::strcmp(first, "--help") || !std::strcmp(first, "-h") || !std::strcmp(first, "--version"))
        return true;
    return CliRegistry::find(QString::fromLocal8Bit(first)) != nullptr;
}

int runCli(int argc, char* argv[])
{
    // Commands never open a window, but the PDF report paints with QtGui: run it on the offscreen platform,
    // so no display is needed.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cxpilot"));
    QCoreApplication::setOrganizationName(QStringLiteral("cxpilot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CXPILOT_VERSION));
    // The CLI speaks English and its figures (`cxpilot report`, the summary CSV it writes) are read by
    // scripts: numbers in the C locale on every machine, whatever LANG says (metrics::localNumber).
    QLocale::setDefault(QLocale::c());
    QStringList args = QCoreApplication::arguments().mid(1);
    // Quiet by default: progress info only with --verbose (or QT_LOGGING_RULES); warnings always show.
    if (!args.removeAll(QStringLiteral("--verbose")) && !qEnvironmentVariableIsSet("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("cxpilot.*.info=false"));
    const QString first = args.takeFirst();
    if (first == QLatin1String("--version")) {
        out() << "cxpilot " << CXPILOT_VERSION << "\n";
        return 0;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        printHelp();
        return 0;
    }
    const CliCommand* command = CliRegistry::find(first);
    if (!command) {
        err() << QCoreApplication::translate("Cli", "Unknown command: %1").arg(first) << "\n";
        return 2;
    }
    const int code = command->run(args);
    out().flush();
    err().flush();
    return code;
}

} // namespace cx::cli
