#include "CliContext.h"

#include "CliCommand.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/KeychainSecretStore.h"
#include "storage/Database.h"

#include <QEventLoop>

namespace cx::cli {

namespace {
// Settings::load() ignores an environment variable that does not validate (with a warning, keeping the
// default): right for the desktop, wrong for a command, which would then act on the wrong database or server.
// A command refuses to run instead, naming the variable.
Status checkEnvironment()
{
    const std::pair<const char*, Status (Settings::*)(const QString&)> variables[] = {
        { Settings::kEnvChatwootBaseUrl, &Settings::setChatwootBaseUrl },
        { Settings::kEnvChatwootAccountId, &Settings::setChatwootAccountId },
        { Settings::kEnvDraftEnabled, &Settings::setDraftingEnabled },
        { Settings::kEnvModelBaseUrl, &Settings::setModelBaseUrl },
        { Settings::kEnvModelName, &Settings::setModelName },
        { Settings::kEnvDatabaseUrl, &Settings::setDatabaseUrl },
        { Settings::kEnvReviewer, &Settings::setReviewerName },
    };
    for (const auto& [variable, setter] : variables) {
        if (!qEnvironmentVariableIsSet(variable))
            continue;
        Settings scratch;
        const Status st = (scratch.*setter)(qEnvironmentVariable(variable));
        if (!st)
            return makeError(ErrorKind::Invalid,
                QStringLiteral("%1: %2").arg(QLatin1String(variable), st.error().message),
                QLatin1String(variable));
    }
    return Ok {};
}

// Where the database URL came from, to name it in an error.
QString databaseUrlSource(const QStringList& args)
{
    if (!optionValue(args, QStringLiteral("--database")).isEmpty())
        return QStringLiteral("--database");
    if (qEnvironmentVariableIsSet(Settings::kEnvDatabaseUrl))
        return QLatin1String(Settings::kEnvDatabaseUrl);
    return QCoreApplication::translate("Cli", "the stored database URL");
}
} // namespace

Result<Settings> loadSettings(const QStringList& args)
{
    if (Status env = checkEnvironment(); !env) {
        err() << env.error().message << "\n";
        return env.error();
    }
    Settings settings = Settings::load();
    const std::pair<const char*, Status (Settings::*)(const QString&)> overrides[] = {
        { "--database", &Settings::setDatabaseUrl },
        { "--chatwoot-url", &Settings::setChatwootBaseUrl },
        { "--account", &Settings::setChatwootAccountId },
        { "--model-url", &Settings::setModelBaseUrl },
        { "--model", &Settings::setModelName },
    };
    for (const auto& [flag, setter] : overrides) {
        // An option given without a value (`--database ""`, or last) never gets here: every command checks
        // its options first (checkOptions), so an empty value means "not given", never "use the default".
        const QString name = QLatin1String(flag);
        const QString value = optionValue(args, name);
        if (value.isEmpty())
            continue;
        const Status st = (settings.*setter)(value);
        if (!st) {
            err() << name << ": " << st.error().message << "\n";
            return st.error();
        }
    }
    return settings;
}

OpenedDatabase openDatabase(const QStringList& args)
{
    auto settings = loadSettings(args);
    if (!settings)
        return { nullptr, 2 };
    auto db = storage::Database::open(settings->databaseUrl());
    if (!db) {
        err() << databaseUrlSource(args) << ": " << db.error().toString() << "\n";
        return { nullptr, db.error().kind == ErrorKind::Invalid ? 2 : 1 };
    }
    return { db.value(), 0 };
}

Result<QString> readSecret(const QString& key)
{
    if (auto v = EnvSecretStore::value(key))
        return *v;
    KeychainSecretStore keychain(QStringLiteral("cxpilot"), 200);
    QObject context;
    QEventLoop loop;
    std::optional<Result<QString>> result;
    keychain.read(key, &context, [&](Result<QString> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

} // namespace cx::cli
