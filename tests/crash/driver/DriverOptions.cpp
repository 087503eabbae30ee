#include "DriverOptions.h"

#include <QCommandLineParser>

namespace cx::crash {

namespace {
Error bad(const QString& option, const QString& why)
{
    return makeError(ErrorKind::Invalid, QStringLiteral("--%1: %2").arg(option, why), option);
}

// An integer option in [min, max]; `fallback` when absent.
Result<qint64> intOption(
    const QCommandLineParser& parser, const QString& name, qint64 min, qint64 max, qint64 fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const QString raw = parser.value(name);
    const qint64 v = raw.toLongLong(&ok);
    if (!ok || v < min || v > max)
        return bad(name, QStringLiteral("'%1' is not an integer from %2 to %3").arg(raw).arg(min).arg(max));
    return v;
}
} // namespace

Result<DriverOptions> DriverOptions::parse(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Test driver: approves every noted draft (three grades, an edited text) and sends it through the "
        "outbox, after finishing interrupted approvals. Logs each step to stdout."));
    parser.addHelpOption();
    const auto option = [&](const char* name, const char* help, const char* value) {
        parser.addOption(
            { QString::fromLatin1(name), QString::fromLatin1(help), QString::fromLatin1(value) });
    };
    option("database", "Database URL (sqlite:///path or postgresql://...).", "url");
    option("chatwoot", "Chatwoot (sandbox) base URL.", "url");
    option("token", "Chatwoot API access token.", "token");
    option("account", "Chatwoot account id.", "n");
    option("reviewer", "The reviewer who approves.", "name");
    option("count", "Approve at most this many drafts this run.", "k");
    option("signal-queue", "Local SQLite file where learning signals wait for the database.", "path");
    option("max-passes", "Scans of the database before giving up on what is left (default 3).", "n");
    option("pass-pause-ms", "Pause between passes that left work behind (default 100).", "ms");
    option("start-at", "Begin at this wall-clock time (ms since the epoch), after opening everything.", "ms");
    option("clock-offset-secs", "Run as if this many seconds later (expired leases of killed runs).", "s");
    if (!parser.parse(arguments))
        return makeError(ErrorKind::Invalid, parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        return makeError(ErrorKind::Cancelled, parser.helpText());
    if (!parser.positionalArguments().isEmpty())
        return makeError(ErrorKind::Invalid,
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));

    DriverOptions o;
    for (const char* required : { "database", "chatwoot", "token", "account", "reviewer" })
        if (parser.value(QString::fromLatin1(required)).trimmed().isEmpty())
            return bad(QString::fromLatin1(required), QStringLiteral("is required"));
    o.databaseUrl = parser.value(QStringLiteral("database"));
    o.chatwootUrl = QUrl(parser.value(QStringLiteral("chatwoot")), QUrl::StrictMode);
    if (!o.chatwootUrl.isValid()
        || (o.chatwootUrl.scheme() != QLatin1String("http")
            && o.chatwootUrl.scheme() != QLatin1String("https")))
        return bad(QStringLiteral("chatwoot"),
            QStringLiteral("'%1' is not an http(s) URL").arg(parser.value(QStringLiteral("chatwoot"))));
    o.token = parser.value(QStringLiteral("token"));
    o.reviewer = parser.value(QStringLiteral("reviewer")).trimmed();
    o.signalQueuePath = parser.value(QStringLiteral("signal-queue"));

    auto account = intOption(parser, QStringLiteral("account"), 1, std::numeric_limits<qint64>::max(), 0);
    if (!account)
        return account.error();
    o.accountId = account.value();
    auto count = intOption(parser, QStringLiteral("count"), 0, 1000000, -1);
    if (!count)
        return count.error();
    o.count = int(count.value());
    auto passes = intOption(parser, QStringLiteral("max-passes"), 1, 10000, 3);
    if (!passes)
        return passes.error();
    o.maxPasses = int(passes.value());
    auto pause = intOption(parser, QStringLiteral("pass-pause-ms"), 0, 60000, 100);
    if (!pause)
        return pause.error();
    o.passPauseMs = int(pause.value());
    auto offset = intOption(parser, QStringLiteral("clock-offset-secs"), 0, 86400, 0);
    if (!offset)
        return offset.error();
    o.clockOffsetSecs = int(offset.value());
    auto startAt = intOption(parser, QStringLiteral("start-at"), 0, std::numeric_limits<qint64>::max(), 0);
    if (!startAt)
        return startAt.error();
    o.startAtMs = startAt.value();
    return o;
}

} // namespace cx::crash
