#pragma once

#include "llm/ChatCompletionJob.h"
#include "llm/ChatTypes.h"
#include "llm/EmbeddingJob.h"
#include "llm/OpenAiConfig.h"

#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace cx::llm {

// Asynchronous client for any OpenAI-compatible server (OpenAI, Azure-style gateways, Ollama, llama.cpp,
// vLLM): chat completions (plain, structured, streamed) and embeddings. See OpenAiConfig for the endpoint
// rules, RetryRules (with the shared cx::RetryPolicy) for retries, ChatResult for what a reply carries
// (refusal, truncation, usage, cost).
//
// Callbacks run once on `context`'s thread, never if `context` died first. The returned job may be ignored;
// it is valid until its finished() signal has been delivered (it deletes itself afterwards).
class OpenAiClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OpenAiClient)

public:
    using ChatCallback = std::function<void(Result<ChatResult>)>;
    using DeltaCallback = std::function<void(const QString& delta)>;
    using EmbeddingCallback = std::function<void(Result<EmbeddingResult>)>;

    OpenAiClient(OpenAiConfig config, QNetworkAccessManager* nam, QObject* parent = nullptr);

    const OpenAiConfig& config() const { return m_config; }
    // The structured-output mode this client currently uses (after any remembered downgrade).
    StructuredMode structuredMode() const { return m_state->structuredMode; }
    void resetStructuredMode() { m_state->structuredMode = StructuredMode::JsonSchema; }

    ChatCompletionJob* chat(const ChatRequest& request, QObject* context, ChatCallback done);
    // Streams: onDelta gets the text as it is written; done gets the assembled result (or the error, also
    // one arriving inside a 200 stream). A stream that has produced text is never retried.
    ChatCompletionJob* chatStream(
        const ChatRequest& request, QObject* context, DeltaCallback onDelta, ChatCallback done);
    EmbeddingJob* embed(const QStringList& inputs, QObject* context, EmbeddingCallback done);

private:
    ChatCompletionJob* startChat(const ChatRequest& request, bool streaming, QObject* context,
        DeltaCallback onDelta, ChatCallback done);

    OpenAiConfig m_config;
    QNetworkAccessManager* m_nam;
    std::shared_ptr<OpenAiClientState> m_state;
};

} // namespace cx::llm
