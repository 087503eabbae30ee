#pragma once

#include <QByteArray>
#include <QMap>
#include <QMutex>
#include <QString>

#include <vector>

namespace cx::ingest {

// The service's counters, gauges and one latency histogram, rendered in the Prometheus text format
// (version 0.0.4). Thread-safe. Labels are given pre-rendered: {outcome="queued"}.
class ServiceMetrics final {
public:
    ServiceMetrics();

    void increment(const QString& name, const QString& labels = {}, double by = 1.0);
    void setGauge(const QString& name, double value, const QString& labels = {});
    void observeJobSeconds(double seconds);
    double value(const QString& name, const QString& labels = {}) const;

    // HELP text for a metric family (shown once per family).
    void describe(const QString& name, const QString& type, const QString& help);

    QByteArray renderPrometheus() const;

    static QString label(const QString& key, const QString& value); // key="escaped value"

private:
    struct Family {
        QString type;
        QString help;
    };
    mutable QMutex m_mutex;
    QMap<QString, Family> m_families;
    QMap<QString, QMap<QString, double>> m_values; // name -> labels -> value
    std::vector<double> m_bucketBounds;
    std::vector<quint64> m_bucketCounts; // cumulative at render time
    double m_histogramSum = 0;
    quint64 m_histogramCount = 0;
};

} // namespace cx::ingest
