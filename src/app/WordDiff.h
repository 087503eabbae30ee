#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace cx::gui {

// A word-level difference between two texts, for "Show changes" in the approvals drawer. Tokens are words,
// runs of whitespace and single punctuation marks; the diff is a longest common subsequence over tokens after
// the common prefix and suffix are stripped. Beyond kMaxDiffCells token pairs the middle is shown as one
// deletion plus one insertion (still correct, just coarse).
struct DiffSpan {
    enum class Op { Equal, Insert, Delete };
    Op op = Op::Equal;
    QString text;

    friend bool operator==(const DiffSpan&, const DiffSpan&) = default;
};

inline constexpr qint64 kMaxDiffCells = 4'000'000;

QStringList diffTokens(const QString& text);
// Adjacent spans of the same kind are merged. Concatenating Equal+Delete gives `before`, Equal+Insert
// `after`.
QList<DiffSpan> wordDiff(const QString& before, const QString& after);
// HTML for a QTextBrowser: deletions struck through on `deletedBackground`, insertions underlined on
// `insertedBackground` (colours may be translucent, so they read on light and dark bases).
QString diffToHtml(
    const QList<DiffSpan>& spans, const QColor& insertedBackground, const QColor& deletedBackground);

} // namespace cx::gui
