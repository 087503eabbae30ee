#pragma once

#include "foundation/Result.h"
#include "metrics/QualityReport.h"
#include "storage/DatabaseUrl.h"

#include <QSqlDatabase>

class QIODevice;

namespace cx::reports {

struct FineTuneOptions {
    // A row is a training example only if every axis (tone, accuracy, policy) is at least this grade.
    int minGrade = 4;
    QString systemPrompt = QStringLiteral(
        "You are a customer support agent. Answer the customer's message accurately, politely and within "
        "company policy, using only facts you are sure of.");
};

struct FineTuneCounts {
    qint64 approvedRows = 0; // approved rows with a final reply in the range (before any filter)
    qint64 written = 0;
    qint64 skippedBelowMinGrade = 0;
    qint64 skippedNoCustomerMessage = 0; // older rows without the customer's message (column added in 0300)
    qint64 skippedUnchanged = 0; // preference pairs only: the final reply equals the draft
};

// Why a chat export wrote nothing, for the person who asked for it: "no approved replies in this range",
// "no customer message stored (N approved rows)", "0 rows reach min grade 4 (N approved rows)"; empty when
// something was written.
QString emptyChatExportReason(const FineTuneCounts& counts, int minGrade);
// The same for the preference pairs: "no approved replies in this range", "no customer message stored",
// "no approved reply differs from its draft".
QString emptyPreferenceExportReason(const FineTuneCounts& counts);

// Supervised fine-tuning, OpenAI chat format, one JSON object per line:
//   {"messages":[{"role":"system","content":...},{"role":"user","content":<customer message>},
//                {"role":"assistant","content":<human-approved final reply>}]}
// From approved rows (sent through the approved draft) in the query's range with a non-empty human_reply
// and customer_message and all three grades >= minGrade. Personal data is masked (PiiMasker) in the user and
// assistant turns. UTF-8, LF line ends, no BOM.
Result<FineTuneCounts> writeChatJsonl(QSqlDatabase& db, storage::Dialect dialect,
    const metrics::QualityQuery& query, const FineTuneOptions& options, QIODevice* out);

// Preference pairs (DPO), OpenAI preference format, one per line:
//   {"input":{"messages":[system, user]},"preferred_output":[{"role":"assistant","content":<final>}],
//    "non_preferred_output":[{"role":"assistant","content":<draft>}]}
// From approved rows whose final reply differs from the draft (after trimming); no grade filter — a poorly
// graded draft is the most useful non-preferred example. Masked like writeChatJsonl.
Result<FineTuneCounts> writePreferenceJsonl(QSqlDatabase& db, storage::Dialect dialect,
    const metrics::QualityQuery& query, const FineTuneOptions& options, QIODevice* out);

} // namespace cx::reports
