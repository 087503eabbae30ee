#pragma once

#include "foundation/Result.h"
#include "learning/Experiment.h"
#include "learning/ExperimentAnalysis.h"

#include <optional>

namespace cx::storage {
class Database;
}

namespace cx::learning {

// One draft of an experiment with its outcome, for the per-experiment report (CSV).
struct ExperimentDraftRow {
    QString draftId;
    QString variant;
    QString promptVersion;
    QString model; // as requested by the variant
    QDateTime assignedAt;
    bool graded = false; // false: not reviewed yet (the other fields are empty)
    ExperimentOutcome outcome;
};

// Experiments and their assignments (tables experiments, experiment_assignments; migration 0410).
// Synchronous; run on a database worker thread (review::dbCall) or in the CLI.
class ExperimentStore final {
public:
    explicit ExperimentStore(storage::Database& db);

    // Starts an experiment. Conflict when the name is taken or another experiment is running (one at a
    // time: a draft can follow only one prompt).
    Result<Experiment> start(
        const QString& name, const QList<ExperimentVariant>& variants, const QString& by);
    // Stops a running experiment (NotFound: no such name; Conflict: already stopped).
    Result<Experiment> stop(const QString& name);
    Result<Experiment> find(const QString& name);
    Result<std::optional<Experiment>> running();
    Result<QList<Experiment>> list(); // newest first

    // For a newly claimed draft: when an experiment runs, picks the conversation's variant (assignVariant),
    // records it, and returns it; otherwise nothing. Call inside the claim's transaction.
    Result<std::optional<ExperimentVariant>> assignDraft(
        const QString& draftId, qint64 accountId, qint64 conversationId);

    // The graded outcomes of the experiment's drafts (joined with their learning signals).
    Result<QList<ExperimentOutcome>> outcomes(const Experiment& experiment);
    // Every assigned draft, graded or not, oldest first.
    Result<QList<ExperimentDraftRow>> drafts(const Experiment& experiment);

private:
    storage::Database& m_db;
};

} // namespace cx::learning
