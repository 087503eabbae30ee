#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace cx::cli {

// A subcommand of `cxpilot`. Runs inside a QCoreApplication (no display needed).
// `args` holds what follows the command name. Returns the process exit code.
// A command may wait for asynchronous work with a local QEventLoop: the CLI has no GUI to freeze.
struct CliCommand {
    QString name; // e.g. "db"
    QString synopsis; // e.g. "db migrate [--database URL]"
    QString summary; // one line for --help
    std::function<int(const QStringList& args)> run;
};

class CliRegistry {
public:
    static void add(CliCommand command);
    static const QList<CliCommand>& all();
    static const CliCommand* find(const QString& name);
};

// Registers a command at static-initialisation time (cxcli is an OBJECT library, so it is never dropped).
struct CliRegistration {
    explicit CliRegistration(CliCommand command) { CliRegistry::add(std::move(command)); }
};

QTextStream& out();
QTextStream& err();

// Small helpers shared by commands.
QString optionValue(const QStringList& args, const QString& name, const QString& fallback = {});
bool hasFlag(const QStringList& args, const QString& name);
// Positional arguments: everything that is not an option or an option's value.
QStringList positionals(const QStringList& args, const QStringList& optionsWithValue);

// The options a (sub)command accepts: `valued` ones take a value (--name VALUE or --name=VALUE), `flags`
// none.
struct OptionSpec {
    QStringList valued;
    QStringList flags;
};
// The options every command that reads the settings understands (see loadSettings).
QStringList settingsOptions();
// Checks `args` against `spec` before a command does anything: an unknown option, a valued option without a
// value (given last, or followed by another option) or with an empty value, and a flag given a value are
// errors. Prints the error naming the option and returns false (the command then exits with 2).
bool checkOptions(const QStringList& args, const OptionSpec& spec);

} // namespace cx::cli
