// `cxpilot chatwoot webhook register|list|delete`: the account webhook that feeds cxpilotd. register stores
// the secret Chatwoot returns where cxpilotd reads it (--write-config FILE: CHATWOOT_WEBHOOK_SECRET in its
// configuration file) and prints it only when asked (--show-secret).
#include "ChatwootCliSupport.h"
#include "CliCommand.h"
#include "CliContext.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/Settings.h"
#include "ingest/ServiceConfigFile.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace cx::cli {

namespace {
using chatwoot::AccountWebhook;
using chatwoot::ChatwootClient;

QString tr(const char* text)
{
    return QCoreApplication::translate("WebhookCommands", text);
}

// The events cxpilotd acts on (chatwoot::WebhookParser::decide): a customer's message (draft), an agent's
// public reply (waiting drafts superseded), a status change (drafts closed; a reopened conversation drafted).
const QStringList kDefaultSubscriptions { QStringLiteral("message_created"),
    QStringLiteral("conversation_status_changed"), QStringLiteral("conversation_updated") };

// Chatwoot's Webhook::ALLOWED_WEBHOOK_EVENTS.
const QStringList kKnownSubscriptions { QStringLiteral("conversation_created"),
    QStringLiteral("conversation_status_changed"), QStringLiteral("conversation_updated"),
    QStringLiteral("contact_created"), QStringLiteral("contact_updated"), QStringLiteral("message_created"),
    QStringLiteral("message_updated"), QStringLiteral("webwidget_triggered"), QStringLiteral("inbox_created"),
    QStringLiteral("inbox_updated"), QStringLiteral("conversation_typing_on"),
    QStringLiteral("conversation_typing_off") };

const QStringList kConnectionOptions { QStringLiteral("--chatwoot-url"), QStringLiteral("--account") };

int printError(const Error& e)
{
    err() << e.toString() << "\n";
    return 1;
}

QJsonObject webhookJson(const AccountWebhook& w, bool withSecret)
{
    QJsonObject o { { QStringLiteral("id"), w.id }, { QStringLiteral("url"), w.url },
        { QStringLiteral("name"), w.name },
        { QStringLiteral("subscriptions"), QJsonArray::fromStringList(w.subscriptions) } };
    if (withSecret)
        o.insert(QStringLiteral("secret"), w.secret);
    return o;
}

int registerWebhook(const QStringList& args)
{
    const QStringList valued = kConnectionOptions
        + QStringList { QStringLiteral("--name"), QStringLiteral("--subscriptions"),
              QStringLiteral("--write-config") };
    if (!checkOptions(args, { valued, { QStringLiteral("--show-secret") } }))
        return 2;
    const QStringList pos = positionals(args, valued);
    if (pos.size() < 3) {
        err() << tr("URL: missing. Usage: cxpilot chatwoot webhook register URL [--name NAME] "
                    "[--subscriptions EVENT,...] [--write-config FILE] [--show-secret]")
              << "\n";
        return 2;
    }
    if (pos.size() > 3) {
        err() << tr("unexpected argument \"%1\" (register takes one URL)").arg(pos.at(3)) << "\n";
        return 2;
    }
    const Result<QUrl> url = parseHttpUrl(pos.at(2), QStringLiteral("URL"));
    if (!url) {
        err() << url.error().message << "\n";
        return 2;
    }
    QStringList subscriptions = kDefaultSubscriptions;
    if (const QString given = optionValue(args, QStringLiteral("--subscriptions")); !given.isEmpty()) {
        subscriptions.clear();
        for (const QString& part : given.split(QLatin1Char(','))) {
            const QString event = part.trimmed();
            if (!kKnownSubscriptions.contains(event)) {
                err() << tr("--subscriptions: \"%1\" is not a Chatwoot webhook event (one of %2)")
                             .arg(event, kKnownSubscriptions.join(QStringLiteral(", ")))
                      << "\n";
                return 2;
            }
            if (!subscriptions.contains(event))
                subscriptions.append(event);
        }
    }
    const QString configPath = optionValue(args, QStringLiteral("--write-config"));
    const bool showSecret = hasFlag(args, QStringLiteral("--show-secret"));
    // Chatwoot shows the secret when the webhook is made; with neither option it would be printed nowhere
    // and stored nowhere, and cxpilotd would reject every delivery.
    if (configPath.isEmpty() && !showSecret) {
        err() << tr("register needs --write-config FILE (cxpilotd's configuration, e.g. "
                    "/etc/cxpilot/cxpilotd.env, where CHATWOOT_WEBHOOK_SECRET is stored) or --show-secret")
              << "\n";
        return 2;
    }
    // Checked before the webhook exists: a file we cannot write must not leave a webhook nobody can verify.
    if (!configPath.isEmpty()) {
        if (Status writable = ingest::ServiceConfigFile::checkWritable(configPath); !writable) {
            err() << writable.error().message << "\n";
            return 2;
        }
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;

    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto created = waitFor<Result<AccountWebhook>>([&](QObject* ctx, auto cb) {
        client.createWebhook(
            url->toString(), subscriptions, optionValue(args, QStringLiteral("--name")), ctx, cb);
    });
    if (!created.ok()) {
        if (chatwoot::isOutcomeUnknown(created.error()))
            err() << tr("The webhook may or may not have been created; check with `cxpilot chatwoot webhook "
                        "list` before trying again.")
                  << "\n";
        return printError(created.error());
    }
    out() << tr("Webhook %1 registered: %2 (%3).")
                 .arg(created->id)
                 .arg(created->url, created->subscriptions.join(QStringLiteral(", ")))
          << "\n";
    if (created->secret.isEmpty()) {
        // Chatwoot before 4.11.2 neither signs deliveries nor returns a secret; cxpilotd accepts only signed
        // ones.
        err() << tr(
            "Chatwoot returned no secret: it does not sign deliveries (Chatwoot 4.11.2 or later does), "
            "and cxpilotd accepts only signed ones.")
              << "\n";
        return 1;
    }
    if (!configPath.isEmpty()) {
        if (Status stored = ingest::ServiceConfigFile::setValue(
                configPath, QStringLiteral("CHATWOOT_WEBHOOK_SECRET"), created->secret);
            !stored) {
            err() << stored.error().message << "\n"
                  << tr("The webhook exists; `cxpilot chatwoot webhook list --show-secret` shows its secret.")
                  << "\n";
            return 1;
        }
        out() << tr("Its secret is stored in %1 as CHATWOOT_WEBHOOK_SECRET (mode 0600); restart cxpilotd to "
                    "use it.")
                     .arg(configPath)
              << "\n";
    }
    if (showSecret)
        out() << tr("Secret: %1").arg(created->secret) << "\n";
    return 0;
}

int listWebhooks(const QStringList& args)
{
    const QStringList flags { QStringLiteral("--json"), QStringLiteral("--show-secret") };
    if (!checkOptions(args, { kConnectionOptions, flags }))
        return 2;
    if (const QStringList pos = positionals(args, kConnectionOptions); pos.size() > 2) {
        err() << tr("unexpected argument \"%1\" (list takes none)").arg(pos.at(2)) << "\n";
        return 2;
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;
    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto r = waitFor<Result<QList<AccountWebhook>>>(
        [&](QObject* ctx, auto cb) { client.listWebhooks(ctx, cb); });
    if (!r.ok())
        return printError(r.error());
    const bool showSecret = hasFlag(args, QStringLiteral("--show-secret"));
    if (hasFlag(args, QStringLiteral("--json"))) {
        QJsonArray list;
        for (const AccountWebhook& w : *r)
            list.append(webhookJson(w, showSecret));
        out() << QJsonDocument(list).toJson(QJsonDocument::Indented);
        return 0;
    }
    out() << tr("%1 webhook(s)").arg(r->size()) << "\n";
    for (const AccountWebhook& w : *r) {
        out() << QStringLiteral("#%1").arg(w.id).leftJustified(6) << w.url << "  "
              << (w.name.isEmpty() ? QStringLiteral("-") : w.name) << "  "
              << w.subscriptions.join(QLatin1Char(','));
        if (showSecret)
            out() << "  " << tr("secret %1").arg(w.secret);
        out() << "\n";
    }
    return 0;
}

int deleteWebhook(const QStringList& args)
{
    if (!checkOptions(args, { kConnectionOptions, {} }))
        return 2;
    const QStringList pos = positionals(args, kConnectionOptions);
    if (pos.size() != 3) {
        err() << tr("ID: %1. Usage: cxpilot chatwoot webhook delete ID")
                     .arg(pos.size() < 3 ? tr("missing") : tr("one webhook id only"))
              << "\n";
        return 2;
    }
    bool ok = false;
    const qint64 id = pos.at(2).toLongLong(&ok);
    if (!ok || id <= 0) {
        err() << tr("ID: \"%1\" is not a webhook id (a positive number; see `cxpilot chatwoot webhook list`)")
                     .arg(pos.at(2))
              << "\n";
        return 2;
    }
    const auto config = chatwootConfig(args);
    if (!config)
        return 2;
    QNetworkAccessManager network;
    ChatwootClient client(*config, &network);
    const auto r = waitFor<Result<bool>>([&](QObject* ctx, auto cb) { client.deleteWebhook(id, ctx, cb); });
    if (!r.ok())
        return printError(r.error());
    out() << tr("Webhook %1 deleted; Chatwoot no longer sends its events.").arg(id) << "\n";
    return 0;
}
} // namespace

int runWebhookCommand(const QStringList& args)
{
    const QString action = args.value(1);
    if (action == QLatin1String("register"))
        return registerWebhook(args);
    if (action == QLatin1String("list"))
        return listWebhooks(args);
    if (action == QLatin1String("delete"))
        return deleteWebhook(args);
    err() << tr("Usage: cxpilot chatwoot webhook register URL [--name NAME] [--subscriptions EVENT,...] "
                "[--write-config FILE] [--show-secret] | list [--json] [--show-secret] | delete ID")
          << "\n";
    return 2;
}

} // namespace cx::cli
