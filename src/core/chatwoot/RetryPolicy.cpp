#include "RetryPolicy.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cx::chatwoot {

int RetryPolicy::delayMs(int retry, std::optional<int> retryAfterMs, double random01) const
{
    double delay = 0;
    if (retryAfterMs) {
        delay = std::min(std::max(*retryAfterMs, 0), maxRetryAfterMs);
    } else {
        const int exponent = std::clamp(retry - 1, 0, 20);
        delay = std::min(
            static_cast<double>(baseDelayMs) * std::pow(2.0, exponent), static_cast<double>(maxDelayMs));
        const double r = std::clamp(random01, 0.0, 1.0);
        delay *= 1.0 + jitter * (2.0 * r - 1.0);
    }
    return std::max(0, static_cast<int>(std::lround(delay * timeScale)));
}

std::optional<int> parseRetryAfterMs(const QByteArray& header, const QDateTime& now)
{
    const QByteArray h = header.trimmed();
    if (h.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 secs = h.toLongLong(&ok);
    if (ok)
        return secs < 0 ? std::nullopt
                        : std::optional<int>(static_cast<int>(std::min<qint64>(secs, 86400) * 1000));
    // IMF-fixdate: "Wed, 21 Oct 2015 07:28:00 GMT"
    QDateTime when
        = QLocale::c().toDateTime(QString::fromLatin1(h), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!when.isValid())
        return std::nullopt;
    when.setTimeSpec(Qt::UTC);
    const qint64 ms = now.msecsTo(when);
    return static_cast<int>(std::clamp<qint64>(ms, 0, 86400000));
}

} // namespace cx::chatwoot
