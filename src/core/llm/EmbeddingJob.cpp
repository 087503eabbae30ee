#include "llm/EmbeddingJob.h"

#include "foundation/LogCategories.h"
#include "llm/OpenAiTransport.h"
#include "llm/PriceTable.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <algorithm>

namespace cx::llm {

EmbeddingJob::EmbeddingJob(
    const OpenAiConfig& config, QNetworkAccessManager* nam, QStringList inputs, QObject* parent)
    : QObject(parent)
    , m_config(config)
    , m_nam(nam)
    , m_inputs(std::move(inputs))
    , m_policy(config)
{
    m_config.embeddingBatchSize = std::clamp(m_config.embeddingBatchSize, 1, 2048);
}

EmbeddingJob::~EmbeddingJob()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void EmbeddingJob::start()
{
    QString invalid = m_config.validate();
    if (invalid.isEmpty() && m_config.embeddingModel.trimmed().isEmpty())
        invalid = tr("The embedding model name is empty.");
    for (qsizetype i = 0; invalid.isEmpty() && i < m_inputs.size(); ++i) {
        if (m_inputs.at(i).trimmed().isEmpty())
            invalid = tr("Input %1 to embed is empty; the API rejects empty inputs.").arg(i);
    }
    if (!invalid.isEmpty()) {
        ApiError error;
        error.error = makeError(ErrorKind::Invalid, invalid, QStringLiteral("input"));
        QTimer::singleShot(0, this, [this, error] { fail(error); });
        return;
    }
    m_accumulated.model = m_config.embeddingModel;
    if (m_inputs.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            m_result.emplace(m_accumulated);
            emit finished();
        });
        return;
    }
    sendBatch();
}

void EmbeddingJob::abort()
{
    if (isFinished())
        return;
    m_userAborted = true;
    if (m_reply) {
        m_reply->abort();
        return;
    }
    ApiError error;
    error.error = makeError(ErrorKind::Cancelled, tr("Cancelled."));
    fail(error);
}

void EmbeddingJob::sendBatch()
{
    if (isFinished())
        return;
    m_batchSize = std::min<qsizetype>(m_config.embeddingBatchSize, m_inputs.size() - m_next);
    QJsonObject body;
    body.insert(QStringLiteral("model"), m_config.embeddingModel);
    body.insert(QStringLiteral("input"), QJsonArray::fromStringList(m_inputs.mid(m_next, m_batchSize)));
    body.insert(QStringLiteral("encoding_format"), QStringLiteral("float"));
    if (m_config.embeddingDimensions > 0)
        body.insert(QStringLiteral("dimensions"), m_config.embeddingDimensions);
    ++m_accumulated.stats.attempts;
    m_reply = m_nam->post(OpenAiTransport::makeRequest(m_config, QStringLiteral("embeddings"), false),
        QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::finished, this, &EmbeddingJob::onReplyFinished);
}

void EmbeddingJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const QByteArray body = reply->readAll();
    m_accumulated.stats.requestId = QString::fromLatin1(reply->rawHeader("x-request-id"));
    OpenAiTransport::logRequestId(reply, "embeddings");
    if (m_userAborted) {
        ApiError error;
        error.error = makeError(ErrorKind::Cancelled, tr("Cancelled."));
        fail(error);
        return;
    }
    if (!OpenAiTransport::isSuccess(reply)) {
        const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError
            || reply->error() == QNetworkReply::TimeoutError;
        const RetryRules::Response response = OpenAiTransport::failure(reply, body, timedOut);
        const RetryDecision decision = m_policy.decide(m_retriesDone, response);
        if (!decision.retry) {
            fail(response.error);
            return;
        }
        ++m_retriesDone;
        m_accumulated.stats.retryDelaysMs.append(decision.delayMs);
        OpenAiTransport::scheduleRetry(m_config, decision.delayMs, this, [this] { sendBatch(); });
        return;
    }

    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonArray data = object.value(QStringLiteral("data")).toArray();
    QList<QVector<float>> vectors(m_batchSize);
    QList<bool> seen(m_batchSize, false);
    QString problem;
    if (data.size() != m_batchSize)
        problem = tr("expected %1 vectors, got %2").arg(m_batchSize).arg(data.size());
    for (const QJsonValue& itemValue : data) {
        if (!problem.isEmpty())
            break;
        const QJsonObject item = itemValue.toObject();
        const qsizetype index = item.value(QStringLiteral("index")).toInteger(-1);
        const QJsonArray numbers = item.value(QStringLiteral("embedding")).toArray();
        if (index < 0 || index >= m_batchSize || seen.at(index) || numbers.isEmpty()) {
            problem = tr("bad or repeated index %1 or an empty vector").arg(index);
            break;
        }
        seen[index] = true;
        QVector<float> vector;
        vector.reserve(numbers.size());
        for (const QJsonValue& number : numbers)
            vector.append(static_cast<float>(number.toDouble()));
        vectors[index] = std::move(vector);
    }
    if (!problem.isEmpty()) {
        ApiError error;
        error.error
            = makeError(ErrorKind::Malformed, tr("The embeddings answer could not be used: %1").arg(problem),
                {}, OpenAiTransport::httpStatus(reply));
        fail(error);
        return;
    }
    m_accumulated.vectors.append(vectors);
    const QJsonObject usage = object.value(QStringLiteral("usage")).toObject();
    if (!usage.isEmpty()) {
        m_accumulated.usage.present = true;
        m_accumulated.usage.promptTokens += usage.value(QStringLiteral("prompt_tokens")).toInteger();
        m_accumulated.usage.totalTokens += usage.value(QStringLiteral("total_tokens")).toInteger();
    }
    const QString model = object.value(QStringLiteral("model")).toString();
    if (!model.isEmpty())
        m_accumulated.model = model;
    ++m_accumulated.batches;
    m_next += m_batchSize;
    m_retriesDone = 0;
    if (m_next < m_inputs.size()) {
        sendBatch();
        return;
    }
    m_accumulated.estimatedCostUsd = PriceTable::estimateUsd(m_accumulated.model, m_accumulated.usage);
    m_result.emplace(m_accumulated);
    emit finished();
}

void EmbeddingJob::fail(ApiError error)
{
    if (isFinished())
        return;
    m_apiError = error;
    m_result.emplace(error.error);
    qCInfo(lcLlm) << "embeddings failed:" << errorKindName(error.error.kind) << "HTTP"
                  << error.error.httpStatus;
    emit finished();
}

} // namespace cx::llm
