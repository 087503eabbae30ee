#include "CliContext.h"

#include "CliCommand.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/KeychainSecretStore.h"
#include "storage/Database.h"

#include <QEventLoop>

namespace cx::cli {

Result<Settings> loadSettings(const QStringList& args)
{
    Settings settings = Settings::load();
    const std::pair<const char*, Status (Settings::*)(const QString&)> overrides[] = {
        { "--database", &Settings::setDatabaseUrl },
        { "--chatwoot-url", &Settings::setChatwootBaseUrl },
        { "--account", &Settings::setChatwootAccountId },
        { "--model-url", &Settings::setModelBaseUrl },
        { "--model", &Settings::setModelName },
    };
    for (const auto& [flag, setter] : overrides) {
        const QString value = optionValue(args, QLatin1String(flag));
        if (value.isEmpty())
            continue;
        const Status st = (settings.*setter)(value);
        if (!st) {
            err() << st.error().message << "\n";
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
        err() << db.error().toString() << "\n";
        return { nullptr, 1 };
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
