#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace cx::chatwoot {

// One probe of `cxpilot health` / the settings dialog.
struct HealthProbe {
    enum class State { Up, Degraded, Down, Skipped };
    QString name; // "health", "api", "rails-health", "profile", "account"
    QString path; // e.g. "/health"
    State state = State::Skipped;
    int httpStatus = 0;
    qint64 latencyMs = 0; // informative only
    QString detail; // readable: why it is down, or what it found
    QJsonObject data; // facts found (version, services, accounts) — never a token

    static QString stateName(State state);
    QJsonObject toJson() const;
};

struct HealthReport {
    QUrl baseUrl;
    qint64 accountId = 0;
    QDateTime checkedAt;
    QString version; // from GET /api when up
    QList<HealthProbe> probes;

    // True when no probe is Down (Skipped and Degraded do not count as down).
    bool allUp() const;
    const HealthProbe* probe(const QString& name) const;
    QJsonObject toJson() const;
    QString toText() const; // a readable multi-line report
};

} // namespace cx::chatwoot
