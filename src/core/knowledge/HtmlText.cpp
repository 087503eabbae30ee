#include "knowledge/HtmlText.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace cx::knowledge {

namespace {
QString stripTags(const QString& s)
{
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    QString out = s;
    out.replace(tag, QStringLiteral(" "));
    const qsizetype open = out.indexOf(QLatin1Char('<'));
    if (open >= 0 && out.indexOf(QLatin1Char('>'), open) < 0 && open + 1 < out.size()
        && (out.at(open + 1).isLetter() || out.at(open + 1) == QLatin1Char('/')))
        out.truncate(open); // an unclosed tag at the end
    return out;
}

QString simplifyLines(const QString& text)
{
    QStringList lines;
    bool lastBlank = true;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.simplified();
        if (line.isEmpty()) {
            if (!lastBlank)
                lines.append(QString());
            lastBlank = true;
            continue;
        }
        lines.append(line);
        lastBlank = false;
    }
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines.join(QLatin1Char('\n'));
}
} // namespace

QString HtmlText::decodeEntities(const QString& text)
{
    static const QRegularExpression entity(
        QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    auto it = entity.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        out.append(QStringView(text).mid(last, m.capturedStart() - last));
        const QString name = m.captured(1);
        QString rep;
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint code = name.startsWith(QLatin1String("#x"), Qt::CaseInsensitive)
                ? name.mid(2).toUInt(&ok, 16)
                : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF)) {
                const char32_t c = code;
                rep = QString::fromUcs4(&c, 1);
            }
        } else {
            static const QHash<QString, QString> named {
                { QStringLiteral("amp"), QStringLiteral("&") },
                { QStringLiteral("lt"), QStringLiteral("<") },
                { QStringLiteral("gt"), QStringLiteral(">") },
                { QStringLiteral("quot"), QStringLiteral("\"") },
                { QStringLiteral("apos"), QStringLiteral("'") },
                { QStringLiteral("nbsp"), QStringLiteral(" ") },
                { QStringLiteral("ndash"), QString(QChar(0x2013)) },
                { QStringLiteral("mdash"), QString(QChar(0x2014)) },
                { QStringLiteral("hellip"), QString(QChar(0x2026)) },
                { QStringLiteral("rsquo"), QStringLiteral("'") },
                { QStringLiteral("lsquo"), QStringLiteral("'") },
                { QStringLiteral("eacute"), QString(QChar(0xE9)) },
                { QStringLiteral("euro"), QString(QChar(0x20AC)) },
                { QStringLiteral("pound"), QString(QChar(0xA3)) },
                { QStringLiteral("copy"), QString(QChar(0xA9)) },
            };
            rep = named.value(name.toLower(), m.captured(0));
        }
        out.append(rep);
        last = m.capturedEnd();
    }
    out.append(QStringView(text).mid(last));
    return out;
}

HtmlText::Converted HtmlText::convert(const QString& html)
{
    QString s = html;
    s.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    // Invisible parts; an unclosed one runs to the end.
    static const QRegularExpression comment(
        QStringLiteral("<!--.*?(-->|$)"), QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression hidden(
        QStringLiteral("<(script|style|noscript|template|head)\\b[^>]*>.*?(</\\1\\s*>|$)"),
        QRegularExpression::DotMatchesEverythingOption | QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression titleRe(QStringLiteral("<title\\b[^>]*>(.*?)</title\\s*>"),
        QRegularExpression::DotMatchesEverythingOption | QRegularExpression::CaseInsensitiveOption);

    Converted result;
    const auto titleMatch = titleRe.match(s);
    if (titleMatch.hasMatch())
        result.title = decodeEntities(stripTags(titleMatch.captured(1))).simplified();
    s.remove(comment);
    s.remove(hidden);

    // Headings become Markdown headings on their own line; a missing end tag ends at the next block tag.
    static const QRegularExpression heading(
        QStringLiteral(
            "<h([1-6])\\b[^>]*>(.*?)(</h[1-6]\\s*>|(?=<(?:h[1-6]|p|div|ul|ol|table|section)\\b)|$)"),
        QRegularExpression::DotMatchesEverythingOption | QRegularExpression::CaseInsensitiveOption);
    QString withHeadings;
    qsizetype last = 0;
    auto it = heading.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        withHeadings.append(QStringView(s).mid(last, m.capturedStart() - last));
        const int level = m.captured(1).toInt();
        const QString text = decodeEntities(stripTags(m.captured(2))).simplified();
        if (!text.isEmpty()) {
            withHeadings.append(QStringLiteral("\n\n") + QString(level, QLatin1Char('#')) + QLatin1Char(' ')
                + text + QStringLiteral("\n\n"));
            if (result.title.isEmpty() && level == 1)
                result.title = text;
        }
        last = m.capturedEnd();
    }
    withHeadings.append(QStringView(s).mid(last));
    s = withHeadings;

    static const QRegularExpression listItem(
        QStringLiteral("<li\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    s.replace(listItem, QStringLiteral("\n- "));
    static const QRegularExpression block(
        QStringLiteral("</?(p|div|br|tr|ul|ol|table|section|article|blockquote|pre|hr|dl|dt|dd|header|footer|"
                       "main|nav|aside|figure|form|h[1-6])\\b[^>]*>"),
        QRegularExpression::CaseInsensitiveOption);
    s.replace(block, QStringLiteral("\n\n"));
    static const QRegularExpression cell(
        QStringLiteral("</?t[dh]\\b[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    s.replace(cell, QStringLiteral(" | "));
    s = stripTags(s);
    // Only now are entities decoded: a decoded "&lt;b&gt;" stays text.
    result.text = simplifyLines(decodeEntities(s));
    return result;
}

} // namespace cx::knowledge
