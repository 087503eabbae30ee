#pragma once

#include "foundation/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace cx::learning {

// One arm of a prompt/model experiment. Empty promptVersion or model: the drafter's configured one.
struct ExperimentVariant {
    QString label; // "A", "B", ... in the order given; A is the control
    QString promptVersion;
    QString model;
    int weight = 1; // share of the split (percent when given with --split)

    // "prompt@model", "prompt", "@model": the spec `experiment start --variants` takes.
    QString spec() const;
};

struct Experiment {
    QString id; // uuid
    QString name; // unique, [A-Za-z0-9_.-]{1,64}
    QList<ExperimentVariant> variants;
    QString state; // "running" or "stopped"
    QString startedBy;
    QDateTime startedAt;
    QDateTime stoppedAt;

    bool running() const { return state == QLatin1String("running"); }
};

// Parsing what a person types; errors are ErrorKind::Invalid naming the option ("variants", "split", "name").
Status validateExperimentName(const QString& name);
// "spec,spec[,spec...]": at least two, all different; each spec as ExperimentVariant::spec().
Result<QList<ExperimentVariant>> parseVariants(const QString& text);
// "50,50" (one positive integer per variant, summing to 100). Empty: equal shares.
Status applySplit(QList<ExperimentVariant>& variants, const QString& text);

// Deterministic assignment of a conversation to a variant: the first 8 bytes of
// SHA-256("cxpilot-experiment-v1\n" + experimentId + "\n" + conversationKey), read big-endian, modulo the
// sum of the weights, picks the variant by cumulative weight. The same conversation gets the same variant
// in every process and after restarts; the id's shape (numeric parity, length, prefixes) does not matter,
// and two experiments split independently (the experiment id is part of the hash input).
int assignVariant(const Experiment& experiment, const QString& conversationKey);
// The conversation key used by the pipeline: "<account id>:<conversation id>".
QString conversationKey(qint64 accountId, qint64 conversationId);

} // namespace cx::learning
