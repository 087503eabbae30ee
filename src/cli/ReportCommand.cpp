// cxpilot report --from DATE --to DATE --format pdf|csv|jsonl --out FILE [--inbox ID] [--reviewer NAME]
//                [--min-grade N] [--sla MINUTES] [--database URL]
// Dates are UTC: a plain date YYYY-MM-DD means that whole day (--to 2024-03-31 includes 31 March); a date
// and time (2024-03-01T12:00:00Z) is used as is, --to exclusive.
//   csv    FILE gets the metrics per day; FILE's sibling <name>.signals.csv one row per reviewed draft,
//          <name>.summary.csv the range's figures as the dashboard and the PDF show them (also printed).
//   jsonl  FILE gets chat fine-tuning examples (--min-grade, default 4, on every axis);
//   <name>.preference.jsonl
//          the draft -> final preference pairs. Personal data is masked.
//   pdf    the quality report (needs a QGuiApplication: see the report to the lead).
#include "CliCommand.h"
#include "CliContext.h"
#include "metrics/QualitySql.h"
#include "metrics/QualityTracker.h"
#include "metrics/ShownFigures.h"
#include "reports/CsvReport.h"
#include "reports/FineTuneExport.h"
#include "reports/PdfReport.h"
#include "reports/WorstReplies.h"
#include "storage/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace cx::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

// A date means midnight UTC at its start (`endOfDay`: at its end); a date-time is parsed as ISO 8601 (UTC
// when it carries no offset).
QDateTime parseWhen(const QString& text, bool endOfDay)
{
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10)
        return QDateTime(endOfDay ? date.addDays(1) : date, QTime(0, 0), Qt::UTC);
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (t.isValid() && t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toUTC();
}

QString sibling(const QString& path, const QString& suffix)
{
    const QFileInfo fi(path);
    return fi.dir().filePath(fi.completeBaseName() + suffix);
}

// The output's folder must exist: a typo in --out is an error, not a new folder tree.
Status checkOutputFolder(const QString& path)
{
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return makeError(ErrorKind::Invalid,
            tr("cannot write %1: the folder %2 does not exist").arg(path, info.absolutePath()),
            QStringLiteral("out"));
    if (info.isDir())
        return makeError(
            ErrorKind::Invalid, tr("cannot write %1: it is a folder").arg(path), QStringLiteral("out"));
    return Ok {};
}

template <typename Fn> Status writeFile(const QString& path, Fn write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Invalid, tr("cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    if (auto ok = write(&file); !ok)
        return ok.error();
    if (!file.commit())
        return makeError(ErrorKind::Internal, tr("cannot write %1: %2").arg(path, file.errorString()),
            QStringLiteral("out"));
    return Ok {};
}

// The range's figures as the dashboard and the PDF show them (metrics::shownFigures), one per line:
// "Label: value (note)".
void printFigures(const metrics::QualityReport& report, const NorthStarTargets& targets)
{
    for (const metrics::ShownFigure& f : metrics::shownFigures(report, targets))
        out() << f.label << ": " << f.value << " (" << f.note << ")\n";
}

int fail(const Error& e)
{
    err() << e.toString() << "\n";
    return e.kind == ErrorKind::Invalid ? 2 : 1;
}

int runReport(const QStringList& args)
{
    const QStringList valued { QStringLiteral("--from"), QStringLiteral("--to"), QStringLiteral("--format"),
        QStringLiteral("--out"), QStringLiteral("--inbox"), QStringLiteral("--reviewer"),
        QStringLiteral("--min-grade"), QStringLiteral("--sla"), QStringLiteral("--database") };
    if (!checkOptions(args, { valued, {} }))
        return 2;
    auto invalid = [](const QString& message) {
        err() << message << "\n"
              << tr("Usage: cxpilot report --from DATE --to DATE --format pdf|csv|jsonl --out FILE "
                    "[--inbox ID] [--reviewer NAME] [--min-grade N] [--sla MINUTES] [--database URL]")
              << "\n";
        return 2;
    };
    for (const char* required : { "--from", "--to", "--format", "--out" })
        if (optionValue(args, QLatin1String(required)).isEmpty())
            return invalid(tr("%1 is required").arg(QLatin1String(required)));
    if (const QStringList extra = positionals(args, valued); !extra.isEmpty())
        return invalid(tr("unexpected argument \"%1\"").arg(extra.first()));
    const QString format = optionValue(args, QStringLiteral("--format"));
    const QString outPath = optionValue(args, QStringLiteral("--out"));
    metrics::QualityQuery query;
    const QString dateFormat = tr("expected a date YYYY-MM-DD or a UTC date-time YYYY-MM-DDTHH:MM:SSZ");
    for (const auto& [name, endOfDay] : { std::pair { "--from", false }, std::pair { "--to", true } }) {
        const QString text = optionValue(args, QLatin1String(name));
        const QDateTime when = parseWhen(text, endOfDay);
        if (!when.isValid())
            return invalid(tr("%1: \"%2\" is not a date (%3)").arg(QLatin1String(name), text, dateFormat));
        (endOfDay ? query.to : query.from) = when;
    }
    if (query.from >= query.to)
        return invalid(
            tr("--from %1 is not before --to %2")
                .arg(optionValue(args, QStringLiteral("--from")), optionValue(args, QStringLiteral("--to"))));
    const QStringList formats { QStringLiteral("pdf"), QStringLiteral("csv"), QStringLiteral("jsonl") };
    if (!formats.contains(format))
        return invalid(
            tr("--format: \"%1\" is not one of %2").arg(format, formats.join(QStringLiteral(", "))));
    if (Status folder = checkOutputFolder(outPath); !folder) {
        err() << "--out: " << folder.error().message << "\n";
        return 2;
    }
    auto settings = loadSettings(args);
    if (!settings)
        return 2;
    query.slaMinutes = settings->slaMinutes();
    bool ok = true;
    if (const QString sla = optionValue(args, QStringLiteral("--sla")); !sla.isEmpty()) {
        query.slaMinutes = sla.toInt(&ok);
        if (!ok || query.slaMinutes < 0) {
            err() << tr("--sla: \"%1\" is not a number of minutes").arg(sla) << "\n";
            return 2;
        }
    }
    if (const QString inbox = optionValue(args, QStringLiteral("--inbox")); !inbox.isEmpty()) {
        query.inboxId = inbox.toLongLong(&ok);
        if (!ok || query.inboxId <= 0) {
            err() << tr("--inbox: \"%1\" is not an inbox id").arg(inbox) << "\n";
            return 2;
        }
    }
    query.reviewer = optionValue(args, QStringLiteral("--reviewer"));
    reports::FineTuneOptions fineTune;
    if (const QString grade = optionValue(args, QStringLiteral("--min-grade")); !grade.isEmpty()) {
        fineTune.minGrade = grade.toInt(&ok);
        if (!ok || fineTune.minGrade < 1 || fineTune.minGrade > 5) {
            err() << tr("--min-grade: \"%1\" is not a grade from 1 to 5").arg(grade) << "\n";
            return 2;
        }
    }
    if (auto valid = metrics::QualitySql::validate(query); !valid)
        return fail(valid.error());

    const OpenedDatabase opened = openDatabase(args);
    if (!opened.database)
        return opened.exitCode;
    auto database = opened.database;
    QSqlDatabase db = database->connection();
    const auto dialect = database->dialect();

    if (format == QLatin1String("csv")) {
        auto report = metrics::QualityTracker::computeNow(db, dialect, query);
        if (!report)
            return fail(report.error());
        if (auto s = writeFile(outPath, [&](QIODevice* f) { return reports::writeDailyCsv(*report, f); }); !s)
            return fail(s.error());
        const QString summaryPath = sibling(outPath, QStringLiteral(".summary.csv"));
        if (auto s = writeFile(summaryPath,
                [&](QIODevice* f) { return reports::writeSummaryCsv(*report, settings->targets(), f); });
            !s)
            return fail(s.error());
        const QString signalsPath = sibling(outPath, QStringLiteral(".signals.csv"));
        qint64 rows = 0;
        auto s = writeFile(signalsPath, [&](QIODevice* f) -> Status {
            auto n = reports::writeSignalsCsv(db, dialect, query, f);
            if (!n)
                return n.error();
            rows = *n;
            return Ok {};
        });
        if (!s)
            return fail(s.error());
        out() << tr("Wrote %1 (%2 days) and %3 (%4 reviewed drafts)")
                     .arg(outPath)
                     .arg(report->daily.size())
                     .arg(signalsPath)
                     .arg(rows)
              << "\n";
        out() << tr("Wrote %1 (the figures below)").arg(summaryPath) << "\n";
        printFigures(*report, settings->targets());
        return 0;
    }
    if (format == QLatin1String("jsonl")) {
        reports::FineTuneCounts chat, pref;
        auto s = writeFile(outPath, [&](QIODevice* f) -> Status {
            auto c = reports::writeChatJsonl(db, dialect, query, fineTune, f);
            if (!c)
                return c.error();
            chat = *c;
            return Ok {};
        });
        if (!s)
            return fail(s.error());
        const QString prefPath = sibling(outPath, QStringLiteral(".preference.jsonl"));
        s = writeFile(prefPath, [&](QIODevice* f) -> Status {
            auto c = reports::writePreferenceJsonl(db, dialect, query, fineTune, f);
            if (!c)
                return c.error();
            pref = *c;
            return Ok {};
        });
        if (!s)
            return fail(s.error());
        out() << tr("Wrote %1: %2 examples (skipped: %3 below grade %4, %5 without the customer message)")
                     .arg(outPath)
                     .arg(chat.written)
                     .arg(chat.skippedBelowMinGrade)
                     .arg(fineTune.minGrade)
                     .arg(chat.skippedNoCustomerMessage)
              << "\n"
              << tr("Wrote %1: %2 preference pairs (skipped: %3 unchanged)")
                     .arg(prefPath)
                     .arg(pref.written)
                     .arg(pref.skippedUnchanged)
              << "\n";
        // An empty export says why ("0 rows reach min grade 4", "no customer message stored").
        if (const QString why = reports::emptyChatExportReason(chat, fineTune.minGrade); !why.isEmpty())
            out() << tr("%1 is empty: %2").arg(outPath, why) << "\n";
        if (const QString why = reports::emptyPreferenceExportReason(pref); !why.isEmpty())
            out() << tr("%1 is empty: %2").arg(prefPath, why) << "\n";
        return 0;
    }
    // pdf
    auto report = metrics::QualityTracker::computeNow(db, dialect, query);
    if (!report)
        return fail(report.error());
    auto worst = reports::worstReplies(db, dialect, query, 8);
    if (!worst)
        return fail(worst.error());
    reports::PdfReportInput input;
    input.report = *report;
    input.targets = settings->targets();
    input.worst = *worst;
    input.generatedAt = QDateTime::currentDateTimeUtc();
    if (auto s = reports::writePdfReport(input, outPath); !s)
        return fail(s.error());
    out() << tr("Wrote %1").arg(outPath) << "\n";
    printFigures(*report, settings->targets());
    return 0;
}

CliRegistration reg({ QStringLiteral("report"),
    QStringLiteral(
        "report --from DATE --to DATE --format pdf|csv|jsonl --out FILE [--inbox ID] [--min-grade N]"),
    QCoreApplication::translate(
        "Cli", "quality report (PDF), metrics and learning signals (CSV), fine-tuning data (JSONL)"),
    runReport });
} // namespace

} // namespace cx::cli
