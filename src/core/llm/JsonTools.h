#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace cx::llm {

// JSON helpers for structured output.
class JsonTools final {
public:
    // OpenAI strict mode: every object gets "additionalProperties": false and lists every property in
    // "required" (recursively, through properties, items, anyOf and $defs). Optional fields must be
    // expressed as "type": ["string", "null"] by the caller.
    static QJsonObject makeStrictSchema(const QJsonObject& schema);
    // Tolerant parsing for servers without JSON modes: the whole text, else the first ```json fenced block,
    // else the first balanced {...} (string- and escape-aware). Empty when no object is found.
    static std::optional<QJsonObject> extractObject(const QString& text);
    // The instruction added to the prompt when the server cannot enforce the schema itself.
    static QString schemaInstruction(const QJsonObject& schema);
};

} // namespace cx::llm
