#pragma once

#include <QDateTime>

namespace cx {

// Time seam: production reads the system clock; tests set a fixed or advancing time.
class Clock {
public:
    static QDateTime nowUtc();
    static qint64 nowMSecs();
    // Tests only: pin the clock (an invalid QDateTime releases it).
    static void setFixedNow(const QDateTime& now);
    static void advance(qint64 msecs);
};

} // namespace cx
