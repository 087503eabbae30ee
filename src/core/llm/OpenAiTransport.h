#pragma once

#include "llm/OpenAiConfig.h"
#include "llm/RetryRules.h"

#include <QNetworkRequest>

class QNetworkReply;

namespace cx::llm {

// Wire details shared by the chat and embedding jobs: request headers (auth never logged) and turning a
// finished QNetworkReply into "success body" or a RetryRules::Response.
class OpenAiTransport final {
public:
    static QNetworkRequest makeRequest(const OpenAiConfig& config, const QString& path, bool streaming);
    // A reply that finished with a non-2xx status, or with no HTTP response at all.
    static RetryRules::Response failure(QNetworkReply* reply, const QByteArray& body, bool timedOut);
    static int httpStatus(QNetworkReply* reply);
    static bool isSuccess(QNetworkReply* reply);
    static void logRequestId(QNetworkReply* reply, const char* what);
    // Sleep before a retry, scaled by the test seam; calls `then` on `context`'s thread.
    static void scheduleRetry(
        const OpenAiConfig& config, int chosenDelayMs, QObject* context, std::function<void()> then);
};

} // namespace cx::llm
