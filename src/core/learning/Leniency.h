#pragma once

#include "learning/Bootstrap.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

namespace cx::learning {

// One item graded by several reviewers on one axis: reviewer → grade.
using ItemGrades = QMap<QString, int>;

// How far a reviewer's grades sit from the others': on each item the reviewer graded together with at least
// one other, offset = own grade − mean of the others' grades on that item. Leniency is the mean offset
// (positive: grades higher than colleagues, i.e. more lenient), with a percentile bootstrap interval over
// those items.
struct Leniency {
    QString reviewer;
    int items = 0; // items with at least one other grade
    Estimate offset;
};

QList<Leniency> leniencyPerReviewer(const QList<ItemGrades>& items, const BootstrapOptions& options = {});

// A production grade (one reviewer per draft) on one axis.
struct ProductionGrade {
    QString reviewer;
    qint64 inboxId = 0;
    QDateTime gradedAt;
    int grade = 0;
};

struct TimedOffset {
    QDateTime at;
    double offset = 0.0;
};

// Production drafts are graded once, so a reviewer's offset is taken against peers: grade − mean of all other
// reviewers' grades in the same inbox over the given grades (so a shared change in the drafts moves everyone
// and is not a reviewer's drift). Grades in an inbox no one else graded are left out. Per reviewer, in time
// order.
QMap<QString, QList<TimedOffset>> productionOffsets(const QList<ProductionGrade>& grades);

// "Leniency-adjusted" grade: the grade minus the reviewer's leniency, kept within 1..5.
double leniencyAdjusted(int grade, double leniency);

} // namespace cx::learning
