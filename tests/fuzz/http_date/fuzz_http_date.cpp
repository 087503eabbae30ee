// Retry-After values and HTTP-dates. A date that parses is printed back as an IMF-fixdate, which must
// parse to the same instant.
#include "../FuzzSupport.h"
#include "foundation/HttpDate.h"
#include "foundation/RetryPolicy.h"

#include <QLocale>

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray text = cx::fuzz::bytes(data, size);
    const QDateTime now(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);
    const QDateTime when = cx::parseHttpDate(text, now);
    if (when.isValid()) {
        if (when.timeSpec() != Qt::UTC)
            __builtin_trap();
        const QByteArray printed
            = QLocale::c().toString(when, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
        if (cx::parseHttpDate(printed, now) != when)
            __builtin_trap();
    }
    const std::optional<qint64> ms = cx::parseRetryAfterMs(text, now);
    if (ms && (*ms < 0 || *ms > 86400000))
        __builtin_trap();
    cx::RetryPolicy policy;
    const std::optional<int> delay = policy.delayMs(1 + static_cast<int>(size % 40), ms, 0.5);
    if (!delay || *delay < 0 || *delay > policy.maxSingleDelayMs())
        __builtin_trap();
    return 0;
}
