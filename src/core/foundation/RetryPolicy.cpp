#include "foundation/RetryPolicy.h"

#include "foundation/HttpDate.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cx {

namespace {
constexpr qint64 kMaxHintMs = 24LL * 3600 * 1000; // one day: anything longer is "not soon"

qint64 scaled(double ms, double timeScale)
{
    const double v = ms * std::max(0.0, timeScale);
    // Range-checked before the conversion: a double outside qint64 converts with undefined behaviour.
    if (!(v > 0))
        return 0;
    return v >= 9.0e15 ? qint64(9'000'000'000'000'000) : static_cast<qint64>(std::llround(v));
}
} // namespace

std::optional<int> RetryPolicy::delayMs(int retry, std::optional<qint64> hintMs, double random01) const
{
    double delay = 0;
    if (hintMs) {
        const qint64 cap = std::max(0, maxRetryAfterMs);
        if (*hintMs > cap && longHint == LongHint::GiveUp)
            return std::nullopt;
        delay = static_cast<double>(std::clamp<qint64>(*hintMs, 0, cap));
    } else {
        const int exponent = std::clamp(retry - 1, 0, 30);
        delay = std::min(static_cast<double>(std::max(0, baseDelayMs)) * std::pow(2.0, exponent),
            static_cast<double>(std::max(0, maxDelayMs)));
        const double r = std::isfinite(random01) ? std::clamp(random01, 0.0, 1.0) : 0.0;
        delay *= 1.0 - std::clamp(jitter, 0.0, 1.0) * r;
    }
    return static_cast<int>(std::min<qint64>(scaled(delay, timeScale), std::numeric_limits<int>::max()));
}

qint64 RetryPolicy::maxSingleDelayMs() const
{
    return std::max<qint64>({ 0, maxDelayMs, maxRetryAfterMs });
}

qint64 RetryPolicy::worstCaseWindowMs(qint64 attemptTimeoutMs, int maxAttemptsOverride) const
{
    const qint64 attempts = std::max(1, maxAttemptsOverride > 0 ? maxAttemptsOverride : maxAttempts);
    const qint64 waits = attempts - 1;
    return attempts * std::max<qint64>(0, attemptTimeoutMs)
        + waits * scaled(static_cast<double>(maxSingleDelayMs()), timeScale);
}

std::optional<qint64> parseRetryAfterMs(const QByteArray& header, const QDateTime& nowUtc)
{
    const QByteArray value = header.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    // delta-seconds: digits only (toDouble alone would also take "nan", "inf", "1e9", "-0", " +3").
    const bool numeric
        = std::all_of(value.begin(), value.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
    if (numeric) {
        bool ok = false;
        const double seconds = value.toDouble(&ok);
        if (!ok || !std::isfinite(seconds))
            return std::nullopt;
        const double ms = std::ceil(seconds * 1000.0);
        return ms >= static_cast<double>(kMaxHintMs) ? kMaxHintMs : static_cast<qint64>(ms);
    }
    const QDateTime when = parseHttpDate(value, nowUtc);
    if (!when.isValid())
        return std::nullopt;
    return std::clamp<qint64>(nowUtc.msecsTo(when), 0, kMaxHintMs);
}

} // namespace cx
