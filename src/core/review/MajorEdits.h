#pragma once

namespace cx::review {

// "Approval rate" in the North Star counts replies approved without major edits, not merely sent.
inline constexpr double kMajorEditRatioThreshold = 0.2;

// True when the reply was sent and the reviewer's edits stayed within the threshold: editRatio <= threshold,
// where editRatio is EditDistance::ratio between the draft and the sent text (a ratio exactly at the
// threshold still counts as minor). False when not sent, or when the ratio or the threshold is not a number
// in 0..1.
bool approvedWithoutMajorEdits(bool sent, double editRatio, double threshold = kMajorEditRatioThreshold);

} // namespace cx::review
