#pragma once

// Helpers shared by the llm tests: a client pointed at the simulated server with fast retries, and
// synchronous wrappers (a local QEventLoop, tests only) around the asynchronous calls.

#include "llm/OpenAiClient.h"
#include "openai/OpenAiSandbox.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace cx::test {

inline llm::OpenAiConfig sandboxConfig(const sandbox::OpenAiSandbox& server)
{
    llm::OpenAiConfig config;
    config.baseUrl = server.baseUrl();
    config.model = QStringLiteral("gpt-4o-mini");
    config.transferTimeoutMs = 5000;
    config.retrySleepScale = 0.0; // chosen delays are reported, never slept
    return config;
}

inline llm::ChatRequest simpleRequest(const QString& text = QStringLiteral("Where is my parcel?"))
{
    llm::ChatRequest request;
    request.messages = { { QStringLiteral("system"), QStringLiteral("You draft polite support replies.") },
        { QStringLiteral("user"), text } };
    request.temperature = 0.3;
    request.maxCompletionTokens = 300;
    return request;
}

struct ChatOutcome {
    std::optional<Result<llm::ChatResult>> result;
    QStringList deltas;
    llm::ApiError apiError;
    llm::CallStats stats;
};

inline ChatOutcome runChat(llm::OpenAiClient& client, const llm::ChatRequest& request, bool streaming = false)
{
    ChatOutcome outcome;
    QEventLoop loop;
    QObject context;
    QPointer<llm::ChatCompletionJob> job;
    auto done = [&](Result<llm::ChatResult> result) {
        outcome.result.emplace(std::move(result));
        if (job) {
            outcome.apiError = job->apiError();
            outcome.stats = job->stats();
        }
        loop.quit();
    };
    if (streaming)
        job = client.chatStream(
            request, &context, [&](const QString& delta) { outcome.deltas.append(delta); }, done);
    else
        job = client.chat(request, &context, done);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!outcome.result)
        loop.exec();
    return outcome;
}

inline std::optional<Result<llm::EmbeddingResult>> runEmbed(
    llm::OpenAiClient& client, const QStringList& inputs)
{
    std::optional<Result<llm::EmbeddingResult>> out;
    QEventLoop loop;
    QObject context;
    client.embed(inputs, &context, [&](Result<llm::EmbeddingResult> result) {
        out.emplace(std::move(result));
        loop.quit();
    });
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!out)
        loop.exec();
    return out;
}

} // namespace cx::test
