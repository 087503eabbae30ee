#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace cx::test {

// One real cxpilotd process for the tests: started with an environment, listening on a free port (it prints
// "listening on ADDRESS:PORT", which this reads), stopped with SIGTERM or killed with SIGKILL.
class CxpilotdProcess final {
public:
    CxpilotdProcess(QProcessEnvironment env, QStringList args = {});
    ~CxpilotdProcess();

    // Starts and waits (spinning the event loop, so an in-process sandbox keeps answering) until it
    // listens. False with the process's output in failureText() otherwise.
    bool start(int timeoutMs = 30000);
    quint16 port() const { return m_port; }
    QUrl webhookUrl() const;
    QUrl url(const QString& path) const;
    // SIGTERM, then waits; returns the exit code (-1: it did not exit in time, or crashed).
    int terminate(int timeoutMs = 20000);
    void kill(); // SIGKILL: a real crash
    bool isRunning() const;
    QString failureText() const;
    QByteArray output() const; // stdout + stderr so far
    qint64 pid() const;

    static QString binary(); // the built cxpilotd

private:
    QProcessEnvironment m_env;
    QStringList m_args;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QByteArray m_output;
};

// Runs cxpilotd with arguments to completion (status, retry, --help, bad options). Spins the event loop.
struct CommandResult {
    int exitCode = -1;
    QString out;
    QString err;
};
CommandResult runCxpilotd(const QStringList& args, const QProcessEnvironment& env, int timeoutMs = 30000);

// A fresh login role in cxpilot_service (the README's recipe) for a PostgreSQL database URL; returns the
// URL with that login. Empty on failure.
QString serviceLoginUrl(const QString& ownerUrl, const QString& role);

} // namespace cx::test
