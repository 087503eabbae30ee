#pragma once

#include "foundation/Result.h"

#include <QObject>
#include <QString>

#include <functional>

namespace cx {

// Names of the secrets CX Pilot keeps. Their environment fallbacks are the seed's variable names.
namespace SecretKey {
inline const QString ChatwootApiToken = QStringLiteral("chatwoot-api-token"); // env CHATWOOT_API_KEY
inline const QString OpenAiApiKey = QStringLiteral("openai-api-key"); // env OPENAI_API_KEY
inline const QString WebhookSecret = QStringLiteral("chatwoot-webhook-secret"); // env CHATWOOT_WEBHOOK_SECRET
inline const QString DatabasePassword = QStringLiteral("database-password"); // env CXPILOT_DATABASE_PASSWORD
} // namespace SecretKey

// The environment variable that may hold a secret (headless fallback); empty if none.
QString secretEnvironmentVariable(const QString& key);

// Where secrets live. Asynchronous: the keychain may prompt or start late.
// Errors: NotFound (no such entry), Unavailable (no keychain: message says what to do), other kinds.
class SecretStore {
public:
    using ReadCallback = std::function<void(Result<QString>)>;
    using WriteCallback = std::function<void(Status)>;

    virtual ~SecretStore() = default;
    virtual void read(const QString& key, QObject* context, ReadCallback done) = 0;
    virtual void write(const QString& key, const QString& value, QObject* context, WriteCallback done) = 0;
    virtual void remove(const QString& key, QObject* context, WriteCallback done) = 0;
};

} // namespace cx
