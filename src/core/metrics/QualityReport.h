#pragma once

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace cx::metrics {

// What the quality tracker is asked for. Every metric counts the learning signals (rows of
// customer_reply_grading) whose graded_at lies in [from, to) — UTC, `to` exclusive — optionally of one inbox
// and/or one reviewer (graded_by). Unanswered customer messages (open drafts) are attributed by their
// customer_message_at instead, because they have no graded_at yet. See src/core/metrics/METRICS.md.
struct QualityQuery {
    QDateTime from; // inclusive
    QDateTime to; // exclusive
    std::optional<qint64> inboxId;
    QString reviewer; // empty = every reviewer
    int slaMinutes = 15; // first reply within this many minutes (inclusive) meets the SLA
    // Chatwoot's outgoing_messages_count for the same range (reports summary API), when the caller has it.
    // Without it the volume falls back to what CX Pilot itself saw (VolumeSource::CxPilot).
    std::optional<qint64> chatwootOutgoingCount;
    // "Now" for deciding that an unanswered message already breached the SLA; invalid = cx::Clock::nowUtc().
    QDateTime asOf;
    int topRejectionReasons = 5;
};

// Edit-ratio histogram: bucket 0 holds unedited replies (ratio == 0), bucket i (1..10) holds
// ((i-1)/10, i/10]. Approval-time histogram: upper bounds in seconds (inclusive), the last bucket is open.
inline constexpr int kEditRatioBuckets = 11;
inline constexpr std::array<qint64, 6> kApprovalBucketUpperSeconds { 60, 300, 900, 1800, 3600, 14400 };
inline constexpr int kApprovalBuckets = int(kApprovalBucketUpperSeconds.size()) + 1;
QString editRatioBucketLabel(int bucket); // "0 (unedited)", "0.0–0.1", ... "0.9–1.0"
QString approvalBucketLabel(int bucket); // "≤ 1 min", "1–5 min", ... "> 4 h"

// Additive counters over a set of learning signals: one per UTC day, and their sum for the whole range.
// Averages are derived from exact integer sums divided once, so a range's average is the row-weighted
// average, never an average of daily averages. Every derived value is std::nullopt without data.
struct Tally {
    qint64 reviewed = 0; // learning signals = drafts a person graded (approved or rejected)
    qint64 approved = 0; // approved = sent through the approved draft ("AI-drafted" replies)
    qint64 approvedWithoutMajorEdits = 0;
    qint64 toneSum = 0, accuracySum = 0, policySum = 0;
    std::array<qint64, 5> toneCounts {}, accuracyCounts {}, policyCounts {}; // index 0 = grade 1
    qint64 editDistanceCount = 0, editDistanceSum = 0;
    qint64 editRatioCount = 0;
    double editRatioSum = 0;
    qint64 firstResponseCount = 0, firstResponseSumMs = 0, firstResponseWithinSla = 0;
    qint64 approvalTimeCount = 0, approvalTimeSumMs = 0;
    qint64 openSlaBreaches = 0; // unanswered customer messages already older than the SLA
    std::array<qint64, kEditRatioBuckets> editRatioHistogram {};
    std::array<qint64, kApprovalBuckets> approvalHistogram {};

    void add(const Tally& other);

    std::optional<double> averageTone() const;
    std::optional<double> averageAccuracy() const;
    std::optional<double> averagePolicy() const;
    // Mean over rows of (tone + accuracy + policy) / 3 — equal to the mean of the three axis averages,
    // since every row carries all three grades.
    std::optional<double> averageOverall() const;
    std::optional<double> averageEditDistance() const;
    std::optional<double> averageEditRatio() const;
    std::optional<double> approvalRatePct() const; // approvedWithoutMajorEdits / reviewed * 100
    qint64 slaMeasured() const { return firstResponseCount + openSlaBreaches; }
    std::optional<double> slaCompliancePct() const; // firstResponseWithinSla / slaMeasured * 100
    std::optional<double> meanFirstResponseSeconds() const;
    std::optional<double> meanApprovalSeconds() const;
};

// Mean, real median (even n: mean of the two middle values) and nearest-rank p90, in seconds.
struct DurationStats {
    qint64 count = 0;
    std::optional<double> meanSeconds;
    std::optional<double> medianSeconds;
    std::optional<double> p90Seconds;
};

enum class VolumeSource { Chatwoot, CxPilot };

// Rejected drafts are "manual" replies only when a person's public reply to that conversation was seen
// afterwards (poller / webhook: drafts.manual_reply_at); otherwise they are "unanswered".
struct VolumeStats {
    VolumeSource source = VolumeSource::CxPilot;
    qint64 total = 0; // customer replies sent: Chatwoot's count, or aiDrafted + manual (CX Pilot)
    qint64 aiDrafted = 0; // sent through an approved draft
    qint64 manual = 0; // Chatwoot: max(0, total - aiDrafted); CX Pilot: rejected drafts answered by a person
    qint64 unanswered = 0; // rejected drafts without a person's reply seen (either source)
    std::optional<double> aiDraftedPct; // min(100, aiDrafted / total * 100); nullopt when total == 0
};

struct ReasonCount {
    QString reason;
    qint64 count = 0;
};

struct DailyPoint {
    QDate day; // UTC
    Tally tally;
};

struct QualityReport {
    QualityQuery query;
    Tally totals;
    VolumeStats volume;
    DurationStats firstResponse; // customer_message_at -> sent_at
    DurationStats approvalTime; // draft_ready_at -> approved_at
    QList<ReasonCount> rejectionReasons; // top N, most frequent first, ties alphabetical
    QList<DailyPoint> daily; // every UTC day touched by [from, to), empty days included

    bool hasData() const { return totals.reviewed > 0 || totals.openSlaBreaches > 0; }
};

} // namespace cx::metrics
