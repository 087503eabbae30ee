#include "knowledge/Chunker.h"

#include "knowledge/HtmlText.h"

#include <QRegularExpression>

namespace cx::knowledge {

namespace {
struct Section {
    QStringList headingPath;
    QString body;
};

// Inline Markdown to plain text: links keep their text, images and emphasis markers go.
QString plainInline(const QString& line)
{
    static const QRegularExpression image(QStringLiteral("!\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression link(QStringLiteral("\\[([^\\]]+)\\]\\([^)]*\\)"));
    static const QRegularExpression emphasis(QStringLiteral("(\\*\\*|__|`)"));
    QString s = line;
    s.replace(image, QStringLiteral("\\1"));
    s.replace(link, QStringLiteral("\\1"));
    s.remove(emphasis);
    return s;
}

QList<Section> splitSections(const QString& markdown, bool headings)
{
    QList<Section> sections { Section {} };
    QStringList path;
    QList<int> levels;
    bool inFence = false;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    static const QRegularExpression atx(QStringLiteral("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$"));
    static const QRegularExpression setext(QStringLiteral("^ {0,3}(=+|-+)\\s*$"));
    auto openSection = [&](int level, const QString& text) {
        while (!levels.isEmpty() && levels.last() >= level) {
            levels.removeLast();
            path.removeLast();
        }
        levels.append(level);
        path.append(text);
        sections.append(Section { path, {} });
    };
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines.at(i);
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"))) {
            inFence = !inFence;
            continue;
        }
        if (headings && !inFence) {
            const auto m = atx.match(line);
            if (m.hasMatch() && !m.captured(2).isEmpty()) {
                openSection(int(m.captured(1).size()), plainInline(m.captured(2)).simplified());
                continue;
            }
            // Setext: a text line underlined with === or --- (a lone --- after a blank line is a rule).
            if (i + 1 < lines.size() && !trimmed.isEmpty() && setext.match(lines.at(i + 1)).hasMatch()
                && !trimmed.startsWith(QLatin1Char('-')) && !trimmed.startsWith(QLatin1Char('|'))) {
                openSection(lines.at(i + 1).trimmed().startsWith(QLatin1Char('=')) ? 1 : 2,
                    plainInline(trimmed).simplified());
                ++i;
                continue;
            }
        }
        sections.last().body.append(plainInline(line) + QLatin1Char('\n'));
    }
    return sections;
}

// Paragraphs, then sentences, then words: the pieces a chunk is packed from.
QStringList units(const QString& body, int maxChars)
{
    QStringList out;
    static const QRegularExpression paragraphBreak(QStringLiteral("\\n\\s*\\n"));
    static const QRegularExpression sentenceEnd(QStringLiteral("(?<=[.!?])\\s+"));
    for (const QString& rawParagraph : body.split(paragraphBreak, Qt::SkipEmptyParts)) {
        const QString paragraph = rawParagraph.simplified();
        if (paragraph.isEmpty())
            continue;
        if (paragraph.size() <= maxChars) {
            out.append(paragraph);
            continue;
        }
        for (const QString& sentence : paragraph.split(sentenceEnd, Qt::SkipEmptyParts)) {
            if (sentence.size() <= maxChars) {
                out.append(sentence);
                continue;
            }
            QString piece;
            for (const QString& word : sentence.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                QString w = word;
                while (w.size() > maxChars) { // one enormous "word" (a hash, base64...)
                    if (!piece.isEmpty()) {
                        out.append(piece);
                        piece.clear();
                    }
                    out.append(w.left(maxChars));
                    w = w.mid(maxChars);
                }
                if (!piece.isEmpty() && piece.size() + 1 + w.size() > maxChars) {
                    out.append(piece);
                    piece.clear();
                }
                piece = piece.isEmpty() ? w : piece + QLatin1Char(' ') + w;
            }
            if (!piece.isEmpty())
                out.append(piece);
        }
    }
    return out;
}

QString tailOf(const QString& text, int chars)
{
    if (text.size() <= chars)
        return text;
    qsizetype start = text.size() - chars;
    const qsizetype space = text.indexOf(QLatin1Char(' '), start);
    if (space > 0 && space < text.size() - 1)
        start = space + 1;
    return text.mid(start);
}
} // namespace

Chunker::Chunker(Options options)
    : m_options(options)
{
    m_options.maxChars = qMax(100, m_options.maxChars);
    m_options.overlapChars = qBound(0, m_options.overlapChars, m_options.maxChars / 2);
}

Chunker::Chunker()
    : Chunker(Options {})
{
}

QString Chunker::entityOf(const KbDocument& document)
{
    if (!document.entity.trimmed().isEmpty())
        return document.entity.simplified();
    const qsizetype colon = document.title.indexOf(QLatin1Char(':'));
    if (colon <= 0 || colon >= document.title.size() - 1
        || document.title.mid(colon + 1).startsWith(QLatin1String("//")))
        return {};
    const QString prefix = document.title.left(colon).simplified();
    const qsizetype words = prefix.count(QLatin1Char(' ')) + 1;
    if (words > 8 || prefix.size() > 80 || prefix.contains(QLatin1String("://")))
        return {};
    return prefix;
}

QString Chunker::toMarkdown(const KbDocument& document)
{
    QString text = document.text;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    if (document.format == KbDocument::Format::Html)
        return HtmlText::convert(text).text;
    if (document.format == KbDocument::Format::Markdown && text.startsWith(QLatin1String("---\n"))) {
        const qsizetype end = text.indexOf(QLatin1String("\n---"), 4);
        if (end > 0) {
            const qsizetype after = text.indexOf(QLatin1Char('\n'), end + 4);
            text = after < 0 ? QString() : text.mid(after + 1);
        }
    }
    return text;
}

QStringList Chunker::splitBySize(const QString& body) const
{
    const QStringList pieces = units(body, m_options.maxChars);
    QStringList chunks;
    QString current;
    QString overlap; // what the current chunk started with from the previous one
    for (const QString& piece : pieces) {
        if (!current.isEmpty() && current.size() + 1 + piece.size() > m_options.maxChars
            && current.size() > overlap.size()) {
            chunks.append(current);
            const QString tail = tailOf(current, m_options.overlapChars);
            overlap = m_options.overlapChars > 0 && tail.size() + 1 + piece.size() <= m_options.maxChars
                ? tail
                : QString();
            current = overlap;
        }
        current = current.isEmpty() ? piece : current + QLatin1Char(' ') + piece;
    }
    if (!current.isEmpty() && current.size() > overlap.size())
        chunks.append(current);
    return chunks;
}

QList<KbChunk> Chunker::chunk(const KbDocument& document) const
{
    const bool headings = document.format != KbDocument::Format::PlainText;
    const QList<Section> sections = splitSections(toMarkdown(document), headings);
    const QString entity = entityOf(document);
    QList<KbChunk> out;
    for (const Section& section : sections) {
        const QStringList pieces = splitBySize(section.body);
        if (pieces.isEmpty())
            continue;
        for (const QString& piece : pieces) {
            KbChunk c;
            c.documentId = document.id;
            c.chunkId = document.id + QLatin1Char('#') + QString::number(out.size());
            c.title = document.title;
            c.headingPath = section.headingPath;
            c.text = piece;
            c.source = document.source;
            c.entity = entity;
            c.category = document.category;
            out.append(c);
        }
    }
    // A document of headings only still deserves one retrievable chunk.
    if (out.isEmpty()) {
        QStringList headingsOnly;
        for (const Section& section : sections) {
            if (!section.headingPath.isEmpty())
                headingsOnly.append(section.headingPath.last());
        }
        if (!headingsOnly.isEmpty()) {
            KbChunk c { document.id + QStringLiteral("#0"), document.id, document.title, {},
                headingsOnly.join(QStringLiteral(" / ")), document.source, entity, document.category };
            out.append(c);
        }
    }
    return out;
}

} // namespace cx::knowledge
