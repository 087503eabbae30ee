#include "openai/ScriptedReply.h"

#include <QJsonDocument>

namespace cx::sandbox {

ScriptedReply ScriptedReply::text(const QString& content)
{
    ScriptedReply reply;
    reply.content = content;
    return reply;
}

ScriptedReply ScriptedReply::json(const QJsonObject& object)
{
    return text(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

ScriptedReply ScriptedReply::streamed(const QString& content, int chunks, int chunkIntervalMs)
{
    ScriptedReply reply = text(content);
    reply.streamChunks = std::max(1, chunks);
    reply.chunkIntervalMs = chunkIntervalMs;
    return reply;
}

ScriptedReply ScriptedReply::refused(const QString& refusal)
{
    ScriptedReply reply;
    reply.refusal = refusal;
    return reply;
}

ScriptedReply ScriptedReply::truncatedByLength(const QString& partialContent)
{
    ScriptedReply reply = text(partialContent);
    reply.finishReason = QStringLiteral("length");
    return reply;
}

ScriptedReply ScriptedReply::contentFiltered()
{
    ScriptedReply reply;
    reply.finishReason = QStringLiteral("content_filter");
    return reply;
}

ScriptedReply ScriptedReply::error(
    int status, const QString& type, const QString& code, const QString& message, Headers headers)
{
    ScriptedReply reply;
    reply.kind = Kind::Error;
    reply.status = status;
    reply.errorType = type;
    reply.errorCode = code;
    reply.errorMessage = message;
    reply.headers = std::move(headers);
    return reply;
}

ScriptedReply ScriptedReply::rateLimited(const QByteArray& retryAfterSeconds, const QByteArray& retryAfterMs)
{
    Headers headers;
    if (!retryAfterSeconds.isEmpty())
        headers.append({ QByteArrayLiteral("retry-after"), retryAfterSeconds });
    if (!retryAfterMs.isEmpty())
        headers.append({ QByteArrayLiteral("retry-after-ms"), retryAfterMs });
    return error(429, QStringLiteral("requests"), QStringLiteral("rate_limit_exceeded"),
        QStringLiteral("Rate limit reached for requests (SIMULATED). Please try again later."), headers);
}

ScriptedReply ScriptedReply::insufficientQuota()
{
    return error(429, QStringLiteral("insufficient_quota"), QStringLiteral("insufficient_quota"),
        QStringLiteral("You exceeded your current quota, please check your plan and billing details. "
                       "(SIMULATED)"));
}

ScriptedReply ScriptedReply::serverError(int status)
{
    return error(status, QStringLiteral("server_error"), {},
        QStringLiteral("The server had an error while processing your request (SIMULATED)."));
}

ScriptedReply ScriptedReply::requestTimeout()
{
    return error(408, QStringLiteral("timeout"), {}, QStringLiteral("Request timed out (SIMULATED)."));
}

ScriptedReply ScriptedReply::malformed(const QByteArray& body, int status)
{
    ScriptedReply reply;
    reply.kind = Kind::RawBody;
    reply.status = status;
    reply.rawBody = body;
    return reply;
}

ScriptedReply ScriptedReply::dropConnection()
{
    ScriptedReply reply;
    reply.kind = Kind::DropConnection;
    return reply;
}

ScriptedReply ScriptedReply::truncatedBody()
{
    ScriptedReply reply;
    reply.kind = Kind::TruncatedBody;
    return reply;
}

ScriptedReply ScriptedReply::streamError(
    const QString& partialContent, int chunksBeforeError, const QString& message)
{
    ScriptedReply reply;
    reply.kind = Kind::StreamError;
    reply.content = partialContent;
    reply.streamChunks = std::max(1, chunksBeforeError);
    reply.errorMessage = message;
    reply.errorType = QStringLiteral("server_error");
    return reply;
}

} // namespace cx::sandbox
