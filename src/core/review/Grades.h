#pragma once

#include "foundation/Result.h"

#include <QJsonObject>
#include <QString>
#include <QVariant>

namespace cx::review {

// The three-axis rubric a reviewer fills in before approving: each an integer 1..5, given explicitly.
// There is deliberately no way to get default grades: a value that was not given is an error.
struct Grades {
    int tone = 0;
    int accuracy = 0;
    int policy = 0;

    friend bool operator==(const Grades&, const Grades&) = default;
};

enum class GradeAxis { Tone, Accuracy, Policy };

inline constexpr int kMinGrade = 1;
inline constexpr int kMaxGrade = 5;
inline constexpr int kMaxReviewerLength = 200; // code points
inline constexpr int kMaxReplyLength = 150000; // code points, as Chatwoot counts (Ruby String#length)

// "tone", "accuracy", "policy": the field names used in errors, JSON and the database columns.
QString gradeFieldName(GradeAxis axis);

// One grade from a raw value. Accepted: an integer type, a finite whole double, or a string holding only
// ASCII digits (surrounding whitespace allowed), with a value in 1..5. Refused: a missing/invalid/null
// QVariant, bool, 0, 6, negative, 3.5, "3.5", "+3", "abc", "". The error is ErrorKind::Invalid with field =
// gradeFieldName(axis).
cx::Result<int> parseGrade(GradeAxis axis, const QVariant& raw);
cx::Result<Grades> parseGrades(const QVariant& tone, const QVariant& accuracy, const QVariant& policy);
// From a JSON object with keys "tone", "accuracy", "policy" (a missing key is an error naming it).
cx::Result<Grades> parseGrades(const QJsonObject& object);

// GUI texts (translated): the axis label, what the axis measures, and what each point 1..5 means (the seed's
// grading reference); gradeTooltip() combines them for a spin box or slider. gradeScaleText() of a value
// outside 1..5 is empty.
QString gradeAxisLabel(GradeAxis axis);
QString gradeAxisDescription(GradeAxis axis);
QString gradeScaleText(int value);
QString gradeTooltip(GradeAxis axis);

// A reviewer must be a named person: returns the trimmed name, or ErrorKind::Invalid (field "reviewer") when
// empty after trimming, longer than kMaxReviewerLength code points, containing a control character, having no
// letter at all, or a placeholder such as "unknown", "system", "reviewer", "anonymous" (case-insensitive).
cx::Result<QString> validateReviewer(const QString& name);

// The text to send publicly: non-empty after trimming and at most kMaxReplyLength code points.
// Returns the text unchanged, or ErrorKind::Invalid (field "text").
cx::Result<QString> validateFinalText(const QString& text);

} // namespace cx::review
