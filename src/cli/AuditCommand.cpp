// cxpilot audit verify | export --out FILE.jsonl [--database URL]
#include "CliCommand.h"
#include "CliContext.h"
#include "review/AuditLog.h"
#include "storage/Database.h"

namespace cx::cli {

namespace {
int runAudit(const QStringList& args)
{
    if (!checkOptions(args, { { QStringLiteral("--database"), QStringLiteral("--out") }, {} }))
        return 2;
    const QStringList pos = positionals(args, { QStringLiteral("--database"), QStringLiteral("--out") });
    const QString action = pos.value(0);
    if (action != QLatin1String("verify") && action != QLatin1String("export")) {
        err() << QCoreApplication::translate("Cli",
            "Usage: cxpilot audit verify [--database URL]\n"
            "       cxpilot audit export --out FILE.jsonl [--database URL]")
              << "\n";
        return 2;
    }
    const OpenedDatabase opened = openDatabase(args);
    if (!opened.database)
        return opened.exitCode;
    const std::shared_ptr<storage::Database>& db = opened.database;
    review::AuditLog log(*db);
    if (action == QLatin1String("export")) {
        const QString outPath = optionValue(args, QStringLiteral("--out"));
        if (outPath.isEmpty()) {
            err() << QCoreApplication::translate("Cli", "audit export needs --out FILE.jsonl") << "\n";
            return 2;
        }
        auto n = log.exportJsonl(outPath);
        if (!n) {
            err() << n.error().toString() << "\n";
            return 1;
        }
        out() << QCoreApplication::translate("Cli", "Exported %1 audit entries to %2")
                     .arg(n.value())
                     .arg(outPath)
              << "\n";
        return 0;
    }
    const Result<review::ChainCheck> check = log.verify(); // streams: memory does not grow with the log
    if (!check) {
        err() << check.error().toString() << "\n";
        return 1;
    }
    if (!check->ok) {
        out() << QCoreApplication::translate("Cli", "Audit log BROKEN at entry %1: %2")
                     .arg(check->firstBadSeq)
                     .arg(check->reason)
              << "\n";
        return 1;
    }
    out() << QCoreApplication::translate("Cli", "Audit log intact: %1 entries, head %2")
                 .arg(check->entries)
                 .arg(check->head)
          << "\n";
    return 0;
}

CliRegistration reg({ QStringLiteral("audit"), QStringLiteral("audit verify|export [--out FILE.jsonl]"),
    QCoreApplication::translate("Cli", "check the audit log's hash chain, or export it as JSON lines"),
    runAudit });
} // namespace

} // namespace cx::cli
