#pragma once

#include "foundation/Result.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QSqlDatabase>

namespace cx::reports {

// A reviewed draft with its grades, for the "worst-graded replies" section of the PDF report.
struct GradedReply {
    QString conversationId;
    QString customerName; // from the draft (drafts.customer_name); empty when unknown
    QDateTime gradedAt;
    QString gradedBy;
    int tone = 0, accuracy = 0, policy = 0;
    bool approved = false;
    QString rejectionReason;
    QString draft;
    QString final; // empty when rejected
};

// The `limit` worst learning signals of the query — only replies that were rejected or have a grade below 4
// (a well-graded reply is never listed as one of the worst) — ordered by tone + accuracy + policy ascending,
// then by the lowest single grade, then newest first.
Result<QList<GradedReply>> worstReplies(
    QSqlDatabase& db, storage::Dialect dialect, const metrics::QualityQuery& query, int limit);

} // namespace cx::reports
