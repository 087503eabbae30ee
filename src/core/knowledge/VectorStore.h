#pragma once

#include "foundation/Result.h"
#include "knowledge/EmbeddingProvider.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace cx::knowledge {

// Chunk embeddings beside the index, in one binary file (<index>/vectors.bin):
//   "CXKBVEC1" | quint32 version=1 | QString modelId | quint32 dim | quint32 count |
//   count x (QString chunkId | dim x float32), QDataStream big-endian.
// Vectors are L2-normalised on insert, so cosine similarity is a dot product; top-k is a linear scan
// (fine for ~100k chunks x 1k dims). Vectors of another model are never mixed in: load() with a different
// modelId starts empty.
class VectorStore final {
public:
    struct Scored {
        QString chunkId;
        float similarity = 0.0F;
    };

    void reset(const QString& modelId);
    QString modelId() const { return m_modelId; }
    int dimension() const { return m_dim; }
    int size() const { return int(m_ids.size()); }
    bool contains(const QString& chunkId) const { return m_rows.contains(chunkId); }

    Status upsert(const QString& chunkId, const Embedding& vector); // Invalid on a dimension mismatch
    void retainOnly(const QSet<QString>& chunkIds);
    QList<Scored> topK(const Embedding& query, int k) const;

    Status save(const QString& path) const;
    // A missing file is an empty store (Ok); an unreadable or corrupt one an error (the caller starts over).
    Status load(const QString& path, const QString& expectedModelId);

private:
    QString m_modelId;
    int m_dim = 0;
    QStringList m_ids;
    QHash<QString, int> m_rows;
    std::vector<float> m_data; // row-major, m_ids.size() x m_dim
};

} // namespace cx::knowledge
