#pragma once

#include "llm/ChatTypes.h"
#include "llm/OpenAiConfig.h"
#include "llm/RetryRules.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace cx::llm {

// POST {base}/embeddings for any number of inputs: batches of at most embeddingBatchSize (≤ 2048), sent one
// after another (gentle on rate limits), each retried like chat calls; vectors re-ordered by `index`.
// Deletes itself after finished().
class EmbeddingJob final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddingJob)

public:
    EmbeddingJob(const OpenAiConfig& config, QNetworkAccessManager* nam, QStringList inputs, QObject* parent);
    ~EmbeddingJob() override;

    void start();
    void abort();
    bool isFinished() const { return m_result.has_value(); }
    const Result<EmbeddingResult>& result() const { return *m_result; }
    const ApiError& apiError() const { return m_apiError; }

signals:
    void finished();

private:
    void sendBatch();
    void onReplyFinished();
    void fail(ApiError error);

    OpenAiConfig m_config;
    QNetworkAccessManager* m_nam;
    QStringList m_inputs;
    RetryRules m_policy;
    QPointer<QNetworkReply> m_reply;
    qsizetype m_next = 0; // first input of the current batch
    qsizetype m_batchSize = 0;
    int m_retriesDone = 0; // for the current batch
    bool m_userAborted = false;
    EmbeddingResult m_accumulated;
    ApiError m_apiError;
    std::optional<Result<EmbeddingResult>> m_result;
};

} // namespace cx::llm
