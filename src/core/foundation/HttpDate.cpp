#include "foundation/HttpDate.h"

#include <QByteArrayView>

#include <array>

namespace cx {

namespace {

constexpr std::array<const char*, 7> kDays = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
constexpr std::array<const char*, 7> kLongDays
    = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
constexpr std::array<const char*, 12> kMonths
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

// Reads the grammar left to right; every method consumes input only when it matches.
class Cursor {
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    {
    }

    bool atEnd() const { return m_pos == m_text.size(); }

    bool literal(QByteArrayView expected)
    {
        if (!m_text.sliced(m_pos).startsWith(expected))
            return false;
        m_pos += expected.size();
        return true;
    }

    // Exactly `count` ASCII digits.
    bool digits(qsizetype count, int* value)
    {
        if (m_text.size() - m_pos < count)
            return false;
        int v = 0;
        for (qsizetype i = 0; i < count; ++i) {
            const char c = m_text.at(m_pos + i);
            if (c < '0' || c > '9')
                return false;
            v = v * 10 + (c - '0');
        }
        m_pos += count;
        *value = v;
        return true;
    }

    // The index of the name that matches at the cursor, or -1. Longest names first would matter only if
    // one name were a prefix of another; none of ours is.
    template <std::size_t N> int oneOf(const std::array<const char*, N>& names)
    {
        for (std::size_t i = 0; i < N; ++i) {
            if (literal(QByteArrayView(names[i])))
                return static_cast<int>(i);
        }
        return -1;
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

// time-of-day = hour ":" minute ":" second; a leap second (60) is read as 59: QTime has no 60.
bool readTime(Cursor& c, QTime* time)
{
    int h = 0;
    int m = 0;
    int s = 0;
    if (!c.digits(2, &h) || !c.literal(":") || !c.digits(2, &m) || !c.literal(":") || !c.digits(2, &s))
        return false;
    if (h > 23 || m > 59 || s > 60)
        return false;
    *time = QTime(h, m, s == 60 ? 59 : s);
    return time->isValid();
}

QDateTime make(int year, int month, int day, const QTime& time)
{
    const QDate date(year, month, day);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
QDateTime imfFixdate(QByteArrayView text)
{
    Cursor c(text);
    int day = 0;
    int year = 0;
    QTime time;
    if (c.oneOf(kDays) < 0 || !c.literal(", ") || !c.digits(2, &day) || !c.literal(" "))
        return {};
    const int month = c.oneOf(kMonths);
    if (month < 0 || !c.literal(" ") || !c.digits(4, &year) || !c.literal(" ") || !readTime(c, &time)
        || !c.literal(" GMT") || !c.atEnd())
        return {};
    return make(year, month + 1, day, time);
}

// "Sunday, 06-Nov-94 08:49:37 GMT"
QDateTime rfc850(QByteArrayView text, const QDateTime& nowUtc)
{
    Cursor c(text);
    int day = 0;
    int yy = 0;
    QTime time;
    if (c.oneOf(kLongDays) < 0 || !c.literal(", ") || !c.digits(2, &day) || !c.literal("-"))
        return {};
    const int month = c.oneOf(kMonths);
    if (month < 0 || !c.literal("-") || !c.digits(2, &yy) || !c.literal(" ") || !readTime(c, &time)
        || !c.literal(" GMT") || !c.atEnd())
        return {};
    const int thisYear = (nowUtc.isValid() ? nowUtc : QDateTime::currentDateTimeUtc()).date().year();
    int year = thisYear / 100 * 100 + yy;
    if (year > thisYear + 50)
        year -= 100;
    return make(year, month + 1, day, time);
}

// "Sun Nov  6 08:49:37 1994" (day = 2DIGIT or SP 1DIGIT)
QDateTime asctime(QByteArrayView text)
{
    Cursor c(text);
    int day = 0;
    int year = 0;
    QTime time;
    if (c.oneOf(kDays) < 0 || !c.literal(" "))
        return {};
    const int month = c.oneOf(kMonths);
    if (month < 0 || !c.literal(" "))
        return {};
    if (!(c.literal(" ") ? c.digits(1, &day) : c.digits(2, &day)))
        return {};
    if (!c.literal(" ") || !readTime(c, &time) || !c.literal(" ") || !c.digits(4, &year) || !c.atEnd())
        return {};
    return make(year, month + 1, day, time);
}

} // namespace

QDateTime parseHttpDate(const QByteArray& text, const QDateTime& nowUtc)
{
    const QByteArray trimmed = text.trimmed();
    const QByteArrayView view(trimmed);
    QDateTime when = imfFixdate(view);
    if (!when.isValid())
        when = rfc850(view, nowUtc);
    if (!when.isValid())
        when = asctime(view);
    return when;
}

} // namespace cx
