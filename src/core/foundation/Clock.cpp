#include "Clock.h"

#include <atomic>

namespace cx {

namespace {
std::atomic<qint64> g_fixedMSecs { -1 };
}

QDateTime Clock::nowUtc()
{
    const qint64 fixed = g_fixedMSecs.load();
    if (fixed >= 0)
        return QDateTime::fromMSecsSinceEpoch(fixed, Qt::UTC);
    return QDateTime::currentDateTimeUtc();
}

qint64 Clock::nowMSecs()
{
    return nowUtc().toMSecsSinceEpoch();
}

void Clock::setFixedNow(const QDateTime& now)
{
    g_fixedMSecs = now.isValid() ? now.toMSecsSinceEpoch() : -1;
}

void Clock::advance(qint64 msecs)
{
    if (g_fixedMSecs.load() >= 0)
        g_fixedMSecs += msecs;
}

} // namespace cx
