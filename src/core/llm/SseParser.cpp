#include "llm/SseParser.h"

namespace cx::llm {

void SseParser::takeLine(QByteArray line, QList<QByteArray>& out)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty()) {
        if (m_hasData)
            out.append(m_data);
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return;
    if (!line.startsWith("data:"))
        return; // event:, id:, retry: and unknown fields are not needed here
    QByteArray value = line.mid(5);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (m_hasData)
        m_data.append('\n');
    m_data.append(value);
    m_hasData = true;
}

QList<QByteArray> SseParser::feed(const QByteArray& bytes)
{
    QList<QByteArray> out;
    m_buffer.append(bytes);
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', start);
        if (newline < 0)
            break;
        takeLine(m_buffer.mid(start, newline - start), out);
        start = newline + 1;
    }
    m_buffer.remove(0, start);
    return out;
}

QList<QByteArray> SseParser::finish()
{
    QList<QByteArray> out;
    if (!m_buffer.isEmpty()) {
        takeLine(m_buffer, out);
        m_buffer.clear();
    }
    if (m_hasData)
        out.append(m_data);
    m_data.clear();
    m_hasData = false;
    return out;
}

} // namespace cx::llm
