#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace cx::sandbox {

// One answer the simulated OpenAI-compatible server gives to the next request on an endpoint.
// Build them with the static helpers; fields may then be tweaked (delayMs, headers, ...).
struct ScriptedReply {
    enum class Kind {
        Completion, // a chat completion (streamed automatically if the request asked for a stream)
        Error, // HTTP error with the OpenAI envelope
        RawBody, // any status and bytes (malformed bodies)
        DropConnection, // read the request, then close the socket without a byte
        TruncatedBody, // headers promise more bytes than are sent, then close
        StreamError, // a 200 stream that sends some chunks, then {"error": ...} and closes
    };
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    Kind kind = Kind::Completion;
    int status = 200;
    Headers headers; // extra response headers (retry-after, retry-after-ms, x-should-retry, ...)
    int delayMs = 0; // before the first byte is written

    // Completion / StreamError
    QString content;
    QString refusal; // non-empty: message.refusal set, content null
    QString finishReason = QStringLiteral("stop");
    QString model; // reported model; empty = the request's
    int streamChunks = 3; // content pieces when streamed
    int chunkIntervalMs = 0; // pause between streamed events
    int promptTokens = -1; // -1 = estimated from the request
    int completionTokens = -1;

    // Error / StreamError
    QString errorMessage;
    QString errorType;
    QString errorCode;
    QString errorParam;

    // RawBody
    QByteArray rawBody;
    QByteArray contentType = QByteArrayLiteral("application/json");

    static ScriptedReply text(const QString& content);
    static ScriptedReply json(const QJsonObject& object);
    static ScriptedReply streamed(const QString& content, int chunks, int chunkIntervalMs = 0);
    static ScriptedReply refused(const QString& refusal);
    static ScriptedReply truncatedByLength(const QString& partialContent); // finish_reason "length"
    static ScriptedReply contentFiltered(); // finish_reason "content_filter", empty content
    static ScriptedReply error(
        int status, const QString& type, const QString& code, const QString& message, Headers headers = {});
    static ScriptedReply rateLimited(
        const QByteArray& retryAfterSeconds = {}, const QByteArray& retryAfterMs = {});
    static ScriptedReply insufficientQuota();
    static ScriptedReply serverError(int status = 500);
    static ScriptedReply requestTimeout(); // 408
    static ScriptedReply malformed(const QByteArray& body, int status = 200);
    static ScriptedReply dropConnection();
    static ScriptedReply truncatedBody();
    static ScriptedReply streamError(
        const QString& partialContent, int chunksBeforeError, const QString& message);
};

} // namespace cx::sandbox
