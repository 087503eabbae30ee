#include "HealthReport.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace cx::chatwoot {

QString HealthProbe::stateName(State state)
{
    switch (state) {
    case State::Up:
        return QStringLiteral("up");
    case State::Degraded:
        return QStringLiteral("degraded");
    case State::Down:
        return QStringLiteral("down");
    case State::Skipped:
        return QStringLiteral("skipped");
    }
    return QStringLiteral("unknown");
}

QJsonObject HealthProbe::toJson() const
{
    QJsonObject o { { QStringLiteral("name"), name }, { QStringLiteral("path"), path },
        { QStringLiteral("state"), stateName(state) }, { QStringLiteral("http_status"), httpStatus },
        { QStringLiteral("latency_ms"), latencyMs }, { QStringLiteral("detail"), detail } };
    if (!data.isEmpty())
        o.insert(QStringLiteral("data"), data);
    return o;
}

bool HealthReport::allUp() const
{
    for (const HealthProbe& p : probes) {
        if (p.state == HealthProbe::State::Down)
            return false;
    }
    return !probes.isEmpty();
}

const HealthProbe* HealthReport::probe(const QString& name) const
{
    for (const HealthProbe& p : probes) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QJsonObject HealthReport::toJson() const
{
    QJsonArray list;
    for (const HealthProbe& p : probes)
        list.append(p.toJson());
    return QJsonObject { { QStringLiteral("base_url"), baseUrl.toString(QUrl::RemoveUserInfo) },
        { QStringLiteral("account_id"), accountId },
        { QStringLiteral("checked_at"), checkedAt.toString(Qt::ISODateWithMs) },
        { QStringLiteral("version"), version }, { QStringLiteral("ok"), allUp() },
        { QStringLiteral("probes"), list } };
}

QString HealthReport::toText() const
{
    QString text = QCoreApplication::translate("Health", "Chatwoot at %1 (account %2), checked %3")
                       .arg(baseUrl.toString(QUrl::RemoveUserInfo))
                       .arg(accountId)
                       .arg(checkedAt.toString(Qt::ISODate))
        + QLatin1Char('\n');
    for (const HealthProbe& p : probes) {
        QString line = QStringLiteral("  %1 %2 %3")
                           .arg(HealthProbe::stateName(p.state).toUpper().leftJustified(9))
                           .arg(p.name.leftJustified(13))
                           .arg(p.path.leftJustified(26));
        if (p.httpStatus)
            line += QStringLiteral(" HTTP %1").arg(p.httpStatus);
        if (p.state != HealthProbe::State::Skipped)
            line += QStringLiteral(" %1 ms").arg(p.latencyMs);
        if (!p.detail.isEmpty())
            line += QStringLiteral("  ") + p.detail;
        text += line + QLatin1Char('\n');
    }
    text += allUp() ? QCoreApplication::translate("Health", "Result: all probes up")
                    : QCoreApplication::translate("Health", "Result: something is DOWN");
    return text + QLatin1Char('\n');
}

} // namespace cx::chatwoot
