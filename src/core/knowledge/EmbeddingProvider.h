#pragma once

#include "foundation/Result.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QVector>

#include <functional>

namespace cx::knowledge {

using Embedding = QVector<float>;

// Turns texts into vectors for semantic retrieval. Optional per installation: with none configured the
// knowledge base is lexical only. The OpenAI-compatible implementation lives in llm/ (OpenAiEmbeddingProvider).
// Implementations batch (at most 2048 inputs a request) and retry 429/5xx themselves.
class EmbeddingProvider {
public:
    using Callback = std::function<void(Result<QList<Embedding>>)>;
    virtual ~EmbeddingProvider() = default;
    // One vector per input, in input order. Callback invoked once on context's thread; never if context died.
    virtual void embed(const QStringList& inputs, QObject* context, Callback done) = 0;
    // Identifies the model, so stored vectors from another model are not mixed in.
    virtual QString modelId() const = 0;
};

} // namespace cx::knowledge
