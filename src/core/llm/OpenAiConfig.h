#pragma once

#include <QString>
#include <QUrl>

namespace cx::llm {

// How the API key is sent. OpenAI, Ollama, llama.cpp and vLLM read `Authorization: Bearer <key>`;
// Azure-style gateways read an `api-key: <key>` header instead.
enum class AuthStyle { Bearer, ApiKeyHeader };

// Which field carries the output-token cap. OpenAI (and gpt-5/o-series, which reject max_tokens) read
// max_completion_tokens; Ollama's /v1 and older llama.cpp builds read only max_tokens; Both sends both.
enum class TokenLimitField { MaxCompletionTokens, MaxTokens, Both };

// Everything about one OpenAI-compatible endpoint is configuration, never code.
//
// baseUrl: the API root *including* the version segment, e.g. https://api.openai.com/v1,
// http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:8080/v1 (llama.cpp), http://127.0.0.1:8000/v1 (vLLM).
// A bare host (no path, or "/") gets "/v1" appended, so http://127.0.0.1:11434 works too. Any other path is
// used as given (Azure-style: https://x.openai.azure.com/openai/deployments/<name>, with apiVersion set).
struct OpenAiConfig {
    QUrl baseUrl;
    QString model = QStringLiteral("gpt-4o-mini");
    QString embeddingModel = QStringLiteral("text-embedding-3-small");
    QString apiKey; // never logged; empty = no auth header (local servers)
    AuthStyle authStyle = AuthStyle::Bearer;
    QString apiVersion; // non-empty: appended as ?api-version=... (Azure-style gateways)
    TokenLimitField tokenLimitField = TokenLimitField::MaxCompletionTokens;
    bool appendV1ToBareHost = true;

    int transferTimeoutMs = 120000; // per attempt; also bounds a stalled stream
    int maxRetries = 2; // retries after the first attempt (SDK default: 3 attempts in all)
    int baseRetryDelayMs = 500; // backoff: min(base * 2^k, maxRetryDelayMs) * jitter(0.75..1]
    int maxRetryDelayMs = 8000;
    int maxRetryAfterMs = 60000; // a server hint above this is not waited for: the error is surfaced
    // Test seam: the delay actually slept is chosen delay * retrySleepScale (0 = retry at once). The delay
    // *chosen* (reported in CallStats) is unaffected, so tests can assert on it without wall-clock waits.
    double retrySleepScale = 1.0;
    int embeddingBatchSize = 2048; // OpenAI's limit per request
    int embeddingDimensions = 0; // > 0: sent as `dimensions` (text-embedding-3 and later)

    // The URL of an endpoint ("chat/completions", "embeddings") under baseUrl, with api-version if set.
    QUrl endpoint(const QString& path) const;
    // Empty when usable, else a message naming what is wrong.
    QString validate() const;
};

} // namespace cx::llm
