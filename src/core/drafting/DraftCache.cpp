#include "drafting/DraftCache.h"

#include "drafting/QueryExtractor.h"

#include <QCryptographicHash>

namespace cx::drafting {

DraftCache::DraftCache(int capacity)
    : m_capacity(std::max(1, capacity))
{
}

QString DraftCache::key(const QList<ConversationTurn>& turns, const QString& promptVersion,
    const QString& model, const QString& kbVersion)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto field = [&hash](const QString& value) {
        const QByteArray bytes = value.toUtf8();
        hash.addData(QByteArray(QByteArray::number(bytes.size()) + ':'));
        hash.addData(bytes);
    };
    for (const ConversationTurn& turn : turns) {
        if (!QueryExtractor::isPromptSafe(turn))
            continue;
        field(QString::number(static_cast<int>(turn.role)));
        field(turn.text);
        field(turn.createdAt.toUTC().toString(Qt::ISODateWithMs));
    }
    field(promptVersion);
    field(model);
    field(kbVersion);
    return QString::fromLatin1(hash.result().toHex());
}

const DraftResult* DraftCache::find(const QString& key) const
{
    const auto it = m_entries.constFind(key);
    return it == m_entries.constEnd() ? nullptr : &it.value();
}

void DraftCache::insert(const QString& key, const DraftResult& result)
{
    if (!m_entries.contains(key))
        m_order.append(key);
    m_entries.insert(key, result);
    while (m_order.size() > m_capacity)
        m_entries.remove(m_order.takeFirst());
}

void DraftCache::clear()
{
    m_entries.clear();
    m_order.clear();
}

} // namespace cx::drafting
