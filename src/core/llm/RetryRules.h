#pragma once

#include "foundation/RetryPolicy.h"
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

// Which failures of an OpenAI-compatible server are retried — the official SDKs' rules, tightened as
// research/openai.md §4 suggests; how long to wait and how often is cx::RetryPolicy's job:
// - retried: no response (connection error, timeout), 408, 409, 429, >= 500; a server's x-should-retry wins;
// - never retried: TLS failures, cancellation, other 4xx, insufficient_quota (a 429 that needs a person), a
//   hint above maxRetryAfterMs (the error is surfaced rather than waiting minutes);
// - delay: retry-after-ms, else Retry-After (seconds or an HTTP-date), else the policy's backoff.
class RetryRules final {
public:
    explicit RetryRules(const OpenAiConfig& config);

    // A call that failed, as the rules see it.
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

    // OpenAiConfig's retry settings as the shared policy (jitter: the backoff shortened by up to 25 %).
    static cx::RetryPolicy policyFor(const OpenAiConfig& config);
    const cx::RetryPolicy& policy() const { return m_policy; }

private:
    cx::RetryPolicy m_policy;
};

} // namespace cx::llm
