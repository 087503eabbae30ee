#include "CliCommand.h"

#include <cstdio>

namespace cx::cli {

namespace {
QList<CliCommand>& registry()
{
    static QList<CliCommand> commands;
    return commands;
}
} // namespace

void CliRegistry::add(CliCommand command)
{
    registry().append(std::move(command));
}

const QList<CliCommand>& CliRegistry::all()
{
    return registry();
}

const CliCommand* CliRegistry::find(const QString& name)
{
    for (const CliCommand& c : registry()) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
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

QString optionValue(const QStringList& args, const QString& name, const QString& fallback)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i) == name && i + 1 < args.size())
            return args.at(i + 1);
        if (args.at(i).startsWith(name + QLatin1Char('=')))
            return args.at(i).mid(name.size() + 1);
    }
    return fallback;
}

bool hasFlag(const QStringList& args, const QString& name)
{
    return args.contains(name);
}

QStringList positionals(const QStringList& args, const QStringList& optionsWithValue)
{
    QStringList result;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (optionsWithValue.contains(a)) {
            ++i;
            continue;
        }
        if (a.startsWith(QLatin1String("--")))
            continue;
        result.append(a);
    }
    return result;
}

} // namespace cx::cli
