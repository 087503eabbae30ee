#include "WordDiff.h"

#include <algorithm>
#include <vector>

namespace cx::gui {

namespace {

enum class TokenClass { Word, Space, Other };

TokenClass classOf(QChar c)
{
    if (c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('_'))
        return TokenClass::Word;
    if (c.isSpace())
        return TokenClass::Space;
    return TokenClass::Other;
}

void append(QList<DiffSpan>& out, DiffSpan::Op op, const QString& text)
{
    if (text.isEmpty())
        return;
    if (!out.isEmpty() && out.last().op == op)
        out.last().text += text;
    else
        out.append(DiffSpan { op, text });
}

QString cssColor(const QColor& c)
{
    return QStringLiteral("rgba(%1, %2, %3, %4)").arg(c.red()).arg(c.green()).arg(c.blue()).arg(c.alpha());
}

QString escaped(const QString& text)
{
    QString html = text.toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return html;
}

} // namespace

QStringList diffTokens(const QString& text)
{
    QStringList tokens;
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        const TokenClass cls = classOf(text.at(i));
        int j = i + 1;
        if (cls == TokenClass::Other) {
            // One mark at a time, keeping a surrogate pair together.
            if (text.at(i).isHighSurrogate() && j < n && text.at(j).isLowSurrogate())
                ++j;
        } else {
            while (j < n && classOf(text.at(j)) == cls)
                ++j;
        }
        tokens.append(text.mid(i, j - i));
        i = j;
    }
    return tokens;
}

QList<DiffSpan> wordDiff(const QString& before, const QString& after)
{
    const QStringList a = diffTokens(before);
    const QStringList b = diffTokens(after);
    qsizetype prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a.at(prefix) == b.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix
        && a.at(a.size() - 1 - suffix) == b.at(b.size() - 1 - suffix))
        ++suffix;

    QList<DiffSpan> out;
    for (qsizetype i = 0; i < prefix; ++i)
        append(out, DiffSpan::Op::Equal, a.at(i));

    const qsizetype n = a.size() - prefix - suffix;
    const qsizetype m = b.size() - prefix - suffix;
    if (n > 0 && m > 0 && qint64(n) * qint64(m) <= kMaxDiffCells) {
        // lcs[i][j]: LCS length of a[prefix+i ..] and b[prefix+j ..] (suffix-relative table, walk forward).
        std::vector<int> lcs(size_t(n + 1) * size_t(m + 1), 0);
        const auto at = [m](qsizetype i, qsizetype j) { return size_t(i) * size_t(m + 1) + size_t(j); };
        for (qsizetype i = n - 1; i >= 0; --i)
            for (qsizetype j = m - 1; j >= 0; --j)
                lcs[at(i, j)] = a.at(prefix + i) == b.at(prefix + j)
                    ? lcs[at(i + 1, j + 1)] + 1
                    : std::max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
        qsizetype i = 0;
        qsizetype j = 0;
        while (i < n && j < m) {
            if (a.at(prefix + i) == b.at(prefix + j)) {
                append(out, DiffSpan::Op::Equal, a.at(prefix + i));
                ++i;
                ++j;
            } else if (lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                append(out, DiffSpan::Op::Delete, a.at(prefix + i));
                ++i;
            } else {
                append(out, DiffSpan::Op::Insert, b.at(prefix + j));
                ++j;
            }
        }
        for (; i < n; ++i)
            append(out, DiffSpan::Op::Delete, a.at(prefix + i));
        for (; j < m; ++j)
            append(out, DiffSpan::Op::Insert, b.at(prefix + j));
    } else {
        for (qsizetype i = 0; i < n; ++i)
            append(out, DiffSpan::Op::Delete, a.at(prefix + i));
        for (qsizetype j = 0; j < m; ++j)
            append(out, DiffSpan::Op::Insert, b.at(prefix + j));
    }

    for (qsizetype i = a.size() - suffix; i < a.size(); ++i)
        append(out, DiffSpan::Op::Equal, a.at(i));
    return out;
}

QString diffToHtml(
    const QList<DiffSpan>& spans, const QColor& insertedBackground, const QColor& deletedBackground)
{
    QString html = QStringLiteral("<div style=\"white-space: pre-wrap;\">");
    for (const DiffSpan& span : spans) {
        switch (span.op) {
        case DiffSpan::Op::Equal:
            html += escaped(span.text);
            break;
        case DiffSpan::Op::Insert:
            html += QStringLiteral(
                "<span style=\"background-color: %1; text-decoration: underline;\">%2</span>")
                        .arg(cssColor(insertedBackground), escaped(span.text));
            break;
        case DiffSpan::Op::Delete:
            html += QStringLiteral(
                "<span style=\"background-color: %1; text-decoration: line-through;\">%2</span>")
                        .arg(cssColor(deletedBackground), escaped(span.text));
            break;
        }
    }
    html += QStringLiteral("</div>");
    return html;
}

} // namespace cx::gui
