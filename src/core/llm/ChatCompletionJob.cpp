#include "llm/ChatCompletionJob.h"

#include "foundation/LogCategories.h"
#include "llm/ApiErrorParser.h"
#include "llm/JsonTools.h"
#include "llm/OpenAiTransport.h"
#include "llm/PriceTable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace cx::llm {

namespace {

TokenUsage parseUsage(const QJsonValue& value)
{
    TokenUsage usage;
    if (!value.isObject())
        return usage;
    const QJsonObject object = value.toObject();
    usage.present = true;
    usage.promptTokens = object.value(QStringLiteral("prompt_tokens")).toInteger();
    usage.completionTokens = object.value(QStringLiteral("completion_tokens")).toInteger();
    usage.totalTokens = object.value(QStringLiteral("total_tokens")).toInteger();
    if (usage.totalTokens == 0)
        usage.totalTokens = usage.promptTokens + usage.completionTokens;
    usage.cachedPromptTokens = object.value(QStringLiteral("prompt_tokens_details"))
                                   .toObject()
                                   .value(QStringLiteral("cached_tokens"))
                                   .toInteger();
    return usage;
}

} // namespace

ChatCompletionJob::ChatCompletionJob(const OpenAiConfig& config, QNetworkAccessManager* nam,
    std::shared_ptr<OpenAiClientState> state, ChatRequest request, bool streaming, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_nam(nam)
    , m_state(std::move(state))
    , m_request(std::move(request))
    , m_streaming(streaming)
    , m_policy(config)
{
    if (m_request.model.isEmpty())
        m_request.model = m_config.model;
}

ChatCompletionJob::~ChatCompletionJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QByteArray ChatCompletionJob::buildBody(StructuredMode mode) const
{
    QJsonObject body;
    body.insert(QStringLiteral("model"), m_request.model);
    QList<ChatMessage> messages = m_request.messages;
    if (m_request.jsonSchema) {
        if (mode == StructuredMode::JsonSchema) {
            QJsonObject schemaSpec;
            schemaSpec.insert(QStringLiteral("name"), m_request.jsonSchema->name);
            schemaSpec.insert(QStringLiteral("strict"), true);
            schemaSpec.insert(
                QStringLiteral("schema"), JsonTools::makeStrictSchema(m_request.jsonSchema->schema));
            body.insert(QStringLiteral("response_format"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("json_schema") },
                    { QStringLiteral("json_schema"), schemaSpec } });
        } else {
            // json_object mode needs the word "JSON" in the messages; prompt-only needs the schema spelled
            // out.
            const QString instruction
                = JsonTools::schemaInstruction(JsonTools::makeStrictSchema(m_request.jsonSchema->schema));
            if (!messages.isEmpty() && messages.first().role == QLatin1String("system"))
                messages.first().content += QStringLiteral("\n\n") + instruction;
            else
                messages.prepend(ChatMessage { QStringLiteral("system"), instruction });
            if (mode == StructuredMode::JsonObject)
                body.insert(QStringLiteral("response_format"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("json_object") } });
        }
    }
    QJsonArray jsonMessages;
    for (const ChatMessage& message : messages)
        jsonMessages.append(QJsonObject {
            { QStringLiteral("role"), message.role }, { QStringLiteral("content"), message.content } });
    body.insert(QStringLiteral("messages"), jsonMessages);
    if (m_request.temperature)
        body.insert(QStringLiteral("temperature"), *m_request.temperature);
    if (m_request.maxCompletionTokens) {
        if (m_config.tokenLimitField != TokenLimitField::MaxTokens)
            body.insert(QStringLiteral("max_completion_tokens"), *m_request.maxCompletionTokens);
        if (m_config.tokenLimitField != TokenLimitField::MaxCompletionTokens)
            body.insert(QStringLiteral("max_tokens"), *m_request.maxCompletionTokens);
    }
    if (m_request.seed)
        body.insert(QStringLiteral("seed"), *m_request.seed);
    if (m_streaming) {
        body.insert(QStringLiteral("stream"), true);
        body.insert(
            QStringLiteral("stream_options"), QJsonObject { { QStringLiteral("include_usage"), true } });
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void ChatCompletionJob::start()
{
    m_mode = m_state->structuredMode;
    QString invalid = m_config.validate();
    if (invalid.isEmpty() && m_request.messages.isEmpty())
        invalid = QCoreApplication::translate("cx::llm", "A chat request needs at least one message.");
    if (invalid.isEmpty() && m_request.jsonSchema) {
        static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
        if (!validName.match(m_request.jsonSchema->name).hasMatch())
            invalid
                = QCoreApplication::translate("cx::llm", "The schema name must be 1-64 of A-Z a-z 0-9 _ -.");
    }
    if (!invalid.isEmpty()) {
        ApiError error;
        error.error = makeError(ErrorKind::Invalid, invalid);
        QTimer::singleShot(0, this, [this, error] { fail(error); });
        return;
    }
    sendAttempt();
}

void ChatCompletionJob::abort()
{
    if (isFinished())
        return;
    m_userAborted = true;
    if (m_reply) {
        m_reply->abort(); // finishes through onReplyFinished
        return;
    }
    ApiError error;
    error.error = makeError(ErrorKind::Cancelled, QCoreApplication::translate("cx::llm", "Cancelled."));
    fail(error);
}

void ChatCompletionJob::sendAttempt()
{
    if (isFinished())
        return;
    m_sse = SseParser();
    m_errorBody.clear();
    m_sawDone = false;
    m_streamError.reset();
    m_content.clear();
    m_refusal.clear();
    m_finishReason.clear();
    m_usage = TokenUsage();
    ++m_stats.attempts;

    QNetworkRequest request
        = OpenAiTransport::makeRequest(m_config, QStringLiteral("chat/completions"), m_streaming);
    m_reply = m_nam->post(request, buildBody(m_mode));
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatCompletionJob::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatCompletionJob::onReplyFinished);
}

void ChatCompletionJob::onReadyRead()
{
    if (!m_reply)
        return;
    const int status = OpenAiTransport::httpStatus(m_reply);
    const QByteArray bytes = m_reply->readAll();
    if (!m_streaming || status < 200 || status >= 300) {
        m_errorBody.append(bytes); // non-streamed body or an error body, read at the end
        return;
    }
    for (const QByteArray& data : m_sse.feed(bytes)) {
        handleStreamEvent(data);
        if (m_streamError || isFinished())
            return;
    }
}

void ChatCompletionJob::handleStreamEvent(const QByteArray& data)
{
    if (m_sawDone)
        return;
    if (data.startsWith("[DONE]")) {
        m_sawDone = true;
        return;
    }
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (!doc.isObject()) {
        ApiError error;
        error.error = makeError(ErrorKind::Malformed,
            QCoreApplication::translate("cx::llm", "The model server sent a stream event that is not JSON."));
        m_streamError = error;
        m_reply->abort();
        return;
    }
    const QJsonObject event = doc.object();
    if (event.value(QStringLiteral("error")).isObject()) {
        m_streamError = ApiErrorParser::fromStreamEvent(event.value(QStringLiteral("error")).toObject());
        m_reply->abort();
        return;
    }
    if (m_id.isEmpty())
        m_id = event.value(QStringLiteral("id")).toString();
    if (m_model.isEmpty())
        m_model = event.value(QStringLiteral("model")).toString();
    if (event.value(QStringLiteral("usage")).isObject())
        m_usage = parseUsage(event.value(QStringLiteral("usage")));
    QString text;
    for (const QJsonValue& choiceValue : event.value(QStringLiteral("choices")).toArray()) {
        const QJsonObject choice = choiceValue.toObject();
        if (choice.value(QStringLiteral("index")).toInt() != 0)
            continue; // we ask for n = 1
        const QJsonObject delta = choice.value(QStringLiteral("delta")).toObject();
        text += delta.value(QStringLiteral("content")).toString();
        m_refusal += delta.value(QStringLiteral("refusal")).toString();
        const QString finish = choice.value(QStringLiteral("finish_reason")).toString();
        if (!finish.isEmpty())
            m_finishReason = finish;
    }
    if (!text.isEmpty()) {
        m_content += text;
        m_anyDelta = true;
        emit delta(text);
    }
}

bool ChatCompletionJob::parseCompletion(const QByteArray& body)
{
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    const QJsonObject object = doc.object();
    const QJsonArray choices = object.value(QStringLiteral("choices")).toArray();
    if (!doc.isObject() || choices.isEmpty() || !choices.first().isObject())
        return false;
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(QStringLiteral("message")).toObject();
    m_id = object.value(QStringLiteral("id")).toString();
    m_model = object.value(QStringLiteral("model")).toString();
    m_content = message.value(QStringLiteral("content")).toString();
    m_refusal = message.value(QStringLiteral("refusal")).toString();
    m_finishReason = choice.value(QStringLiteral("finish_reason")).toString();
    m_usage = parseUsage(object.value(QStringLiteral("usage")));
    return true;
}

void ChatCompletionJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const QByteArray rest = reply->readAll();
    const int status = OpenAiTransport::httpStatus(reply);
    m_stats.requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    OpenAiTransport::logRequestId(reply, "chat/completions");

    if (m_streamError) {
        fail(*m_streamError);
        return;
    }
    if (m_userAborted) {
        ApiError error;
        error.error = makeError(ErrorKind::Cancelled, QCoreApplication::translate("cx::llm", "Cancelled."));
        fail(error);
        return;
    }
    const bool success = OpenAiTransport::isSuccess(reply);
    if (success && m_streaming) {
        for (const QByteArray& data : m_sse.feed(rest) + m_sse.finish())
            handleStreamEvent(data);
        if (m_streamError) {
            fail(*m_streamError);
            return;
        }
        if (!m_sawDone && m_finishReason.isEmpty()) {
            ApiError error;
            error.error = makeError(ErrorKind::Network,
                QCoreApplication::translate("cx::llm", "The model server ended the stream early."));
            fail(error);
            return;
        }
        succeed();
        return;
    }
    if (success) {
        m_errorBody.append(rest);
        if (!parseCompletion(m_errorBody)) {
            const ApiError embedded = ApiErrorParser::fromHttp(status, m_errorBody);
            ApiError error;
            error.error = makeError(ErrorKind::Malformed,
                QCoreApplication::translate("cx::llm", "The model server's answer could not be read: %1")
                    .arg(embedded.error.message),
                {}, status);
            fail(error);
            return;
        }
        succeed();
        return;
    }

    // Failed. Streamed text already reached the UI: never retry then (the SDKs do not either).
    m_errorBody.append(rest);
    const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
        || reply->error() == QNetworkReply::TimeoutError;
    RetryRules::Response response = OpenAiTransport::failure(reply, m_errorBody, timedOut);
    if (m_anyDelta) {
        fail(response.error);
        return;
    }
    if (m_request.jsonSchema && m_mode != StructuredMode::PromptOnly
        && ApiErrorParser::isResponseFormatUnsupported(response.error)) {
        m_stats.downgrades.append(m_mode);
        m_mode
            = m_mode == StructuredMode::JsonSchema ? StructuredMode::JsonObject : StructuredMode::PromptOnly;
        if (static_cast<int>(m_state->structuredMode) < static_cast<int>(m_mode))
            m_state->structuredMode = m_mode; // remembered for this client's later calls
        qCInfo(lcLlm) << "server rejected response_format; falling back to" << structuredModeName(m_mode);
        sendAttempt();
        return;
    }
    retryOrFail(response);
}

void ChatCompletionJob::retryOrFail(const RetryRules::Response& response)
{
    const RetryDecision decision = m_policy.decide(m_retriesDone, response);
    if (!decision.retry) {
        fail(response.error);
        return;
    }
    ++m_retriesDone;
    m_stats.retryDelaysMs.append(decision.delayMs);
    qCInfo(lcLlm) << "chat/completions failed with" << response.httpStatus << "- retry" << m_retriesDone
                  << "in" << decision.delayMs << "ms"
                  << (decision.fromServerHint ? "(server hint)" : "(backoff)");
    OpenAiTransport::scheduleRetry(m_config, decision.delayMs, this, [this] { sendAttempt(); });
}

void ChatCompletionJob::succeed()
{
    ChatResult result;
    result.id = m_id;
    result.model = m_model.isEmpty() ? m_request.model : m_model;
    result.content = m_content;
    result.refusal = m_refusal;
    result.finishReasonText = m_finishReason;
    result.finishReason = finishReasonFromString(m_finishReason);
    result.structuredMode = m_mode;
    result.usage = m_usage;
    result.estimatedCostUsd = PriceTable::estimateUsd(result.model, m_usage);
    result.stats = m_stats;
    result.streamed = m_streaming;
    if (m_request.jsonSchema) {
        if (result.refused())
            result.jsonError = QStringLiteral("refused");
        else if (result.filtered())
            result.jsonError = QStringLiteral("content_filter");
        else {
            result.json = JsonTools::extractObject(m_content);
            if (!result.json)
                result.jsonError = result.truncated() ? QStringLiteral("truncated (finish_reason length)")
                                                      : QStringLiteral("no JSON object in the answer");
        }
    }
    m_result.emplace(std::move(result));
    emit finished();
}

void ChatCompletionJob::fail(ApiError error)
{
    if (isFinished())
        return;
    m_apiError = error;
    m_result.emplace(error.error);
    qCInfo(lcLlm) << "chat/completions failed:" << errorKindName(error.error.kind) << "HTTP"
                  << error.error.httpStatus << "after" << m_stats.attempts << "attempt(s)";
    emit finished();
}

} // namespace cx::llm
