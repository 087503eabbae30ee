// A streamed chat response, cut into chunks at arbitrary places: the first byte picks the chunk size. The
// events found must not depend on how the bytes were cut.
#include "../FuzzSupport.h"
#include "llm/SseParser.h"

using cx::llm::SseParser;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype chunk = 1 + data[0] % 17;
    const QByteArray stream = cx::fuzz::bytes(data + 1, size - 1);

    SseParser whole;
    QList<QByteArray> expected = whole.feed(stream);
    expected += whole.finish();

    SseParser pieces;
    QList<QByteArray> got;
    for (qsizetype at = 0; at < stream.size(); at += chunk)
        got += pieces.feed(stream.mid(at, chunk));
    got += pieces.finish();
    if (got != expected)
        __builtin_trap();
    return 0;
}
