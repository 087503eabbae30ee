#pragma once

#include "knowledge/EmbeddingProvider.h"

namespace cx::knowledge {

// An offline, deterministic stand-in for a real embedding model: hashed bag of stemmed-ish words and
// character trigrams (feature hashing into `dimensions` buckets, signed). No semantics beyond shared
// words and spellings -- for tests, benchmarks and the offline demo; it says so in modelId().
// Calls back asynchronously (queued) like a network provider would.
class HashingEmbeddingProvider final : public EmbeddingProvider {
public:
    explicit HashingEmbeddingProvider(int dimensions = 256);
    void embed(const QStringList& inputs, QObject* context, Callback done) override;
    QString modelId() const override;
    Embedding embedOne(const QString& text) const;

private:
    int m_dimensions;
};

} // namespace cx::knowledge
