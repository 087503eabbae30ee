#pragma once

#include "foundation/Result.h"
#include "foundation/Settings.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QSqlDatabase>

class QIODevice;

namespace cx::reports {

// The metrics per UTC day as CSV (RFC 4180, UTF-8 with BOM, CRLF). One row per day of the report, empty
// days included; a value without data is an empty cell, never 0 or NaN. Numbers use '.' and no grouping.
// Columns: day, reviewed, ai_drafted, approved_without_major_edits, approval_rate_pct, avg_tone,
// avg_accuracy, avg_policy, avg_overall, first_responses, first_responses_within_sla, open_sla_breaches,
// sla_compliance_pct, mean_first_response_s, approval_times, mean_approval_s, avg_edit_distance,
// avg_edit_ratio, volume_source (always "CX Pilot": per-day counts are what CX Pilot saw).
Status writeDailyCsv(const metrics::QualityReport& report, QIODevice* out);
QStringList dailyCsvHeader();

// The range's shown figures (metrics::shownFigures — the dashboard's and the PDF's text), one per row.
// Columns: figure (stable key), label, value, note.
Status writeSummaryCsv(const metrics::QualityReport& report, const NorthStarTargets& targets, QIODevice* out);
QStringList summaryCsvHeader();

// Row-level learning signals: one row per reviewed draft in the query's range/inbox/reviewer, oldest
// first, streamed from the database. Free text goes through CsvWriter::text (formula-safe).
// Columns: graded_at, conversation_id, draft_id, inbox_id, graded_by, tone, accuracy, policy, overall,
// approved, approved_without_major_edits, edit_distance, edit_ratio, rejection_reason, confidence,
// first_response_s, approval_s, draft_reply, human_reply. Returns the number of rows written.
Result<qint64> writeSignalsCsv(
    QSqlDatabase& db, storage::Dialect dialect, const metrics::QualityQuery& query, QIODevice* out);
QStringList signalsCsvHeader();

// Shared number format for CSV cells: up to 10 decimals, trailing zeros dropped; empty without a value.
QString csvNumber(std::optional<double> value);

} // namespace cx::reports
