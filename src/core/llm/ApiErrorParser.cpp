#include "llm/ApiErrorParser.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonValue>

namespace cx::llm {

namespace {

QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return {};
}

QString tr(const char* text)
{
    return QCoreApplication::translate("cx::llm::ApiErrorParser", text); // lupdate's context for this file
}

} // namespace

ErrorKind ApiErrorParser::kindForStatus(int httpStatus, const QString& type, const QString& code)
{
    if (httpStatus == 429 || type == QLatin1String("insufficient_quota")
        || code == QLatin1String("insufficient_quota") || code == QLatin1String("rate_limit_exceeded"))
        return ErrorKind::RateLimited;
    switch (httpStatus) {
    case 400:
    case 422:
        return ErrorKind::Invalid;
    case 401:
    case 403:
        return ErrorKind::Unauthorized;
    case 404:
        return ErrorKind::NotFound;
    case 408:
        return ErrorKind::Timeout;
    case 409:
        return ErrorKind::Conflict;
    default:
        break;
    }
    if (httpStatus >= 500 || httpStatus == 0)
        return ErrorKind::Server;
    return ErrorKind::Invalid;
}

ApiError ApiErrorParser::fromEnvelope(int httpStatus, const QJsonObject& object)
{
    ApiError out;
    QJsonObject inner;
    const QJsonValue errorValue = object.value(QStringLiteral("error"));
    QString message;
    if (errorValue.isObject()) {
        inner = errorValue.toObject();
        message = inner.value(QStringLiteral("message")).toString();
    } else if (errorValue.isString()) {
        message = errorValue.toString();
    } else if (object.value(QStringLiteral("object")).toString() == QLatin1String("error")) {
        inner = object; // vLLM < 0.10.1: flat body
        message = object.value(QStringLiteral("message")).toString();
    } else if (object.contains(QStringLiteral("title")) || object.contains(QStringLiteral("detail"))) {
        message = object.value(QStringLiteral("detail")).toString(); // RFC 7807
        if (message.isEmpty())
            message = object.value(QStringLiteral("title")).toString();
        out.type = object.value(QStringLiteral("type")).toString();
    }
    if (!inner.isEmpty()) {
        out.type = inner.value(QStringLiteral("type")).toString();
        out.code = valueText(inner.value(QStringLiteral("code")));
        out.param = inner.value(QStringLiteral("param")).toString();
    }
    out.error.httpStatus = httpStatus;
    out.error.field = out.param;
    out.error.kind = kindForStatus(httpStatus, out.type, out.code);
    if (message.isEmpty())
        message = tr("The model server answered HTTP %1 without an error message.").arg(httpStatus);
    if (isInsufficientQuota(out)) {
        out.error.message = tr("The model provider reports that the account's quota is used up "
                               "(insufficient_quota). Check the plan and billing; this is not retried. "
                               "Server said: %1")
                                .arg(message);
    } else {
        QString suffix;
        if (!out.code.isEmpty() || !out.type.isEmpty())
            suffix = QStringLiteral(" [") + (out.code.isEmpty() ? out.type : out.code) + QLatin1Char(']');
        out.error.message
            = (httpStatus > 0 ? QStringLiteral("HTTP %1: ").arg(httpStatus) : QString()) + message + suffix;
    }
    return out;
}

ApiError ApiErrorParser::fromHttp(int httpStatus, const QByteArray& body)
{
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (doc.isObject())
        return fromEnvelope(httpStatus, doc.object());
    ApiError out;
    out.error.httpStatus = httpStatus;
    out.error.kind = kindForStatus(httpStatus, {}, {});
    QString snippet = QString::fromUtf8(body.left(200)).simplified();
    out.error.message = tr("The model server answered HTTP %1 with a body that is not an error object: %2")
                            .arg(httpStatus)
                            .arg(snippet.isEmpty() ? tr("(empty)") : snippet);
    return out;
}

ApiError ApiErrorParser::fromNetwork(
    QNetworkReply::NetworkError networkError, const QString& errorString, bool timedOut)
{
    ApiError out;
    if (timedOut || networkError == QNetworkReply::TimeoutError) {
        out.error.kind = ErrorKind::Timeout;
        out.error.message = tr("The model server did not answer in time.");
    } else if (networkError == QNetworkReply::SslHandshakeFailedError) {
        out.error.kind = ErrorKind::Tls;
        out.error.message = tr("TLS handshake with the model server failed: %1").arg(errorString);
    } else if (networkError == QNetworkReply::OperationCanceledError) {
        out.error.kind = ErrorKind::Cancelled;
        out.error.message = tr("The request to the model server was cancelled.");
    } else {
        out.error.kind = ErrorKind::Network;
        out.error.message = tr("Could not reach the model server: %1").arg(errorString);
    }
    return out;
}

ApiError ApiErrorParser::fromStreamEvent(const QJsonObject& errorObject)
{
    QJsonObject wrapper;
    wrapper.insert(QStringLiteral("error"), errorObject);
    ApiError out = fromEnvelope(200, wrapper);
    if (out.error.kind == ErrorKind::Invalid)
        out.error.kind = ErrorKind::Server; // a failure after HTTP 200 is the server's, not ours
    out.error.message = tr("The model server failed while streaming: %1").arg(out.error.message);
    return out;
}

bool ApiErrorParser::isInsufficientQuota(const ApiError& error)
{
    return error.code == QLatin1String("insufficient_quota")
        || error.type == QLatin1String("insufficient_quota");
}

bool ApiErrorParser::isResponseFormatUnsupported(const ApiError& error)
{
    if (error.error.httpStatus != 400)
        return false;
    const QString text = error.error.message + QLatin1Char(' ') + error.param;
    return text.contains(QLatin1String("response_format"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("json_schema"), Qt::CaseInsensitive)
        || text.contains(QLatin1String("json_object"), Qt::CaseInsensitive);
}

} // namespace cx::llm
