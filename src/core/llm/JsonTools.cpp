#include "llm/JsonTools.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace cx::llm {

namespace {

QJsonValue strictValue(const QJsonValue& value);

QJsonObject strictObject(QJsonObject schema)
{
    for (const char* key : { "items", "additionalItems", "not" }) {
        const QString name = QString::fromLatin1(key);
        if (schema.value(name).isObject())
            schema.insert(name, strictValue(schema.value(name)));
    }
    for (const char* key : { "anyOf", "oneOf", "allOf", "prefixItems" }) {
        const QString name = QString::fromLatin1(key);
        if (!schema.value(name).isArray())
            continue;
        QJsonArray array;
        for (const QJsonValue& item : schema.value(name).toArray())
            array.append(strictValue(item));
        schema.insert(name, array);
    }
    for (const char* key : { "$defs", "definitions" }) {
        const QString name = QString::fromLatin1(key);
        if (!schema.value(name).isObject())
            continue;
        QJsonObject defs = schema.value(name).toObject();
        for (auto it = defs.begin(); it != defs.end(); ++it)
            it.value() = strictValue(it.value());
        schema.insert(name, defs);
    }
    if (schema.value(QStringLiteral("properties")).isObject()) {
        QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        QJsonArray required;
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            it.value() = strictValue(it.value());
            required.append(it.key());
        }
        schema.insert(QStringLiteral("properties"), properties);
        schema.insert(QStringLiteral("required"), required);
        schema.insert(QStringLiteral("additionalProperties"), false);
    } else if (schema.value(QStringLiteral("type")) == QLatin1String("object")) {
        schema.insert(QStringLiteral("additionalProperties"), false);
        if (!schema.contains(QStringLiteral("properties")))
            schema.insert(QStringLiteral("properties"), QJsonObject());
        schema.insert(QStringLiteral("required"), QJsonArray());
    }
    return schema;
}

QJsonValue strictValue(const QJsonValue& value)
{
    return value.isObject() ? QJsonValue(strictObject(value.toObject())) : value;
}

std::optional<QJsonObject> parseObject(const QString& text)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(text.trimmed().toUtf8(), &error);
    if (error.error == QJsonParseError::NoError && doc.isObject())
        return doc.object();
    return std::nullopt;
}

} // namespace

QJsonObject JsonTools::makeStrictSchema(const QJsonObject& schema)
{
    return strictObject(schema);
}

std::optional<QJsonObject> JsonTools::extractObject(const QString& text)
{
    if (auto whole = parseObject(text))
        return whole;
    static const QRegularExpression fence(QStringLiteral("```(?:json|JSON)?\\s*\\n?([\\s\\S]*?)```"));
    auto fences = fence.globalMatch(text);
    while (fences.hasNext()) {
        if (auto fenced = parseObject(fences.next().captured(1)))
            return fenced;
    }
    // First balanced object, skipping braces inside strings. Try each '{' until one parses.
    for (qsizetype start = text.indexOf(QLatin1Char('{')); start >= 0;
         start = text.indexOf(QLatin1Char('{'), start + 1)) {
        int depth = 0;
        bool inString = false;
        bool escaped = false;
        for (qsizetype i = start; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == QLatin1Char('\\'))
                    escaped = true;
                else if (c == QLatin1Char('"'))
                    inString = false;
                continue;
            }
            if (c == QLatin1Char('"'))
                inString = true;
            else if (c == QLatin1Char('{'))
                ++depth;
            else if (c == QLatin1Char('}') && --depth == 0) {
                if (auto object = parseObject(text.mid(start, i - start + 1)))
                    return object;
                break;
            }
        }
    }
    return std::nullopt;
}

QString JsonTools::schemaInstruction(const QJsonObject& schema)
{
    return QStringLiteral(
               "Respond with one JSON object only, no prose and no code fences. It must match this "
               "JSON Schema:\n")
        + QString::fromUtf8(QJsonDocument(schema).toJson(QJsonDocument::Compact));
}

} // namespace cx::llm
