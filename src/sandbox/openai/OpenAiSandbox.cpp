#include "openai/OpenAiSandbox.h"

#include "SandboxInfo.h"
#include "foundation/LogCategories.h"
#include "openai/OpenAiRequestValidator.h"
#include "openai/SimulatedRewrite.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <cmath>

namespace cx::sandbox {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

int estimateTokens(const QString& text)
{
    return static_cast<int>(text.size() / 4) + 1;
}

QString messagesText(const QJsonObject& request)
{
    QString text;
    for (const QJsonValue& message : request.value(QStringLiteral("messages")).toArray())
        text += message.toObject().value(QStringLiteral("content")).toString();
    return text;
}

QJsonValue instanceOf(const QJsonObject& schema)
{
    if (schema.value(QStringLiteral("enum")).isArray())
        return schema.value(QStringLiteral("enum")).toArray().first();
    QString type = schema.value(QStringLiteral("type")).toString();
    if (schema.value(QStringLiteral("type")).isArray()) {
        for (const QJsonValue& candidate : schema.value(QStringLiteral("type")).toArray()) {
            if (candidate.toString() != QLatin1String("null")) {
                type = candidate.toString();
                break;
            }
        }
    }
    if (type == QLatin1String("object") || schema.value(QStringLiteral("properties")).isObject()) {
        QJsonObject object;
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            object.insert(it.key(), instanceOf(it.value().toObject()));
        return object;
    }
    if (type == QLatin1String("array"))
        return QJsonArray();
    if (type == QLatin1String("number"))
        return schema.contains(QStringLiteral("minimum")) ? schema.value(QStringLiteral("minimum")).toDouble()
                                                          : 0.5;
    if (type == QLatin1String("integer"))
        return schema.contains(QStringLiteral("minimum"))
            ? schema.value(QStringLiteral("minimum")).toInteger()
            : 1;
    if (type == QLatin1String("boolean"))
        return false;
    return QStringLiteral("SIMULATED reply from the OpenAI-compatible sandbox.");
}

} // namespace

OpenAiSandbox::OpenAiSandbox(QObject* parent)
    : QObject(parent)
{
}

OpenAiSandbox::~OpenAiSandbox()
{
    stop();
}

Result<quint16> OpenAiSandbox::start(quint16 port)
{
    stop();
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        const QString message = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return makeError(ErrorKind::Unavailable,
            QStringLiteral("OpenAI sandbox (SIMULATED) could not listen: %1").arg(message));
    }
    connect(m_server, &QTcpServer::newConnection, this, &OpenAiSandbox::onNewConnection);
    qCInfo(lcSandbox) << kSimulatedLabel << "OpenAI-compatible server listening on" << baseUrl().toString();
    return m_server->serverPort();
}

void OpenAiSandbox::stop()
{
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
    }
    m_connections.clear();
    if (m_server) {
        m_server->close();
        m_server->deleteLater();
        m_server = nullptr;
    }
}

quint16 OpenAiSandbox::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

QUrl OpenAiSandbox::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void OpenAiSandbox::enqueue(ScriptedReply reply, Endpoint endpoint)
{
    (endpoint == Endpoint::Embeddings ? m_embeddingQueue : m_chatQueue).append(std::move(reply));
}

int OpenAiSandbox::pendingReplies(Endpoint endpoint) const
{
    return static_cast<int>((endpoint == Endpoint::Embeddings ? m_embeddingQueue : m_chatQueue).size());
}

void OpenAiSandbox::clearQueue()
{
    m_chatQueue.clear();
    m_embeddingQueue.clear();
}

QList<OpenAiSandbox::RecordedRequest> OpenAiSandbox::requests(Endpoint endpoint) const
{
    QList<RecordedRequest> out;
    for (const RecordedRequest& request : m_requests) {
        if (request.endpoint == endpoint)
            out.append(request);
    }
    return out;
}

int OpenAiSandbox::requestCount(Endpoint endpoint) const
{
    return static_cast<int>(requests(endpoint).size());
}

QVector<float> OpenAiSandbox::simulatedEmbedding(const QString& text, int dimensions)
{
    QVector<float> vector(std::max(1, dimensions), 0.0f);
    static const QRegularExpression words(
        QStringLiteral("\\W+"), QRegularExpression::UseUnicodePropertiesOption);
    const QStringList tokens = text.toLower().split(words, Qt::SkipEmptyParts);
    for (const QString& token : tokens) {
        const QByteArray digest = QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Md5);
        const quint32 bucket
            = (quint32(quint8(digest.at(0))) << 8 | quint8(digest.at(1))) % quint32(vector.size());
        vector[bucket] += (quint8(digest.at(2)) & 1) ? 1.0f : -1.0f;
    }
    double norm = 0;
    for (float value : vector)
        norm += double(value) * value;
    if (norm == 0)
        vector[0] = 1.0f; // no words: a fixed unit vector
    else {
        const double scale = 1.0 / std::sqrt(norm);
        for (float& value : vector)
            value = static_cast<float>(value * scale);
    }
    return vector;
}

void OpenAiSandbox::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        m_connections.insert(socket, Connection {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void OpenAiSandbox::onReadyRead(QTcpSocket* socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->handled) {
        socket->readAll();
        return;
    }
    it->buffer.append(socket->readAll());
    const qsizetype headerEnd = it->buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = it->buffer.left(headerEnd).split('\n');
    RecordedRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    const QByteArray target = requestLine.value(1);
    const qsizetype question = target.indexOf('?');
    request.path = QString::fromUtf8(question < 0 ? target : target.left(question));
    request.query = question < 0 ? QString() : QString::fromUtf8(target.mid(question + 1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(
                lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
    }
    const qint64 length = request.headers.value("content-length", "0").toLongLong();
    if (it->buffer.size() - (headerEnd + 4) < length)
        return; // wait for the whole body
    request.body = it->buffer.mid(headerEnd + 4, length);
    it->handled = true;
    it->buffer.clear();
    handle(socket, std::move(request));
}

void OpenAiSandbox::setAnswered(qsizetype recordIndex, int status)
{
    if (recordIndex >= 0 && recordIndex < m_requests.size())
        m_requests[recordIndex].answeredStatus = status;
}

void OpenAiSandbox::handle(QTcpSocket* socket, RecordedRequest request)
{
    if (request.path.endsWith(QLatin1String("/chat/completions")))
        request.endpoint = Endpoint::ChatCompletions;
    else if (request.path.endsWith(QLatin1String("/embeddings")))
        request.endpoint = Endpoint::Embeddings;
    QJsonObject json;
    std::optional<OpenAiRequestValidator::Rejection> rejection;
    if (request.method == "POST")
        rejection = OpenAiRequestValidator::parse(request.body, json);
    request.json = json;
    m_requests.append(request);
    const qsizetype index = m_requests.size() - 1;
    emit requestReceived(request.path);

    if (!m_requiredKey.isEmpty()) {
        const QByteArray key = m_requiredKey.toUtf8();
        if (request.headers.value("authorization") != "Bearer " + key
            && request.headers.value("api-key") != key) {
            setAnswered(index, 401);
            writeError(socket, 401, QStringLiteral("Incorrect API key provided (SIMULATED)."),
                QStringLiteral("invalid_request_error"), {}, QStringLiteral("invalid_api_key"));
            return;
        }
    }
    if (request.method == "GET" && request.path.endsWith(QLatin1String("/models"))) {
        QJsonObject model { { QStringLiteral("id"), QStringLiteral("simulated-model") },
            { QStringLiteral("object"), QStringLiteral("model") },
            { QStringLiteral("owned_by"), QStringLiteral("cxpilot-sandbox") } };
        setAnswered(index, 200);
        writeJson(socket, 200,
            { { QStringLiteral("object"), QStringLiteral("list") },
                { QStringLiteral("data"), QJsonArray { model } } });
        return;
    }
    if (request.endpoint == Endpoint::Other || request.method != "POST") {
        setAnswered(index, 404);
        writeError(socket, 404,
            QStringLiteral("Unknown request URL: %1 %2 (SIMULATED).")
                .arg(QString::fromLatin1(request.method), request.path),
            QStringLiteral("invalid_request_error"), {}, QStringLiteral("unknown_url"));
        return;
    }
    if (!rejection) {
        rejection = request.endpoint == Endpoint::ChatCompletions
            ? OpenAiRequestValidator::checkChat(json)
            : OpenAiRequestValidator::checkEmbeddings(json);
    }
    if (rejection) {
        setAnswered(index, rejection->status);
        writeError(socket, rejection->status, rejection->message, rejection->type, rejection->param,
            rejection->code);
        return;
    }
    if (request.endpoint == Endpoint::ChatCompletions)
        answerChat(socket, request, index);
    else
        answerEmbeddings(socket, request, index);
}

void OpenAiSandbox::answerChat(QTcpSocket* socket, const RecordedRequest& request, qsizetype recordIndex)
{
    const QString formatType = request.json.value(QStringLiteral("response_format"))
                                   .toObject()
                                   .value(QStringLiteral("type"))
                                   .toString();
    if (m_structured == StructuredSupport::JsonObjectOnly && formatType == QLatin1String("json_schema")) {
        setAnswered(recordIndex, 400);
        writeError(socket, 400,
            QStringLiteral("response_format type must be one of \"text\" or \"json_object\", but got: "
                           "json_schema (SIMULATED llama.cpp-like server)"),
            QStringLiteral("invalid_request_error"), {}, {});
        return;
    }
    if (m_structured == StructuredSupport::None && !formatType.isEmpty()
        && formatType != QLatin1String("text")) {
        setAnswered(recordIndex, 400);
        writeError(socket, 400,
            QStringLiteral("Unsupported parameter: 'response_format' of type '%1' (SIMULATED older server)")
                .arg(formatType),
            QStringLiteral("invalid_request_error"), QStringLiteral("response_format"),
            QStringLiteral("unsupported_parameter"));
        return;
    }
    ScriptedReply reply;
    if (!m_chatQueue.isEmpty())
        reply = m_chatQueue.takeFirst();
    else if (formatType.isEmpty() || formatType == QLatin1String("text"))
        reply = ScriptedReply::text(QStringLiteral("SIMULATED reply from the OpenAI-compatible sandbox."));
    else
        reply = ScriptedReply::json(defaultReplyFor(request.json));
    perform(socket, reply, request.json, recordIndex);
}

QJsonObject OpenAiSandbox::defaultReplyFor(const QJsonObject& request) const
{
    const QJsonObject format = request.value(QStringLiteral("response_format")).toObject();
    const QString schemaName
        = format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("name")).toString();
    if (schemaName == QLatin1String("draft_rewrite")) // the drawer's rewrite actions: a plausible rewrite
        return simulatedRewrite(request);
    if (format.value(QStringLiteral("type")) == QLatin1String("json_schema"))
        return instanceOf(
            format.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema")).toObject())
            .toObject();
    return { { QStringLiteral("reply"),
        QStringLiteral("SIMULATED reply from the OpenAI-compatible sandbox.") } };
}

void OpenAiSandbox::answerEmbeddings(
    QTcpSocket* socket, const RecordedRequest& request, qsizetype recordIndex)
{
    if (!m_embeddingQueue.isEmpty()) {
        perform(socket, m_embeddingQueue.takeFirst(), request.json, recordIndex);
        return;
    }
    const QJsonValue input = request.json.value(QStringLiteral("input"));
    QStringList texts;
    if (input.isString())
        texts.append(input.toString());
    for (const QJsonValue& item : input.toArray())
        texts.append(item.toString());
    const int dimensions = request.json.value(QStringLiteral("dimensions")).toInt(m_dimensions);
    QJsonArray data;
    int tokens = 0;
    // Answer in reverse order: clients must map by `index`, not by position.
    for (qsizetype i = texts.size() - 1; i >= 0; --i) {
        QJsonArray numbers;
        for (float value : simulatedEmbedding(texts.at(i), dimensions))
            numbers.append(double(value));
        data.append(QJsonObject { { QStringLiteral("object"), QStringLiteral("embedding") },
            { QStringLiteral("index"), int(i) }, { QStringLiteral("embedding"), numbers } });
        tokens += estimateTokens(texts.at(i));
    }
    setAnswered(recordIndex, 200);
    writeJson(socket, 200,
        { { QStringLiteral("object"), QStringLiteral("list") },
            { QStringLiteral("model"), request.json.value(QStringLiteral("model")) },
            { QStringLiteral("data"), data },
            { QStringLiteral("usage"),
                QJsonObject { { QStringLiteral("prompt_tokens"), tokens },
                    { QStringLiteral("total_tokens"), tokens } } } });
}

QJsonObject OpenAiSandbox::completionBody(const ScriptedReply& reply, const QJsonObject& request) const
{
    const int promptTokens
        = reply.promptTokens >= 0 ? reply.promptTokens : estimateTokens(messagesText(request));
    const int completionTokens = reply.completionTokens >= 0 ? reply.completionTokens
                                                             : estimateTokens(reply.content + reply.refusal);
    QJsonObject message { { QStringLiteral("role"), QStringLiteral("assistant") } };
    message.insert(
        QStringLiteral("content"), reply.refusal.isEmpty() ? QJsonValue(reply.content) : QJsonValue());
    message.insert(
        QStringLiteral("refusal"), reply.refusal.isEmpty() ? QJsonValue() : QJsonValue(reply.refusal));
    return {
        { QStringLiteral("id"), QStringLiteral("chatcmpl-sim-%1").arg(m_sequence) },
        { QStringLiteral("object"), QStringLiteral("chat.completion") },
        { QStringLiteral("created"), QDateTime::currentSecsSinceEpoch() },
        { QStringLiteral("model"),
            reply.model.isEmpty() ? request.value(QStringLiteral("model")).toString() : reply.model },
        { QStringLiteral("choices"),
            QJsonArray { QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("message"), message },
                { QStringLiteral("finish_reason"), reply.finishReason },
                { QStringLiteral("logprobs"), QJsonValue() } } } },
        { QStringLiteral("usage"),
            QJsonObject { { QStringLiteral("prompt_tokens"), promptTokens },
                { QStringLiteral("completion_tokens"), completionTokens },
                { QStringLiteral("total_tokens"), promptTokens + completionTokens } } },
    };
}

void OpenAiSandbox::perform(
    QTcpSocket* socket, const ScriptedReply& reply, const QJsonObject& request, qsizetype recordIndex)
{
    ++m_sequence;
    int status = reply.status;
    if (reply.kind == ScriptedReply::Kind::DropConnection)
        status = 0;
    else if (reply.kind == ScriptedReply::Kind::StreamError)
        status = request.value(QStringLiteral("stream")).toBool() ? 200 : 500;
    setAnswered(recordIndex, status);
    QPointer<QTcpSocket> guard(socket);
    auto act = [this, guard, reply, request] {
        if (!guard)
            return;
        QTcpSocket* target = guard.data();
        const bool stream = request.value(QStringLiteral("stream")).toBool();
        switch (reply.kind) {
        case ScriptedReply::Kind::Completion:
            if (stream)
                writeStream(target, reply, request);
            else
                writeJson(target, 200, completionBody(reply, request), reply.headers);
            return;
        case ScriptedReply::Kind::Error:
            writeError(target, reply.status, reply.errorMessage, reply.errorType, reply.errorParam,
                reply.errorCode, reply.headers);
            return;
        case ScriptedReply::Kind::RawBody:
            writeRaw(target, reply.status, reply.contentType, reply.rawBody, reply.headers);
            return;
        case ScriptedReply::Kind::DropConnection:
            target->disconnectFromHost();
            return;
        case ScriptedReply::Kind::TruncatedBody:
            writeRaw(target, 200, "application/json", QByteArrayLiteral("{\"id\":\"chatcmpl-sim\",\"choi"),
                reply.headers, 4096);
            return;
        case ScriptedReply::Kind::StreamError:
            if (stream)
                writeStream(target, reply, request);
            else
                writeError(target, 500, reply.errorMessage, reply.errorType, {}, {}, reply.headers);
            return;
        }
    };
    if (reply.delayMs > 0)
        QTimer::singleShot(reply.delayMs, socket, act);
    else
        act();
}

void OpenAiSandbox::writeStream(QTcpSocket* socket, const ScriptedReply& reply, const QJsonObject& request)
{
    const QString id = QStringLiteral("chatcmpl-sim-%1").arg(m_sequence);
    const QString model
        = reply.model.isEmpty() ? request.value(QStringLiteral("model")).toString() : reply.model;
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    auto chunk = [&](const QJsonObject& delta, const QJsonValue& finish) -> QByteArray {
        QJsonObject event { { QStringLiteral("id"), id },
            { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") },
            { QStringLiteral("created"), created }, { QStringLiteral("model"), model },
            { QStringLiteral("choices"),
                QJsonArray { QJsonObject { { QStringLiteral("index"), 0 }, { QStringLiteral("delta"), delta },
                    { QStringLiteral("finish_reason"), finish } } } },
            { QStringLiteral("usage"), QJsonValue() } };
        return QByteArrayLiteral("data: ") + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n";
    };
    QList<QByteArray> events;
    events.append(chunk(
        { { QStringLiteral("role"), QStringLiteral("assistant") }, { QStringLiteral("content"), QString() } },
        QJsonValue()));
    const QString text = reply.refusal.isEmpty() ? reply.content : reply.refusal;
    const QString field = reply.refusal.isEmpty() ? QStringLiteral("content") : QStringLiteral("refusal");
    const int pieces = std::max(1, std::min<int>(reply.streamChunks, std::max<int>(1, int(text.size()))));
    const qsizetype step = (text.size() + pieces - 1) / pieces;
    for (int i = 0; i < pieces && !text.isEmpty(); ++i)
        events.append(chunk({ { field, text.mid(i * step, step) } }, QJsonValue()));
    if (reply.kind == ScriptedReply::Kind::StreamError) {
        // Like OpenAI/mock-llm: an error object inside the 200 stream, no [DONE].
        QJsonObject error { { QStringLiteral("message"), reply.errorMessage },
            { QStringLiteral("type"), reply.errorType }, { QStringLiteral("param"), QJsonValue() },
            { QStringLiteral("code"), QJsonValue() } };
        events.append(QByteArrayLiteral("data: ")
            + QJsonDocument(QJsonObject { { QStringLiteral("error"), error } }).toJson(QJsonDocument::Compact)
            + "\n\n");
    } else {
        events.append(chunk(QJsonObject(), reply.finishReason));
        if (request.value(QStringLiteral("stream_options"))
                .toObject()
                .value(QStringLiteral("include_usage"))
                .toBool()) {
            const QJsonObject usage
                = completionBody(reply, request).value(QStringLiteral("usage")).toObject();
            QJsonObject event { { QStringLiteral("id"), id },
                { QStringLiteral("object"), QStringLiteral("chat.completion.chunk") },
                { QStringLiteral("created"), created }, { QStringLiteral("model"), model },
                { QStringLiteral("choices"), QJsonArray() }, { QStringLiteral("usage"), usage } };
            events.append(
                QByteArrayLiteral("data: ") + QJsonDocument(event).toJson(QJsonDocument::Compact) + "\n\n");
        }
        events.append(QByteArrayLiteral("data: [DONE]\n\n"));
    }
    socket->write(headerBlock(200, "text/event-stream", reply.headers, -1));
    if (reply.chunkIntervalMs <= 0) {
        for (const QByteArray& event : events)
            socket->write(event);
        socket->disconnectFromHost();
        return;
    }
    // Paced: one event per interval, so the client sees separate reads.
    QPointer<QTcpSocket> guard(socket);
    auto remaining = std::make_shared<QList<QByteArray>>(events);
    auto step_ = std::make_shared<std::function<void()>>();
    *step_ = [guard, remaining, step_, interval = reply.chunkIntervalMs] {
        if (!guard) {
            *step_ = nullptr;
            return;
        }
        if (remaining->isEmpty()) {
            guard->disconnectFromHost();
            *step_ = nullptr; // break the cycle
            return;
        }
        guard->write(remaining->takeFirst());
        guard->flush();
        QTimer::singleShot(interval, guard.data(), [step_] {
            if (*step_)
                (*step_)();
        });
    };
    (*step_)();
}

QByteArray OpenAiSandbox::headerBlock(
    int status, const QByteArray& contentType, const ScriptedReply::Headers& extra, qint64 contentLength)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    head += "Content-Type: " + contentType + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    head += "Connection: close\r\n";
    head += "x-request-id: req_sim_" + QByteArray::number(m_sequence) + "\r\n";
    head += "x-cxpilot-sandbox: " + QByteArray(kSimulatedLabel) + "\r\n";
    for (const auto& header : extra)
        head += header.first + ": " + header.second + "\r\n";
    return head + "\r\n";
}

void OpenAiSandbox::writeRaw(QTcpSocket* socket, int status, const QByteArray& contentType,
    const QByteArray& body, const ScriptedReply::Headers& extra, qint64 contentLength)
{
    socket->write(headerBlock(status, contentType, extra, contentLength >= 0 ? contentLength : body.size()));
    socket->write(body);
    socket->disconnectFromHost();
}

void OpenAiSandbox::writeJson(
    QTcpSocket* socket, int status, const QJsonObject& body, const ScriptedReply::Headers& extra)
{
    writeRaw(socket, status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact), extra);
}

void OpenAiSandbox::writeError(QTcpSocket* socket, int status, const QString& message, const QString& type,
    const QString& param, const QString& code, const ScriptedReply::Headers& extra)
{
    QJsonObject error { { QStringLiteral("message"), message }, { QStringLiteral("type"), type },
        { QStringLiteral("param"), param.isEmpty() ? QJsonValue() : QJsonValue(param) },
        { QStringLiteral("code"), code.isEmpty() ? QJsonValue() : QJsonValue(code) } };
    writeJson(socket, status, { { QStringLiteral("error"), error } }, extra);
}

} // namespace cx::sandbox
