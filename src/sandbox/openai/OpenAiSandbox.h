#pragma once

#include "foundation/Result.h"
#include "openai/ScriptedReply.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QTcpServer;
class QTcpSocket;

namespace cx::sandbox {

// A SIMULATED OpenAI-compatible server on 127.0.0.1 for tests and the demo: /v1/chat/completions (plain,
// JSON, streamed), /v1/embeddings (deterministic hashed bag-of-words vectors), GET /v1/models.
// A raw QTcpServer with a tiny HTTP/1.1 responder (Connection: close), because QHttpServer 6.4 cannot
// stream, delay or drop a connection. Paths are matched by suffix, so Azure-style
// /openai/deployments/<name>/chat/completions works too.
//
// Requests are validated like OpenAI does (400 + error envelope), then answered from a per-endpoint queue of
// ScriptedReply; with an empty queue a deterministic "SIMULATED" answer is produced (for a json_schema
// request, an instance of the schema). Every request is recorded for assertions.
class OpenAiSandbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiSandbox)

public:
    enum class Endpoint { ChatCompletions, Embeddings, Other };
    // What response_format the simulated server accepts. JsonObjectOnly answers a json_schema request with
    // llama.cpp's 400; None rejects any response_format but "text".
    enum class StructuredSupport { Full, JsonObjectOnly, None };

    struct RecordedRequest {
        Endpoint endpoint = Endpoint::Other;
        QByteArray method;
        QString path;
        QString query;
        QMap<QByteArray, QByteArray> headers; // names lower-cased
        QByteArray body;
        QJsonObject json;
        int answeredStatus = 0; // what the sandbox answered (0 = connection dropped)
    };

    explicit OpenAiSandbox(QObject* parent = nullptr);
    ~OpenAiSandbox() override;

    Result<quint16> start(quint16 port = 0); // 127.0.0.1 only
    void stop();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:<port>/v1

    void enqueue(ScriptedReply reply, Endpoint endpoint = Endpoint::ChatCompletions);
    int pendingReplies(Endpoint endpoint = Endpoint::ChatCompletions) const;
    void clearQueue();
    void setStructuredSupport(StructuredSupport support) { m_structured = support; }
    // Non-empty: requests must carry `Authorization: Bearer <key>` or `api-key: <key>` (else 401).
    void setRequiredApiKey(const QString& key) { m_requiredKey = key; }
    void setEmbeddingDimensions(int dimensions) { m_dimensions = std::max(1, dimensions); }

    QList<RecordedRequest> requests() const { return m_requests; }
    QList<RecordedRequest> requests(Endpoint endpoint) const;
    int requestCount(Endpoint endpoint) const;
    void clearRequests() { m_requests.clear(); }

    // The deterministic vector the embeddings endpoint returns for a text (L2-normalised).
    static QVector<float> simulatedEmbedding(const QString& text, int dimensions);

signals:
    void requestReceived(const QString& path);

private:
    struct Connection {
        QByteArray buffer;
        bool handled = false;
    };
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);
    void handle(QTcpSocket* socket, RecordedRequest request);
    void answerChat(QTcpSocket* socket, const RecordedRequest& request, qsizetype recordIndex);
    void answerEmbeddings(QTcpSocket* socket, const RecordedRequest& request, qsizetype recordIndex);
    void perform(
        QTcpSocket* socket, const ScriptedReply& reply, const QJsonObject& request, qsizetype recordIndex);
    void writeStream(QTcpSocket* socket, const ScriptedReply& reply, const QJsonObject& request);
    void writeJson(
        QTcpSocket* socket, int status, const QJsonObject& body, const ScriptedReply::Headers& extra = {});
    void writeError(QTcpSocket* socket, int status, const QString& message, const QString& type,
        const QString& param, const QString& code, const ScriptedReply::Headers& extra = {});
    void writeRaw(QTcpSocket* socket, int status, const QByteArray& contentType, const QByteArray& body,
        const ScriptedReply::Headers& extra, qint64 contentLength = -1);
    QByteArray headerBlock(
        int status, const QByteArray& contentType, const ScriptedReply::Headers& extra, qint64 contentLength);
    QJsonObject completionBody(const ScriptedReply& reply, const QJsonObject& request) const;
    QJsonObject defaultReplyFor(const QJsonObject& request) const;
    void setAnswered(qsizetype recordIndex, int status);

    QTcpServer* m_server = nullptr;
    QHash<QTcpSocket*, Connection> m_connections;
    QList<ScriptedReply> m_chatQueue;
    QList<ScriptedReply> m_embeddingQueue;
    QList<RecordedRequest> m_requests;
    StructuredSupport m_structured = StructuredSupport::Full;
    QString m_requiredKey;
    int m_dimensions = 64;
    int m_sequence = 0;
};

} // namespace cx::sandbox
