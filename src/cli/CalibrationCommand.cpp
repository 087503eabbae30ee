// cxpilot calibration start --name NAME --lead NAME (--sample N [--seed S] | --items ID,ID,...)
//                    items --id ID
//                    grade --id ID --reviewer NAME --item N --tone G --accuracy G --policy G
//                    close --id ID --lead NAME
//                    status [--id ID]
// Grading calibration (issue #18): several reviewers grade the same sent replies blind; nothing is sent.
// `items` shows the replies without anyone's grades; `status` shows progress, and once the lead has closed
// the session, agreement (Krippendorff's α per axis, weighted κ per pair) and leniency per reviewer.
// (The session is --id: Qt's GUI application takes --session for itself.)
// Bad input exits 2 naming the option; a refusal by the database (closed session, graded twice) exits 1.
#include "CliCommand.h"
#include "CliContext.h"
#include "foundation/Clock.h"
#include "learning/CalibrationStore.h"
#include "storage/Database.h"

#include <QRandomGenerator>

namespace cx::cli {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Cli", text);
}

constexpr int kSampleDays = 90;

const QStringList kValued { QStringLiteral("--database"), QStringLiteral("--name"), QStringLiteral("--lead"),
    QStringLiteral("--sample"), QStringLiteral("--seed"), QStringLiteral("--items"), QStringLiteral("--id"),
    QStringLiteral("--reviewer"), QStringLiteral("--item"), QStringLiteral("--tone"),
    QStringLiteral("--accuracy"), QStringLiteral("--policy") };

int usage()
{
    err() << tr("Usage: cxpilot calibration start --name NAME --lead NAME (--sample N [--seed S] | --items "
                "ID,ID,...)\n"
                "       cxpilot calibration items --id ID\n"
                "       cxpilot calibration grade --id ID --reviewer NAME --item N --tone G --accuracy G "
                "--policy G\n"
                "       cxpilot calibration close --id ID --lead NAME\n"
                "       cxpilot calibration status [--id ID]   (all: [--database URL])")
          << "\n";
    return 2;
}

// Bad input names the option it came from; anything else is a failure (exit 1).
int fail(const Error& e, const QMap<QString, QString>& optionOfField)
{
    if (e.kind == ErrorKind::Invalid || e.kind == ErrorKind::NotFound) {
        QMap<QString, QString> options { { QStringLiteral("session"), QStringLiteral("--id") },
            { QStringLiteral("position"), QStringLiteral("--item") } };
        options.insert(optionOfField);
        const QString option
            = options.value(e.field, e.field.isEmpty() ? QString() : QStringLiteral("--") + e.field);
        err() << (option.isEmpty() ? e.message : QStringLiteral("%1: %2").arg(option, e.message)) << "\n";
        return 2;
    }
    err() << e.toString() << "\n";
    return 1;
}

int required(const QStringList& args, const QString& option, QString& value)
{
    value = optionValue(args, option);
    if (value.trimmed().isEmpty()) {
        err() << tr("%1 is required").arg(option) << "\n";
        return 2;
    }
    return 0;
}

std::optional<qint64> positiveNumber(const QStringList& args, const QString& option)
{
    bool ok = false;
    const qint64 n = optionValue(args, option).toLongLong(&ok);
    if (!ok || n < 0) {
        err() << tr("%1 must be a whole number ≥ 0 (got \"%2\")").arg(option, optionValue(args, option))
              << "\n";
        return std::nullopt;
    }
    return n;
}

int start(learning::CalibrationStore& store, const QStringList& args)
{
    QString name, lead;
    if (int rc
        = required(args, QStringLiteral("--name"), name) + required(args, QStringLiteral("--lead"), lead))
        return rc > 2 ? 2 : rc;
    const bool sample = hasFlag(args, QStringLiteral("--sample"))
        || !optionValue(args, QStringLiteral("--sample")).isEmpty();
    const bool picked = !optionValue(args, QStringLiteral("--items")).isEmpty();
    if (sample == picked) {
        err() << tr("give either --sample N or --items ID,ID,... (not both)") << "\n";
        return 2;
    }
    QStringList ids;
    std::optional<qint64> seed;
    if (sample) {
        const auto count = positiveNumber(args, QStringLiteral("--sample"));
        if (!count)
            return 2;
        if (*count < learning::kMinCalibrationItems || *count > learning::kMaxCalibrationItems) {
            err() << tr("--sample must be %1 to %2 (got %3)")
                         .arg(learning::kMinCalibrationItems)
                         .arg(learning::kMaxCalibrationItems)
                         .arg(*count)
                  << "\n";
            return 2;
        }
        if (!optionValue(args, QStringLiteral("--seed")).isEmpty()) {
            seed = positiveNumber(args, QStringLiteral("--seed"));
            if (!seed)
                return 2;
        } else {
            seed = static_cast<qint64>(QRandomGenerator::global()->bounded(Q_INT64_C(1) << 53));
        }
        const QDateTime to = Clock::nowUtc().addSecs(60);
        auto candidates = store.sentCandidates(to.addDays(-kSampleDays), to);
        if (!candidates)
            return fail(candidates.error(), {});
        ids = learning::sampleStratified(
            candidates.value(), static_cast<int>(*count), static_cast<quint64>(*seed));
        if (ids.size() < learning::kMinCalibrationItems) {
            err() << tr("--sample: only %1 sent replies in the last %2 days, too few for a session")
                         .arg(ids.size())
                         .arg(kSampleDays)
                  << "\n";
            return 2;
        }
    } else {
        for (const QString& id : optionValue(args, QStringLiteral("--items")).split(QLatin1Char(',')))
            ids.append(id.trimmed());
    }
    auto session = store.createSession(
        name, lead, ids, sample ? QStringLiteral("stratified") : QStringLiteral("picked"), seed);
    if (!session) {
        return fail(session.error(),
            { { QStringLiteral("items"), sample ? QStringLiteral("--sample") : QStringLiteral("--items") },
                { QStringLiteral("reviewer"), QStringLiteral("--lead") } });
    }
    out()
        << tr("Calibration session %1 started with %2 sent replies.").arg(session->id).arg(session->itemCount)
        << "\n";
    if (seed)
        out() << tr("Sampled by inbox and grade with seed %1.").arg(*seed) << "\n";
    return 0;
}

int items(learning::CalibrationStore& store, const QString& sessionId)
{
    auto rows = store.items(sessionId);
    if (!rows)
        return fail(rows.error(), {});
    for (const learning::CalibrationItem& item : rows.value()) {
        out() << tr("Reply %1 (inbox %2)").arg(item.position).arg(item.inboxId) << "\n"
              << tr("  The customer wrote: %1").arg(item.customerMessage.simplified()) << "\n"
              << tr("  The reply that was sent: %1").arg(item.sentReply.simplified()) << "\n";
    }
    return 0;
}

int grade(learning::CalibrationStore& store, const QString& sessionId, const QStringList& args)
{
    QString reviewer;
    if (int rc = required(args, QStringLiteral("--reviewer"), reviewer))
        return rc;
    const auto position = positiveNumber(args, QStringLiteral("--item"));
    if (!position)
        return 2;
    const auto grades = review::parseGrades(optionValue(args, QStringLiteral("--tone")),
        optionValue(args, QStringLiteral("--accuracy")), optionValue(args, QStringLiteral("--policy")));
    if (!grades)
        return fail(grades.error(), {});
    const Status st = store.saveGrade(sessionId, static_cast<int>(*position), reviewer, grades.value());
    if (!st)
        return fail(st.error(), { { QStringLiteral("position"), QStringLiteral("--item") } });
    out() << tr("Saved %1's grades for reply %2.").arg(reviewer).arg(*position) << "\n";
    return 0;
}

QString axisName(review::GradeAxis axis)
{
    return review::gradeFieldName(axis);
}

int status(learning::CalibrationStore& store, const QString& sessionId)
{
    if (sessionId.isEmpty()) {
        auto sessions = store.sessions();
        if (!sessions)
            return fail(sessions.error(), {});
        for (const auto& s : sessions.value())
            out() << QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
                         .arg(s.id, s.isOpen() ? QStringLiteral("open") : QStringLiteral("closed"),
                             s.createdBy)
                         .arg(s.itemCount)
                         .arg(s.name);
        return 0;
    }
    auto session = store.session(sessionId);
    if (!session)
        return fail(session.error(), {});
    auto progress = store.progress(sessionId);
    if (!progress)
        return fail(progress.error(), {});
    out() << tr("%1 (%2), %3 replies, lead %4")
                 .arg(session->name, session->isOpen() ? tr("open") : tr("closed"))
                 .arg(session->itemCount)
                 .arg(session->createdBy)
          << "\n";
    for (const auto& p : progress.value())
        out() << tr("  %1%2: graded %3 of %4")
                     .arg(p.reviewer, p.simulated ? tr(" (simulated)") : QString())
                     .arg(p.graded)
                     .arg(session->itemCount)
              << "\n";
    if (session->isOpen()) {
        out() << tr("Results appear when the lead closes the session (grading is blind until then).") << "\n";
        return 0;
    }
    auto grades = store.grades(sessionId);
    if (!grades)
        return fail(grades.error(), {});
    const learning::CalibrationResults r = learning::computeCalibrationResults(grades.value());
    const auto who
        = [&r](const QString& name) { return r.simulated.contains(name) ? name + tr(" (simulated)") : name; };
    out() << tr("Krippendorff's alpha (ordinal), 95 % bootstrap interval:") << "\n";
    for (const auto& a : r.axes)
        out() << QStringLiteral("  %1\t%2\t(n=%3)\n")
                     .arg(axisName(a.axis), learning::formatEstimate(a.alpha))
                     .arg(a.items);
    out() << tr("Quadratic-weighted kappa per pair:") << "\n";
    for (const auto& p : r.pairs)
        out() << QStringLiteral("  %1 / %2\t%3\t%4\t(n=%5)\n")
                     .arg(who(p.first), who(p.second), axisName(p.axis), learning::formatEstimate(p.kappa))
                     .arg(p.items);
    out() << tr("Leniency (mean offset from the others; + is more lenient):") << "\n";
    for (const auto& l : r.leniency)
        out() << QStringLiteral("  %1\t%2\t%3\n")
                     .arg(who(l.reviewer), axisName(l.axis),
                         learning::formatEstimate(l.leniency.offset, true));
    return 0;
}

int runCalibration(const QStringList& args)
{
    if (!checkOptions(args, { kValued, {} }))
        return 2;
    const QStringList pos = positionals(args, kValued);
    const QString action = pos.value(0);
    static const QStringList actions { QStringLiteral("start"), QStringLiteral("items"),
        QStringLiteral("grade"), QStringLiteral("close"), QStringLiteral("status") };
    if (!actions.contains(action) || pos.size() > 1)
        return usage();
    QString sessionId;
    if (action != QLatin1String("start") && action != QLatin1String("status")) {
        if (int rc = required(args, QStringLiteral("--id"), sessionId))
            return rc;
    } else {
        sessionId = optionValue(args, QStringLiteral("--id"));
    }
    const OpenedDatabase opened = openDatabase(args);
    if (!opened.database)
        return opened.exitCode;
    learning::CalibrationStore store(*opened.database);
    if (!sessionId.isEmpty() && action != QLatin1String("start")) {
        if (auto s = store.session(sessionId); !s)
            return fail(s.error(), {});
    }
    if (action == QLatin1String("start"))
        return start(store, args);
    if (action == QLatin1String("items"))
        return items(store, sessionId);
    if (action == QLatin1String("grade"))
        return grade(store, sessionId, args);
    if (action == QLatin1String("close")) {
        QString lead;
        if (int rc = required(args, QStringLiteral("--lead"), lead))
            return rc;
        const Status st = store.close(sessionId, lead);
        if (!st)
            return fail(st.error(), {});
        out() << tr("Calibration session %1 closed.").arg(sessionId) << "\n";
        return status(store, sessionId);
    }
    return status(store, sessionId);
}

CliRegistration reg({ QStringLiteral("calibration"),
    QStringLiteral("calibration start|items|grade|close|status [--id ID]"),
    QCoreApplication::translate("Cli", "grading calibration: reviewers grade the same sent replies blind"),
    runCalibration });

} // namespace

} // namespace cx::cli
