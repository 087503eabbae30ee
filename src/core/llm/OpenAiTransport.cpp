#include "llm/OpenAiTransport.h"

#include "foundation/LogCategories.h"
#include "llm/ApiErrorParser.h"

#include <QNetworkReply>
#include <QTimer>

#include <cmath>

namespace cx::llm {

QNetworkRequest OpenAiTransport::makeRequest(const OpenAiConfig& config, const QString& path, bool streaming)
{
    QNetworkRequest request(config.endpoint(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(
        "Accept", streaming ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json"));
    request.setRawHeader("User-Agent", QByteArrayLiteral("CXPilot/" CXPILOT_VERSION));
    if (!config.apiKey.isEmpty()) {
        if (config.authStyle == AuthStyle::ApiKeyHeader)
            request.setRawHeader("api-key", config.apiKey.toUtf8());
        else
            request.setRawHeader("Authorization", QByteArrayLiteral("Bearer ") + config.apiKey.toUtf8());
    }
    request.setTransferTimeout(std::max(1, config.transferTimeoutMs));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

int OpenAiTransport::httpStatus(QNetworkReply* reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

bool OpenAiTransport::isSuccess(QNetworkReply* reply)
{
    const int status = httpStatus(reply);
    return status >= 200 && status < 300 && reply->error() == QNetworkReply::NoError;
}

RetryRules::Response OpenAiTransport::failure(QNetworkReply* reply, const QByteArray& body, bool timedOut)
{
    RetryRules::Response response;
    response.httpStatus = httpStatus(reply);
    // A 2xx whose body was cut off (connection dropped mid-body) is a network failure, not an HTTP one.
    if (response.httpStatus >= 200 && response.httpStatus < 300 && reply->error() != QNetworkReply::NoError)
        response.httpStatus = 0;
    if (response.httpStatus == 0)
        response.error = ApiErrorParser::fromNetwork(reply->error(), reply->errorString(), timedOut);
    else
        response.error = ApiErrorParser::fromHttp(response.httpStatus, body);
    response.retryAfterMs = reply->rawHeader("retry-after-ms");
    response.retryAfter = reply->rawHeader("retry-after");
    response.shouldRetry = reply->rawHeader("x-should-retry");
    return response;
}

void OpenAiTransport::logRequestId(QNetworkReply* reply, const char* what)
{
    const QByteArray id = reply->rawHeader("x-request-id");
    qCDebug(lcLlm) << what << "HTTP" << httpStatus(reply) << "x-request-id"
                   << (id.isEmpty() ? "-" : id.constData());
}

void OpenAiTransport::scheduleRetry(
    const OpenAiConfig& config, int chosenDelayMs, QObject* context, std::function<void()> then)
{
    const double scaled = std::max(0.0, chosenDelayMs * config.retrySleepScale);
    QTimer::singleShot(static_cast<int>(std::lround(scaled)), context, std::move(then));
}

} // namespace cx::llm
