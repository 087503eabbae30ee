#pragma once

#include "foundation/Result.h"
#include "foundation/Settings.h"

#include <QStringList>

#include <memory>

namespace cx::storage {
class Database;
}

namespace cx::cli {

// Settings for a CLI command: stored settings + environment, then command-line overrides:
// --database URL, --chatwoot-url URL, --account ID, --model-url URL, --model NAME.
// On an invalid value, prints the error naming the setting and returns it.
Result<Settings> loadSettings(const QStringList& args);

// The database for a command: the settings' URL unless --database overrides it; opened and migrated.
// On failure prints the error; the exit code to use is then 2 (bad arguments) or 1 (the database failed).
struct OpenedDatabase {
    std::shared_ptr<storage::Database> database;
    int exitCode = 0;
};
OpenedDatabase openDatabase(const QStringList& args);

// A secret for a CLI command: the environment variable first (headless), then the keychain.
// Waits with a local event loop (CLI only). NotFound when neither has it.
Result<QString> readSecret(const QString& key);

} // namespace cx::cli
