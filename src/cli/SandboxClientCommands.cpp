// `cxpilot sandbox send-message | messages`: talk to a running SIMULATED Chatwoot through its Chatwoot API.
// send-message creates an incoming message the way a Chatwoot API-channel client does (POST .../messages with
// message_type "incoming", allowed in API inboxes only); the sandbox then sends the message_created webhook,
// signed, through its sender exactly as Chatwoot's WebhookListener does. Nothing here signs anything itself.
#include "SandboxClientCommands.h"

#include "CliCommand.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace cx::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SandboxClientCommands", text);
}

struct Target {
    QUrl base;
    QByteArray token;
    qint64 account = 1;
    qint64 conversation = 0;
};

const QStringList kValued { QStringLiteral("--port"), QStringLiteral("--token"), QStringLiteral("--account"),
    QStringLiteral("--conversation") };

// Reads --port (required), --token, --account, --conversation (required). Prints the error and returns false.
bool readTarget(const QStringList& args, Target& target)
{
    bool ok = false;
    const int port = optionValue(args, QStringLiteral("--port")).toInt(&ok);
    if (!ok || port < 1 || port > 65535) {
        err() << tr("--port: the SIMULATED Chatwoot's port (1-65535) is required") << "\n";
        return false;
    }
    target.base.setScheme(QStringLiteral("http"));
    target.base.setHost(QStringLiteral("127.0.0.1"));
    target.base.setPort(port);
    target.token = optionValue(args, QStringLiteral("--token"), QStringLiteral("sandbox-token")).toUtf8();
    target.account = optionValue(args, QStringLiteral("--account"), QStringLiteral("1")).toLongLong(&ok);
    if (!ok || target.account <= 0) {
        err() << tr("--account: \"%1\" is not a positive account id")
                     .arg(optionValue(args, QStringLiteral("--account")))
              << "\n";
        return false;
    }
    target.conversation = optionValue(args, QStringLiteral("--conversation")).toLongLong(&ok);
    if (!ok || target.conversation <= 0) {
        err() << tr("--conversation: a conversation id (a positive number) is required") << "\n";
        return false;
    }
    return true;
}

QUrl messagesUrl(const Target& t)
{
    QUrl url = t.base;
    url.setPath(
        QStringLiteral("/api/v1/accounts/%1/conversations/%2/messages").arg(t.account).arg(t.conversation));
    return url;
}

struct Answer {
    int status = 0; // 0: no answer
    QString networkError;
    QJsonObject body;
};

// One request, waited for with a local event loop (the CLI has no window to freeze).
Answer call(const Target& t, const QByteArray& method, const QJsonObject& body = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(messagesUrl(t));
    request.setTransferTimeout(10000);
    request.setRawHeader("api_access_token", t.token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = method == "POST"
        ? network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact))
        : network.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (a.status == 0)
        a.networkError = reply->errorString();
    a.body = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return a;
}

int reportFailure(const Target& t, const Answer& a)
{
    if (a.status == 0) {
        err() << tr(
            "Cannot reach the SIMULATED Chatwoot at %1 (%2). Start it with: cxpilot sandbox --port %3")
                     .arg(t.base.toString(), a.networkError)
                     .arg(t.base.port())
              << "\n";
        return 1;
    }
    QString message = a.body.value(QLatin1String("error")).toString();
    if (message.isEmpty())
        message = a.body.value(QLatin1String("message")).toString();
    err() << tr("Chatwoot answered %1: %2").arg(a.status).arg(message) << "\n";
    return 1;
}
} // namespace

int sandboxSendMessage(const QStringList& args)
{
    const QStringList rest = args.mid(1);
    if (!checkOptions(rest, { kValued, {} }))
        return 2;
    Target target;
    if (!readTarget(rest, target))
        return 2;
    const QString text = positionals(rest, kValued).join(QLatin1Char(' ')).trimmed();
    if (text.isEmpty()) {
        err() << tr("Usage: cxpilot sandbox send-message --port N --conversation ID [--token T] TEXT")
              << "\n";
        return 2;
    }
    const Answer a = call(target, "POST",
        QJsonObject { { QStringLiteral("content"), text },
            { QStringLiteral("message_type"), QStringLiteral("incoming") } });
    if (a.status != 200) {
        const int code = reportFailure(target, a);
        if (a.status == 422)
            err() << tr(
                "Chatwoot takes incoming messages through its API only in API inboxes; in the built-in "
                "sandbox data those are conversations 3 and 6.")
                  << "\n";
        return code;
    }
    const QJsonObject sender = a.body.value(QLatin1String("sender")).toObject();
    out() << tr("Customer message %1 from %2 added to conversation #%3; the SIMULATED Chatwoot sends "
                "message_created, signed, to its webhook.")
                 .arg(a.body.value(QLatin1String("id")).toInteger())
                 .arg(sender.value(QLatin1String("name")).toString())
                 .arg(target.conversation)
          << "\n";
    return 0;
}

int sandboxListMessages(const QStringList& args)
{
    const QStringList rest = args.mid(1);
    if (!checkOptions(rest, { kValued, {} }))
        return 2;
    Target target;
    if (!readTarget(rest, target))
        return 2;
    const Answer a = call(target, "GET");
    if (a.status != 200)
        return reportFailure(target, a);
    const QJsonArray payload = a.body.value(QLatin1String("payload")).toArray();
    out() << tr("Conversation #%1, the latest %2 message(s):").arg(target.conversation).arg(payload.size())
          << "\n";
    static const char* const kTypes[] = { "incoming", "outgoing", "activity", "template" };
    for (const QJsonValue& v : payload) {
        const QJsonObject m = v.toObject();
        const int type = m.value(QLatin1String("message_type")).toInt();
        const QString typeName = QString::fromLatin1(type >= 0 && type <= 3 ? kTypes[type] : "?");
        const QString who
            = m.value(QLatin1String("sender")).toObject().value(QLatin1String("name")).toString();
        QString content = m.value(QLatin1String("content")).toString();
        content.replace(QLatin1Char('\n'), QLatin1String("\n      "));
        out() << QStringLiteral("#%1 ").arg(m.value(QLatin1String("id")).toInteger()).leftJustified(7)
              << typeName.leftJustified(9)
              << (m.value(QLatin1String("private")).toBool() ? tr("PRIVATE NOTE ") : QString())
              << (who.isEmpty() ? QString() : QString(who + QLatin1String(": "))) << content << "\n";
    }
    return 0;
}

} // namespace cx::cli
