#include "reports/PiiMasker.h"

#include <QRegularExpression>

namespace cx::reports {

namespace {
QString digitsOf(const QString& s)
{
    QString d;
    for (QChar c : s)
        if (c.isDigit() && c.unicode() < 128)
            d += c;
    return d;
}

template <typename Keep>
QString replaceMatches(const QString& text, const QRegularExpression& re, Keep replacement)
{
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString r = replacement(m.captured(0));
        if (r.isNull())
            continue;
        out += QStringView(text).mid(last, m.capturedStart(0) - last);
        out += r;
        last = m.capturedEnd(0);
    }
    out += QStringView(text).mid(last);
    return out;
}
} // namespace

bool PiiMasker::luhnValid(const QString& digits)
{
    if (digits.isEmpty())
        return false;
    int sum = 0;
    bool doubleIt = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const int d = digits[i].digitValue();
        if (d < 0 || d > 9)
            return false;
        int v = doubleIt ? d * 2 : d;
        if (v > 9)
            v -= 9;
        sum += v;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

QString PiiMasker::mask(const QString& text)
{
    static const QRegularExpression emailRe(
        QStringLiteral("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)*\\.[A-Za-z]{2,}"));
    static const QRegularExpression cardRe(QStringLiteral("(?<![0-9])[0-9](?:[ \\-]?[0-9]){12,18}(?![0-9])"));
    static const QRegularExpression phoneRe(
        QStringLiteral("(?<![0-9A-Za-z])\\+?\\(?[0-9][0-9 ().\\-]{5,22}[0-9](?![0-9])"));

    QString out = replaceMatches(text, emailRe, [](const QString&) { return email(); });
    out = replaceMatches(out, cardRe, [](const QString& m) {
        const QString d = digitsOf(m);
        return (d.size() >= 13 && d.size() <= 19 && luhnValid(d)) ? card() : QString();
    });
    out = replaceMatches(out, phoneRe, [](const QString& m) {
        const qsizetype n = digitsOf(m).size();
        const bool plus = m.startsWith(QLatin1Char('+'));
        return ((plus && n >= 7 && n <= 15) || (n >= 9 && n <= 15)) ? phone() : QString();
    });
    return out;
}

} // namespace cx::reports
