#pragma once

#include <QString>

namespace cx::knowledge {

// Reduces HTML to plain text, keeping headings as Markdown "#" lines so the chunker can split on them.
// Tolerates broken markup (unclosed tags, stray '<', missing end tags); drops script, style and comments.
class HtmlText final {
public:
    struct Converted {
        QString title; // <title>, else the first <h1>; may be empty
        QString text; // Markdown-ish text
    };
    static Converted convert(const QString& html);
    static QString decodeEntities(const QString& text);
};

} // namespace cx::knowledge
