#include "llm/RetryPolicy.h"

#include "foundation/Clock.h"
#include "llm/ApiErrorParser.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace cx::llm {

RetryPolicy::RetryPolicy(const OpenAiConfig& config)
    : m_maxRetries(std::max(0, config.maxRetries))
    , m_baseDelayMs(std::max(0, config.baseRetryDelayMs))
    , m_maxDelayMs(std::max(0, config.maxRetryDelayMs))
    , m_maxHintMs(std::max(0, config.maxRetryAfterMs))
{
}

std::optional<qint64> RetryPolicy::hintMs(
    const QByteArray& retryAfterMs, const QByteArray& retryAfter, const QDateTime& nowUtc)
{
    bool ok = false;
    if (!retryAfterMs.trimmed().isEmpty()) {
        const double ms = retryAfterMs.trimmed().toDouble(&ok);
        if (ok && ms >= 0 && std::isfinite(ms))
            return static_cast<qint64>(std::ceil(ms));
    }
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const double seconds = value.toDouble(&ok);
    if (ok && seconds >= 0 && std::isfinite(seconds))
        return static_cast<qint64>(std::ceil(seconds * 1000.0));
    // HTTP-date (IMF-fixdate, "Wed, 25 Nov 2026 10:00:05 GMT"); Qt's RFC 2822 parser wants a numeric zone.
    QString text = QString::fromLatin1(value);
    if (text.endsWith(QLatin1String(" GMT")) || text.endsWith(QLatin1String(" UTC")))
        text = text.left(text.size() - 4) + QStringLiteral(" +0000");
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (date.isValid())
        return std::max<qint64>(0, nowUtc.msecsTo(date));
    return std::nullopt;
}

int RetryPolicy::backoffMs(int retriesDone) const
{
    const double raw
        = std::min<double>(m_baseDelayMs * std::pow(2.0, std::clamp(retriesDone, 0, 30)), m_maxDelayMs);
    const double jitter = 1.0 - 0.25 * QRandomGenerator::global()->generateDouble(); // (0.75, 1]
    return static_cast<int>(std::lround(raw * jitter));
}

RetryDecision RetryPolicy::decide(int retriesDone, const Response& response) const
{
    RetryDecision decision;
    if (retriesDone >= m_maxRetries)
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
    if (hint) {
        if (*hint > m_maxHintMs)
            return decision; // the server wants a long pause: surface the error rather than wait minutes
        decision.retry = true;
        decision.delayMs = static_cast<int>(*hint);
        decision.fromServerHint = true;
        return decision;
    }
    decision.retry = true;
    decision.delayMs = backoffMs(retriesDone);
    return decision;
}

} // namespace cx::llm
