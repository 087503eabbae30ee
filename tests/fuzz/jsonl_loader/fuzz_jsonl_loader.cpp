// A knowledge-base JSONL file (one document per line), as `cxpilot kb ingest` reads it; also the same
// bytes as a Markdown/HTML/text file.
#include "../FuzzSupport.h"
#include "knowledge/DocumentLoader.h"

using cx::knowledge::DocumentLoader;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    cx::fuzz::quietQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes = cx::fuzz::bytes(data, size);
    const DocumentLoader::Loaded loaded = DocumentLoader::parseJsonl(bytes, QStringLiteral("fuzz.jsonl"));
    for (const auto& doc : loaded.documents) {
        if (doc.id.isEmpty())
            __builtin_trap(); // every loaded document can be found again
    }
    (void)DocumentLoader::looksBinary(bytes);
    (void)DocumentLoader::parseFile(QStringLiteral("/kb/page.md"), bytes);
    (void)DocumentLoader::parseFile(QStringLiteral("/kb/page.html"), bytes);
    return 0;
}
