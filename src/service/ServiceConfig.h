#pragma once

#include "foundation/Result.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace cx::service {

// cxpilotd's configuration. Sources, highest first: command-line options, environment variables (the seed's
// names), the --config FILE (KEY=VALUE lines with the same names, as systemd's EnvironmentFile reads them),
// defaults. Every bad value is an error naming the option or variable; nothing falls back silently.
struct ServiceConfig {
    QHostAddress listenAddress = QHostAddress::LocalHost;
    quint16 listenPort = 8787;
    QString databaseUrl; // CXPILOT_DATABASE_URL / --database
    QUrl chatwootBaseUrl; // CHATWOOT_BASE_URL
    qint64 chatwootAccountId = 0; // CHATWOOT_ACCOUNT_ID
    QString chatwootApiKey; // CHATWOOT_API_KEY (secret)
    QByteArray webhookSecret; // CHATWOOT_WEBHOOK_SECRET (secret)
    QUrl modelBaseUrl; // OPENAI_BASE_URL; empty: the offline drafter
    QString modelName = QStringLiteral("gpt-4o-mini"); // OPENAI_MODEL
    QString modelApiKey; // OPENAI_API_KEY (secret)
    bool draftingEnabled = true; // AI_CUSTOMER_DRAFT_ENABLED
    QString knowledgeDir; // CXPILOT_KB_DIR / --index; empty: drafting without passages
    int workers = 4; // CXPILOTD_WORKERS / --workers
    int leaseSecs = 120; // CXPILOTD_LEASE_SECS / --lease-secs
    int maxAttempts = 5; // CXPILOTD_MAX_ATTEMPTS / --max-attempts
    int backoffMs = 2000; // CXPILOTD_BACKOFF_MS: the first retry's delay, doubled each time
    int sweepSecs = 300; // CXPILOTD_SWEEP_SECS / --sweep-secs; 0: only at start
    // CXPILOTD_RETENTION_DAYS / --retention-days: deliveries whose job is done and done jobs older than this
    // are pruned hourly (ingest::ServiceRetention; parked jobs never); 0: never automatically.
    int retentionDays = 30;
    qint64 maxBodyBytes = 1024 * 1024; // CXPILOTD_MAX_BODY_BYTES
    QString instanceId; // CXPILOTD_INSTANCE / --instance; default host:pid

    // Parses `args` (without the program name and subcommand) over the environment and the config file.
    static Result<ServiceConfig> load(const QStringList& args);
    // What `run` needs beyond parsing: Chatwoot, the secret, the database.
    Status checkComplete() const;
    QString listenText() const;
};

// Splits "ADDRESS:PORT" (IPv6 in brackets). Error names `field`.
Result<QPair<QHostAddress, quint16>> parseListen(const QString& text, const QString& field);

} // namespace cx::service
