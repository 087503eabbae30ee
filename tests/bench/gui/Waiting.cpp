#include "Waiting.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTimer>

namespace cx::bench {

bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    QTimer wake;
    wake.setTimerType(Qt::PreciseTimer);
    wake.start(1);
    const QDeadlineTimer deadline(timeoutMs, Qt::PreciseTimer);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

void settle(int msecs)
{
    waitUntil([] { return false; }, msecs);
}

} // namespace cx::bench
