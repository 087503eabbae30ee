// cxpilot experiment start NAME --variants SPEC,SPEC[,...] [--split 50,50] [--database URL]
// cxpilot experiment status [NAME] [--json] [--database URL]      (no NAME: the running, else the newest)
// cxpilot experiment stop NAME [--database URL]
// cxpilot experiment export NAME --out FILE [--format csv|pdf] [--database URL]
//   csv (default): FILE one row per variant and metric, <name>.drafts.csv one row per draft; pdf: the report
// A SPEC is PROMPT_VERSION[@MODEL] or @MODEL (see learning/Experiment.h); the decision rule is the mSPRT
// of learning/SequentialTest.h. Bad input exits 2 naming the option; a database failure exits 1.
#include "CliCommand.h"
#include "CliContext.h"
#include "learning/ExperimentAnalysis.h"
#include "learning/ExperimentPrompts.h"
#include "learning/ExperimentReport.h"
#include "learning/ExperimentStore.h"
#include "storage/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>

namespace cx::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

QString usage()
{
    return tr(
        "Usage: cxpilot experiment start NAME --variants PROMPT[@MODEL],PROMPT[@MODEL][,...] "
        "[--split 50,50] | status [NAME] [--json] | stop NAME | export NAME --out FILE [--format csv|pdf] "
        "[--database URL]");
}

int invalid(const QString& message)
{
    err() << message << "\n" << usage() << "\n";
    return 2;
}

int fail(const Error& e)
{
    err() << e.message << "\n";
    return e.kind == ErrorKind::Invalid || e.kind == ErrorKind::NotFound ? 2 : 1;
}

// Who starts it: the PostgreSQL role (row-level security checks started_by = current_user), else the
// login name.
QString actor(const storage::Database& db)
{
    if (!db.url().user.isEmpty())
        return db.url().user;
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("cxpilot") : user;
}

void printStatus(const learning::Experiment& e, const learning::ExperimentAnalysis& a)
{
    out() << tr("Experiment %1 (%2, started %3 by %4)")
                 .arg(e.name, e.running() ? tr("running") : tr("stopped"), e.startedAt.toString(Qt::ISODate),
                     e.startedBy)
          << "\n";
    for (qsizetype i = 0; i < e.variants.size(); ++i) {
        const learning::ExperimentVariant& v = e.variants.at(i);
        out() << "  " << v.label << ": "
              << tr("prompt %1, model %2, share %3, %4 graded")
                     .arg(v.promptVersion.isEmpty() ? tr("(configured)") : v.promptVersion,
                         v.model.isEmpty() ? tr("(configured)") : v.model)
                     .arg(v.weight)
                     .arg(a.variants.at(i).graded)
              << "\n";
    }
    for (const learning::VariantComparison& c : a.comparisons) {
        out() << "  " << tr("%1 against %2:").arg(e.variants.at(c.variant).label, e.variants.at(0).label)
              << "\n";
        for (const learning::MetricComparison& m : c.metrics)
            out() << "    " << learning::metricName(m.metric) << ": "
                  << tr("%1 (95 % interval [%2, %3]; always-valid [%4, %5])")
                         .arg(learning::formatDifference(m.metric, m.difference),
                             learning::formatDifference(m.metric, m.ci95.lower),
                             learning::formatDifference(m.metric, m.ci95.upper),
                             learning::formatDifference(m.metric, m.sequential.alwaysValid.lower),
                             learning::formatDifference(m.metric, m.sequential.alwaysValid.upper))
                  << "\n";
    }
    out() << tr("Status: %1").arg(a.status) << "\n";
}

int runStart(const QStringList& args, storage::Database& db)
{
    const QStringList names = positionals(
        args, { QStringLiteral("--variants"), QStringLiteral("--split"), QStringLiteral("--database") });
    if (names.size() != 1)
        return invalid(tr("experiment start: give exactly one NAME"));
    if (Status valid = learning::validateExperimentName(names.first()); !valid)
        return invalid(valid.error().message);
    const QString variantText = optionValue(args, QStringLiteral("--variants"));
    if (variantText.isEmpty())
        return invalid(tr("--variants is required (known prompt versions: %1)")
                           .arg(learning::knownPromptVersions().join(QStringLiteral(", "))));
    auto variants = learning::parseVariants(variantText);
    if (!variants)
        return invalid(variants.error().message);
    QList<learning::ExperimentVariant> list = variants.value();
    if (Status split = learning::applySplit(list, optionValue(args, QStringLiteral("--split"))); !split)
        return invalid(split.error().message);
    auto started = learning::ExperimentStore(db).start(names.first(), list, actor(db));
    if (!started)
        return fail(started.error());
    out() << tr("Started experiment %1 with %2 variants; new drafts are assigned by conversation.")
                 .arg(started->name)
                 .arg(started->variants.size())
          << "\n";
    return 0;
}

Result<learning::Experiment> pick(learning::ExperimentStore& store, const QStringList& names)
{
    if (!names.isEmpty())
        return store.find(names.first());
    auto running = store.running();
    if (!running)
        return running.error();
    if (running.value())
        return *running.value();
    auto all = store.list();
    if (!all)
        return all.error();
    if (all->isEmpty())
        return makeError(
            ErrorKind::NotFound, tr("No experiment has been started yet."), QStringLiteral("name"));
    return all->first();
}

int runStatus(const QStringList& args, storage::Database& db)
{
    const QStringList names = positionals(args, { QStringLiteral("--database") });
    if (names.size() > 1)
        return invalid(tr("experiment status: at most one NAME"));
    learning::ExperimentStore store(db);
    auto experiment = pick(store, names);
    if (!experiment)
        return fail(experiment.error());
    auto outcomes = store.outcomes(*experiment);
    if (!outcomes)
        return fail(outcomes.error());
    const learning::ExperimentAnalysis analysis = learning::analyzeExperiment(*experiment, *outcomes);
    if (hasFlag(args, QStringLiteral("--json")))
        out() << QString::fromUtf8(QJsonDocument(learning::experimentJson(*experiment, analysis)).toJson());
    else
        printStatus(*experiment, analysis);
    return 0;
}

int runStop(const QStringList& args, storage::Database& db)
{
    const QStringList names = positionals(args, { QStringLiteral("--database") });
    if (names.size() != 1)
        return invalid(tr("experiment stop: give exactly one NAME"));
    auto stopped = learning::ExperimentStore(db).stop(names.first());
    if (!stopped)
        return fail(stopped.error());
    out() << tr("Stopped experiment %1; new drafts use the configured prompt and model again.")
                 .arg(stopped->name)
          << "\n";
    return 0;
}

template <typename Fn> Status writeFile(const QString& path, Fn write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Invalid, tr("--out: cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    if (Status s = write(&file); !s)
        return s;
    if (!file.commit())
        return makeError(ErrorKind::Internal, tr("cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    return Ok {};
}

int runExport(const QStringList& args, storage::Database& db)
{
    const QStringList names = positionals(
        args, { QStringLiteral("--out"), QStringLiteral("--format"), QStringLiteral("--database") });
    if (names.size() != 1)
        return invalid(tr("experiment export: give exactly one NAME"));
    const QString path = optionValue(args, QStringLiteral("--out"));
    if (path.isEmpty())
        return invalid(tr("--out is required"));
    const QString format = optionValue(args, QStringLiteral("--format"), QStringLiteral("csv"));
    if (format != QLatin1String("csv") && format != QLatin1String("pdf"))
        return invalid(tr("--format: \"%1\" is not one of csv, pdf").arg(format));
    const QFileInfo info(path);
    if (!info.absoluteDir().exists() || info.isDir())
        return invalid(
            tr("--out: cannot write %1: the folder %2 does not exist").arg(path, info.absolutePath()));
    learning::ExperimentStore store(db);
    auto experiment = store.find(names.first());
    if (!experiment)
        return fail(experiment.error());
    auto outcomes = store.outcomes(*experiment);
    if (!outcomes)
        return fail(outcomes.error());
    auto drafts = store.drafts(*experiment);
    if (!drafts)
        return fail(drafts.error());
    const learning::ExperimentAnalysis analysis = learning::analyzeExperiment(*experiment, *outcomes);
    if (format == QLatin1String("pdf")) {
        if (Status s = writeFile(path,
                [&](QIODevice* f) -> Status {
                    QPdfWriter pdf(f);
                    pdf.setTitle(tr("Experiment %1").arg(experiment->name));
                    pdf.setPageSize(QPageSize(QPageSize::A4));
                    QTextDocument document;
                    document.setHtml(learning::experimentHtml(*experiment, analysis));
                    document.print(&pdf);
                    return Ok {};
                });
            !s)
            return fail(s.error());
        out() << tr("Wrote %1").arg(path) << "\n" << tr("Status: %1").arg(analysis.status) << "\n";
        return 0;
    }
    if (Status s = writeFile(path,
            [&](QIODevice* f) { return learning::writeExperimentSummaryCsv(*experiment, analysis, f); });
        !s)
        return fail(s.error());
    const QString draftsPath = info.dir().filePath(info.completeBaseName() + QStringLiteral(".drafts.csv"));
    if (Status s
        = writeFile(draftsPath, [&](QIODevice* f) { return learning::writeExperimentDraftsCsv(*drafts, f); });
        !s)
        return fail(s.error());
    out() << tr("Wrote %1 and %2 (%3 drafts)").arg(path, draftsPath).arg(drafts->size()) << "\n";
    out() << tr("Status: %1").arg(analysis.status) << "\n";
    return 0;
}

int runExperiment(const QStringList& args)
{
    const QStringList sub { QStringLiteral("start"), QStringLiteral("status"), QStringLiteral("stop"),
        QStringLiteral("export") };
    if (args.isEmpty() || !sub.contains(args.first()))
        return invalid(args.isEmpty() || args.first().startsWith(QLatin1String("--"))
                ? tr("experiment: give start, status, stop or export")
                : tr("experiment: unknown subcommand \"%1\"").arg(args.first()));
    const QString what = args.first();
    const QStringList rest = args.mid(1);
    OptionSpec spec { { QStringLiteral("--database") }, {} };
    if (what == QLatin1String("start"))
        spec.valued << QStringLiteral("--variants") << QStringLiteral("--split");
    else if (what == QLatin1String("status"))
        spec.flags << QStringLiteral("--json");
    else if (what == QLatin1String("export"))
        spec.valued << QStringLiteral("--out") << QStringLiteral("--format");
    if (!checkOptions(rest, spec))
        return 2;
    // Parse what can be checked without the database first: bad input never waits for a connection.
    if (what == QLatin1String("start")) {
        if (auto v = learning::parseVariants(optionValue(rest, QStringLiteral("--variants")));
            !v && !optionValue(rest, QStringLiteral("--variants")).isEmpty())
            return invalid(v.error().message);
    }
    const OpenedDatabase opened = openDatabase(rest);
    if (!opened.database)
        return opened.exitCode;
    storage::Database& db = *opened.database;
    if (what == QLatin1String("start"))
        return runStart(rest, db);
    if (what == QLatin1String("status"))
        return runStatus(rest, db);
    if (what == QLatin1String("stop"))
        return runStop(rest, db);
    return runExport(rest, db);
}

CliRegistration reg({ QStringLiteral("experiment"),
    QStringLiteral(
        "experiment start NAME --variants A,B [--split 50,50] | status [NAME] [--json] | stop NAME "
        "| export NAME --out FILE [--format csv|pdf]"),
    QCoreApplication::translate(
        "Cli", "prompt/model A/B experiments: assignment, status with intervals, report"),
    runExperiment });
} // namespace

} // namespace cx::cli
