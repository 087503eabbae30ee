#include "ColdStart.h"

#include "FrameWatcher.h"
#include "MainWindow.h"
#include "ProcStats.h"

#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace cx::bench {

namespace {

constexpr int kServicesTimeoutMs = 30000;

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

int runColdStartChild(int argc, char* argv[], qint64 mainMonotonicNs, qint64 mainBoottimeNs)
{
    // As cx::gui::runGui does for `cxpilot --demo`.
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cxpilot"));
    QApplication::setOrganizationName(QStringLiteral("cxpilot"));
    QApplication::setApplicationDisplayName(QStringLiteral("CX Pilot"));
    QApplication::setApplicationVersion(QStringLiteral(CXPILOT_VERSION));
    const qint64 applicationNs = monotonicNs();

    gui::MainWindow window(gui::MainWindow::Options { true, {} });
    const qint64 builtNs = monotonicNs();
    FrameWatcher frames(&window);
    qint64 readyNs = 0;
    auto quitWhenDone = [&] {
        if (frames.firstFrameNs() != 0 && readyNs != 0)
            QApplication::quit();
    };
    QObject::connect(&window, &gui::MainWindow::databaseReady, &app, [&] {
        readyNs = monotonicNs();
        quitWhenDone();
    });
    QObject::connect(&frames, &FrameWatcher::framePainted, &app, quitWhenDone);
    QTimer::singleShot(kServicesTimeoutMs, &app, &QApplication::quit);
    window.show();
    app.exec();

    const qint64 procStartNs = processStartBoottimeNs();
    QJsonObject line {
        { QStringLiteral("mainNs"), double(mainMonotonicNs) },
        { QStringLiteral("applicationNs"), double(applicationNs) },
        { QStringLiteral("windowBuiltNs"), double(builtNs) },
        { QStringLiteral("firstPaintEventNs"), double(frames.firstPaintEventNs()) },
        { QStringLiteral("firstFrameNs"), double(frames.firstFrameNs()) },
        { QStringLiteral("servicesReadyNs"), double(readyNs) },
        { QStringLiteral("procStartToMainMs"), procStartNs < 0 ? -1.0 : ms(mainBoottimeNs - procStartNs) },
        { QStringLiteral("fallbackFrames"), frames.fallbackFrames() },
        { QStringLiteral("platform"), QGuiApplication::platformName() },
    };
    std::fputs(QJsonDocument(line).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
    return frames.firstFrameNs() != 0 ? 0 : 1;
}

namespace {

ColdStartRun runOnce(const QString& platform)
{
    ColdStartRun run;
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), platform);
    for (const char* name : { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" }) {
        const QString dir = QDir(home.path()).filePath(QString::fromLatin1(name));
        QDir().mkpath(dir);
        env.insert(QString::fromLatin1(name), dir);
    }
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProgram(QCoreApplication::applicationFilePath());
    process.setArguments({ QString::fromLatin1(kColdStartChildFlag) });
    const qint64 spawnNs = monotonicNs();
    process.start();
    if (!process.waitForFinished(kServicesTimeoutMs + 30000)) {
        process.kill();
        process.waitForFinished(5000);
        run.error = QStringLiteral("the child did not finish");
        return run;
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    QJsonObject o;
    for (const QByteArray& line : lines)
        if (line.startsWith('{'))
            o = QJsonDocument::fromJson(line).object();
    if (o.isEmpty() || o.value(QStringLiteral("firstFrameNs")).toDouble() == 0) {
        run.error = QStringLiteral("no first frame (exit code %1): %2")
                        .arg(process.exitCode())
                        .arg(QString::fromLocal8Bit(process.readAllStandardError().right(400)));
        return run;
    }
    auto since
        = [&](const char* key) { return ms(qint64(o.value(QLatin1String(key)).toDouble()) - spawnNs); };
    run.ok = true;
    run.toMain = since("mainNs");
    run.toApplication = since("applicationNs");
    run.toWindowBuilt = since("windowBuiltNs");
    run.toFirstPaintEvent = since("firstPaintEventNs");
    run.toFirstFrame = since("firstFrameNs");
    if (o.value(QStringLiteral("servicesReadyNs")).toDouble() > 0)
        run.toServicesReady = since("servicesReadyNs");
    run.mainToFirstFrame = run.toFirstFrame - run.toMain;
    const double procStartToMain = o.value(QStringLiteral("procStartToMainMs")).toDouble();
    run.procStartToFirstFrame = procStartToMain < 0 ? -1 : procStartToMain + run.mainToFirstFrame;
    run.fallbackFrames = o.value(QStringLiteral("fallbackFrames")).toInt();
    run.platform = o.value(QStringLiteral("platform")).toString();
    if (process.exitStatus() != QProcess::NormalExit)
        run.error = QStringLiteral("the child crashed on exit (figures kept)");
    return run;
}

} // namespace

QList<ColdStartRun> measureColdStarts(int runs, const QString& platform)
{
    QList<ColdStartRun> results;
    for (int i = 0; i < runs; ++i)
        results.append(runOnce(platform));
    return results;
}

QJsonObject toJson(const ColdStartRun& run)
{
    return {
        { QStringLiteral("ok"), run.ok },
        { QStringLiteral("error"), run.error },
        { QStringLiteral("spawnToMainMs"), run.toMain },
        { QStringLiteral("spawnToApplicationMs"), run.toApplication },
        { QStringLiteral("spawnToWindowBuiltMs"), run.toWindowBuilt },
        { QStringLiteral("spawnToFirstPaintEventMs"), run.toFirstPaintEvent },
        { QStringLiteral("spawnToFirstFrameMs"), run.toFirstFrame },
        { QStringLiteral("spawnToServicesReadyMs"), run.toServicesReady },
        { QStringLiteral("procStartToFirstFrameMs"), run.procStartToFirstFrame },
        { QStringLiteral("mainToFirstFrameMs"), run.mainToFirstFrame },
        { QStringLiteral("fallbackFrames"), run.fallbackFrames },
        { QStringLiteral("platform"), run.platform },
    };
}

} // namespace cx::bench
