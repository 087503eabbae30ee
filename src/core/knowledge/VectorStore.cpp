#include "knowledge/VectorStore.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QFile>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace cx::knowledge {

namespace {
constexpr char kMagic[] = "CXKBVEC1";
constexpr quint32 kVersion = 1;
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::knowledge::VectorStore", text); // lupdate's context for this file
}
} // namespace

void VectorStore::reset(const QString& modelId)
{
    m_modelId = modelId;
    m_dim = 0;
    m_ids.clear();
    m_rows.clear();
    m_data.clear();
}

Status VectorStore::upsert(const QString& chunkId, const Embedding& vector)
{
    if (vector.isEmpty())
        return makeError(ErrorKind::Invalid, tr("empty embedding for %1").arg(chunkId));
    if (m_dim == 0)
        m_dim = int(vector.size());
    if (vector.size() != m_dim)
        return makeError(
            ErrorKind::Invalid, tr("embedding of dimension %1, expected %2").arg(vector.size()).arg(m_dim));
    double norm = 0.0;
    for (float v : vector)
        norm += double(v) * double(v);
    const float scale = norm > 0.0 ? float(1.0 / std::sqrt(norm)) : 0.0F;
    int row = m_rows.value(chunkId, -1);
    if (row < 0) {
        row = int(m_ids.size());
        m_ids.append(chunkId);
        m_rows.insert(chunkId, row);
        m_data.resize(m_data.size() + size_t(m_dim));
    }
    float* dst = m_data.data() + size_t(row) * size_t(m_dim);
    for (int i = 0; i < m_dim; ++i)
        dst[i] = vector.at(i) * scale;
    return Ok {};
}

void VectorStore::retainOnly(const QSet<QString>& chunkIds)
{
    QStringList ids;
    std::vector<float> data;
    data.reserve(m_data.size());
    for (int row = 0; row < m_ids.size(); ++row) {
        if (!chunkIds.contains(m_ids.at(row)))
            continue;
        ids.append(m_ids.at(row));
        const float* src = m_data.data() + size_t(row) * size_t(m_dim);
        data.insert(data.end(), src, src + m_dim);
    }
    m_ids = ids;
    m_data = std::move(data);
    m_rows.clear();
    for (int row = 0; row < m_ids.size(); ++row)
        m_rows.insert(m_ids.at(row), row);
}

QList<VectorStore::Scored> VectorStore::topK(const Embedding& query, int k) const
{
    if (m_ids.isEmpty() || query.size() != m_dim || k <= 0)
        return {};
    double norm = 0.0;
    for (float v : query)
        norm += double(v) * double(v);
    if (norm <= 0.0)
        return {};
    const float scale = float(1.0 / std::sqrt(norm));
    std::vector<std::pair<float, int>> scored;
    scored.reserve(size_t(m_ids.size()));
    for (int row = 0; row < m_ids.size(); ++row) {
        const float* v = m_data.data() + size_t(row) * size_t(m_dim);
        float dot = 0.0F;
        for (int i = 0; i < m_dim; ++i)
            dot += v[i] * query.at(i);
        scored.emplace_back(dot * scale, row);
    }
    const size_t n = std::min(scored.size(), size_t(k));
    std::partial_sort(
        scored.begin(), scored.begin() + qsizetype(n), scored.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
    QList<Scored> out;
    for (size_t i = 0; i < n; ++i)
        out.append(Scored { m_ids.at(scored[i].second), scored[i].first });
    return out;
}

Status VectorStore::save(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(ErrorKind::Unavailable, tr("cannot write %1 (%2)").arg(path, file.errorString()));
    QDataStream out(&file);
    out.setFloatingPointPrecision(QDataStream::SinglePrecision);
    out.writeRawData(kMagic, 8);
    out << kVersion << m_modelId << quint32(m_dim) << quint32(m_ids.size());
    for (int row = 0; row < m_ids.size(); ++row) {
        out << m_ids.at(row);
        const float* v = m_data.data() + size_t(row) * size_t(m_dim);
        for (int i = 0; i < m_dim; ++i)
            out << v[i];
    }
    if (out.status() != QDataStream::Ok || !file.commit())
        return makeError(ErrorKind::Unavailable, tr("cannot write %1 (%2)").arg(path, file.errorString()));
    return Ok {};
}

Status VectorStore::load(const QString& path, const QString& expectedModelId)
{
    reset(expectedModelId);
    QFile file(path);
    if (!file.exists())
        return Ok {};
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Unavailable, tr("cannot read %1 (%2)").arg(path, file.errorString()));
    QDataStream in(&file);
    in.setFloatingPointPrecision(QDataStream::SinglePrecision);
    char magic[8] = {};
    quint32 version = 0, dim = 0, count = 0;
    QString model;
    if (in.readRawData(magic, 8) != 8 || QByteArray(magic, 8) != QByteArray(kMagic, 8))
        return makeError(ErrorKind::Malformed, tr("%1 is not a vector file").arg(path));
    in >> version >> model >> dim >> count;
    if (in.status() != QDataStream::Ok || version != kVersion || dim > 65536)
        return makeError(ErrorKind::Malformed, tr("%1: unsupported or corrupt header").arg(path));
    if (model != expectedModelId)
        return Ok {}; // another model's vectors: start empty, they are re-computed
    const qint64 minBytes = qint64(count) * qint64(dim) * 4;
    if (minBytes > file.size())
        return makeError(ErrorKind::Malformed, tr("%1 is truncated").arg(path));
    m_dim = int(dim);
    m_data.reserve(size_t(count) * dim);
    for (quint32 row = 0; row < count; ++row) {
        QString id;
        in >> id;
        const size_t base = m_data.size();
        m_data.resize(base + dim);
        for (quint32 i = 0; i < dim; ++i)
            in >> m_data[base + i];
        if (in.status() != QDataStream::Ok) {
            reset(expectedModelId);
            return makeError(ErrorKind::Malformed, tr("%1 is truncated").arg(path));
        }
        m_rows.insert(id, int(m_ids.size()));
        m_ids.append(id);
    }
    return Ok {};
}

} // namespace cx::knowledge
