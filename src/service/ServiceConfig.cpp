#include "ServiceConfig.h"

#include "foundation/Settings.h"
#include "storage/DatabaseUrl.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QHostInfo>
#include <QProcessEnvironment>

namespace cx::service {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("cxpilotd", text);
}

Error invalid(const QString& field, const QString& message)
{
    return makeError(ErrorKind::Invalid, tr("%1: %2").arg(field, message), field);
}

// Options and the variable each one stands for.
struct OptionSpec {
    const char* option;
    const char* variable;
};
constexpr OptionSpec kOptions[] = {
    { "--listen", "CXPILOT_LISTEN" },
    { "--database", "CXPILOT_DATABASE_URL" },
    { "--index", "CXPILOT_KB_DIR" },
    { "--workers", "CXPILOTD_WORKERS" },
    { "--lease-secs", "CXPILOTD_LEASE_SECS" },
    { "--max-attempts", "CXPILOTD_MAX_ATTEMPTS" },
    { "--sweep-secs", "CXPILOTD_SWEEP_SECS" },
    { "--retention-days", "CXPILOTD_RETENTION_DAYS" },
    { "--instance", "CXPILOTD_INSTANCE" },
};

constexpr const char* kVariables[] = { "CXPILOT_LISTEN", "CXPILOT_DATABASE_URL", "CXPILOT_KB_DIR",
    "CXPILOTD_WORKERS", "CXPILOTD_LEASE_SECS", "CXPILOTD_MAX_ATTEMPTS", "CXPILOTD_BACKOFF_MS",
    "CXPILOTD_SWEEP_SECS", "CXPILOTD_RETENTION_DAYS", "CXPILOTD_MAX_BODY_BYTES", "CXPILOTD_INSTANCE",
    "CHATWOOT_BASE_URL", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_API_KEY", "CHATWOOT_WEBHOOK_SECRET",
    "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_API_KEY", "AI_CUSTOMER_DRAFT_ENABLED" };

Result<QHash<QString, QString>> readConfigFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return invalid(QStringLiteral("--config"), tr("cannot read %1: %2").arg(path, file.errorString()));
    QHash<QString, QString> values;
    int lineNo = 0;
    while (!file.atEnd()) {
        ++lineNo;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return invalid(
                QStringLiteral("--config"), tr("%1 line %2 is not KEY=VALUE").arg(path).arg(lineNo));
        const QString key = line.left(eq).trimmed();
        QString value = line.mid(eq + 1).trimmed();
        if (value.size() >= 2 && (value.startsWith(QLatin1Char('"')) || value.startsWith(QLatin1Char('\'')))
            && value.endsWith(value.at(0)))
            value = value.mid(1, value.size() - 2);
        if (std::none_of(std::begin(kVariables), std::end(kVariables),
                [&](const char* v) { return key == QLatin1String(v); }))
            return invalid(QStringLiteral("--config"),
                tr("%1 line %2: unknown setting %3").arg(path).arg(lineNo).arg(key));
        values.insert(key, value);
    }
    return values;
}

Result<int> parseInt(const QString& field, const QString& text, int min, int max)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return invalid(field, tr("\"%1\" is not a whole number from %2 to %3").arg(text).arg(min).arg(max));
    return v;
}

Result<bool> parseBool(const QString& field, const QString& text)
{
    const QString t = text.trimmed().toLower();
    if (t == QLatin1String("true") || t == QLatin1String("1") || t == QLatin1String("yes")
        || t == QLatin1String("on"))
        return true;
    if (t == QLatin1String("false") || t == QLatin1String("0") || t == QLatin1String("no")
        || t == QLatin1String("off"))
        return false;
    return invalid(field, tr("\"%1\" is not true or false").arg(text));
}
} // namespace

Result<QPair<QHostAddress, quint16>> parseListen(const QString& text, const QString& field)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return invalid(field, tr("\"%1\" is not ADDRESS:PORT").arg(text));
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress::LocalHost;
    else if (!address.setAddress(host))
        return invalid(field, tr("\"%1\" is not an IP address").arg(host));
    bool ok = false;
    const int port = text.mid(colon + 1).toInt(&ok);
    if (!ok || port < 0 || port > 65535)
        return invalid(field, tr("\"%1\" is not a port (0-65535)").arg(text.mid(colon + 1)));
    return qMakePair(address, static_cast<quint16>(port));
}

QString ServiceConfig::listenText() const
{
    const QString host = listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? QLatin1Char('[') + listenAddress.toString() + QLatin1Char(']')
        : listenAddress.toString();
    return host + QLatin1Char(':') + QString::number(listenPort);
}

Result<ServiceConfig> ServiceConfig::load(const QStringList& args)
{
    // 1. Options: each known one takes a value; anything else is an error naming it.
    QHash<QString, QString> fromOptions; // variable -> value
    QString configPath;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString name = args.at(i);
        QString value;
        bool inlineValue = false;
        if (const qsizetype eq = name.indexOf(QLatin1Char('='));
            name.startsWith(QLatin1String("--")) && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
            inlineValue = true;
        }
        const bool isConfig = name == QLatin1String("--config");
        const auto spec = std::find_if(std::begin(kOptions), std::end(kOptions),
            [&](const OptionSpec& s) { return name == QLatin1String(s.option); });
        if (!isConfig && spec == std::end(kOptions))
            return makeError(
                ErrorKind::Invalid, tr("unknown option %1 (see cxpilotd --help)").arg(name), name);
        if (!inlineValue) {
            if (i + 1 >= args.size())
                return makeError(ErrorKind::Invalid, tr("%1 needs a value").arg(name), name);
            value = args.at(++i);
        }
        if (isConfig)
            configPath = value;
        else
            fromOptions.insert(QString::fromLatin1(spec->variable), value);
    }

    // 2. Merge: file < environment < options. Remember where each value came from, to name it in errors.
    QHash<QString, QString> values;
    QHash<QString, QString> origin;
    if (!configPath.isEmpty()) {
        auto file = readConfigFile(configPath);
        if (!file)
            return file.error();
        for (auto it = file->cbegin(); it != file->cend(); ++it) {
            values.insert(it.key(), it.value());
            origin.insert(it.key(), QStringLiteral("%1 in %2").arg(it.key(), configPath));
        }
    }
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* v : kVariables) {
        const QString key = QString::fromLatin1(v);
        if (env.contains(key)) {
            values.insert(key, env.value(key));
            origin.insert(key, key);
        }
    }
    for (auto it = fromOptions.cbegin(); it != fromOptions.cend(); ++it) {
        values.insert(it.key(), it.value());
        const auto spec = std::find_if(std::begin(kOptions), std::end(kOptions),
            [&](const OptionSpec& s) { return it.key() == QLatin1String(s.variable); });
        origin.insert(it.key(), QString::fromLatin1(spec->option));
    }
    auto has = [&](const char* key) { return values.contains(QString::fromLatin1(key)); };
    auto get = [&](const char* key) { return values.value(QString::fromLatin1(key)); };
    auto from = [&](const char* key) { return origin.value(QString::fromLatin1(key)); };

    ServiceConfig c;
    c.instanceId
        = QHostInfo::localHostName() + QLatin1Char(':') + QString::number(QCoreApplication::applicationPid());
    if (has("CXPILOT_LISTEN")) {
        auto listen = parseListen(get("CXPILOT_LISTEN"), from("CXPILOT_LISTEN"));
        if (!listen)
            return listen.error();
        c.listenAddress = listen->first;
        c.listenPort = listen->second;
    }
    if (has("CXPILOT_DATABASE_URL")) {
        if (auto url = storage::DatabaseUrl::parse(get("CXPILOT_DATABASE_URL")); !url)
            return invalid(from("CXPILOT_DATABASE_URL"), url.error().message);
        c.databaseUrl = get("CXPILOT_DATABASE_URL");
    }
    if (has("CHATWOOT_BASE_URL")) {
        auto url = parseHttpUrl(get("CHATWOOT_BASE_URL"), from("CHATWOOT_BASE_URL"));
        if (!url)
            return url.error();
        c.chatwootBaseUrl = url.value();
    }
    if (has("CHATWOOT_ACCOUNT_ID")) {
        bool ok = false;
        c.chatwootAccountId = get("CHATWOOT_ACCOUNT_ID").toLongLong(&ok);
        if (!ok || c.chatwootAccountId <= 0)
            return invalid(from("CHATWOOT_ACCOUNT_ID"),
                tr("\"%1\" is not a positive account id").arg(get("CHATWOOT_ACCOUNT_ID")));
    }
    c.chatwootApiKey = get("CHATWOOT_API_KEY");
    c.webhookSecret = get("CHATWOOT_WEBHOOK_SECRET").toUtf8();
    if (has("OPENAI_BASE_URL") && !get("OPENAI_BASE_URL").isEmpty()) {
        auto url = parseHttpUrl(get("OPENAI_BASE_URL"), from("OPENAI_BASE_URL"));
        if (!url)
            return url.error();
        c.modelBaseUrl = url.value();
    }
    if (has("OPENAI_MODEL")) {
        if (get("OPENAI_MODEL").trimmed().isEmpty())
            return invalid(from("OPENAI_MODEL"), tr("the model name is empty"));
        c.modelName = get("OPENAI_MODEL").trimmed();
    }
    c.modelApiKey = get("OPENAI_API_KEY");
    if (has("AI_CUSTOMER_DRAFT_ENABLED")) {
        auto enabled = parseBool(from("AI_CUSTOMER_DRAFT_ENABLED"), get("AI_CUSTOMER_DRAFT_ENABLED"));
        if (!enabled)
            return enabled.error();
        c.draftingEnabled = enabled.value();
    }
    c.knowledgeDir = get("CXPILOT_KB_DIR");
    const struct {
        const char* key;
        int* target;
        int min;
        int max;
    } numbers[]
        = { { "CXPILOTD_WORKERS", &c.workers, 1, 64 }, { "CXPILOTD_LEASE_SECS", &c.leaseSecs, 1, 86400 },
              { "CXPILOTD_MAX_ATTEMPTS", &c.maxAttempts, 1, 100 },
              { "CXPILOTD_BACKOFF_MS", &c.backoffMs, 0, 3600000 },
              { "CXPILOTD_SWEEP_SECS", &c.sweepSecs, 0, 86400 },
              { "CXPILOTD_RETENTION_DAYS", &c.retentionDays, 0, 36500 } };
    for (const auto& n : numbers) {
        if (!has(n.key))
            continue;
        auto v = parseInt(from(n.key), get(n.key), n.min, n.max);
        if (!v)
            return v.error();
        *n.target = v.value();
    }
    if (has("CXPILOTD_MAX_BODY_BYTES")) {
        auto v = parseInt(
            from("CXPILOTD_MAX_BODY_BYTES"), get("CXPILOTD_MAX_BODY_BYTES"), 1024, 64 * 1024 * 1024);
        if (!v)
            return v.error();
        c.maxBodyBytes = v.value();
    }
    if (has("CXPILOTD_INSTANCE")) {
        if (get("CXPILOTD_INSTANCE").trimmed().isEmpty())
            return invalid(from("CXPILOTD_INSTANCE"), tr("the instance name is empty"));
        c.instanceId = get("CXPILOTD_INSTANCE").trimmed();
    }
    return c;
}

Status ServiceConfig::checkComplete() const
{
    if (databaseUrl.isEmpty())
        return invalid(
            QStringLiteral("CXPILOT_DATABASE_URL"), tr("no database is configured (or --database URL)"));
    if (!chatwootBaseUrl.isValid() || chatwootBaseUrl.isEmpty())
        return invalid(QStringLiteral("CHATWOOT_BASE_URL"), tr("Chatwoot's address is not configured"));
    if (chatwootAccountId <= 0)
        return invalid(QStringLiteral("CHATWOOT_ACCOUNT_ID"), tr("the account id is not configured"));
    if (chatwootApiKey.isEmpty())
        return invalid(QStringLiteral("CHATWOOT_API_KEY"), tr("the Chatwoot API token is not configured"));
    if (webhookSecret.isEmpty())
        return invalid(QStringLiteral("CHATWOOT_WEBHOOK_SECRET"),
            tr("the webhook secret is not configured; unsigned deliveries are never accepted"));
    return Ok {};
}

} // namespace cx::service
