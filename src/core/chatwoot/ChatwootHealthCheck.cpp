// ChatwootClient: the health check and the profile (split from ChatwootClient.cpp to keep files small).
#include "ChatwootClient.h"

#include "chatwoot/CallbackDelivery.h"
#include "chatwoot/ChatwootJson.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>

#include <memory>
#include <optional>

namespace cx::chatwoot {

using detail::deliverTo;

namespace {
struct HealthState {
    HealthReport report;
    int pending = 0;
    QPointer<QObject> context;
    std::function<void(HealthReport)> done;

    HealthProbe& probe(const QString& name)
    {
        for (HealthProbe& p : report.probes) {
            if (p.name == name)
                return p;
        }
        Q_UNREACHABLE();
    }
    void settle()
    {
        if (--pending > 0)
            return;
        const HealthReport value = report;
        auto cb = done;
        deliverTo(context, [cb, value]() { cb(value); });
    }
};

void fillFromReply(HealthProbe& p, const Result<ChatwootClient::HttpReply>& reply, qint64 elapsed)
{
    p.latencyMs = elapsed;
    p.httpStatus = reply.ok() ? reply->status : reply.error().httpStatus;
    if (!reply.ok()) {
        p.state = HealthProbe::State::Down;
        p.detail = reply.error().toString();
    }
}
// The reply's JSON object, or nullopt with the probe marked down (transport error or not JSON).
std::optional<QJsonObject> jsonBody(
    HealthProbe& p, const Result<ChatwootClient::HttpReply>& reply, qint64 elapsed)
{
    fillFromReply(p, reply, elapsed);
    if (!reply.ok())
        return std::nullopt;
    Result<QJsonObject> o = json::parseObject(reply->body);
    if (!o.ok()) {
        p.state = HealthProbe::State::Down;
        p.detail = o.error().toString();
        return std::nullopt;
    }
    return std::move(o).value();
}
} // namespace

void ChatwootClient::healthCheck(QObject* context, std::function<void(HealthReport)> done)
{
    auto state = std::make_shared<HealthState>();
    state->context = context;
    state->done = std::move(done);
    state->report.baseUrl = m_config.baseUrl;
    state->report.accountId = m_config.accountId;
    state->report.checkedAt = Clock::nowUtc();
    const QString accountPath = QStringLiteral("/api/v1/accounts/%1").arg(m_config.accountId);
    for (const auto& [name, path] : { std::pair { QStringLiteral("health"), QStringLiteral("/health") },
             std::pair { QStringLiteral("rails-health"), QStringLiteral("/rails/health") },
             std::pair { QStringLiteral("api"), QStringLiteral("/api") },
             std::pair { QStringLiteral("profile"), QStringLiteral("/api/v1/profile") },
             std::pair { QStringLiteral("account"), accountPath } }) {
        HealthProbe p;
        p.name = name;
        p.path = path;
        state->report.probes.append(p);
    }
    state->pending = 4;

    auto run = [this](const QString& path, Auth auth, std::function<void(Result<HttpReply>, qint64)> then) {
        RequestSpec spec;
        spec.path = path;
        spec.auth = auth;
        spec.maxAttempts = 1; // a health check reports, it does not insist
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        send(spec, [then, timer](Result<HttpReply> r) { then(std::move(r), timer->elapsed()); });
    };

    // 1. /health: {"status":"woot"}; if it fails, /rails/health as a fallback probe.
    run(QStringLiteral("/health"), Auth::None, [this, state, run](Result<HttpReply> r, qint64 ms) {
        HealthProbe& p = state->probe(QStringLiteral("health"));
        fillFromReply(p, r, ms);
        if (r.ok()) {
            const Result<QJsonObject> o = json::parseObject(r->body);
            if (o.ok() && o->value(QLatin1String("status")).toString() == QLatin1String("woot")) {
                p.state = HealthProbe::State::Up;
                p.detail = QCoreApplication::translate("Health", "alive");
            } else {
                p.state = HealthProbe::State::Down;
                p.detail = QCoreApplication::translate(
                    "Health", "unexpected answer (expected {\"status\":\"woot\"})");
            }
        }
        if (p.state == HealthProbe::State::Up) {
            state->probe(QStringLiteral("rails-health")).detail
                = QCoreApplication::translate("Health", "not needed");
            state->settle();
            return;
        }
        run(QStringLiteral("/rails/health"), Auth::None, [state](Result<HttpReply> r2, qint64 ms2) {
            HealthProbe& fb = state->probe(QStringLiteral("rails-health"));
            fillFromReply(fb, r2, ms2);
            if (r2.ok()) {
                fb.state = HealthProbe::State::Up;
                fb.detail = QCoreApplication::translate("Health", "fallback probe answered");
                HealthProbe& main = state->probe(QStringLiteral("health"));
                main.state = HealthProbe::State::Degraded;
                main.detail += QCoreApplication::translate("Health", " (but /rails/health answered)");
            }
            state->settle();
        });
    });

    // 2. /api: version, Redis (queue_services), Postgres (data_services).
    run(QStringLiteral("/api"), Auth::None, [state](Result<HttpReply> r, qint64 ms) {
        HealthProbe& p = state->probe(QStringLiteral("api"));
        if (const std::optional<QJsonObject> o = jsonBody(p, r, ms)) {
            const QString version = o->value(QLatin1String("version")).toString();
            const QString redis = o->value(QLatin1String("queue_services")).toString();
            const QString postgres = o->value(QLatin1String("data_services")).toString();
            state->report.version = version;
            p.data = QJsonObject { { QStringLiteral("version"), version }, { QStringLiteral("redis"), redis },
                { QStringLiteral("postgres"), postgres } };
            const bool servicesOk = redis == QLatin1String("ok") && postgres == QLatin1String("ok");
            p.state = servicesOk ? HealthProbe::State::Up : HealthProbe::State::Down;
            p.detail
                = QCoreApplication::translate("Health", "version %1, Redis %2, Postgres %3")
                      .arg(version.isEmpty() ? QCoreApplication::translate("Health", "unknown") : version,
                          redis.isEmpty() ? QCoreApplication::translate("Health", "unknown") : redis,
                          postgres.isEmpty() ? QCoreApplication::translate("Health", "unknown") : postgres);
        }
        state->settle();
    });

    // 3. /api/v1/profile: is the token valid, which accounts does it reach?
    const qint64 accountId = m_config.accountId;
    if (m_config.apiToken.isEmpty()) {
        HealthProbe& p = state->probe(QStringLiteral("profile"));
        p.state = HealthProbe::State::Down;
        p.detail = QCoreApplication::translate(
            "Health", "no API token configured (CHATWOOT_API_KEY or the keychain)");
        HealthProbe& a = state->probe(QStringLiteral("account"));
        a.state = HealthProbe::State::Down;
        a.detail = QCoreApplication::translate("Health", "no API token configured");
        state->pending -= 2;
        return;
    }
    run(QStringLiteral("/api/v1/profile"), Auth::Token, [state, accountId](Result<HttpReply> r, qint64 ms) {
        HealthProbe& p = state->probe(QStringLiteral("profile"));
        if (const std::optional<QJsonObject> o = jsonBody(p, r, ms)) {
            const Profile profile = json::toProfile(*o);
            QJsonArray ids;
            bool member = false;
            for (const ProfileAccount& a : profile.accounts) {
                ids.append(a.id);
                member = member || a.id == accountId;
            }
            p.data = QJsonObject { { QStringLiteral("user_id"), profile.id },
                { QStringLiteral("user_name"), profile.name }, { QStringLiteral("accounts"), ids } };
            p.state = member ? HealthProbe::State::Up : HealthProbe::State::Down;
            p.detail = member ? QCoreApplication::translate("Health", "token valid for %1").arg(profile.name)
                              : QCoreApplication::translate(
                                  "Health", "token valid, but its user is not a member of account %1")
                                    .arg(accountId);
        }
        state->settle();
    });

    // 4. /api/v1/accounts/{id}
    if (accountId <= 0) {
        HealthProbe& a = state->probe(QStringLiteral("account"));
        a.state = HealthProbe::State::Down;
        a.detail = QCoreApplication::translate(
            "Health", "no account id configured (CHATWOOT_ACCOUNT_ID or --account)");
        state->settle();
        return;
    }
    run(accountPath, Auth::Token, [state](Result<HttpReply> r, qint64 ms) {
        HealthProbe& p = state->probe(QStringLiteral("account"));
        if (const std::optional<QJsonObject> o = jsonBody(p, r, ms)) {
            const QString name = o->value(QLatin1String("name")).toString();
            p.data = QJsonObject { { QStringLiteral("name"), name },
                { QStringLiteral("locale"), o->value(QLatin1String("locale")).toString() },
                { QStringLiteral("status"), o->value(QLatin1String("status")).toString() } };
            p.state = HealthProbe::State::Up;
            p.detail = QCoreApplication::translate("Health", "account \"%1\"").arg(name);
        }
        state->settle();
    });
}

void ChatwootClient::fetchProfile(QObject* context, Callback<Profile> done)
{
    QPointer<QObject> ctx(context);
    RequestSpec spec;
    spec.path = QStringLiteral("/api/v1/profile");
    send(spec, [ctx, done](Result<HttpReply> reply) {
        Result<Profile> result = makeError(ErrorKind::Internal, QString());
        if (!reply.ok()) {
            result = reply.error();
        } else {
            const Result<QJsonObject> o = json::parseObject(reply->body);
            result = o.ok() ? Result<Profile>(json::toProfile(*o)) : Result<Profile>(o.error());
        }
        deliverTo(ctx, [done, result]() { done(result); });
    });
}

} // namespace cx::chatwoot
