#pragma once

#include <QObject>
#include <QProcess>
#include <QStringList>

#include <functional>

namespace cx::crash {

// One run of cxpilot-approval-driver as a real child process: its stdout lines as they come, and a real
// SIGKILL (QProcess::kill) at a moment the harness picks.
class DriverProcess final : public QObject {
    Q_OBJECT
public:
    explicit DriverProcess(QObject* parent = nullptr);
    ~DriverProcess() override;

    static QString executable(); // next to the test executable

    void start(const QStringList& arguments);
    // Called for every complete line of output (the kill decision may be taken inside).
    void setLineHandler(std::function<void(const QString&)> handler) { m_onLine = std::move(handler); }
    void killNow(); // SIGKILL; no-op when it already ended
    // Runs the event loop (the in-process sandbox keeps answering) until the process ended.
    bool waitEnded(int timeoutMs);

    bool ended() const { return m_ended; }
    // Ended by our SIGKILL (not a normal exit that came first).
    bool killed() const { return m_killed && m_exitStatus == QProcess::CrashExit; }
    int exitCode() const { return m_exitCode; }
    QProcess::ExitStatus exitStatus() const { return m_exitStatus; }
    int stepCount() const { return m_steps; } // lines seen so far
    const QStringList& lines() const { return m_lines; }
    QString tail(int n = 15) const;
    int linesContaining(const QString& text) const;
    // A figure of the driver's last line ("done ... conflicts=3 ..."), -1 when absent.
    int doneFigure(const QString& key) const; // the last lines, for failure messages

private:
    void readLines();

    QProcess m_process;
    QByteArray m_buffer;
    QStringList m_lines;
    std::function<void(const QString&)> m_onLine;
    int m_steps = 0;
    bool m_ended = false;
    bool m_killed = false;
    int m_exitCode = -1;
    QProcess::ExitStatus m_exitStatus = QProcess::NormalExit;
};

} // namespace cx::crash
