#include "learning/Reliability.h"

#include <QtGlobal>

#include <cmath>

namespace cx::learning {

QList<ReliabilityBin> reliabilityBins(const QList<Forecast>& forecasts, int bins)
{
    bins = qMax(1, bins);
    QList<ReliabilityBin> out(bins);
    QList<double> sumPredicted(bins, 0.0), positives(bins, 0.0);
    for (int b = 0; b < bins; ++b) {
        out[b].lower = double(b) / bins;
        out[b].upper = double(b + 1) / bins;
    }
    for (const Forecast& f : forecasts) {
        const double p = qBound(0.0, f.predicted, 1.0);
        // [k/bins, (k+1)/bins); 1.0 belongs to the last bin.
        const int b = qMin(bins - 1, int(std::floor(p * bins)));
        ++out[b].n;
        sumPredicted[b] += p;
        positives[b] += f.outcome ? 1 : 0;
    }
    for (int b = 0; b < bins; ++b)
        if (out.at(b).n > 0) {
            out[b].meanPredicted = sumPredicted.at(b) / out.at(b).n;
            out[b].observed = positives.at(b) / out.at(b).n;
        }
    return out;
}

double expectedCalibrationError(const QList<Forecast>& forecasts, int bins)
{
    if (forecasts.isEmpty())
        return 0;
    double ece = 0;
    for (const ReliabilityBin& b : reliabilityBins(forecasts, bins))
        ece += double(b.n) / double(forecasts.size()) * std::abs(b.observed - b.meanPredicted);
    return ece;
}

} // namespace cx::learning
