#pragma once

#include "foundation/Result.h"
#include "learning/IsotonicRegression.h"
#include "learning/Reliability.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>

#include <optional>

namespace cx::storage {
class Database;
}

namespace cx::learning {

// One reviewed draft as calibration data: the drafter's raw confidence, its risk level, and whether it was
// sent without major edits (the learning signal's approved_without_major_edits).
struct CalibrationSample {
    double confidence = 0;
    QString riskLevel; // "low", "medium", "high" or empty
    bool sentWithoutMajorEdits = false;
};

// The learned map raw confidence (and risk level) -> P(sent without major edits): an isotonic fit per
// risk level that has at least minPerRisk samples, and a pooled fit for the others. Stored with the date
// and the sample size; refitted on demand (`IsotonicCalibrationStore::refit`).
struct IsotonicCalibration {
    QDateTime fittedAt;
    QString fittedBy;
    int sampleSize = 0;
    IsotonicFit pooled;
    QHash<QString, IsotonicFit> byRisk;
    QHash<QString, int> samplesByRisk;
    // ECE (10 bins) of the raw confidence, and of the calibrated figure by 5-fold cross-validation (each
    // fold predicted by a fit on the other four: an in-sample isotonic fit would flatter itself).
    double eceBefore = 0;
    double eceAfter = 0;

    bool isEmpty() const { return pooled.isEmpty(); }
    double calibrate(double rawConfidence, const QString& riskLevel) const;
    // How many samples stand behind the calibrated figure for this draft (the block's pooled weight).
    int support(double rawConfidence, const QString& riskLevel) const;

    QJsonObject toJson() const;
    static IsotonicCalibration fromJson(const QJsonObject& json);
};

IsotonicCalibration fitCalibration(const QList<CalibrationSample>& samples, int minPerRisk = 50);

// The reviewer's sentence: "Drafts like this were sent with minor or no edits 72 % of the time (n = 140)."
// Empty when there is no calibration or fewer than minSupport samples behind the figure (then the raw score
// stays).
QString calibratedConfidenceText(const IsotonicCalibration& calibration, double rawConfidence,
    const QString& riskLevel, int minSupport = 30);

// The reliability diagram's data: bins of the raw and of the calibrated (cross-validated) forecasts.
struct ReliabilityReport {
    std::optional<IsotonicCalibration> calibration; // the latest stored fit
    QList<ReliabilityBin> raw;
    QList<ReliabilityBin> calibrated;
    int samples = 0;
};

// Table confidence_calibrations (migration 0411). Synchronous; a database worker thread or the CLI.
class IsotonicCalibrationStore final {
public:
    explicit IsotonicCalibrationStore(storage::Database& db);
    // Every reviewed draft with a confidence: learning signals joined with their drafts' risk levels.
    Result<QList<CalibrationSample>> samples();
    // Fits on all samples and stores the fit (Invalid, field "samples", when there are none).
    Result<IsotonicCalibration> refit(const QString& by);
    Result<std::optional<IsotonicCalibration>> latest();
    Result<ReliabilityReport> reliability();

private:
    storage::Database& m_db;
};

} // namespace cx::learning
