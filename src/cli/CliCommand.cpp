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

QStringList settingsOptions()
{
    return { QStringLiteral("--database"), QStringLiteral("--chatwoot-url"), QStringLiteral("--account"),
        QStringLiteral("--model-url"), QStringLiteral("--model") };
}

bool checkOptions(const QStringList& args, const OptionSpec& spec)
{
    auto fail = [](const QString& message) {
        err() << message << "\n";
        return false;
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        // "-" alone and negative numbers are values, not options; "--" is nothing we use either.
        if (!a.startsWith(QLatin1String("--")))
            continue;
        const qsizetype eq = a.indexOf(QLatin1Char('='));
        const QString name = eq < 0 ? a : a.left(eq);
        if (spec.flags.contains(name)) {
            if (eq >= 0)
                return fail(QCoreApplication::translate("Cli", "%1: takes no value (got \"%2\")")
                                .arg(name, a.mid(eq + 1)));
            continue;
        }
        if (!spec.valued.contains(name))
            return fail(QCoreApplication::translate("Cli", "unknown option %1").arg(name));
        QString value;
        if (eq >= 0) {
            value = a.mid(eq + 1);
        } else {
            if (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--")))
                return fail(QCoreApplication::translate("Cli", "%1: missing value").arg(name));
            value = args.at(++i);
        }
        if (value.trimmed().isEmpty())
            return fail(QCoreApplication::translate("Cli", "%1: empty value").arg(name));
    }
    return true;
}

} // namespace cx::cli
