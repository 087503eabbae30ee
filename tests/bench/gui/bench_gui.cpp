// Benchmark (not a test: nothing is asserted on time): the desktop app's performance targets, measured on the
// real widgets of cxgui (MainWindow, ConversationModel + ConversationFilterModel in a QTableView,
// ConversationThreadView). Prints a markdown table (or, with --json, one JSON object).
//
//   bench_gui [--runs N] [--conversations N] [--upserts N] [--messages N] [--selections N] [--page N]
//             [--only cold,queue,thread] [--platform NAME] [--json]
//
// 1. Cold start: N fresh processes (this executable re-run with --cold-start-child) each build
//    cx::gui::MainWindow{demo} like `cxpilot --demo` and show it. Times are from the parent's CLOCK_MONOTONIC
//    stamp just before QProcess::start — fork, exec, dynamic linking and static initialisation included — to
//    the end of the first frame that painted the main window (painted and flushed). /proc/self/stat's
//    starttime gives a cross-check (10 ms resolution). "Services ready" is MainWindow::databaseReady.
// 2. Queue: N conversations applied to the model with a 1 ms heartbeat timer running; the longest gap between
//    its ticks is the longest GUI stall. VmRSS from /proc/self/status. Then M upserts, then a no-change poll.
// 3. Conversation: setMessages with M realistic messages (a different conversation each time), until the
//    list's next frame is flushed.
// The platform is QT_QPA_PLATFORM, offscreen when unset; --platform NAME overrides it (children too). Under
// X:
//   xvfb-run -a bench_gui --platform xcb
#include "ColdStart.h"
#include "ProcStats.h"
#include "QueueBench.h"
#include "ThreadBench.h"

#include <QApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QSysInfo>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <cstring>

using namespace cx::bench;

namespace {

struct Options {
    int runs = 7;
    int conversations = 10000;
    int upserts = 100;
    int messages = 500;
    int selections = 7;
    int page = 100; // as MainWindow::kThreadPage; --page 0 shows all at once
    QStringList only { QStringLiteral("cold"), QStringLiteral("queue"), QStringLiteral("thread") };
    QByteArray platform;
    bool json = false;
};

const char* argValue(int argc, char* argv[], const char* name)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return nullptr;
}

int intArg(int argc, char* argv[], const char* name, int fallback)
{
    const char* value = argValue(argc, argv, name);
    return value ? qMax(1, QByteArray(value).toInt()) : fallback;
}

Options parse(int argc, char* argv[])
{
    Options o;
    o.runs = intArg(argc, argv, "--runs", o.runs);
    o.conversations = intArg(argc, argv, "--conversations", o.conversations);
    o.upserts = intArg(argc, argv, "--upserts", o.upserts);
    o.messages = intArg(argc, argv, "--messages", o.messages);
    o.selections = intArg(argc, argv, "--selections", o.selections);
    if (argValue(argc, argv, "--page"))
        o.page = QByteArray(argValue(argc, argv, "--page")).toInt();
    if (const char* only = argValue(argc, argv, "--only"))
        o.only = QString::fromLatin1(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (const char* platform = argValue(argc, argv, "--platform"))
        o.platform = platform;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--json") == 0)
            o.json = true;
    return o;
}

struct Spread {
    double median = 0;
    double max = 0;
    int count = 0;
};

Spread spread(QList<double> values)
{
    Spread s;
    s.count = int(values.size());
    if (values.isEmpty())
        return s;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    s.max = values.last();
    return s;
}

template <typename T, typename F> Spread spreadOf(const QList<T>& items, F field)
{
    QList<double> values;
    for (const T& item : items)
        values.append(field(item));
    return spread(values);
}

QString cpuModel()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : file.readAll().split('\n'))
        if (line.startsWith("model name"))
            return QString::fromLatin1(line.mid(line.indexOf(':') + 1).trimmed());
    return {};
}

QString fmt(double value, int decimals = 1)
{
    return QString::number(value, 'f', decimals);
}
QString mib(qint64 kib)
{
    return QString::number(double(kib) / 1024.0, 'f', 1) + QStringLiteral(" MiB");
}

void print(const QString& text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

void printTable(const QString& platform, const QList<ColdStartRun>* cold, const QueueResult* queue,
    const ThreadResult* thread)
{
    print(QStringLiteral("bench_gui — platform %1, Qt %2, %3, %4 logical CPUs (%5)\n\n")
              .arg(platform, QString::fromLatin1(qVersion()), QSysInfo::prettyProductName())
              .arg(QThread::idealThreadCount())
              .arg(cpuModel()));
    print(QStringLiteral("| Target | Goal | Measured | Platform |\n|---|---|---|---|\n"));
    QStringList notes;
    if (cold) {
        QList<ColdStartRun> ok;
        for (const ColdStartRun& run : *cold) {
            if (run.ok)
                ok.append(run);
            if (!run.error.isEmpty())
                notes.append(QStringLiteral("cold start run: ") + run.error);
        }
        const Spread frame = spreadOf(ok, [](const ColdStartRun& r) { return r.toFirstFrame; });
        QList<ColdStartRun> ready;
        for (const ColdStartRun& run : ok)
            if (run.toServicesReady >= 0)
                ready.append(run);
        const Spread services = spreadOf(ready, [](const ColdStartRun& r) { return r.toServicesReady; });
        print(
            QStringLiteral("| Cold start to first painted main window (demo), from process spawn | ≤ 0.6 s | "
                           "median %1 s, max %2 s (%3 processes; first %4 s) | %5 |\n")
                .arg(fmt(frame.median / 1000, 3), fmt(frame.max / 1000, 3))
                .arg(frame.count)
                .arg(ok.isEmpty() ? QStringLiteral("–") : fmt(ok.first().toFirstFrame / 1000, 3), platform));
        print(QStringLiteral("| Demo services ready (MainWindow::databaseReady), information | – | "
                             "median %1 s, max %2 s (%3 of %4 runs) | %5 |\n")
                  .arg(fmt(services.median / 1000, 3), fmt(services.max / 1000, 3))
                  .arg(services.count)
                  .arg(ok.size())
                  .arg(platform));
        notes.append(
            QStringLiteral(
                "cold start medians (ms from spawn): main() %1, QApplication %2, MainWindow built %3, first "
                "paint "
                "event %4, first frame flushed %5; main()→first frame %6; /proc starttime→first frame %7")
                .arg(fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.toMain; }).median),
                    fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.toApplication; }).median),
                    fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.toWindowBuilt; }).median),
                    fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.toFirstPaintEvent; }).median),
                    fmt(frame.median),
                    fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.mainToFirstFrame; }).median),
                    fmt(spreadOf(ok, [](const ColdStartRun& r) { return r.procStartToFirstFrame; }).median)));
    }
    if (queue) {
        if (!queue->ok)
            notes.append(QStringLiteral("queue: ") + queue->error);
        print(QStringLiteral("| Queue: %1 conversations applied and painted | no felt stall | "
                             "%2 ms to painted (applySnapshot %3 ms); longest GUI stall %4 ms | %5 |\n")
                  .arg(queue->conversations)
                  .arg(fmt(queue->loadToFrameMs), fmt(queue->applyMs), fmt(queue->loadMaxStallMs), platform));
        print(
            QStringLiteral("| Queue memory for %1 conversations | – | +%2 RSS loaded (+%3 after the caller's "
                           "list is freed); %4 → %5, peak %6 | %7 |\n")
                .arg(queue->conversations)
                .arg(mib(queue->rssLoadedKiB - queue->rssBeforeKiB),
                    mib(queue->rssAfterFreeKiB - queue->rssBeforeKiB), mib(queue->rssBeforeKiB),
                    mib(queue->rssAfterFreeKiB), mib(queue->peakKiB), platform));
        print(QStringLiteral(
            "| Queue: %1 upserts of changed rows (one burst) | – | %2 ms (max %3 ms, mean %4 ms "
            "each), painted after %5 ms; longest GUI stall %6 ms | %7 |\n")
                  .arg(queue->upserts)
                  .arg(fmt(queue->upsertBatchMs), fmt(queue->upsertMaxMs, 2), fmt(queue->upsertMeanMs, 2),
                      fmt(queue->upsertToFrameMs), fmt(queue->upsertMaxStallMs), platform));
        print(QStringLiteral("| Queue: a full poll of %1 unchanged conversations | – | applySnapshot %2 ms; "
                             "longest GUI stall %3 ms | %4 |\n")
                  .arg(queue->conversations)
                  .arg(fmt(queue->repollMs), fmt(queue->repollMaxStallMs), platform));
        notes.append(QStringLiteral("queue: making the %1 Conversation values took %2 ms (not GUI work)")
                         .arg(queue->conversations)
                         .arg(fmt(queue->buildMs)));
    }
    if (thread) {
        if (!thread->ok)
            notes.append(QStringLiteral("conversation: ") + thread->error);
        const Spread shown
            = spreadOf(thread->selections, [](const ThreadSelection& s) { return s.toFrameMs; });
        const Spread call
            = spreadOf(thread->selections, [](const ThreadSelection& s) { return s.setMessagesMs; });
        const Spread stall
            = spreadOf(thread->selections, [](const ThreadSelection& s) { return s.maxStallMs; });
        print(
            QStringLiteral("| Conversation with %1 messages selected → painted (newest %8 shown) | ≤ 100 ms "
                           "| median %2 ms, max "
                           "%3 ms (%4 conversations; setMessages median %5 ms; longest stall %6 ms) | %7 |\n")
                .arg(thread->messages)
                .arg(fmt(shown.median), fmt(shown.max))
                .arg(shown.count)
                .arg(fmt(call.median), fmt(stall.max), platform)
                .arg(thread->shown));
        QStringList each;
        for (const ThreadSelection& s : thread->selections)
            each.append(fmt(s.toFrameMs));
        notes.append(
            QStringLiteral("conversation: each selection → painted, in order (ms): %1; the first one in "
                           "the process meets cold glyph and layout caches")
                .arg(each.join(QStringLiteral(", "))));
    }
    if (!notes.isEmpty())
        print(QStringLiteral("\n- ") + notes.join(QStringLiteral("\n- ")) + QStringLiteral("\n"));
}

} // namespace

int main(int argc, char* argv[])
{
    const qint64 mainMonotonicNs = monotonicNs();
    const qint64 mainBoottimeNs = boottimeNs();
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], kColdStartChildFlag) == 0)
            return runColdStartChild(argc, argv, mainMonotonicNs, mainBoottimeNs);

    const Options options = parse(argc, argv);
    if (!options.platform.isEmpty())
        qputenv("QT_QPA_PLATFORM", options.platform);
    else if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // this process writes no settings; be sure
    const QString platform = QGuiApplication::platformName();

    QList<ColdStartRun> cold;
    QueueResult queue;
    ThreadResult thread;
    const bool doCold = options.only.contains(QStringLiteral("cold"));
    const bool doQueue = options.only.contains(QStringLiteral("queue"));
    const bool doThread = options.only.contains(QStringLiteral("thread"));
    if (doCold)
        cold = measureColdStarts(options.runs, platform);
    if (doQueue)
        queue = measureQueue(options.conversations, options.upserts);
    if (doThread)
        thread = measureThread(options.messages, options.selections, options.page);

    if (options.json) {
        QJsonObject root { { QStringLiteral("platform"), platform },
            { QStringLiteral("qt"), QString::fromLatin1(qVersion()) },
            { QStringLiteral("cpus"), QThread::idealThreadCount() }, { QStringLiteral("cpu"), cpuModel() } };
        if (doCold) {
            QJsonArray runs;
            for (const ColdStartRun& run : std::as_const(cold))
                runs.append(toJson(run));
            root.insert(QStringLiteral("coldStart"), runs);
        }
        if (doQueue)
            root.insert(QStringLiteral("queue"), toJson(queue));
        if (doThread)
            root.insert(QStringLiteral("conversation"), toJson(thread));
        print(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
    } else {
        printTable(
            platform, doCold ? &cold : nullptr, doQueue ? &queue : nullptr, doThread ? &thread : nullptr);
    }
    bool ok = (!doQueue || queue.ok) && (!doThread || thread.ok);
    for (const ColdStartRun& run : std::as_const(cold))
        ok = ok && run.ok;
    return ok ? 0 : 1;
}
