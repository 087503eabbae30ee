#pragma once

#include "foundation/Result.h"

#include <QString>
#include <QUrl>

class QSettings;

namespace cx {

// North Star targets (DESIGN.md), editable per team.
struct NorthStarTargets {
    double aiDraftedPct = 90.0; // share of customer replies drafted by AI, at least
    double tone = 4.5; // average grades, at least
    double accuracy = 4.7;
    double policy = 4.8;
    double medianApprovalMinutes = 15.0; // at most
    double approvalRatePct = 85.0; // approved without major edits, at least
    double slaGreenPct = 95.0; // SLA badge thresholds
    double slaYellowPct = 85.0;
};

// Every setting of CX Pilot, typed, with defaults, in one place.
// Precedence (highest first): environment variables (the seed's names), the stored settings (QSettings),
// defaults. Secrets (API keys, webhook secret) are NOT here: they live in the SecretStore (keychain) or the
// environment.
class Settings final {
public:
    // Environment variable names kept from the seed.
    static constexpr const char* kEnvChatwootBaseUrl = "CHATWOOT_BASE_URL";
    static constexpr const char* kEnvChatwootAccountId = "CHATWOOT_ACCOUNT_ID";
    static constexpr const char* kEnvDraftEnabled = "AI_CUSTOMER_DRAFT_ENABLED";
    static constexpr const char* kEnvModelBaseUrl = "OPENAI_BASE_URL";
    static constexpr const char* kEnvModelName = "OPENAI_MODEL";
    static constexpr const char* kEnvDatabaseUrl = "CXPILOT_DATABASE_URL";
    static constexpr const char* kEnvReviewer = "CXPILOT_REVIEWER";

    Settings(); // defaults only
    // Reads the stored settings (the application's QSettings) and applies environment overrides.
    static Settings load();
    static Settings load(QSettings& store);
    // Writes validated values to the store (never a secret).
    Status save(QSettings& store) const;
    Status save() const;

    // Each setter validates and returns an error naming the setting on bad input; the value is unchanged
    // then.
    Status setChatwootBaseUrl(const QString& url);
    Status setChatwootAccountId(const QString& id);
    Status setModelBaseUrl(const QString& url); // empty = no model configured (offline drafter)
    Status setModelName(const QString& name);
    Status setDatabaseUrl(const QString& url); // sqlite:///path or postgresql://user:pass@host:port/db
    Status setSlaMinutes(const QString& minutes);
    Status setDraftingEnabled(const QString& value); // true/false/1/0/yes/no/on/off
    Status setEditRatioThreshold(const QString& value); // 0..1, "approved without major edits"
    // The person who reviews on this machine (solo mode; with PostgreSQL the database login is used).
    Status setReviewerName(const QString& name);
    void setTargets(const NorthStarTargets& targets) { m_targets = targets; }

    QUrl chatwootBaseUrl() const { return m_chatwootBaseUrl; }
    qint64 chatwootAccountId() const { return m_chatwootAccountId; }
    QUrl modelBaseUrl() const { return m_modelBaseUrl; }
    QString modelName() const { return m_modelName; }
    QString databaseUrl() const { return m_databaseUrl; }
    int slaMinutes() const { return m_slaMinutes; }
    bool draftingEnabled() const { return m_draftingEnabled; }
    double editRatioThreshold() const { return m_editRatioThreshold; }
    QString reviewerName() const { return m_reviewerName; }
    const NorthStarTargets& targets() const { return m_targets; }
    bool isChatwootConfigured() const { return m_chatwootBaseUrl.isValid() && m_chatwootAccountId > 0; }

    // Which settings the environment overrode (for the settings dialog and `cxpilot health`).
    QStringList environmentOverrides() const { return m_envOverrides; }

    static QString defaultDatabaseUrl(); // an SQLite file under the user's data folder

private:
    void applyEnvironment();

    QUrl m_chatwootBaseUrl;
    qint64 m_chatwootAccountId = 0;
    QUrl m_modelBaseUrl;
    QString m_modelName = QStringLiteral("gpt-4o-mini");
    QString m_databaseUrl;
    int m_slaMinutes = 15;
    bool m_draftingEnabled = true;
    double m_editRatioThreshold = 0.2;
    QString m_reviewerName;
    NorthStarTargets m_targets;
    QStringList m_envOverrides;
};

// Parses an http(s) URL or returns an error naming `field`.
Result<QUrl> parseHttpUrl(const QString& text, const QString& field);

} // namespace cx
