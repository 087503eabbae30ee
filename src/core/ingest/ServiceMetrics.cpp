#include "ServiceMetrics.h"

#include <QMutexLocker>

namespace cx::ingest {

namespace {
constexpr const char* kJobHistogram = "cxpilotd_job_duration_seconds";
}

ServiceMetrics::ServiceMetrics()
    : m_bucketBounds { 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120 }
    , m_bucketCounts(m_bucketBounds.size(), 0)
{
    describe(QString::fromLatin1(kJobHistogram), QStringLiteral("histogram"),
        QStringLiteral("Time from a job's creation to its end (done, failed attempt or parked)."));
}

void ServiceMetrics::describe(const QString& name, const QString& type, const QString& help)
{
    QMutexLocker lock(&m_mutex);
    m_families.insert(name, { type, help });
}

void ServiceMetrics::increment(const QString& name, const QString& labels, double by)
{
    QMutexLocker lock(&m_mutex);
    m_values[name][labels] += by;
}

void ServiceMetrics::setGauge(const QString& name, double value, const QString& labels)
{
    QMutexLocker lock(&m_mutex);
    m_values[name][labels] = value;
}

double ServiceMetrics::value(const QString& name, const QString& labels) const
{
    QMutexLocker lock(&m_mutex);
    return m_values.value(name).value(labels, 0.0);
}

void ServiceMetrics::observeJobSeconds(double seconds)
{
    QMutexLocker lock(&m_mutex);
    for (std::size_t i = 0; i < m_bucketBounds.size(); ++i)
        if (seconds <= m_bucketBounds[i])
            ++m_bucketCounts[i];
    m_histogramSum += seconds;
    ++m_histogramCount;
}

QString ServiceMetrics::label(const QString& key, const QString& value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
    return key + QLatin1String("=\"") + v + QLatin1Char('"');
}

QByteArray ServiceMetrics::renderPrometheus() const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    auto header = [&](const QString& name, const QString& fallbackType) {
        const Family f = m_families.value(name, { fallbackType, QString() });
        if (!f.help.isEmpty())
            out += "# HELP " + name.toUtf8() + ' ' + f.help.toUtf8() + '\n';
        out += "# TYPE " + name.toUtf8() + ' ' + (f.type.isEmpty() ? fallbackType : f.type).toUtf8() + '\n';
    };
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        header(it.key(),
            it.key().endsWith(QLatin1String("_total")) ? QStringLiteral("counter") : QStringLiteral("gauge"));
        for (auto v = it.value().cbegin(); v != it.value().cend(); ++v) {
            out += it.key().toUtf8();
            if (!v.key().isEmpty())
                out += '{' + v.key().toUtf8() + '}';
            out += ' ' + QByteArray::number(v.value(), 'g', 15) + '\n';
        }
    }
    const QByteArray h(kJobHistogram);
    header(QString::fromLatin1(kJobHistogram), QStringLiteral("histogram"));
    for (std::size_t i = 0; i < m_bucketBounds.size(); ++i)
        out += h + "_bucket{le=\"" + QByteArray::number(m_bucketBounds[i], 'g', 6) + "\"} "
            + QByteArray::number(m_bucketCounts[i]) + '\n';
    out += h + "_bucket{le=\"+Inf\"} " + QByteArray::number(m_histogramCount) + '\n';
    out += h + "_sum " + QByteArray::number(m_histogramSum, 'g', 15) + '\n';
    out += h + "_count " + QByteArray::number(m_histogramCount) + '\n';
    return out;
}

} // namespace cx::ingest
