#include "SqlScript.h"

#include <QRegularExpression>

namespace cx::storage {

QStringList splitSqlScript(const QString& script)
{
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    int triggerDepth = 0; // inside CREATE TRIGGER ... BEGIN ... END
    static const QRegularExpression word(QStringLiteral("[A-Za-z_]+"));

    auto flush = [&] {
        const QString s = current.trimmed();
        if (!s.isEmpty())
            statements.append(s);
        current.clear();
    };

    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < n ? script.at(i + 1) : QChar();
        if (c == QLatin1Char('-') && next == QLatin1Char('-')) { // line comment: dropped
            while (i < n && script.at(i) != QLatin1Char('\n'))
                ++i;
            current.append(QLatin1Char('\n'));
            continue;
        }
        if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
            const qsizetype end = script.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 1;
            continue;
        }
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) { // doubled quote
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            current.append(script.mid(i, j - i + 1));
            i = j;
            continue;
        }
        if (c == QLatin1Char('$')) {
            static const QRegularExpression tagRe(QStringLiteral("\\$[A-Za-z_]*\\$"));
            const auto m = tagRe.match(
                script, i, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
            if (m.hasMatch()) {
                const QString tag = m.captured(0);
                const qsizetype end = script.indexOf(tag, i + tag.size());
                const qsizetype stop = end < 0 ? n : end + tag.size();
                current.append(script.mid(i, stop - i));
                i = stop - 1;
                continue;
            }
        }
        if (c.isLetter()
            && (i == 0 || !(script.at(i - 1).isLetterOrNumber() || script.at(i - 1) == QLatin1Char('_')))) {
            const auto m = word.match(
                script, i, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
            const QString w = m.captured(0).toUpper();
            if (w == QLatin1String("TRIGGER")
                && current.trimmed().toUpper().startsWith(QLatin1String("CREATE")))
                triggerDepth = 1; // statement is a trigger: wait for BEGIN ... END
            else if (w == QLatin1String("END") && triggerDepth == 2)
                triggerDepth = 3;
            else if (w == QLatin1String("BEGIN") && triggerDepth == 1)
                triggerDepth = 2;
            current.append(m.captured(0));
            i += m.capturedLength() - 1;
            continue;
        }
        if (c == QLatin1Char(';')) {
            if (triggerDepth == 2) { // a statement inside the trigger body
                current.append(c);
                continue;
            }
            // A PostgreSQL trigger has no BEGIN: it ends at its first top-level semicolon.
            triggerDepth = 0;
            flush();
            continue;
        }
        current.append(c);
    }
    flush();
    return statements;
}

} // namespace cx::storage
