#pragma once

#include <QList>

#include <optional>

namespace cx::learning {

// Drift of a reviewer's offset over time: a two-sided tabular CUSUM (Page 1954; Montgomery, "Introduction to
// Statistical Quality Control", §9.1) on the standardised offsets z = (x − target)/sigma:
//   C⁺ = max(0, C⁺ + z − k),  C⁻ = max(0, C⁻ − z − k),  alarm when C⁺ > h or C⁻ > h.
// The defaults k = 0.5, h = 5 are the textbook design: the in-control average run length (ARL₀) is about 465
// observations between false alarms, and a sustained shift of one sigma is signalled after about 10
// observations on average, 95 % within 24 (Montgomery Table 9.3; Siegmund's approximation gives 469 and
// 10.3). Estimating target and sigma from a short baseline raises the false-alarm rate (tst_drift: ~15 %
// within 30 grades after a 30-grade baseline) — the price of needing no set-up.
// tst_drift checks both on simulated streams.
struct CusumOptions {
    double k = 0.5; // allowance, in sigmas (half the shift to detect fastest)
    double h = 5.0; // decision threshold, in sigmas
    // Target and sigma of the in-control offsets. When not given, they are estimated from the first
    // `baseline` observations (phase I), which are then not monitored.
    std::optional<double> target;
    std::optional<double> sigma;
    int baseline = 20;
    // A floor for an estimated sigma: grades are whole numbers, so a short baseline can show too little
    // spread (or none), which would make every later one-point difference look like drift.
    double minimumSigma = 0.5;
};

struct CusumPoint {
    double offset = 0.0;
    double upper = 0.0; // C⁺ in sigmas
    double lower = 0.0; // C⁻ in sigmas
};

enum class DriftDirection { None, Lenient, Strict };

struct DriftAlarm {
    int index = 0; // into the input
    DriftDirection direction = DriftDirection::None;
};

struct DriftReport {
    double target = 0.0;
    double sigma = 1.0;
    int monitoredFrom = 0; // index of the first monitored observation
    QList<CusumPoint> points; // one per monitored observation
    std::optional<int> alarmAt; // index (into the input) of the first observation past the threshold
    DriftDirection direction = DriftDirection::None; // of the first alarm
    // Every alarm: after each one both sums restart from zero (as after an investigation), so a later,
    // different change is signalled too. The last one tells where the reviewer stands now.
    QList<DriftAlarm> alarms;
    bool enoughData = false; // false when there were no observations after the baseline
};

DriftReport detectDrift(const QList<double>& offsets, const CusumOptions& options = {});

} // namespace cx::learning
