#include "SecretStore.h"

namespace cx {

QString secretEnvironmentVariable(const QString& key)
{
    if (key == SecretKey::ChatwootApiToken)
        return QStringLiteral("CHATWOOT_API_KEY");
    if (key == SecretKey::OpenAiApiKey)
        return QStringLiteral("OPENAI_API_KEY");
    if (key == SecretKey::WebhookSecret)
        return QStringLiteral("CHATWOOT_WEBHOOK_SECRET");
    if (key == SecretKey::DatabasePassword)
        return QStringLiteral("CXPILOT_DATABASE_PASSWORD");
    return {};
}

} // namespace cx
