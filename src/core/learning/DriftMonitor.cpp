#include "learning/DriftMonitor.h"

#include "foundation/Translate.h"
#include "learning/CalibrationStore.h"
#include "learning/Leniency.h"
#include "storage/Database.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlQuery>

namespace cx::learning {

namespace {

QString tr(const char* text)
{
    return translateIn({ "cx::learning", "cx" }, text);
}

constexpr review::GradeAxis kAxes[]
    = { review::GradeAxis::Tone, review::GradeAxis::Accuracy, review::GradeAxis::Policy };

struct Row {
    QString reviewer;
    qint64 inbox = 0;
    QDateTime at;
    std::array<int, 3> grades {};
};

} // namespace

QList<ReviewerDrift> GradingCheck::alarms() const
{
    QList<ReviewerDrift> out;
    for (const ReviewerDrift& d : drifts) {
        if (d.direction != DriftDirection::None) {
            out.append(d);
        }
    }
    return out;
}

Result<GradingCheck> checkGrading(storage::Database& db, const QDateTime& from, const QDateTime& to,
    std::optional<qint64> inboxId, const QString& reviewer, const CusumOptions& options)
{
    GradingCheck check;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT graded_by, COALESCE(inbox_id, 0), graded_at, tone, accuracy, policy "
                             "FROM customer_reply_grading WHERE graded_at >= ? AND graded_at < ?%1 "
                             "ORDER BY graded_at, id")
                  .arg(inboxId ? QStringLiteral(" AND inbox_id = ?") : QString()));
    q.addBindValue(storage::toSqlTime(from, db.dialect()));
    q.addBindValue(storage::toSqlTime(to, db.dialect()));
    if (inboxId) {
        q.addBindValue(*inboxId);
    }
    if (!q.exec()) {
        return storage::toError(q, tr("reading grades for the drift check"));
    }
    QList<Row> rows;
    while (q.next()) {
        rows.append({ q.value(0).toString(), q.value(1).toLongLong(), storage::fromSqlTime(q.value(2)),
            { q.value(3).toInt(), q.value(4).toInt(), q.value(5).toInt() } });
    }

    // Leniency from the most recent closed calibration session.
    CalibrationStore store(db);
    auto sessions = store.sessions();
    if (!sessions) {
        return sessions.error();
    }
    for (const CalibrationSession& s : sessions.value()) {
        if (s.isOpen()) {
            continue;
        }
        auto grades = store.grades(s.id);
        if (!grades) {
            return grades.error();
        }
        const CalibrationResults results = computeCalibrationResults(grades.value(), { 200, 0.95, 1 });
        for (const ReviewerLeniency& l : results.leniency) {
            if (l.leniency.offset.value) {
                check.leniency[l.reviewer][static_cast<size_t>(l.axis)] = *l.leniency.offset.value;
            }
        }
        check.calibrationName = s.name;
        break; // sessions() is newest first
    }

    for (size_t a = 0; a < 3; ++a) {
        if (rows.isEmpty()) {
            break;
        }
        double graded = 0.0;
        double adjusted = 0.0;
        QList<ProductionGrade> production;
        int counted = 0;
        for (const Row& r : rows) {
            production.append({ r.reviewer, r.inbox, r.at, r.grades[a] });
            if (!reviewer.isEmpty() && r.reviewer != reviewer) {
                continue; // drift needs everyone's grades (peers); the averages only this reviewer's
            }
            ++counted;
            graded += r.grades[a];
            const auto lenient = check.leniency.constFind(r.reviewer);
            adjusted += lenient == check.leniency.cend() ? r.grades[a]
                                                         : leniencyAdjusted(r.grades[a], (*lenient)[a]);
        }
        check.graded = counted;
        if (counted > 0) {
            check.asGraded[a] = graded / counted;
            if (!check.calibrationName.isEmpty()) {
                check.leniencyAdjusted[a] = adjusted / counted;
            }
        }
        const auto offsets = productionOffsets(production);
        for (auto it = offsets.begin(); it != offsets.end(); ++it) {
            QList<double> values;
            for (const TimedOffset& o : it.value()) {
                values.append(o.offset);
            }
            ReviewerDrift drift;
            drift.reviewer = it.key();
            drift.axis = kAxes[a];
            drift.grades = static_cast<int>(values.size());
            drift.report = detectDrift(values, options);
            if (!drift.report.enoughData) {
                continue;
            }
            if (!drift.report.alarms.isEmpty()) {
                // Where the reviewer stands now: the latest alarm's direction, dated from the first alarm of
                // the unbroken run of alarms in that direction (a lasting shift alarms again after each
                // reset).
                const QList<DriftAlarm>& alarms = drift.report.alarms;
                qsizetype first = alarms.size() - 1;
                while (first > 0 && alarms[first - 1].direction == alarms.constLast().direction) {
                    --first;
                }
                drift.direction = alarms.constLast().direction;
                drift.alarmAt = it.value()[alarms[first].index].at;
            }
            check.drifts.append(drift);
        }
    }
    return check;
}

} // namespace cx::learning
