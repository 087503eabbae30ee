#include "llm/OpenAiEmbeddingProvider.h"

#include <cmath>

namespace cx::llm {

OpenAiEmbeddingProvider::OpenAiEmbeddingProvider(OpenAiClient* client)
    : m_client(client)
{
}

void OpenAiEmbeddingProvider::embed(const QStringList& inputs, QObject* context, Callback done)
{
    m_client->embed(inputs, context, [done = std::move(done)](Result<EmbeddingResult> result) {
        if (!result) {
            done(result.error());
            return;
        }
        QList<knowledge::Embedding> vectors = std::move(result).value().vectors;
        for (knowledge::Embedding& vector : vectors) {
            double norm = 0;
            for (float value : vector)
                norm += double(value) * value;
            norm = std::sqrt(norm);
            if (norm > 0) {
                for (float& value : vector)
                    value = static_cast<float>(value / norm);
            }
        }
        done(std::move(vectors));
    });
}

QString OpenAiEmbeddingProvider::modelId() const
{
    const OpenAiConfig& config = m_client->config();
    if (config.embeddingDimensions > 0)
        return config.embeddingModel + QLatin1Char('@') + QString::number(config.embeddingDimensions);
    return config.embeddingModel;
}

} // namespace cx::llm
