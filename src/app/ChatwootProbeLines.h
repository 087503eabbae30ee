#pragma once

#include "chatwoot/HealthReport.h"

#include <QList>
#include <QString>

namespace cx::gui {

// What Settings › Test connection lists for a Chatwoot health report, as a person reads it: one line per
// check, each check once (an unreachable server is one line, not the same error five times; a missing token
// is said once, not under the token and again under the account), named in words rather than URL paths, and
// without environment-variable names (they mean nothing in the app). Widget-free.
struct ProbeLine {
    bool good = false;
    QString text;
    friend bool operator==(const ProbeLine&, const ProbeLine&) = default;
};

// tokenMissing: no token was typed, stored or set; tokenError: the keychain could not be read (empty: none).
QList<ProbeLine> chatwootProbeLines(
    const chatwoot::HealthReport& report, bool tokenMissing, const QString& tokenError);

// True when no check got an HTTP answer: the server itself could not be reached (network, DNS, TLS, URL).
bool chatwootUnreachable(const chatwoot::HealthReport& report);

// Removes "(CHATWOOT_API_KEY or the keychain)"-style asides that name environment variables.
QString withoutEnvironmentNames(const QString& text);

} // namespace cx::gui
