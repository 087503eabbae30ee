#include "llm/RetryRules.h"

#include "foundation/Clock.h"
#include "llm/ApiErrorParser.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace cx::llm {

RetryRules::RetryRules(const OpenAiConfig& config)
    : m_policy(policyFor(config))
{
}

cx::RetryPolicy RetryRules::policyFor(const OpenAiConfig& config)
{
    cx::RetryPolicy policy;
    policy.maxAttempts = 1 + std::max(0, config.maxRetries);
    policy.baseDelayMs = std::max(0, config.baseRetryDelayMs);
    policy.maxDelayMs = std::max(0, config.maxRetryDelayMs);
    policy.maxRetryAfterMs = std::max(0, config.maxRetryAfterMs);
    policy.longHint = cx::RetryPolicy::LongHint::GiveUp;
    policy.jitter = 0.25;
    policy.timeScale = 1.0; // OpenAiConfig::retrySleepScale scales the sleep, not the chosen delay
    return policy;
}

std::optional<qint64> RetryRules::hintMs(
    const QByteArray& retryAfterMs, const QByteArray& retryAfter, const QDateTime& nowUtc)
{
    const QByteArray ms = retryAfterMs.trimmed();
    if (!ms.isEmpty()) {
        bool ok = false;
        const double value = ms.toDouble(&ok);
        // Range-checked before converting: a double beyond qint64 converts with undefined behaviour.
        if (ok && value >= 0 && std::isfinite(value))
            return value >= 8.64e7 ? qint64(86'400'000) : static_cast<qint64>(std::ceil(value));
    }
    return cx::parseRetryAfterMs(retryAfter, nowUtc);
}

RetryDecision RetryRules::decide(int retriesDone, const Response& response) const
{
    RetryDecision decision;
    if (!m_policy.mayRetry(retriesDone + 1))
        return decision;
    const int status = response.httpStatus;
    if (status == 0 && response.error.error.kind == ErrorKind::Tls)
        return decision;
    if (status == 0 && response.error.error.kind == ErrorKind::Cancelled)
        return decision;
    if (ApiErrorParser::isInsufficientQuota(response.error))
        return decision;

    bool retryable = status == 0 || status == 408 || status == 409 || status == 429 || status >= 500;
    const QByteArray should = response.shouldRetry.trimmed().toLower();
    if (should == "true")
        retryable = true;
    else if (should == "false")
        retryable = false;
    if (!retryable)
        return decision;

    const std::optional<qint64> hint = hintMs(response.retryAfterMs, response.retryAfter, Clock::nowUtc());
    const std::optional<int> delay
        = m_policy.delayMs(retriesDone + 1, hint, QRandomGenerator::global()->generateDouble());
    if (!delay)
        return decision; // the server wants a long pause: surface the error rather than wait minutes
    decision.retry = true;
    decision.delayMs = *delay;
    decision.fromServerHint = hint.has_value();
    return decision;
}

} // namespace cx::llm
