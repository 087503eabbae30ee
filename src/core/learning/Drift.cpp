#include "learning/Drift.h"

#include <algorithm>
#include <cmath>

namespace cx::learning {

DriftReport detectDrift(const QList<double>& offsets, const CusumOptions& options)
{
    DriftReport report;
    const bool estimate = !options.target || !options.sigma;
    const int baseline = estimate ? std::max(options.baseline, 2) : 0;
    if (offsets.size() <= baseline) {
        return report;
    }
    double mean = 0.0;
    double sd = 0.0;
    if (estimate) {
        for (int i = 0; i < baseline; ++i) {
            mean += offsets[i];
        }
        mean /= baseline;
        for (int i = 0; i < baseline; ++i) {
            sd += (offsets[i] - mean) * (offsets[i] - mean);
        }
        sd = std::sqrt(sd / (baseline - 1));
    }
    report.target = options.target.value_or(mean);
    report.sigma = std::max(options.sigma.value_or(sd), options.minimumSigma);
    report.monitoredFrom = baseline;
    report.enoughData = true;
    double upper = 0.0;
    double lower = 0.0;
    for (qsizetype i = baseline; i < offsets.size(); ++i) {
        const double z = (offsets[i] - report.target) / report.sigma;
        upper = std::max(0.0, upper + z - options.k);
        lower = std::max(0.0, lower - z - options.k);
        report.points.append({ offsets[i], upper, lower });
        if (upper > options.h || lower > options.h) {
            const DriftAlarm alarm { static_cast<int>(i),
                upper > options.h ? DriftDirection::Lenient : DriftDirection::Strict };
            if (!report.alarmAt) {
                report.alarmAt = alarm.index;
                report.direction = alarm.direction;
            }
            report.alarms.append(alarm);
            upper = 0.0;
            lower = 0.0;
        }
    }
    return report;
}

} // namespace cx::learning
