#pragma once

#include "knowledge/EmbeddingProvider.h"
#include "llm/OpenAiClient.h"

namespace cx::llm {

// knowledge::EmbeddingProvider over an OpenAI-compatible /embeddings endpoint (batching, order and retries
// are OpenAiClient's). Vectors are L2-normalised here, because local servers differ (llama.cpp normalises,
// others may not), so cosine similarity is a plain dot product downstream.
class OpenAiEmbeddingProvider final : public knowledge::EmbeddingProvider {
public:
    explicit OpenAiEmbeddingProvider(OpenAiClient* client);

    void embed(const QStringList& inputs, QObject* context, Callback done) override;
    // "<embedding model>" or "<embedding model>@<dimensions>" when dimensions are configured.
    QString modelId() const override;

private:
    OpenAiClient* m_client;
};

} // namespace cx::llm
