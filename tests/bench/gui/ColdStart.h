#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// Cold start of the desktop app's main window, measured in fresh processes (this executable re-run with
// kColdStartChildFlag).
namespace cx::bench {

inline constexpr char kColdStartChildFlag[] = "--cold-start-child";

// One child run, all in ms from the parent's CLOCK_MONOTONIC stamp just before QProcess::start (so it
// includes fork, exec, dynamic linking and static initialisation) unless named otherwise.
struct ColdStartRun {
    bool ok = false;
    QString error;
    double toMain = 0; // top of main()
    double toApplication = 0; // QApplication constructed
    double toWindowBuilt = 0; // MainWindow constructed (before show)
    double toFirstPaintEvent = 0; // first QEvent::Paint delivered to the MainWindow
    double toFirstFrame = 0; // that frame painted and flushed: "first painted window"
    double toServicesReady
        = -1; // MainWindow::databaseReady (demo SQLite opened and migrated); -1: not within 30 s
    double procStartToFirstFrame = 0; // from /proc/self/stat starttime (10 ms ticks), a cross-check
    double mainToFirstFrame = 0; // from the top of main()
    int fallbackFrames = 0;
    QString platform;
};

// The child's side: runs the demo window like `cxpilot --demo`, prints one JSON line of CLOCK_MONOTONIC
// stamps when the first frame is flushed and the services are ready (or after 30 s), then quits.
int runColdStartChild(int argc, char* argv[], qint64 mainMonotonicNs, qint64 mainBoottimeNs);

// The parent's side: `runs` fresh processes, one after another, each with empty XDG config/data/cache
// directories (a first start that cannot touch the user's settings).
QList<ColdStartRun> measureColdStarts(int runs, const QString& platform);

QJsonObject toJson(const ColdStartRun& run);

} // namespace cx::bench
