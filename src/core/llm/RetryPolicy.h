#pragma once

#include "llm/ChatTypes.h"
#include "llm/OpenAiConfig.h"

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace cx::llm {

struct RetryDecision {
    bool retry = false;
    int delayMs = 0; // chosen delay (before OpenAiConfig::retrySleepScale)
    bool fromServerHint = false;
};

// The official SDKs' rules, tightened as research/openai.md §4 suggests:
// - retried: no response (connection error, timeout), 408, 409, 429, >= 500; a server's x-should-retry wins;
// - never retried: other 4xx, insufficient_quota (a 429 that needs a person), a hint above maxRetryAfterMs;
// - delay: retry-after-ms, else retry-after (seconds, fractional, or an HTTP date), else
//   min(base * 2^k, max) * jitter in (0.75, 1], k = retries already done.
class RetryPolicy final {
public:
    explicit RetryPolicy(const OpenAiConfig& config);

    struct Response {
        int httpStatus = 0; // 0: no response
        ApiError error;
        QByteArray retryAfterMs; // header values as received (may be empty)
        QByteArray retryAfter;
        QByteArray shouldRetry;
    };
    RetryDecision decide(int retriesDone, const Response& response) const;

    // The server's wait hint in milliseconds, if it sent a usable one.
    static std::optional<qint64> hintMs(
        const QByteArray& retryAfterMs, const QByteArray& retryAfter, const QDateTime& nowUtc);
    int backoffMs(int retriesDone) const;

private:
    int m_maxRetries;
    int m_baseDelayMs;
    int m_maxDelayMs;
    int m_maxHintMs;
};

} // namespace cx::llm
