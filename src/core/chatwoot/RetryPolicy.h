#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace cx::chatwoot {

// Bounded exponential backoff with jitter, honouring Retry-After. Tests shrink every delay with timeScale.
struct RetryPolicy {
    int maxAttempts = 4; // first try included; 1 = no retry
    int baseDelayMs = 500; // first retry waits about this long, then doubles
    int maxDelayMs = 20000; // cap for the computed backoff
    int maxRetryAfterMs = 60000; // cap for a server's Retry-After
    double jitter = 0.25; // +/- this fraction of the delay
    double timeScale = 1.0; // multiply every delay (tests: 0.001)

    // Delay before retry number `retry` (1 = first retry). `random01` in [0,1) picks the jitter.
    int delayMs(int retry, std::optional<int> retryAfterMs, double random01) const;
};

// Retry-After as delta-seconds or an HTTP-date, relative to `now`. Empty when absent or unreadable.
std::optional<int> parseRetryAfterMs(const QByteArray& header, const QDateTime& now);

} // namespace cx::chatwoot
