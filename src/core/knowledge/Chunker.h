#pragma once

#include "knowledge/KbTypes.h"

namespace cx::knowledge {

// Splits a document into passages: first by headings (Markdown ATX "#" and setext underlines; HTML is
// reduced to Markdown-ish text first), then sections longer than maxChars by paragraph, sentence and
// finally word boundaries, each next piece repeating about overlapChars of the previous one. Every chunk
// keeps its document id, title, heading path and source. Fenced code blocks are never split on "#".
class Chunker final {
public:
    struct Options {
        int maxChars = 1200;
        int overlapChars = 150;
    };
    explicit Chunker(Options options);
    Chunker();

    QList<KbChunk> chunk(const KbDocument& document) const;
    // The entity a document is about: its own field, else a short title prefix before ':' ("Store: Parking").
    static QString entityOf(const KbDocument& document);

    // Markdown-ish text of any format (HTML converted, front matter removed).
    static QString toMarkdown(const KbDocument& document);

private:
    QStringList splitBySize(const QString& body) const;
    Options m_options;
};

} // namespace cx::knowledge
