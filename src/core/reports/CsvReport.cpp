#include "reports/CsvReport.h"

#include "metrics/QualitySql.h"
#include "metrics/ShownFigures.h"
#include "reports/CsvWriter.h"
#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QSqlQuery>

namespace cx::reports {

using metrics::QualitySql;

QString csvNumber(std::optional<double> value)
{
    if (!value)
        return {};
    QString s = QString::number(*value, 'f', 10);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

QStringList dailyCsvHeader()
{
    return { QStringLiteral("day"), QStringLiteral("reviewed"), QStringLiteral("ai_drafted"),
        QStringLiteral("approved_without_major_edits"), QStringLiteral("approval_rate_pct"),
        QStringLiteral("avg_tone"), QStringLiteral("avg_accuracy"), QStringLiteral("avg_policy"),
        QStringLiteral("avg_overall"), QStringLiteral("first_responses"),
        QStringLiteral("first_responses_within_sla"), QStringLiteral("open_sla_breaches"),
        QStringLiteral("sla_compliance_pct"), QStringLiteral("mean_first_response_s"),
        QStringLiteral("approval_times"), QStringLiteral("mean_approval_s"),
        QStringLiteral("avg_edit_distance"), QStringLiteral("avg_edit_ratio"),
        QStringLiteral("volume_source") };
}

Status writeDailyCsv(const metrics::QualityReport& report, QIODevice* out)
{
    CsvWriter csv(out);
    csv.writeRow(dailyCsvHeader());
    for (const metrics::DailyPoint& p : report.daily) {
        const metrics::Tally& t = p.tally;
        csv.writeRow({ p.day.toString(Qt::ISODate), QString::number(t.reviewed), QString::number(t.approved),
            QString::number(t.approvedWithoutMajorEdits), csvNumber(t.approvalRatePct()),
            csvNumber(t.averageTone()), csvNumber(t.averageAccuracy()), csvNumber(t.averagePolicy()),
            csvNumber(t.averageOverall()), QString::number(t.firstResponseCount),
            QString::number(t.firstResponseWithinSla), QString::number(t.openSlaBreaches),
            csvNumber(t.slaCompliancePct()), csvNumber(t.meanFirstResponseSeconds()),
            QString::number(t.approvalTimeCount), csvNumber(t.meanApprovalSeconds()),
            csvNumber(t.averageEditDistance()), csvNumber(t.averageEditRatio()),
            metrics::volumeSourceLabel(metrics::VolumeSource::CxPilot) });
    }
    if (!csv.ok())
        return makeError(ErrorKind::Internal, QStringLiteral("could not write the CSV file"));
    return Ok {};
}

QStringList summaryCsvHeader()
{
    return { QStringLiteral("figure"), QStringLiteral("label"), QStringLiteral("value"),
        QStringLiteral("note") };
}

Status writeSummaryCsv(const metrics::QualityReport& report, const NorthStarTargets& targets, QIODevice* out)
{
    CsvWriter csv(out);
    csv.writeRow(summaryCsvHeader());
    for (const metrics::ShownFigure& f : metrics::shownFigures(report, targets))
        csv.writeRow({ f.key, CsvWriter::text(f.label), CsvWriter::text(f.value), CsvWriter::text(f.note) });
    if (!csv.ok())
        return makeError(ErrorKind::Internal, QStringLiteral("could not write the CSV file"));
    return Ok {};
}

QStringList signalsCsvHeader()
{
    return { QStringLiteral("graded_at"), QStringLiteral("conversation_id"), QStringLiteral("draft_id"),
        QStringLiteral("inbox_id"), QStringLiteral("graded_by"), QStringLiteral("tone"),
        QStringLiteral("accuracy"), QStringLiteral("policy"), QStringLiteral("overall"),
        QStringLiteral("approved"), QStringLiteral("approved_without_major_edits"),
        QStringLiteral("edit_distance"), QStringLiteral("edit_ratio"), QStringLiteral("rejection_reason"),
        QStringLiteral("confidence"), QStringLiteral("first_response_s"), QStringLiteral("approval_s"),
        QStringLiteral("draft_reply"), QStringLiteral("human_reply") };
}

Result<qint64> writeSignalsCsv(
    QSqlDatabase& db, storage::Dialect dialect, const metrics::QualityQuery& query, QIODevice* out)
{
    if (auto ok = QualitySql::validate(query); !ok)
        return ok.error();
    const QualitySql sql(dialect, query);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const QString text = QStringLiteral(
        "SELECT graded_at, conversation_id, draft_id, inbox_id, graded_by, tone, accuracy, policy, "
        "%1, %2, edit_distance, edit_ratio, rejection_reason, confidence, %3, %4, draft_reply, "
        "human_reply FROM customer_reply_grading WHERE %5 ORDER BY graded_at, id")
                             .arg(sql.asInt(QStringLiteral("approved")),
                                 sql.asInt(QStringLiteral("approved_without_major_edits")),
                                 sql.firstResponseMs(), sql.approvalMs(), sql.filter());
    if (!q.prepare(text))
        return storage::toError(q, QStringLiteral("learning signals"));
    QualitySql::bindAll(q, sql.filterValues());
    if (!q.exec())
        return storage::toError(q, QStringLiteral("learning signals"));
    CsvWriter csv(out);
    csv.writeRow(signalsCsvHeader());
    auto optText = [](const QVariant& v) { return v.isNull() ? QString() : v.toString(); };
    auto seconds = [](const QVariant& v) {
        return v.isNull() ? QString() : csvNumber(double(v.toLongLong()) / 1000.0);
    };
    qint64 rows = 0;
    while (q.next()) {
        const int tone = q.value(5).toInt(), accuracy = q.value(6).toInt(), policy = q.value(7).toInt();
        csv.writeRow({ storage::fromSqlTime(q.value(0)).toString(Qt::ISODateWithMs),
            CsvWriter::text(q.value(1).toString()), optText(q.value(2)), optText(q.value(3)),
            CsvWriter::text(q.value(4).toString()), QString::number(tone), QString::number(accuracy),
            QString::number(policy), csvNumber((tone + accuracy + policy) / 3.0),
            QString::number(q.value(8).toInt()), QString::number(q.value(9).toInt()), optText(q.value(10)),
            q.value(11).isNull() ? QString() : csvNumber(q.value(11).toDouble()),
            CsvWriter::text(optText(q.value(12))),
            q.value(13).isNull() ? QString() : csvNumber(q.value(13).toDouble()), seconds(q.value(14)),
            seconds(q.value(15)), CsvWriter::text(q.value(16).toString()),
            CsvWriter::text(optText(q.value(17))) });
        ++rows;
    }
    if (!csv.ok())
        return makeError(ErrorKind::Internal, QStringLiteral("could not write the CSV file"));
    return rows;
}

} // namespace cx::reports
