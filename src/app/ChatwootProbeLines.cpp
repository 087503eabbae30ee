#include "ChatwootProbeLines.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace cx::gui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cx::gui::ChatwootProbeLines", text);
}

QString label(const QString& probe)
{
    if (probe == QLatin1String("health"))
        return tr("Server");
    if (probe == QLatin1String("rails-health"))
        return tr("Server (second check)");
    if (probe == QLatin1String("api"))
        return tr("Version and services");
    if (probe == QLatin1String("profile"))
        return tr("API token");
    if (probe == QLatin1String("account"))
        return tr("Account");
    return probe;
}

bool isDown(const chatwoot::HealthProbe& p)
{
    return p.state == chatwoot::HealthProbe::State::Down;
}
} // namespace

QString withoutEnvironmentNames(const QString& text)
{
    static const QRegularExpression aside(
        QStringLiteral(R"(\s*\([^()]*\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b[^()]*\))"));
    static const QRegularExpression bare(QStringLiteral(R"(\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b)"));
    QString out = text;
    out.remove(aside);
    out.replace(bare, tr("the setting"));
    return out.trimmed();
}

bool chatwootUnreachable(const chatwoot::HealthReport& report)
{
    bool asked = false;
    for (const chatwoot::HealthProbe& p : report.probes) {
        if (p.state == chatwoot::HealthProbe::State::Skipped)
            continue;
        if (!isDown(p) || p.httpStatus != 0)
            return false;
        // "no API token configured" is decided here, not by the server: it says nothing about reaching it.
        if (p.latencyMs > 0 || p.name == QLatin1String("health") || p.name == QLatin1String("api"))
            asked = true;
    }
    return asked;
}

QList<ProbeLine> chatwootProbeLines(
    const chatwoot::HealthReport& report, bool tokenMissing, const QString& tokenError)
{
    QList<ProbeLine> lines;
    QList<chatwoot::HealthProbe> probes;
    for (const chatwoot::HealthProbe& p : report.probes) {
        if (p.state != chatwoot::HealthProbe::State::Skipped)
            probes.append(p);
    }
    // Unreachable: every probe that asked the server failed the same way, without an HTTP answer.
    const QString host = report.baseUrl.host().isEmpty() ? report.baseUrl.toString() : report.baseUrl.host();
    bool unreachable = !probes.isEmpty();
    QString transportError;
    for (const chatwoot::HealthProbe& p : probes) {
        if (p.name == QLatin1String("profile") && (tokenMissing || !tokenError.isEmpty()))
            continue; // not asked
        if (p.name == QLatin1String("account") && (tokenMissing || !tokenError.isEmpty()))
            continue;
        if (!isDown(p) || p.httpStatus != 0) {
            unreachable = false;
            break;
        }
        if (transportError.isEmpty())
            transportError = p.detail;
    }
    if (unreachable) {
        lines.append({ false,
            tr("Chatwoot could not be reached at %1: %2")
                .arg(host, withoutEnvironmentNames(transportError)) });
    } else {
        bool healthUp = false;
        QString healthDetail;
        for (const chatwoot::HealthProbe& p : probes) {
            if (p.name == QLatin1String("health")) {
                healthUp = !isDown(p);
                healthDetail = p.detail;
            }
        }
        for (const chatwoot::HealthProbe& p : probes) {
            if (p.name == QLatin1String("rails-health") && (healthUp || p.detail == healthDetail))
                continue; // only worth a line when it says something the first check did not
            if ((p.name == QLatin1String("profile") || p.name == QLatin1String("account"))
                && (tokenMissing || !tokenError.isEmpty()))
                continue; // the token line below says it once
            QString text = p.detail;
            if (isDown(p) && p.httpStatus && !text.contains(QString::number(p.httpStatus)))
                text = QStringLiteral("HTTP %1: ").arg(p.httpStatus) + text;
            lines.append(
                { !isDown(p), label(p.name) + QStringLiteral(": ") + withoutEnvironmentNames(text) });
        }
    }
    if (!tokenError.isEmpty())
        lines.append({ false,
            label(QStringLiteral("profile")) + QStringLiteral(": ")
                + tr("could not be read from the keychain (%1)").arg(withoutEnvironmentNames(tokenError)) });
    else if (tokenMissing)
        lines.append({ false,
            label(QStringLiteral("profile")) + QStringLiteral(": ")
                + tr("none yet: enter it above (Chatwoot › Profile settings › Access token)") });
    return lines;
}

} // namespace cx::gui
