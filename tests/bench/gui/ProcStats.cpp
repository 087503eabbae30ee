#include "ProcStats.h"

#include <QByteArray>
#include <QFile>
#include <QList>

#include <ctime>
#include <unistd.h>

namespace cx::bench {

namespace {

qint64 clockNs(clockid_t clock)
{
    timespec ts {};
    clock_gettime(clock, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

qint64 statusKiB(const QByteArray& key)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        if (!line.startsWith(key))
            continue;
        // "VmRSS:	  123456 kB"
        const QList<QByteArray> parts = line.mid(key.size()).simplified().split(' ');
        bool ok = false;
        const qint64 value = parts.value(0).toLongLong(&ok);
        return ok ? value : -1;
    }
    return -1;
}

} // namespace

qint64 monotonicNs()
{
    return clockNs(CLOCK_MONOTONIC);
}

qint64 boottimeNs()
{
    return clockNs(CLOCK_BOOTTIME);
}

qint64 processStartBoottimeNs()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    // The command name (field 2) is in parentheses and may hold spaces: fields are counted after the last
    // ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    constexpr int kStartTimeField = 22 - 3; // field 3 (state) is the first after ')'
    bool ok = false;
    const qint64 ticks = fields.value(kStartTimeField).toLongLong(&ok);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!ok || ticksPerSecond <= 0)
        return -1;
    return ticks * (1000000000LL / ticksPerSecond);
}

qint64 residentKiB()
{
    return statusKiB(QByteArrayLiteral("VmRSS:"));
}

qint64 peakResidentKiB()
{
    return statusKiB(QByteArrayLiteral("VmHWM:"));
}

} // namespace cx::bench
