#pragma once

#include "foundation/Result.h"
#include "foundation/Settings.h"
#include "metrics/QualityReport.h"
#include "reports/PdfCharts.h"
#include "reports/WorstReplies.h"

namespace cx::reports {

struct PdfReportInput {
    metrics::QualityReport report;
    NorthStarTargets targets;
    qint64 minSample = 1; // for the targets table (metrics::checkTargets)
    QList<GradedReply> worst; // worst-graded replies, already selected (reports::worstReplies)
    QString title; // empty = "Support quality report"
    QString subtitle; // e.g. the team or inbox name
    QDateTime generatedAt; // shown in the footer; invalid = not shown
};

// Renders the quality report as an A4 PDF with QPdfWriter + QPainter (no widgets, no QtCharts):
//   page 1   key figures (tiles), North Star targets table, SLA badge, rejection reasons
//   page 2   charts: daily average grades, daily SLA compliance, edit-ratio histogram, approval times
//   page 3+  the worst-graded replies, draft next to final, as many pages as needed
// Every page has a header (title, range) and a footer ("Page n of m"). Needs a QGuiApplication (fonts);
// the offscreen platform is enough. Part of the cxreports library (Qt6::Gui), not of cxcore.
// chartLabels (optional): where every chart's labels went (PdfCharts.h), for the tests of their slots.
Status writePdfReport(
    const PdfReportInput& input, const QString& path, QList<ChartLabels>* chartLabels = nullptr);

} // namespace cx::reports
