#pragma once

#include "llm/ChatTypes.h"

#include <QByteArray>
#include <QNetworkReply>

namespace cx::llm {

// Turns a failed exchange into an ApiError (cx::Error plus the envelope's type/code/param).
// Reads OpenAI's {"error":{message,type,param,code}}, llama.cpp's integer `code`, old vLLM's flat
// {"object":"error","message",...}, {"error":"text"} and RFC 7807 problem+json (Prism).
class ApiErrorParser final {
public:
    // httpStatus 0 = no HTTP response (see networkError).
    static ApiError fromHttp(int httpStatus, const QByteArray& body);
    static ApiError fromNetwork(
        QNetworkReply::NetworkError networkError, const QString& errorString, bool timedOut);
    // An `error` object met inside a 200 event stream.
    static ApiError fromStreamEvent(const QJsonObject& errorObject);
    static bool isInsufficientQuota(const ApiError& error);
    // A 400 that says the server does not understand our response_format (json_schema / json_object).
    static bool isResponseFormatUnsupported(const ApiError& error);

private:
    static ApiError fromEnvelope(int httpStatus, const QJsonObject& object);
    static ErrorKind kindForStatus(int httpStatus, const QString& type, const QString& code);
};

} // namespace cx::llm
