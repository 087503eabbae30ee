#pragma once

#include <QList>

namespace cx::learning {

// Reliability of a probability forecast (confidence vs "sent without major edits"): equal-width bins over
// 0..1, and the expected calibration error ECE = sum over bins of (n_b / N) |observed_b - predicted_b|
// (Naeini, Cooper & Hauskrecht 2015; Guo et al. 2017).
struct ReliabilityBin {
    double lower = 0, upper = 0;
    int n = 0;
    double meanPredicted = 0; // mean forecast in the bin
    double observed = 0; // share of positive outcomes in the bin
};

struct Forecast {
    double predicted = 0; // 0..1
    bool outcome = false;
};

QList<ReliabilityBin> reliabilityBins(const QList<Forecast>& forecasts, int bins = 10);
double expectedCalibrationError(const QList<Forecast>& forecasts, int bins = 10);

} // namespace cx::learning
