#pragma once

#include "foundation/Result.h"
#include "learning/ExperimentAnalysis.h"
#include "learning/ExperimentStore.h"

#include <QJsonObject>

class QIODevice;

namespace cx::learning {

// The per-experiment report: what `cxpilot experiment status --json` prints and `experiment export`
// writes (CSV). Numbers in the CSV and JSON are plain (proportions 0..1, seconds, grade points); the
// status line is the one the app shows.

QJsonObject experimentJson(const Experiment& experiment, const ExperimentAnalysis& analysis);

// One row per variant and metric: variant, metric, n, mean, then for B, C, ... against A: difference,
// the fixed 95 % interval, the always-valid interval, the level tested at, the decision.
Status writeExperimentSummaryCsv(
    const Experiment& experiment, const ExperimentAnalysis& analysis, QIODevice* out);
// The report as HTML (title, variants, every metric's difference with both intervals, the decision rule):
// `experiment export --format pdf` prints it to a PDF; strings are escaped.
QString experimentHtml(const Experiment& experiment, const ExperimentAnalysis& analysis);
// One row per assigned draft with its outcome (empty when not graded yet).
Status writeExperimentDraftsCsv(const QList<ExperimentDraftRow>& rows, QIODevice* out);

} // namespace cx::learning
