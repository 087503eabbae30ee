#include "learning/ExperimentReport.h"

#include "reports/CsvWriter.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonArray>

#include <cmath>

namespace cx::learning {

namespace {
constexpr ExperimentMetric kMetrics[kExperimentMetricCount] = { ExperimentMetric::ApprovedWithoutMajorEdits,
    ExperimentMetric::EditRatio, ExperimentMetric::Tone, ExperimentMetric::Accuracy, ExperimentMetric::Policy,
    ExperimentMetric::ApprovalTime, ExperimentMetric::RejectionRate };

QString number(double value)
{
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'g', 6);
}

QJsonValue jsonNumber(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); // JSON has no infinity: null
}

QJsonArray pair(const Interval& i)
{
    return { jsonNumber(i.lower), jsonNumber(i.upper) };
}

QString verdictName(ExperimentVerdict v)
{
    switch (v) {
    case ExperimentVerdict::NotEnoughData:
        return QStringLiteral("not_enough_data");
    case ExperimentVerdict::NoDetectableDifference:
        return QStringLiteral("no_detectable_difference");
    case ExperimentVerdict::Difference:
        return QStringLiteral("difference");
    }
    return {};
}

Status csvFailed()
{
    return makeError(ErrorKind::Internal,
        QCoreApplication::translate("Experiment", "The experiment report could not be written."),
        QStringLiteral("out"));
}
} // namespace

QJsonObject experimentJson(const Experiment& e, const ExperimentAnalysis& a)
{
    QJsonArray variants;
    for (qsizetype i = 0; i < e.variants.size(); ++i) {
        const ExperimentVariant& v = e.variants.at(i);
        QJsonObject means;
        for (const ExperimentMetric m : kMetrics) {
            const Moments& moments = a.variants.at(i).metric[int(m)];
            means.insert(metricKey(m),
                QJsonObject { { QStringLiteral("n"), moments.n },
                    { QStringLiteral("mean"), moments.n ? QJsonValue(moments.mean) : QJsonValue() } });
        }
        variants.append(QJsonObject { { QStringLiteral("label"), v.label },
            { QStringLiteral("prompt_version"), v.promptVersion }, { QStringLiteral("model"), v.model },
            { QStringLiteral("weight"), v.weight }, { QStringLiteral("graded"), a.variants.at(i).graded },
            { QStringLiteral("metrics"), means } });
    }
    QJsonArray comparisons;
    for (const VariantComparison& c : a.comparisons) {
        QJsonArray metrics;
        for (const MetricComparison& m : c.metrics)
            metrics.append(QJsonObject { { QStringLiteral("metric"), metricKey(m.metric) },
                { QStringLiteral("difference"), jsonNumber(m.difference) },
                { QStringLiteral("ci95"), pair(m.ci95) },
                { QStringLiteral("always_valid"), pair(m.sequential.alwaysValid) },
                { QStringLiteral("alpha"), m.alpha },
                { QStringLiteral("lambda"), jsonNumber(m.sequential.lambda) },
                { QStringLiteral("decision"),
                    m.better > 0
                        ? QStringLiteral("better")
                        : (m.better < 0 ? QStringLiteral("worse") : QStringLiteral("undecided")) } });
        comparisons.append(QJsonObject { { QStringLiteral("variant"), e.variants.at(c.variant).label },
            { QStringLiteral("against"), e.variants.at(0).label }, { QStringLiteral("metrics"), metrics } });
    }
    return { { QStringLiteral("name"), e.name }, { QStringLiteral("state"), e.state },
        { QStringLiteral("started_by"), e.startedBy },
        { QStringLiteral("started_at"), e.startedAt.toString(Qt::ISODateWithMs) },
        { QStringLiteral("stopped_at"),
            e.stoppedAt.isValid() ? QJsonValue(e.stoppedAt.toString(Qt::ISODateWithMs)) : QJsonValue() },
        { QStringLiteral("decision_rule"), QStringLiteral("mSPRT (normal mixture), always-valid intervals") },
        { QStringLiteral("verdict"), verdictName(a.verdict) }, { QStringLiteral("status"), a.status },
        { QStringLiteral("variants"), variants }, { QStringLiteral("comparisons"), comparisons } };
}

Status writeExperimentSummaryCsv(const Experiment& e, const ExperimentAnalysis& a, QIODevice* out)
{
    reports::CsvWriter csv(out);
    csv.writeRow({ QStringLiteral("experiment"), QStringLiteral("variant"), QStringLiteral("prompt_version"),
        QStringLiteral("model"), QStringLiteral("metric"), QStringLiteral("n"), QStringLiteral("mean"),
        QStringLiteral("difference_vs_A"), QStringLiteral("ci95_low"), QStringLiteral("ci95_high"),
        QStringLiteral("always_valid_low"), QStringLiteral("always_valid_high"), QStringLiteral("alpha"),
        QStringLiteral("decision"), QStringLiteral("status") });
    for (qsizetype i = 0; i < e.variants.size(); ++i) {
        const ExperimentVariant& v = e.variants.at(i);
        for (const ExperimentMetric m : kMetrics) {
            const Moments& moments = a.variants.at(i).metric[int(m)];
            QStringList row { reports::CsvWriter::text(e.name), v.label,
                reports::CsvWriter::text(v.promptVersion), reports::CsvWriter::text(v.model), metricKey(m),
                QString::number(moments.n), moments.n ? number(moments.mean) : QString() };
            if (i == 0) {
                row << QString() << QString() << QString() << QString() << QString() << QString()
                    << QString();
            } else {
                const MetricComparison& c = a.comparisons.at(i - 1).metrics.at(int(m));
                row << number(c.difference) << number(c.ci95.lower) << number(c.ci95.upper)
                    << number(c.sequential.alwaysValid.lower) << number(c.sequential.alwaysValid.upper)
                    << number(c.alpha)
                    << (c.better > 0
                               ? QStringLiteral("better")
                               : (c.better < 0 ? QStringLiteral("worse") : QStringLiteral("undecided")));
            }
            row << reports::CsvWriter::text(a.status);
            csv.writeRow(row);
        }
    }
    return csv.ok() ? Status(Ok {}) : csvFailed();
}

QString experimentHtml(const Experiment& e, const ExperimentAnalysis& a)
{
    auto tr = [](const char* text) { return QCoreApplication::translate("Experiment", text); };
    auto esc = [](const QString& s) { return s.toHtmlEscaped(); };
    QString html = QStringLiteral("<html><body><h1>%1</h1><p>%2</p><p><b>%3</b></p>")
                       .arg(esc(tr("Experiment %1").arg(e.name)),
                           esc(tr("%1 since %2, started by %3")
                                   .arg(e.running() ? tr("Running") : tr("Stopped"),
                                       e.startedAt.toString(Qt::ISODate), e.startedBy)),
                           esc(a.status));
    html
        += QStringLiteral("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>%1</th><th>%2</th>"
                          "<th>%3</th><th>%4</th><th>%5</th></tr>")
               .arg(esc(tr("Variant")), esc(tr("Prompt version")), esc(tr("Model")), esc(tr("Share")),
                   esc(tr("Graded")));
    for (qsizetype i = 0; i < e.variants.size(); ++i) {
        const ExperimentVariant& v = e.variants.at(i);
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(esc(v.label), esc(v.promptVersion), esc(v.model))
                    .arg(v.weight)
                    .arg(a.variants.at(i).graded);
    }
    html += QStringLiteral("</table>");
    for (const VariantComparison& c : a.comparisons) {
        html += QStringLiteral(
            "<h2>%1</h2><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>%2</th>"
            "<th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>")
                    .arg(esc(tr("%1 against %2").arg(e.variants.at(c.variant).label, e.variants.at(0).label)),
                        esc(tr("Metric")), esc(tr("Difference")), esc(tr("95 % interval (fixed n)")),
                        esc(tr("Always-valid interval")), esc(tr("Decision")));
        for (const MetricComparison& m : c.metrics)
            html
                += QStringLiteral(
                    "<tr><td>%1</td><td>%2</td><td>[%3, %4]</td><td>[%5, %6]</td><td>%7</td></tr>")
                       .arg(esc(metricName(m.metric)), esc(formatDifference(m.metric, m.difference)),
                           esc(formatDifference(m.metric, m.ci95.lower)),
                           esc(formatDifference(m.metric, m.ci95.upper)),
                           esc(formatDifference(m.metric, m.sequential.alwaysValid.lower)),
                           esc(formatDifference(m.metric, m.sequential.alwaysValid.upper)),
                           esc(m.better > 0 ? tr("better") : (m.better < 0 ? tr("worse") : tr("undecided"))));
        html += QStringLiteral("</table>");
    }
    html += QStringLiteral("<p>%1</p></body></html>")
                .arg(esc(
                    tr("Decision rule: a mixture sequential probability ratio test (normal mixture) with "
                       "always-valid intervals, valid however often the status is looked at. Primary "
                       "metric: approval without major edits; the other metrics are Bonferroni-adjusted.")));
    return html;
}

Status writeExperimentDraftsCsv(const QList<ExperimentDraftRow>& rows, QIODevice* out)
{
    reports::CsvWriter csv(out);
    csv.writeRow({ QStringLiteral("draft_id"), QStringLiteral("variant"), QStringLiteral("prompt_version"),
        QStringLiteral("model"), QStringLiteral("assigned_at"), QStringLiteral("graded"),
        QStringLiteral("sent"), QStringLiteral("approved_without_major_edits"), QStringLiteral("edit_ratio"),
        QStringLiteral("tone"), QStringLiteral("accuracy"), QStringLiteral("policy"),
        QStringLiteral("approval_seconds") });
    for (const ExperimentDraftRow& r : rows) {
        const ExperimentOutcome& o = r.outcome;
        auto flag = [&](bool b) { return r.graded ? QString::number(int(b)) : QString(); };
        csv.writeRow({ r.draftId, r.variant, reports::CsvWriter::text(r.promptVersion),
            reports::CsvWriter::text(r.model), r.assignedAt.toString(Qt::ISODateWithMs),
            QString::number(int(r.graded)), flag(o.sent), flag(o.approvedWithoutMajorEdits),
            o.editRatio ? number(*o.editRatio) : QString(), r.graded ? QString::number(o.tone) : QString(),
            r.graded ? QString::number(o.accuracy) : QString(),
            r.graded ? QString::number(o.policy) : QString(),
            o.approvalSeconds ? number(*o.approvalSeconds) : QString() });
    }
    return csv.ok() ? Status(Ok {}) : csvFailed();
}

} // namespace cx::learning
