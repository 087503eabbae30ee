#pragma once

#include "foundation/Result.h"
#include "learning/Drift.h"
#include "review/Grades.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace cx::storage {
class Database;
}

namespace cx::learning {

// Per reviewer and axis over production grades: the CUSUM of their offset from peers (Leniency.h,
// productionOffsets; Drift.h for the chart and its threshold).
struct ReviewerDrift {
    QString reviewer;
    review::GradeAxis axis = review::GradeAxis::Tone;
    int grades = 0;
    DriftReport report;
    // The latest alarm: its direction and when the grade that crossed the threshold was given (null: none).
    DriftDirection direction = DriftDirection::None;
    QDateTime alarmAt;
};

// What the dashboard shows about grading consistency for a range.
struct GradingCheck {
    QList<ReviewerDrift> drifts; // every reviewer × axis with enough grades to monitor
    // Mean tone, accuracy, policy as graded, and with each grade minus its reviewer's leniency from the most
    // recent closed calibration session (reviewers not in it count as graded).
    int graded = 0; // grades the averages are over
    std::array<std::optional<double>, 3> asGraded;
    std::array<std::optional<double>, 3> leniencyAdjusted;
    QString calibrationName; // the session the leniency comes from; empty: none closed yet
    QHash<QString, std::array<double, 3>> leniency; // per reviewer, from that session

    // The reviewer × axis charts with an alarm (their latest one).
    QList<ReviewerDrift> alarms() const;
};

// Reads grades given in [from, to) (optionally one inbox) and the latest closed calibration session.
// Synchronous: run on a database worker thread.
// `reviewer` (non-empty) restricts the averages to that reviewer's grades; drift is always computed against
// everyone's.
Result<GradingCheck> checkGrading(storage::Database& db, const QDateTime& from, const QDateTime& to,
    std::optional<qint64> inboxId = std::nullopt, const QString& reviewer = {},
    const CusumOptions& options = {});

} // namespace cx::learning
