// Benchmark (not a test): cxpilotd's acknowledgement latency and throughput, and the time from delivery to
// private note, with the model at 0 ms (the offline drafter) against the in-process Chatwoot sandbox.
//   build/tests/bench_cxpilotd [--database URL] [--rate 200] [--seconds 15] [--index DIR] [--wrk-seconds 10]
// 1. Open loop: signed deliveries (the sandbox's sender, as Chatwoot signs them), each a new customer
// message,
//    sent at a fixed rate; p50/p99 of the acknowledgement, 0 lost = every message gets exactly one note.
// 2. Closed loop with wrk (if installed): pre-signed deliveries from a Lua script, -t2 -c16; wrk's own
// figures.
#include "ServiceTestKit.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <cmath>

using namespace cx;
using namespace cx::test;
using sandbox::SandboxWebhookSender;

namespace {
double percentile(QList<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype rank = std::max<qsizetype>(1, static_cast<qsizetype>(std::ceil(p * v.size())));
    return v.at(rank - 1);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        { { QStringLiteral("database"), QStringLiteral("database URL (default: a temporary SQLite file)"),
              QStringLiteral("url") },
            { QStringLiteral("rate"), QStringLiteral("deliveries per second"), QStringLiteral("n"),
                QStringLiteral("200") },
            { QStringLiteral("seconds"), QStringLiteral("open-loop duration"), QStringLiteral("s"),
                QStringLiteral("15") },
            { QStringLiteral("index"), QStringLiteral("knowledge base index (CXPILOT_KB_DIR)"),
                QStringLiteral("dir") },
            { QStringLiteral("wrk-seconds"), QStringLiteral("wrk duration, 0 = skip"), QStringLiteral("s"),
                QStringLiteral("10") } });
    parser.addHelpOption();
    parser.process(app);
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const int seconds = parser.value(QStringLiteral("seconds")).toInt();
    QTemporaryDir dir;
    const QString db = parser.isSet(QStringLiteral("database"))
        ? parser.value(QStringLiteral("database"))
        : QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("bench.db"));
    {
        auto migrated = storage::Database::open(db);
        if (!migrated) {
            qCritical("%s", qPrintable(migrated.error().toString()));
            return 1;
        }
    }

    sandbox::ChatwootSandbox chatwoot;
    chatwoot.listen();
    const qint64 inbox = chatwoot.addInbox(QStringLiteral("Web"), QStringLiteral("Channel::WebWidget"));
    const int total = rate * seconds;
    QList<QByteArray> bodies;
    QList<qint64> conversations;
    for (int i = 0; i < total; ++i) {
        const qint64 conv
            = chatwoot.addConversation(inbox, chatwoot.addContact(QStringLiteral("Customer %1").arg(i)));
        const qint64 id = chatwoot.addMessage(
            conv, QStringLiteral("Hello, is the trail shop open on Sunday? (%1)").arg(i), 0);
        for (const auto& m : chatwoot.messages(conv))
            if (m.id == id)
                bodies << SandboxWebhookSender::bodyOf(chatwoot.store().webhookMessageJson(m));
        conversations << conv;
    }
    // Time of the first draft note per conversation (end to end).
    QHash<qint64, qint64> notedAt;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&chatwoot, &sandbox::ChatwootSandbox::messageCreated, &app, [&](qint64 conv, qint64) {
        if (!notedAt.contains(conv))
            notedAt.insert(conv, clock.nsecsElapsed());
    });

    QProcessEnvironment env = serviceEnv(chatwoot, db);
    env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cxpilot.*.info=false"));
    if (parser.isSet(QStringLiteral("index")))
        env.insert(QStringLiteral("CXPILOT_KB_DIR"), parser.value(QStringLiteral("index")));
    CxpilotdProcess service(env);
    if (!service.start()) {
        qCritical("cxpilotd did not start: %s", qPrintable(service.failureText()));
        return 1;
    }
    chatwoot.setWebhook(
        service.webhookUrl(), kWebhookSecret); // our notes come back as webhooks, as in production

    // 1. Open loop at `rate`.
    QNetworkAccessManager network;
    QList<double> ackMs;
    QHash<int, int> statuses;
    QHash<qint64, qint64> sentAt;
    int sent = 0;
    int answered = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    const qint64 start = clock.nsecsElapsed();
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        // Send what is due by now (a timer tick may be late: catch up, never skip).
        const qint64 due = (clock.nsecsElapsed() - start) * rate / 1000000000LL + 1;
        while (sent < std::min<qint64>(due, total)) {
            const int i = sent++;
            const QByteArray id = SandboxWebhookSender::newDeliveryId();
            QNetworkReply* reply = network.post(
                SandboxWebhookSender::signedRequest(service.webhookUrl(), kWebhookSecret, id, bodies.at(i)),
                bodies.at(i));
            const qint64 t0 = clock.nsecsElapsed();
            sentAt.insert(conversations.at(i), t0);
            QObject::connect(reply, &QNetworkReply::finished, &app, [&, reply, t0] {
                ackMs << (clock.nsecsElapsed() - t0) / 1e6;
                ++statuses[reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()];
                ++answered;
                reply->deleteLater();
            });
        }
        if (sent >= total)
            tick.stop();
    });
    tick.start(2);
    QDeadlineTimer deadline(seconds * 1000 + 60000);
    while (answered < total && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    const double sendSecs = (clock.nsecsElapsed() - start) / 1e9;
    while (notedAt.size() < total && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QList<double> e2eMs;
    int doubleNotes = 0;
    for (qint64 conv : conversations) {
        if (notedAt.contains(conv))
            e2eMs << (notedAt.value(conv) - sentAt.value(conv)) / 1e6;
        doubleNotes += draftNotes(chatwoot, conv) > 1 ? 1 : 0;
    }
    QTextStream out(stdout);
    out << "open loop: " << total << " deliveries at " << rate << "/s in "
        << QString::number(sendSecs, 'f', 1) << " s; 200: " << statuses.value(200)
        << ", other: " << (answered - statuses.value(200)) << "\n";
    out << "  ack latency ms: p50 " << QString::number(percentile(ackMs, 0.5), 'f', 2) << ", p99 "
        << QString::number(percentile(ackMs, 0.99), 'f', 2) << ", max "
        << QString::number(percentile(ackMs, 1.0), 'f', 2) << "\n";
    out << "  delivery -> private note ms: p50 " << QString::number(percentile(e2eMs, 0.5), 'f', 1)
        << ", p99 " << QString::number(percentile(e2eMs, 0.99), 'f', 1) << "; noted " << e2eMs.size() << "/"
        << total << " (lost: " << (total - e2eMs.size()) << ", doubled: " << doubleNotes << ")\n";
    out.flush();

    // 2. wrk, closed loop, against pre-signed deliveries of the same messages (new delivery ids: recorded and
    // deduplicated onto the existing jobs — the intake's full path but for the job insert).
    const int wrkSeconds = parser.value(QStringLiteral("wrk-seconds")).toInt();
    if (wrkSeconds > 0 && QFile::exists(QStringLiteral("/usr/bin/wrk"))) {
        const QString data = dir.filePath(QStringLiteral("deliveries.tsv"));
        QFile f(data);
        f.open(QIODevice::WriteOnly);
        const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
        for (int i = 0; i < 20000; ++i) {
            const QByteArray& body = bodies.at(i % bodies.size());
            const QByteArray id = SandboxWebhookSender::newDeliveryId();
            const QNetworkRequest r = SandboxWebhookSender::signedRequest(
                service.webhookUrl(), kWebhookSecret, id, body, ts.toLongLong());
            f.write(id + '\t' + r.rawHeader("X-Chatwoot-Timestamp") + '\t'
                + r.rawHeader("X-Chatwoot-Signature") + '\t' + body + '\n');
        }
        f.close();
        const QString lua = dir.filePath(QStringLiteral("deliveries.lua"));
        QFile l(lua);
        l.open(QIODevice::WriteOnly);
        l.write(R"LUA(local reqs = {}
local i = 0
function init(args)
  for line in io.lines(args[1]) do
    local id, ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
    reqs[#reqs + 1] = wrk.format("POST", "/webhooks/chatwoot", {
      ["Content-Type"] = "application/json", ["Accept"] = "application/json",
      ["X-Chatwoot-Delivery"] = id, ["X-Chatwoot-Timestamp"] = ts, ["X-Chatwoot-Signature"] = sig }, body)
  end
  i = math.random(#reqs)
end
function request()
  i = i % #reqs + 1
  return reqs[i]
end
)LUA");
        l.close();
        const QStringList args { QStringLiteral("-t2"), QStringLiteral("-c16"),
            QStringLiteral("-d%1s").arg(wrkSeconds), QStringLiteral("--latency"), QStringLiteral("-s"), lua,
            QStringLiteral("http://127.0.0.1:%1").arg(service.port()), QStringLiteral("--"), data };
        out << "wrk " << args.join(QLatin1Char(' ')) << "\n";
        out.flush();
        QProcess wrk;
        wrk.setProcessChannelMode(QProcess::MergedChannels);
        wrk.start(QStringLiteral("/usr/bin/wrk"), args);
        while (wrk.state() != QProcess::NotRunning)
            wrk.waitForFinished(10), QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        out << wrk.readAll();
    }
    out << "cxpilotd exit on SIGTERM: " << service.terminate() << "\n";
    return 0;
}
