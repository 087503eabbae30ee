#include "Heartbeat.h"

#include "ProcStats.h"

namespace cx::bench {

namespace {
constexpr qint64 kFrameNs = 16666667;
}

Heartbeat::Heartbeat(QObject* parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &Heartbeat::tick);
}

void Heartbeat::start()
{
    m_maxGapNs = 0;
    m_longGaps = 0;
    m_ticks = 0;
    m_lastNs = monotonicNs();
    m_timer.start();
}

void Heartbeat::stop()
{
    m_timer.stop();
    account(monotonicNs());
}

void Heartbeat::tick()
{
    ++m_ticks;
    account(monotonicNs());
}

void Heartbeat::account(qint64 now)
{
    const qint64 gap = now - m_lastNs;
    m_maxGapNs = qMax(m_maxGapNs, gap);
    if (gap > kFrameNs)
        ++m_longGaps;
    m_lastNs = now;
}

} // namespace cx::bench
