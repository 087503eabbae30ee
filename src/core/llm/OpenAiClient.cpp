#include "llm/OpenAiClient.h"

#include <QNetworkAccessManager>
#include <QPointer>

namespace cx::llm {

OpenAiClient::OpenAiClient(OpenAiConfig config, QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_nam(nam)
    , m_state(std::make_shared<OpenAiClientState>())
{
}

ChatCompletionJob* OpenAiClient::startChat(
    const ChatRequest& request, bool streaming, QObject* context, DeltaCallback onDelta, ChatCallback done)
{
    auto* job = new ChatCompletionJob(m_config, m_nam, m_state, request, streaming, this);
    QPointer<QObject> guard(context);
    if (onDelta) {
        connect(job, &ChatCompletionJob::delta, context,
            [onDelta = std::move(onDelta)](const QString& text) { onDelta(text); });
    }
    connect(job, &ChatCompletionJob::finished, this, [job, guard, done = std::move(done)] {
        const Result<ChatResult> result = job->result();
        job->deleteLater();
        if (!guard || !done)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, result] {
                if (guard)
                    done(result);
            },
            Qt::AutoConnection);
    });
    job->start();
    return job;
}

ChatCompletionJob* OpenAiClient::chat(const ChatRequest& request, QObject* context, ChatCallback done)
{
    return startChat(request, false, context, {}, std::move(done));
}

ChatCompletionJob* OpenAiClient::chatStream(
    const ChatRequest& request, QObject* context, DeltaCallback onDelta, ChatCallback done)
{
    return startChat(request, true, context, std::move(onDelta), std::move(done));
}

EmbeddingJob* OpenAiClient::embed(const QStringList& inputs, QObject* context, EmbeddingCallback done)
{
    auto* job = new EmbeddingJob(m_config, m_nam, inputs, this);
    QPointer<QObject> guard(context);
    connect(job, &EmbeddingJob::finished, this, [job, guard, done = std::move(done)] {
        const Result<EmbeddingResult> result = job->result();
        job->deleteLater();
        if (!guard || !done)
            return;
        QMetaObject::invokeMethod(
            guard.data(),
            [guard, done, result] {
                if (guard)
                    done(result);
            },
            Qt::AutoConnection);
    });
    job->start();
    return job;
}

} // namespace cx::llm
