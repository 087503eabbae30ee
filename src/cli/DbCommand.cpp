// cxpilot db migrate [--database URL]: applies migrations and prints the schema version.
#include "CliCommand.h"
#include "CliContext.h"
#include "storage/Database.h"
#include "storage/Migrator.h"

namespace cx::cli {

namespace {
int runDb(const QStringList& args)
{
    if (!checkOptions(args, { { QStringLiteral("--database") }, {} }))
        return 2;
    const QStringList pos = positionals(args, { QStringLiteral("--database") });
    if (pos.value(0) != QLatin1String("migrate") && pos.value(0) != QLatin1String("version")) {
        err() << QCoreApplication::translate("Cli", "Usage: cxpilot db migrate|version [--database URL]")
              << "\n";
        return 2;
    }
    const OpenedDatabase opened = openDatabase(args);
    if (!opened.database)
        return opened.exitCode;
    const std::shared_ptr<storage::Database>& db = opened.database;
    out() << QCoreApplication::translate("Cli", "Database %1: schema version %2 (latest %3)")
                 .arg(db->url().redacted())
                 .arg(db->schemaVersion())
                 .arg(storage::Migrator::latestVersion(db->dialect()))
          << "\n";
    return 0;
}

CliRegistration reg({ QStringLiteral("db"), QStringLiteral("db migrate [--database URL]"),
    QCoreApplication::translate("Cli", "create or update the database schema; prints its version"), runDb });
} // namespace

} // namespace cx::cli
