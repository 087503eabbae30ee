#include "knowledge/HashingEmbeddingProvider.h"

#include "knowledge/TextAnalyzer.h"

#include <QMetaObject>
#include <QPointer>

#include <cmath>

namespace cx::knowledge {

namespace {
quint32 fnv1a(const QString& s)
{
    quint32 h = 2166136261u;
    for (QChar c : s) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return h;
}
} // namespace

HashingEmbeddingProvider::HashingEmbeddingProvider(int dimensions)
    : m_dimensions(qMax(8, dimensions))
{
}

QString HashingEmbeddingProvider::modelId() const
{
    return QStringLiteral("offline-hashing-bow-%1 (simulated, no model)").arg(m_dimensions);
}

Embedding HashingEmbeddingProvider::embedOne(const QString& text) const
{
    Embedding v(m_dimensions, 0.0F);
    auto add = [&](const QString& feature, float weight) {
        const quint32 h = fnv1a(feature);
        v[int(h % quint32(m_dimensions))] += (h & 0x80000000u) ? -weight : weight;
    };
    for (const QString& w : TextAnalyzer::contentWords(text)) {
        add(w, 1.0F);
        const QString padded = QLatin1Char('#') + w + QLatin1Char('#');
        for (qsizetype i = 0; i + 3 <= padded.size(); ++i)
            add(padded.mid(i, 3), 0.3F);
    }
    return v;
}

void HashingEmbeddingProvider::embed(const QStringList& inputs, QObject* context, Callback done)
{
    QList<Embedding> vectors;
    for (const QString& text : inputs)
        vectors.append(embedOne(text));
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        context,
        [guard, done = std::move(done), vectors]() {
            if (guard)
                done(vectors);
        },
        Qt::QueuedConnection);
}

} // namespace cx::knowledge
