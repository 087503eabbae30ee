#include "knowledge/DocumentLoader.h"

#include "knowledge/HtmlText.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringDecoder>

namespace cx::knowledge {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate(
        "cx::knowledge::DocumentLoader", text); // lupdate's context for this file
}

enum class Kind { Markdown, Text, Html, Jsonl, Other };

Kind kindOf(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("md") || suffix == QLatin1String("markdown"))
        return Kind::Markdown;
    if (suffix == QLatin1String("txt") || suffix == QLatin1String("text"))
        return Kind::Text;
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm"))
        return Kind::Html;
    if (suffix == QLatin1String("jsonl"))
        return Kind::Jsonl;
    return Kind::Other;
}

QString stringField(const QJsonObject& o, std::initializer_list<const char*> names)
{
    for (const char* name : names) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isString() && !v.toString().trimmed().isEmpty())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 15);
    }
    return {};
}

void applyFrontMatter(KbDocument& doc)
{
    if (!doc.text.startsWith(QLatin1String("---\n")) && !doc.text.startsWith(QLatin1String("---\r\n")))
        return;
    const qsizetype end = doc.text.indexOf(QLatin1String("\n---"), 3);
    if (end < 0)
        return;
    for (const QString& line : doc.text.mid(4, end - 4).split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString key = line.left(colon).trimmed().toLower();
        QString value = line.mid(colon + 1).trimmed();
        if (value.size() >= 2 && (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\'')))
            && value.endsWith(value.at(0)))
            value = value.mid(1, value.size() - 2);
        if (key == QLatin1String("title"))
            doc.title = value;
        else if (key == QLatin1String("entity") || key == QLatin1String("product")
            || key == QLatin1String("store"))
            doc.entity = value;
        else if (key == QLatin1String("category"))
            doc.category = value;
        else if (key == QLatin1String("url") || key == QLatin1String("source"))
            doc.source = value;
    }
}

QString firstMarkdownHeading(const QString& text)
{
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("# ")))
            return line.mid(2).trimmed();
    }
    return {};
}
} // namespace

bool DocumentLoader::looksBinary(const QByteArray& data)
{
    const QByteArray head = data.left(8192);
    if (head.contains('\0'))
        return true;
    int control = 0;
    for (char ch : head) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            ++control;
    }
    return !head.isEmpty() && control * 20 > head.size();
}

std::optional<QString> DocumentLoader::decodeText(const QByteArray& data)
{
    // A byte-order mark first: UTF-16 text is full of zero bytes and would otherwise look binary.
    if (const std::optional<QStringConverter::Encoding> bom = QStringConverter::encodingForData(data);
        bom && *bom != QStringConverter::Utf8) {
        QStringDecoder decoder(*bom);
        QString text = decoder.decode(data);
        if (!decoder.hasError()) {
            if (text.startsWith(QChar(0xFEFF)))
                text.remove(0, 1);
            return text;
        }
    }
    if (looksBinary(data))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder.decode(data);
    if (decoder.hasError()) // not UTF-8: take it as Latin-1 rather than lose the document
        text = QString::fromLatin1(data);
    if (text.startsWith(QChar(0xFEFF)))
        text.remove(0, 1);
    return text;
}

Result<KbDocument> DocumentLoader::parseFile(const QString& filePath, const QByteArray& data)
{
    const std::optional<QString> decoded = decodeText(data);
    if (!decoded)
        return makeError(ErrorKind::Malformed, tr("%1: binary file, skipped").arg(filePath));
    const QString text = *decoded;
    KbDocument doc;
    doc.id = filePath;
    doc.source = filePath;
    doc.text = text;
    doc.updatedAt = QFileInfo(filePath).lastModified().toUTC();
    switch (kindOf(filePath)) {
    case Kind::Html: {
        doc.format = KbDocument::Format::Html;
        const HtmlText::Converted converted = HtmlText::convert(text);
        doc.title = converted.title;
        if (converted.text.trimmed().isEmpty())
            return makeError(ErrorKind::Invalid, tr("%1: no text in the HTML, skipped").arg(filePath));
        break;
    }
    case Kind::Markdown:
        doc.format = KbDocument::Format::Markdown;
        applyFrontMatter(doc);
        if (doc.title.isEmpty())
            doc.title = firstMarkdownHeading(text);
        break;
    default:
        doc.format = KbDocument::Format::PlainText;
        break;
    }
    if (doc.title.isEmpty())
        doc.title = QFileInfo(filePath).completeBaseName();
    if (text.trimmed().isEmpty())
        return makeError(ErrorKind::Invalid, tr("%1: empty document, skipped").arg(filePath));
    return doc;
}

DocumentLoader::Loaded DocumentLoader::parseJsonl(const QByteArray& data, const QString& sourceLabel)
{
    Loaded loaded;
    loaded.root = sourceLabel;
    int lineNo = 0;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype end = data.indexOf('\n', pos);
        if (end < 0)
            end = data.size();
        const QByteArray line = data.mid(pos, end - pos).trimmed();
        pos = end + 1;
        ++lineNo;
        if (line.isEmpty())
            continue;
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(line, &error);
        if (!json.isObject()) {
            loaded.problems.append(tr("%1 line %2: not a JSON object (%3), skipped")
                                       .arg(sourceLabel)
                                       .arg(lineNo)
                                       .arg(error.errorString()));
            continue;
        }
        const QJsonObject o = json.object();
        KbDocument doc;
        doc.id = stringField(o, { "id", "_id", "doc_id" });
        doc.title = stringField(o, { "title", "question", "name" });
        doc.text = stringField(o, { "text", "content", "body", "answer" });
        if (doc.id.isEmpty() || doc.text.trimmed().isEmpty()) {
            loaded.problems.append(
                tr("%1 line %2: needs \"id\" and \"text\", skipped").arg(sourceLabel).arg(lineNo));
            continue;
        }
        doc.entity = stringField(o, { "entity_name", "entity", "product", "store" });
        doc.category = stringField(o, { "category", "domain" });
        doc.source = stringField(o, { "url", "source" });
        if (doc.source.isEmpty())
            doc.source = sourceLabel + QLatin1Char('#') + doc.id;
        const QString format = stringField(o, { "format" }).toLower();
        doc.format = format == QLatin1String("markdown") ? KbDocument::Format::Markdown
            : format == QLatin1String("html")            ? KbDocument::Format::Html
                                                         : KbDocument::Format::PlainText;
        if (doc.title.isEmpty())
            doc.title = doc.id;
        loaded.documents.append(doc);
    }
    return loaded;
}

Result<DocumentLoader::Loaded> DocumentLoader::load(
    const QString& path, qint64 maxFileBytes, const std::function<bool()>& cancelled)
{
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(
            ErrorKind::NotFound, tr("%1: no such file or folder").arg(path), QStringLiteral("path"));
    Loaded loaded;
    loaded.root = info.canonicalFilePath();
    QStringList files;
    if (info.isDir()) {
        QDirIterator it(loaded.root, QDir::Files | QDir::NoDotAndDotDot,
            QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
        while (it.hasNext())
            files.append(it.next());
        files.sort();
    } else {
        files.append(loaded.root);
    }
    for (const QString& file : files) {
        if (cancelled && cancelled())
            return makeError(ErrorKind::Cancelled, tr("%1: reading cancelled").arg(path));
        const Kind kind = kindOf(file);
        if (kind == Kind::Other) {
            if (!info.isDir())
                loaded.problems.append(tr("%1: unsupported file type, skipped").arg(file));
            continue;
        }
        QFile f(file);
        if (maxFileBytes > 0 && f.size() > maxFileBytes) {
            loaded.problems.append(tr("%1: %2 is over the limit of %3 per file (--max-file-mb), skipped")
                                       .arg(file, QLocale::c().formattedDataSize(f.size()),
                                           QLocale::c().formattedDataSize(maxFileBytes)));
            ++loaded.refusedFiles;
            continue;
        }
        if (!f.open(QIODevice::ReadOnly)) {
            loaded.problems.append(tr("%1: cannot read (%2), skipped").arg(file, f.errorString()));
            ++loaded.refusedFiles;
            continue;
        }
        const QByteArray data = f.readAll();
        if (kind == Kind::Jsonl) {
            // JSON lines are UTF-8; a UTF-16 export (with its byte-order mark) is converted first.
            const std::optional<QString> text = decodeText(data);
            if (!text) {
                loaded.problems.append(tr("%1: binary file, skipped").arg(file));
                ++loaded.refusedFiles;
                continue;
            }
            Loaded rows = parseJsonl(text->toUtf8(), file);
            loaded.documents.append(rows.documents);
            loaded.problems.append(rows.problems);
            continue;
        }
        Result<KbDocument> doc = parseFile(file, data);
        if (doc && info.isDir()) {
            // Ids and citations are relative to the folder ingested ("kb/products/stove.md"), so they carry
            // no machine path and stay stable when the folder moves. The source keeps the full path.
            doc.value().id = info.fileName() + QLatin1Char('/') + QDir(loaded.root).relativeFilePath(file);
        }
        if (doc) {
            loaded.documents.append(std::move(doc).value());
        } else {
            loaded.problems.append(doc.error().message);
            ++loaded.refusedFiles;
        }
    }
    return loaded;
}

} // namespace cx::knowledge
