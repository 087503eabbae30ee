#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace cx::sandbox {

// Checks request bodies the way OpenAI does (messages, roles, temperature, token caps, stream_options,
// response_format and strict schemas; embeddings inputs), so a client bug fails a test with the same
// 400 envelope the real API would send.
class OpenAiRequestValidator final {
public:
    struct Rejection {
        int status = 400;
        QString message;
        QString type = QStringLiteral("invalid_request_error");
        QString param; // empty = null
        QString code; // empty = null
    };
    static std::optional<Rejection> checkChat(const QJsonObject& body);
    static std::optional<Rejection> checkEmbeddings(const QJsonObject& body);
    // The body as JSON, or a rejection for unparseable JSON.
    static std::optional<Rejection> parse(const QByteArray& bytes, QJsonObject& out);
    // Strict structured outputs: every object has additionalProperties false and requires each property.
    static QString strictSchemaProblem(const QJsonObject& schema, const QString& context = {});
};

} // namespace cx::sandbox
