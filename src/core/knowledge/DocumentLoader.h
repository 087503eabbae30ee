#pragma once

#include "foundation/Result.h"
#include "knowledge/KbTypes.h"

namespace cx::knowledge {

// Reads sources into KbDocuments: a folder (recursively: .md/.markdown, .txt, .html/.htm, .jsonl), a single
// such file, or JSONL rows {"id","title","text"|"content"|"body", optional "entity_name"|"entity",
// "domain"|"category", "url"|"source"}. Markdown may start with front matter (title:, entity:, category:,
// url:). Unreadable, binary and empty files and malformed JSONL rows are skipped with a problem each; the
// rest still loads. A missing path is an error.
class DocumentLoader final {
public:
    struct Loaded {
        QString root; // canonical path the documents came from (the unit of deletion on re-ingest)
        QList<KbDocument> documents;
        QStringList problems;
    };
    static Result<Loaded> load(const QString& path);
    static Loaded parseJsonl(const QByteArray& data, const QString& sourceLabel);
    // A document from one text/Markdown/HTML file's bytes; an error says why it was skipped.
    static Result<KbDocument> parseFile(const QString& filePath, const QByteArray& data);
    static bool looksBinary(const QByteArray& data);
};

} // namespace cx::knowledge
