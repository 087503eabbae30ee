#pragma once

#include "llm/ChatTypes.h"
#include "llm/OpenAiConfig.h"
#include "llm/RetryRules.h"
#include "llm/SseParser.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace cx::llm {

// Per-client memory shared by its jobs: the structured-output mode the server is known to accept.
struct OpenAiClientState {
    StructuredMode structuredMode = StructuredMode::JsonSchema;
};

// One chat completion, possibly streamed, with its retries and structured-output downgrades.
// Created and started by OpenAiClient; deletes itself after finished() (parented to the client).
class ChatCompletionJob final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatCompletionJob)

public:
    ChatCompletionJob(const OpenAiConfig& config, QNetworkAccessManager* nam,
        std::shared_ptr<OpenAiClientState> state, ChatRequest request, bool streaming, QObject* parent);
    ~ChatCompletionJob() override;

    void start();
    void abort(); // finishes with ErrorKind::Cancelled

    bool isFinished() const { return m_result.has_value(); }
    // Valid after finished().
    const Result<ChatResult>& result() const { return *m_result; }
    const ApiError& apiError() const { return m_apiError; }
    const CallStats& stats() const { return m_stats; }
    QString partialContent() const { return m_content; } // what streamed before a failure

signals:
    void delta(const QString& text); // streamed content, in order
    void finished();

private:
    QByteArray buildBody(StructuredMode mode) const;
    void sendAttempt();
    void onReadyRead();
    void onReplyFinished();
    void handleStreamEvent(const QByteArray& data);
    bool parseCompletion(const QByteArray& body);
    void retryOrFail(const RetryRules::Response& response);
    void succeed();
    void fail(ApiError error);

    OpenAiConfig m_config;
    QNetworkAccessManager* m_nam;
    std::shared_ptr<OpenAiClientState> m_state;
    ChatRequest m_request;
    bool m_streaming;
    RetryRules m_policy;
    StructuredMode m_mode = StructuredMode::JsonSchema;
    QPointer<QNetworkReply> m_reply;
    int m_retriesDone = 0;
    bool m_userAborted = false;

    // Per attempt
    SseParser m_sse;
    QByteArray m_errorBody;
    bool m_sawDone = false;
    bool m_anyDelta = false;
    std::optional<ApiError> m_streamError;

    // Accumulated result
    QString m_content;
    QString m_refusal;
    QString m_finishReason;
    QString m_id;
    QString m_model;
    TokenUsage m_usage;
    CallStats m_stats;
    ApiError m_apiError;
    std::optional<Result<ChatResult>> m_result;
};

} // namespace cx::llm
