#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace cx {

// When to retry a failed HTTP call and how long to wait: bounded exponential backoff with jitter, a
// server's Retry-After honoured, a maximum number of attempts. *Whether* a failure may be retried at all
// (a 429, a GET that timed out, never a POST whose outcome is unknown …) is the caller's decision; this
// only answers "how long" and "how many". The Chatwoot and OpenAI clients share it.
struct RetryPolicy {
    // What to do with a server's wait hint above maxRetryAfterMs.
    enum class LongHint {
        Cap, // wait maxRetryAfterMs, then retry
        GiveUp, // do not retry: surface the error rather than wait minutes
    };

    int maxAttempts = 4; // first try included; 1 = no retry
    int baseDelayMs = 500; // the first retry waits about this long, then it doubles
    int maxDelayMs = 20000; // cap of the computed backoff (jitter only shortens it)
    int maxRetryAfterMs = 60000; // cap of a server's hint (see longHint)
    LongHint longHint = LongHint::Cap;
    double jitter = 0.25; // the backoff is shortened by up to this fraction, at random
    double timeScale = 1.0; // multiplies every delay (tests: 0.001)

    // True while attempt number `attemptsDone + 1` is still allowed.
    bool mayRetry(int attemptsDone) const { return attemptsDone < maxAttempts; }

    // Delay before retry number `retry` (1 = the first retry). `hintMs`: the server's wait hint, if any
    // (parseRetryAfterMs). `random01` in [0,1) picks the jitter: 0 = the full backoff. Empty when the hint
    // is too long and longHint is GiveUp.
    std::optional<int> delayMs(int retry, std::optional<qint64> hintMs, double random01) const;

    // The longest one retry can wait (before timeScale): the larger of the backoff cap and the hint cap.
    qint64 maxSingleDelayMs() const;

    // The worst case from the first attempt's start to the last attempt's end: every allowed attempt
    // runs into `attemptTimeoutMs` and every wait between them is the longest possible. A lease that
    // must outlast a call and all its retries needs at least this. `maxAttemptsOverride` > 0 replaces
    // maxAttempts (a request that allows fewer attempts).
    qint64 worstCaseWindowMs(qint64 attemptTimeoutMs, int maxAttemptsOverride = 0) const;
};

// A Retry-After header value relative to `nowUtc`, in milliseconds: delta-seconds (a fraction is
// accepted: some OpenAI-compatible servers send "0.5") or an HTTP-date (parseHttpDate; a date in the past
// is 0). Empty when absent or unreadable. Capped at one day so a hostile value cannot overflow anything.
std::optional<qint64> parseRetryAfterMs(const QByteArray& header, const QDateTime& nowUtc);

} // namespace cx
