#pragma once

#include <QByteArray>
#include <QList>

namespace cx::llm {

// Incremental Server-Sent Events parser (the subset chat streaming uses): feed bytes as they arrive,
// take complete events' `data` payloads. Accepts \n and \r\n, strips one space after "data:", joins
// multi-line data with \n, ignores comments (":...") and other fields (id:, retry:, event:).
class SseParser final {
public:
    // Returns the data of every event completed by these bytes (an event ends at a blank line).
    QList<QByteArray> feed(const QByteArray& bytes);
    // At end of input: the data of a last event not followed by a blank line, if any.
    QList<QByteArray> finish();

private:
    void takeLine(QByteArray line, QList<QByteArray>& out);

    QByteArray m_buffer;
    QByteArray m_data;
    bool m_hasData = false;
};

} // namespace cx::llm
