// `cxpilot health [--json FILE] [--chatwoot-url URL --account ID]`: is Chatwoot reachable and the token
// valid?
#include "CliCommand.h"
#include "CliContext.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Clock.h"
#include "foundation/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSaveFile>

#include <optional>

namespace cx::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("HealthCommand", text);
}

int run(const QStringList& args)
{
    if (!checkOptions(args,
            { { QStringLiteral("--json"), QStringLiteral("--chatwoot-url"), QStringLiteral("--account") },
                {} }))
        return 2;
    const Result<Settings> settings = loadSettings(args);
    if (!settings.ok())
        return 2;
    if (!settings->chatwootBaseUrl().isValid() || settings->chatwootBaseUrl().isEmpty()) {
        err() << tr("No Chatwoot URL: set CHATWOOT_BASE_URL or pass --chatwoot-url URL.") << "\n";
        return 2;
    }
    const Result<QString> token = readSecret(SecretKey::ChatwootApiToken);
    if (!token.ok())
        err() << tr("No Chatwoot API token (CHATWOOT_API_KEY or the keychain): %1").arg(token.error().message)
              << "\n";
    QNetworkAccessManager network;
    chatwoot::ChatwootClient client(
        { settings->chatwootBaseUrl(), settings->chatwootAccountId(), token.ok() ? *token : QString() },
        &network);
    client.setTransferTimeoutMs(10000);

    std::optional<chatwoot::HealthReport> report;
    QEventLoop loop;
    QObject context;
    client.healthCheck(&context, [&](chatwoot::HealthReport r) {
        report = std::move(r);
        loop.quit();
    });
    if (!report)
        loop.exec();

    out() << report->toText();
    QString path = optionValue(args, QStringLiteral("--json"));
    if (path.isEmpty())
        path = QStringLiteral("artifacts/ops/chatwoot_health_%1.json")
                   .arg(Clock::nowUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(report->toJson()).toJson(QJsonDocument::Indented)) < 0
        || !file.commit()) {
        err() << tr("Cannot write %1: %2").arg(path, file.errorString()) << "\n";
        return 1;
    }
    out() << tr("Report written to %1").arg(QDir::toNativeSeparators(path)) << "\n";
    return report->allUp() ? 0 : 1;
}

CliRegistration registration(
    { QStringLiteral("health"), QStringLiteral("health [--json FILE] [--chatwoot-url URL --account ID]"),
        QStringLiteral("check Chatwoot: reachable, Redis/Postgres, token and account"), run });
} // namespace

} // namespace cx::cli
