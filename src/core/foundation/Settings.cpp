#include "Settings.h"

#include "foundation/LogCategories.h"
#include "foundation/Translate.h"

#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace cx {

namespace {
QString tr(const char* text)
{
    return translateIn({ "cx::Settings", "cx" }, text);
}

Error invalid(const QString& field, const QString& message)
{
    return makeError(ErrorKind::Invalid, message, field);
}

std::optional<bool> parseBool(const QString& value)
{
    const QString v = value.trimmed().toLower();
    if (v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes")
        || v == QLatin1String("on"))
        return true;
    if (v == QLatin1String("false") || v == QLatin1String("0") || v == QLatin1String("no")
        || v == QLatin1String("off"))
        return false;
    return std::nullopt;
}

namespace Key {
const QString ChatwootBaseUrl = QStringLiteral("chatwoot/baseUrl");
const QString ChatwootAccountId = QStringLiteral("chatwoot/accountId");
const QString ModelBaseUrl = QStringLiteral("model/baseUrl");
const QString ModelName = QStringLiteral("model/name");
const QString DatabaseUrl = QStringLiteral("database/url");
const QString SlaMinutes = QStringLiteral("sla/minutes");
const QString DraftingEnabled = QStringLiteral("drafting/enabled");
const QString EditRatioThreshold = QStringLiteral("review/editRatioThreshold");
const QString ReviewerName = QStringLiteral("review/reviewerName");
const QString TargetPrefix = QStringLiteral("targets/");
} // namespace Key
} // namespace

Result<QUrl> parseHttpUrl(const QString& text, const QString& field)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (trimmed.isEmpty())
        return invalid(field, tr("%1: a URL is required").arg(field));
    if (!url.isValid() || url.scheme().isEmpty() || url.host().isEmpty())
        return invalid(field,
            tr("%1: \"%2\" is not a URL; write it with its scheme, e.g. https://chat.example.com")
                .arg(field, trimmed));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return invalid(
            field, tr("%1: the scheme must be http or https, not \"%2\"").arg(field, url.scheme()));
    return url;
}

Settings::Settings()
    : m_databaseUrl(defaultDatabaseUrl())
{
}

QString Settings::defaultDatabaseUrl()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return QStringLiteral("sqlite://") + QDir(dir).filePath(QStringLiteral("cxpilot.db"));
}

Settings Settings::load()
{
    QSettings store;
    return load(store);
}

Settings Settings::load(QSettings& store)
{
    Settings s;
    // A stored value that no longer validates is ignored (with a warning) and the default stays.
    auto apply = [&store](const QString& key, auto setter) {
        if (!store.contains(key))
            return;
        const Status st = setter(store.value(key).toString());
        if (!st.ok())
            qCWarning(lcSettings) << "ignoring stored setting:" << st.error().message;
    };
    apply(Key::ChatwootBaseUrl, [&s](const QString& v) { return s.setChatwootBaseUrl(v); });
    apply(Key::ChatwootAccountId, [&s](const QString& v) { return s.setChatwootAccountId(v); });
    apply(Key::ModelBaseUrl, [&s](const QString& v) { return s.setModelBaseUrl(v); });
    apply(Key::ModelName, [&s](const QString& v) { return s.setModelName(v); });
    apply(Key::DatabaseUrl, [&s](const QString& v) { return s.setDatabaseUrl(v); });
    apply(Key::SlaMinutes, [&s](const QString& v) { return s.setSlaMinutes(v); });
    apply(Key::DraftingEnabled, [&s](const QString& v) { return s.setDraftingEnabled(v); });
    apply(Key::EditRatioThreshold, [&s](const QString& v) { return s.setEditRatioThreshold(v); });
    apply(Key::ReviewerName, [&s](const QString& v) { return s.setReviewerName(v); });
    NorthStarTargets& t = s.m_targets;
    auto target = [&store](const char* name, double& value) {
        const QString key = Key::TargetPrefix + QLatin1String(name);
        bool ok = false;
        const double v = store.value(key).toDouble(&ok);
        if (store.contains(key) && ok && v >= 0)
            value = v;
    };
    target("aiDraftedPct", t.aiDraftedPct);
    target("tone", t.tone);
    target("accuracy", t.accuracy);
    target("policy", t.policy);
    target("medianApprovalMinutes", t.medianApprovalMinutes);
    target("approvalRatePct", t.approvalRatePct);
    target("slaGreenPct", t.slaGreenPct);
    target("slaYellowPct", t.slaYellowPct);
    s.applyEnvironment();
    return s;
}

void Settings::applyEnvironment()
{
    auto apply = [this](const char* variable, auto setter) {
        if (!qEnvironmentVariableIsSet(variable))
            return;
        const Status st = setter(qEnvironmentVariable(variable));
        if (st.ok())
            m_envOverrides.append(QLatin1String(variable));
        else
            qCWarning(lcSettings) << "ignoring environment variable" << variable << ":" << st.error().message;
    };
    apply(kEnvChatwootBaseUrl, [this](const QString& v) { return setChatwootBaseUrl(v); });
    apply(kEnvChatwootAccountId, [this](const QString& v) { return setChatwootAccountId(v); });
    apply(kEnvDraftEnabled, [this](const QString& v) { return setDraftingEnabled(v); });
    apply(kEnvModelBaseUrl, [this](const QString& v) { return setModelBaseUrl(v); });
    apply(kEnvModelName, [this](const QString& v) { return setModelName(v); });
    apply(kEnvDatabaseUrl, [this](const QString& v) { return setDatabaseUrl(v); });
    apply(kEnvReviewer, [this](const QString& v) { return setReviewerName(v); });
}

Status Settings::save() const
{
    QSettings store;
    return save(store);
}

Status Settings::save(QSettings& store) const
{
    store.setValue(Key::ChatwootBaseUrl, m_chatwootBaseUrl.toString());
    store.setValue(Key::ChatwootAccountId, m_chatwootAccountId);
    store.setValue(Key::ModelBaseUrl, m_modelBaseUrl.toString());
    store.setValue(Key::ModelName, m_modelName);
    store.setValue(Key::DatabaseUrl, m_databaseUrl);
    store.setValue(Key::SlaMinutes, m_slaMinutes);
    store.setValue(Key::DraftingEnabled, m_draftingEnabled);
    store.setValue(Key::EditRatioThreshold, m_editRatioThreshold);
    store.setValue(Key::ReviewerName, m_reviewerName);
    const NorthStarTargets& t = m_targets;
    const std::pair<const char*, double> targets[] = { { "aiDraftedPct", t.aiDraftedPct }, { "tone", t.tone },
        { "accuracy", t.accuracy }, { "policy", t.policy },
        { "medianApprovalMinutes", t.medianApprovalMinutes }, { "approvalRatePct", t.approvalRatePct },
        { "slaGreenPct", t.slaGreenPct }, { "slaYellowPct", t.slaYellowPct } };
    for (const auto& [name, value] : targets)
        store.setValue(Key::TargetPrefix + QLatin1String(name), value);
    store.sync();
    if (store.status() != QSettings::NoError)
        return makeError(
            ErrorKind::Internal, tr("The settings file could not be written: %1").arg(store.fileName()));
    return Ok {};
}

Status Settings::setChatwootBaseUrl(const QString& url)
{
    if (url.trimmed().isEmpty()) {
        m_chatwootBaseUrl = QUrl();
        return Ok {};
    }
    auto parsed = parseHttpUrl(url, QStringLiteral("CHATWOOT_BASE_URL"));
    if (!parsed)
        return parsed.error();
    QUrl u = parsed.value();
    // Keep a canonical form: no trailing slash, so paths can be appended.
    u.setPath(u.path().endsWith(QLatin1Char('/')) ? u.path().chopped(1) : u.path());
    m_chatwootBaseUrl = u;
    return Ok {};
}

Status Settings::setChatwootAccountId(const QString& id)
{
    bool ok = false;
    const qint64 value = id.trimmed().toLongLong(&ok);
    if (!ok || value <= 0)
        return invalid(QStringLiteral("CHATWOOT_ACCOUNT_ID"),
            tr("CHATWOOT_ACCOUNT_ID: \"%1\" is not a positive integer").arg(id));
    m_chatwootAccountId = value;
    return Ok {};
}

Status Settings::setModelBaseUrl(const QString& url)
{
    if (url.trimmed().isEmpty()) {
        m_modelBaseUrl = QUrl();
        return Ok {};
    }
    auto parsed = parseHttpUrl(url, QStringLiteral("model endpoint"));
    if (!parsed)
        return parsed.error();
    m_modelBaseUrl = parsed.value();
    return Ok {};
}

Status Settings::setModelName(const QString& name)
{
    const QString n = name.trimmed();
    if (n.isEmpty() || n.size() > 200)
        return invalid(QStringLiteral("model name"), tr("model name: must be 1 to 200 characters"));
    m_modelName = n;
    return Ok {};
}

Status Settings::setDatabaseUrl(const QString& url)
{
    const QString u = url.trimmed();
    if (u.startsWith(QLatin1String("sqlite://")) || u.startsWith(QLatin1String("sqlite:"))) {
        if (u.size() <= 9)
            return invalid(QStringLiteral("database URL"), tr("database URL: sqlite:// needs a file path"));
        m_databaseUrl = u;
        return Ok {};
    }
    if (u.startsWith(QLatin1String("postgresql://")) || u.startsWith(QLatin1String("postgres://"))) {
        const QUrl parsed(u, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty() || parsed.path().size() < 2)
            return invalid(QStringLiteral("database URL"),
                tr("database URL: expected postgresql://user:password@host:port/database"));
        m_databaseUrl = u;
        return Ok {};
    }
    return invalid(QStringLiteral("database URL"),
        tr("database URL: \"%1\" must start with sqlite:// or postgresql://").arg(u));
}

Status Settings::setSlaMinutes(const QString& minutes)
{
    bool ok = false;
    const int value = minutes.trimmed().toInt(&ok);
    if (!ok || value <= 0 || value > 60 * 24 * 30)
        return invalid(QStringLiteral("SLA minutes"),
            tr("SLA minutes: \"%1\" must be a whole number of minutes greater than 0").arg(minutes));
    m_slaMinutes = value;
    return Ok {};
}

Status Settings::setDraftingEnabled(const QString& value)
{
    const auto b = parseBool(value);
    if (!b)
        return invalid(QLatin1String(kEnvDraftEnabled),
            tr("AI_CUSTOMER_DRAFT_ENABLED: \"%1\" must be true or false").arg(value));
    m_draftingEnabled = *b;
    return Ok {};
}

Status Settings::setEditRatioThreshold(const QString& value)
{
    bool ok = false;
    const double v = value.trimmed().toDouble(&ok);
    if (!ok || v < 0.0 || v > 1.0)
        return invalid(QStringLiteral("edit ratio threshold"),
            tr("edit ratio threshold: \"%1\" must be a number from 0 to 1").arg(value));
    m_editRatioThreshold = v;
    return Ok {};
}

} // namespace cx

namespace cx {

Status Settings::setReviewerName(const QString& name)
{
    const QString n = name.simplified();
    if (n.size() > 200)
        return invalid(QStringLiteral("reviewer name"), tr("reviewer name: at most 200 characters"));
    m_reviewerName = n; // whether it names a person is checked where it is used (review::validateReviewer)
    return Ok {};
}

} // namespace cx
