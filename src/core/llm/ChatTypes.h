#pragma once

#include "foundation/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace cx::llm {

struct ChatMessage {
    QString role; // "system", "user", "assistant" (send "system", not "developer": local chat templates)
    QString content;
};

// Structured output wanted: the schema is made strict before sending (see JsonTools::makeStrictSchema).
struct JsonSchemaFormat {
    QString name; // [A-Za-z0-9_-], at most 64 characters
    QJsonObject schema; // root must be an object
};

struct ChatRequest {
    QList<ChatMessage> messages;
    QString model; // empty = the client's configured model
    std::optional<double> temperature; // 0..2; omit for reasoning models
    std::optional<int> maxCompletionTokens;
    std::optional<qint64> seed; // best effort (deprecated in the 2026 spec, still accepted)
    std::optional<JsonSchemaFormat> jsonSchema;
};

// How structured output was asked for. The client starts at JsonSchema and remembers a downgrade when a
// server answers 400 about response_format/json_schema (llama.cpp builds, older servers).
enum class StructuredMode { JsonSchema, JsonObject, PromptOnly };
QString structuredModeName(StructuredMode mode);

enum class FinishReason { Stop, Length, ContentFilter, ToolCalls, Other, Missing };
FinishReason finishReasonFromString(const QString& value);

struct TokenUsage {
    bool present = false; // local servers or a cut stream may send none
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;
    qint64 cachedPromptTokens = 0;
};

// What happened on the wire: for logs, the UI and tests (the delays are the ones *chosen*).
struct CallStats {
    int attempts = 0;
    QList<int> retryDelaysMs;
    QString requestId; // x-request-id of the last response
    QList<StructuredMode> downgrades; // structured-output modes given up during this call
};

// The OpenAI error envelope {"error": {message, type, param, code}}, kept beside the cx::Error.
struct ApiError {
    Error error;
    QString type; // e.g. invalid_request_error, insufficient_quota
    QString code; // e.g. rate_limit_exceeded, insufficient_quota (llama.cpp sends an integer: kept as text)
    QString param;
};

struct ChatResult {
    QString id;
    QString model; // as reported by the server (a snapshot name on OpenAI)
    QString content; // raw assistant text ("" when refused or filtered)
    QString refusal; // non-empty when the model refused (structured outputs)
    FinishReason finishReason = FinishReason::Missing;
    QString finishReasonText;
    StructuredMode structuredMode = StructuredMode::JsonSchema; // meaningful only when jsonSchema was asked
    std::optional<QJsonObject> json; // the structured answer, when asked for and parsed (tolerantly)
    QString jsonError; // why json is empty although asked for
    TokenUsage usage;
    std::optional<double> estimatedCostUsd; // an estimate from a small price table; unknown model: none
    CallStats stats;
    bool streamed = false;

    bool refused() const { return !refusal.isEmpty(); }
    bool truncated() const { return finishReason == FinishReason::Length; }
    bool filtered() const { return finishReason == FinishReason::ContentFilter; }
    // A reply the drafter may treat as a draft: finished naturally, not refused, JSON parsed if asked.
    bool usable(bool wantedJson) const
    {
        return !refused() && (finishReason == FinishReason::Stop || finishReason == FinishReason::Missing)
            && (!wantedJson || json.has_value());
    }
};

struct EmbeddingResult {
    QList<QVector<float>> vectors; // in input order
    QString model;
    TokenUsage usage;
    std::optional<double> estimatedCostUsd;
    CallStats stats; // summed over batches
    int batches = 0;
};

} // namespace cx::llm
