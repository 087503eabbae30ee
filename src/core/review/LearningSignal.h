#pragma once

#include "foundation/Result.h"
#include "review/DraftRecord.h"
#include "review/Grades.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace cx::storage {
class Database;
}

namespace cx::review {

// What one reviewed draft teaches: written to customer_reply_grading (one row per draft, keyed by draft id so
// saving twice is harmless).
struct LearningSignal {
    QString id; // uuid
    QString draftId;
    QString conversationId;
    qint64 inboxId = 0;
    QString customerMessage; // what the customer asked (the fine-tuning export's user turn)
    QString draftText;
    QString finalText; // empty when rejected
    int editDistance = 0;
    double editRatio = 0.0;
    Grades grades;
    QJsonArray sources;
    std::optional<double> confidence;
    bool approved = false; // true only when the reply was sent
    bool approvedWithoutMajorEdits = false; // sent, and edit ratio <= threshold (the North Star counts this)
    QString rejectionReason;
    QString gradedBy;
    QDateTime gradedAt;
    QDateTime customerMessageAt, draftReadyAt, reviewOpenedAt, approvedAt, sentAt;

    QJsonObject toJson() const;
    static Result<LearningSignal> fromJson(const QJsonObject& o);
};

// Builds the signal for a reviewed draft: edit distance over code points, the major-edit rule.
LearningSignal captureLearningSignal(const DraftRecord& draft, const QString& finalText, const Grades& grades,
    const QString& reviewer, bool sent, const QString& rejectionReason, double editRatioThreshold);

// Synchronous; run on a database worker thread.
class SignalStore final {
public:
    explicit SignalStore(storage::Database& db);
    // Saves one signal. Saving the same draft's signal again is a no-op (returns Ok).
    Status saveLearningSignal(const LearningSignal& signal);
    // All or nothing, in one transaction; the error names the failing row ("row 3 (draft …): …").
    Status batchSaveLearningSignals(const QList<LearningSignal>& batch);
    Result<int> countForDraft(const QString& draftId);

private:
    Status insert(const LearningSignal& signal);
    storage::Database& m_db;
};

// Learning signals that could not reach their database wait here (a local SQLite file) until it is back:
// never dropped, never duplicated (the target is keyed by draft id).
class SignalQueue final {
public:
    explicit SignalQueue(storage::Database& local);
    Status enqueue(const LearningSignal& signal, const QString& why);
    Result<int> size();
    // How many signals wait (for the status bar).
    Result<int> pendingCount() { return size(); }
    // Moves every queued signal to `target`; stops at the first failure (what is left stays queued).
    // Returns how many were moved. Exactly once: a signal is removed only after it is stored, and storing it
    // again (a crash in between, two flushes at once) is a no-op keyed by the draft.
    Result<int> flushTo(storage::Database& target);

private:
    storage::Database& m_local;
};

} // namespace cx::review
