// Benchmark (not a test): cxpilotd's acknowledgement latency and throughput, and the time from delivery to
// private note, with the model at 0 ms (the offline drafter) against the in-process Chatwoot sandbox.
//   build/tests/bench_cxpilotd [--database URL] [--rate 200] [--seconds 15] [--index DIR] [--wrk-seconds 10]
//                              [--generator wrk|qt]
// 1. Open loop: signed deliveries (the sandbox's sender, as Chatwoot signs them), each a new customer
// message,
//    sent at a fixed rate; p50/p99 of the acknowledgement, 0 lost = every message gets exactly one note.
//    --generator wrk (default): paced wrk connections, timed outside this process; --generator qt: this
//    process's event loop sends and times, and also serves the sandbox to cxpilotd's workers.
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

// Pre-signed deliveries for wrk, one a line: id, timestamp, signature, body (tab-separated).
void writeDeliveries(const QString& path, const QList<QByteArray>& bodies, int count, const QUrl& url)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const qint64 ts = QDateTime::currentSecsSinceEpoch();
    for (int i = 0; i < count; ++i) {
        const QByteArray& body = bodies.at(i % bodies.size());
        const QByteArray id = SandboxWebhookSender::newDeliveryId();
        const QNetworkRequest r = SandboxWebhookSender::signedRequest(url, kWebhookSecret, id, body, ts);
        f.write(id + '\t' + r.rawHeader("X-Chatwoot-Timestamp") + '\t' + r.rawHeader("X-Chatwoot-Signature")
            + '\t' + body + '\n');
    }
}

// wrk script. Closed loop (pace 0): each connection sends the next delivery as soon as the last is
// answered. Paced (pace > 0 ms): each connection waits `pace` ms between deliveries, so c connections send
// about c * 1000 / pace a second while latency << pace (slower answers slow the senders down: the figures say
// how many were sent); each thread takes every n-th line and stops once its share is answered, so every
// delivery is sent exactly once.
const char* kWrkScript = R"LUA(local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
function init(args)
  nthreads = tonumber(args[2]); pace = tonumber(args[3])
  reqs = {}; local n = 0
  for line in io.lines(args[1]) do
    if pace == 0 or n % nthreads == tid then
      local id, ts, sig, body = line:match("([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)")
      reqs[#reqs + 1] = wrk.format("POST", "/webhooks/chatwoot", {
        ["Content-Type"] = "application/json", ["Accept"] = "application/json",
        ["X-Chatwoot-Delivery"] = id, ["X-Chatwoot-Timestamp"] = ts, ["X-Chatwoot-Signature"] = sig }, body)
    end
    n = n + 1
  end
  i = 0
  if pace == 0 then i = math.random(#reqs) end
  done = 0
end
-- wrk calls request() once on thread 1's state before any connection (to verify the script): that call
-- must not use up a delivery. Real calls follow a delay() call (the script has one), the check does not.
local due = 0
function delay()
  due = due + 1
  return pace
end
function request()
  if due == 0 then return wrk.format("GET", "/healthz") end
  due = due - 1
  i = i + 1
  if pace == 0 then
    i = (i - 1) % #reqs + 1
  elseif i > #reqs then
    return wrk.format("GET", "/healthz") -- only between the last send and stop()
  end
  return reqs[i]
end
function response(status, headers, body)
  done = done + 1
  if pace > 0 and done >= #reqs then wrk.thread:stop() end
end
)LUA";

// Runs wrk to completion while this process's event loop keeps serving the sandbox.
QByteArray runWrk(const QStringList& args)
{
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(QStringLiteral("/usr/bin/wrk"), args);
    while (wrk.state() != QProcess::NotRunning)
        wrk.waitForFinished(10), QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return wrk.readAll();
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
                QStringLiteral("10") },
            { QStringLiteral("generator"),
                QStringLiteral("open-loop client: wrk (paced, timed outside this process) or qt (this "
                               "process's event loop, which also serves the sandbox)"),
                QStringLiteral("name"), QStringLiteral("wrk") },
            { QStringLiteral("no-drafting"),
                QStringLiteral("AI_CUSTOMER_DRAFT_ENABLED=false: the intake alone, no job runs (isolates the "
                               "drafting's share of the acknowledgement latency)") } });
    parser.addHelpOption();
    parser.process(app);
    const int rate = parser.value(QStringLiteral("rate")).toInt();
    const QString generator = parser.value(QStringLiteral("generator"));
    if (generator != QLatin1String("wrk") && generator != QLatin1String("qt")) {
        qCritical("--generator: expected wrk or qt, got %s", qPrintable(generator));
        return 2;
    }
    if (generator == QLatin1String("wrk") && !QFile::exists(QStringLiteral("/usr/bin/wrk"))) {
        qCritical(
            "--generator wrk: /usr/bin/wrk is not installed (apt-get install wrk), or use --generator qt");
        return 2;
    }
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
    // Time of the first draft note per conversation (end to end).
    QHash<qint64, qint64> notedAt;
    QElapsedTimer clock;
    clock.start();
    QHash<qint64, qint64> sentAt;
    QObject::connect(&chatwoot, &sandbox::ChatwootSandbox::messageCreated, &app, [&](qint64 conv, qint64) {
        if (sentAt.contains(conv) && !notedAt.contains(conv)) // our note (the customer's came before sending)
            notedAt.insert(conv, clock.nsecsElapsed());
    });

    QProcessEnvironment env = serviceEnv(chatwoot, db);
    env.insert(QStringLiteral("CXPILOTD_SWEEP_SECS"), QStringLiteral("0"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cxpilot.*.info=false"));
    const bool drafting = !parser.isSet(QStringLiteral("no-drafting"));
    if (!drafting)
        env.insert(QStringLiteral("AI_CUSTOMER_DRAFT_ENABLED"), QStringLiteral("false"));
    if (parser.isSet(QStringLiteral("index")))
        env.insert(QStringLiteral("CXPILOT_KB_DIR"), parser.value(QStringLiteral("index")));
    CxpilotdProcess service(env);
    if (!service.start()) {
        qCritical("cxpilotd did not start: %s", qPrintable(service.failureText()));
        return 1;
    }
    chatwoot.setWebhook(
        service.webhookUrl(), kWebhookSecret); // our notes come back as webhooks, as in production
    // The catch-up sweep at start must not draft the benchmark's conversations: wait until it is done, then
    // create them.
    {
        QNetworkAccessManager network;
        QDeadlineTimer sweepDeadline(60000);
        while (!httpGet(network, service.url(QStringLiteral("/metrics")))
                    .body.contains("\ncxpilotd_sweep_lag_seconds ")
            && !sweepDeadline.hasExpired())
            QTest::qWait(100);
    }
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

    QTextStream out(stdout);
    const QString lua = dir.filePath(QStringLiteral("deliveries.lua"));
    {
        QFile l(lua);
        l.open(QIODevice::WriteOnly);
        l.write(kWrkScript);
    }
    const QString target = QStringLiteral("http://127.0.0.1:%1").arg(service.port());

    // 1. Open loop at `rate`, each delivery a new customer message.
    int unsent = 0;
    const qint64 start = clock.nsecsElapsed();
    QDeadlineTimer deadline(seconds * 1000 + 120000);
    if (generator == QLatin1String("wrk")) {
        // Timed by wrk, outside this process: 2 threads, `connections` connections each sending every
        // `pace` ms (wrk's latency excludes the pause).
        const int connections = std::max(2, rate / 10);
        const int pace = connections * 1000 / rate;
        const QString data = dir.filePath(QStringLiteral("open-loop.tsv"));
        writeDeliveries(data, bodies, total, service.webhookUrl());
        const QStringList args { QStringLiteral("-t2"), QStringLiteral("-c%1").arg(connections),
            QStringLiteral("-d%1s").arg(seconds * 3 + 5), QStringLiteral("--latency"), QStringLiteral("-s"),
            lua, target, QStringLiteral("--"), data, QStringLiteral("2"), QString::number(pace) };
        out << "open loop: wrk " << args.join(QLatin1Char(' ')) << "\n";
        out.flush();
        // wrk does not report each send: delivery -> note is counted from each delivery's scheduled send time
        // (an upper bound when wrk falls behind the schedule).
        for (int i = 0; i < conversations.size(); ++i)
            sentAt.insert(conversations.at(i), start + qint64(i) * 1000000000LL / rate);
        // When the last delivery was recorded (wrk runs for its whole -d; its Requests/sec is over that).
        auto counter = storage::Database::open(db);
        qint64 allRecordedNs = 0;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &app, [&] {
            if (allRecordedNs == 0 && counter
                && sqlCount(*counter.value(),
                       QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'queued'"))
                    >= total)
                allRecordedNs = clock.nsecsElapsed();
        });
        poll.start(50);
        out << runWrk(args);
        poll.stop();
        const double secs = (allRecordedNs - start) / 1e9;
        if (allRecordedNs > 0)
            out << "  all " << total << " recorded after " << QString::number(secs, 'f', 1)
                << " s: " << QString::number(total / secs, 'f', 1) << " deliveries/s\n";
        else {
            // The paced senders fell behind (slow answers): what was not sent is not lost.
            unsent = total
                - sqlCount(*counter.value(),
                    QStringLiteral("SELECT COUNT(*) FROM webhook_deliveries WHERE outcome = 'queued'"));
            out << "  not all " << total << " sent by the end of wrk's run: " << unsent << " never sent\n";
        }
    } else {
        QNetworkAccessManager network;
        QList<double> ackMs;
        QHash<int, int> statuses;
        int sent = 0;
        int answered = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        QObject::connect(&tick, &QTimer::timeout, &app, [&] {
            // Send what is due by now (a timer tick may be late: catch up, never skip).
            const qint64 due = (clock.nsecsElapsed() - start) * rate / 1000000000LL + 1;
            while (sent < std::min<qint64>(due, total)) {
                const int i = sent++;
                const QByteArray id = SandboxWebhookSender::newDeliveryId();
                QNetworkReply* reply = network.post(SandboxWebhookSender::signedRequest(service.webhookUrl(),
                                                        kWebhookSecret, id, bodies.at(i)),
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
        while (answered < total && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        out << "open loop (qt): " << total << " deliveries at " << rate << "/s in "
            << QString::number((clock.nsecsElapsed() - start) / 1e9, 'f', 1)
            << " s; 200: " << statuses.value(200) << ", other: " << (answered - statuses.value(200)) << "\n";
        out << "  ack latency ms: p50 " << QString::number(percentile(ackMs, 0.5), 'f', 2) << ", p99 "
            << QString::number(percentile(ackMs, 0.99), 'f', 2) << ", max "
            << QString::number(percentile(ackMs, 1.0), 'f', 2) << "\n";
    }
    while (drafting && notedAt.size() < total - unsent && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    QList<double> e2eMs;
    int doubleNotes = 0;
    for (qint64 conv : conversations) {
        if (notedAt.contains(conv))
            e2eMs << (notedAt.value(conv) - sentAt.value(conv)) / 1e6;
        doubleNotes += draftNotes(chatwoot, conv) > 1 ? 1 : 0;
    }
    out << "  delivery -> private note ms: p50 " << QString::number(percentile(e2eMs, 0.5), 'f', 1)
        << ", p99 " << QString::number(percentile(e2eMs, 0.99), 'f', 1) << "; noted " << e2eMs.size() << "/"
        << total - unsent << " sent (lost: " << (total - unsent - e2eMs.size())
        << ", doubled: " << doubleNotes << ")\n";
    out.flush();

    // 2. wrk, closed loop, against pre-signed deliveries of the same messages (new delivery ids: recorded and
    // deduplicated onto the existing jobs — the intake's full path but for the job insert).
    const int wrkSeconds = parser.value(QStringLiteral("wrk-seconds")).toInt();
    if (wrkSeconds > 0 && QFile::exists(QStringLiteral("/usr/bin/wrk"))) {
        const QString data = dir.filePath(QStringLiteral("closed-loop.tsv"));
        writeDeliveries(data, bodies, 20000, service.webhookUrl());
        const QStringList args { QStringLiteral("-t2"), QStringLiteral("-c16"),
            QStringLiteral("-d%1s").arg(wrkSeconds), QStringLiteral("--latency"), QStringLiteral("-s"), lua,
            target, QStringLiteral("--"), data, QStringLiteral("2"), QStringLiteral("0") };
        out << "closed loop: wrk " << args.join(QLatin1Char(' ')) << "\n";
        out.flush();
        out << runWrk(args);
    }
    out << "cxpilotd exit on SIGTERM: " << service.terminate() << "\n";
    return 0;
}
