#pragma once

#include "foundation/Result.h"
#include "knowledge/KbTypes.h"

#include <functional>
#include <optional>

namespace cx::knowledge {

// Reads sources into KbDocuments: a folder (recursively: .md/.markdown, .txt, .html/.htm, .jsonl), a single
// such file, or JSONL rows {"id","title","text"|"content"|"body", optional "entity_name"|"entity",
// "domain"|"category", "url"|"source"}. Markdown may start with front matter (title:, entity:, category:,
// url:). Text is UTF-8 (Latin-1 when it is not valid UTF-8), or UTF-16/UTF-32 with a byte-order mark.
// Unreadable, binary, empty and too large files and malformed JSONL rows are skipped with a problem each;
// the rest still loads. A missing path is an error.
class DocumentLoader final {
public:
    // A file above this size is not read at all (a 400 MB file would take gigabytes once chunked and
    // indexed). The CLI's --max-file-mb changes it.
    static constexpr qint64 kDefaultMaxFileBytes = 20 * 1024 * 1024;

    struct Loaded {
        QString root; // canonical path the documents came from (the unit of deletion on re-ingest)
        QList<KbDocument> documents;
        QStringList problems;
        int refusedFiles = 0; // skipped whole: too large, unreadable, binary, empty
    };
    // maxFileBytes <= 0: no limit. `cancelled` is asked before each file; when it says yes, loading stops
    // with ErrorKind::Cancelled.
    static Result<Loaded> load(const QString& path, qint64 maxFileBytes = kDefaultMaxFileBytes,
        const std::function<bool()>& cancelled = {});
    // The text of a file's bytes: by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else Latin-1;
    // nullopt when it looks binary.
    static std::optional<QString> decodeText(const QByteArray& data);
    static Loaded parseJsonl(const QByteArray& data, const QString& sourceLabel);
    // A document from one text/Markdown/HTML file's bytes; an error says why it was skipped.
    static Result<KbDocument> parseFile(const QString& filePath, const QByteArray& data);
    static bool looksBinary(const QByteArray& data);
};

} // namespace cx::knowledge
