#pragma once

#include "learning/Agreement.h"
#include "learning/Leniency.h"
#include "review/Grades.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>

namespace cx::learning {

// A grading calibration session: several reviewers grade the same already-sent replies blind, and the
// agreement between them says whether the grades mean the same thing from one reviewer to the next.

inline constexpr int kMinCalibrationItems = 2;
inline constexpr int kMaxCalibrationItems = 200;
// The name the demo gives its simulated second reviewer (shown with a "simulated" label everywhere).
inline constexpr auto kSimulatedReviewer = "Simulated reviewer";

// A sent reply that can be put into a session (a learning signal with approved = 1).
struct CalibrationCandidate {
    QString gradingId;
    qint64 inboxId = 0;
    review::Grades grades; // the original reviewer's: used for sampling only, never shown in the session
    QDateTime gradedAt;
};

// The grade band a candidate falls in for sampling: the rounded mean of its three grades (1..5).
int gradeBand(const review::Grades& grades);

// Stratified sample of `count` candidates by inbox × grade band, for a session that covers every inbox and
// the whole grade scale rather than mostly the common 4s and 5s: strata in a seeded random order, each
// shuffled, then one from each stratum in turn (equal allocation) until `count` are picked or all are used.
// Independent of the input order; the same seed gives the same sample.
QStringList sampleStratified(const QList<CalibrationCandidate>& candidates, int count, std::uint64_t seed);

// Checks a session's item list: kMinCalibrationItems..kMaxCalibrationItems distinct ids. ErrorKind::Invalid
// naming "items".
Status validateCalibrationItems(const QStringList& gradingIds);

struct CalibrationGrade {
    int position = 0; // item number in the session, from 1
    QString reviewer;
    review::Grades grades;
    bool simulated = false;
    QDateTime gradedAt;
};

struct AxisAgreement {
    review::GradeAxis axis = review::GradeAxis::Tone;
    Estimate alpha; // Krippendorff's α, ordinal metric, bootstrap 95 % interval over items
    int items = 0; // items graded by at least two reviewers
};

struct PairAgreement {
    QString first;
    QString second;
    review::GradeAxis axis = review::GradeAxis::Tone;
    Estimate kappa; // quadratic-weighted Cohen's κ over the items both graded
    int items = 0;
};

struct ReviewerLeniency {
    QString reviewer;
    review::GradeAxis axis = review::GradeAxis::Tone;
    Leniency leniency;
};

struct CalibrationResults {
    QStringList reviewers; // sorted
    QSet<QString> simulated; // reviewers whose grades were simulated (the demo)
    QList<AxisAgreement> axes; // tone, accuracy, policy
    QList<PairAgreement> pairs; // per pair of reviewers and axis
    QList<ReviewerLeniency> leniency; // per reviewer and axis
};

CalibrationResults computeCalibrationResults(
    const QList<CalibrationGrade>& grades, const BootstrapOptions& options = {});

// "0.82 [0.71, 0.90]", "0.82 (no interval)", or "—" when undefined. `signedValue` prints a + for positives.
QString formatEstimate(const Estimate& estimate, bool signedValue = false);

// Simulated grades for the demo: the original grade moved by −1 (10 %), 0 (60 %) or +1 (30 %) — a reviewer a
// little more lenient than the original one — kept in 1..5. Deterministic for a seed and position.
review::Grades simulatedGrades(const review::Grades& original, int position, std::uint64_t seed);

} // namespace cx::learning
