#include "DriverProcess.h"

#include <QCoreApplication>
#include <QTest>

namespace cx::crash {

DriverProcess::DriverProcess(QObject* parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &DriverProcess::readLines);
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readLines();
        m_exitCode = code;
        m_exitStatus = status;
        m_ended = true;
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            m_lines.append(QStringLiteral("failed to start: ") + m_process.errorString());
            m_ended = true;
        }
    });
}

DriverProcess::~DriverProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString DriverProcess::executable()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/cxpilot-approval-driver");
}

void DriverProcess::start(const QStringList& arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The core's info lines (approved, sending the public reply) are steps the harness may kill after.
    env.insert(
        QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("cxpilot.*.info=true;cxpilot.*.debug=false"));
    m_process.setProcessEnvironment(env);
    // Debugging aid: CXPILOT_CRASH_DRIVER_WRAPPER="valgrind -q" runs every driver under that command.
    QStringList wrapper
        = qEnvironmentVariable("CXPILOT_CRASH_DRIVER_WRAPPER").split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (wrapper.isEmpty()) {
        m_process.start(executable(), arguments);
        return;
    }
    const QString program = wrapper.takeFirst();
    m_process.start(program, wrapper + QStringList { executable() } + arguments);
}

void DriverProcess::killNow()
{
    if (m_ended || m_process.state() == QProcess::NotRunning)
        return;
    m_killed = true;
    m_process.kill(); // SIGKILL
}

bool DriverProcess::waitEnded(int timeoutMs)
{
    return QTest::qWaitFor([this] { return m_ended; }, timeoutMs);
}

void DriverProcess::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_buffer.left(nl));
        m_buffer.remove(0, nl + 1);
        m_lines.append(line);
        ++m_steps;
        if (m_onLine && !m_killed)
            m_onLine(line);
    }
}

QString DriverProcess::tail(int n) const
{
    return m_lines.mid(qMax(0, m_lines.size() - n)).join(QLatin1Char('\n'));
}

int DriverProcess::linesContaining(const QString& text) const
{
    return int(std::count_if(
        m_lines.cbegin(), m_lines.cend(), [&text](const QString& line) { return line.contains(text); }));
}

int DriverProcess::doneFigure(const QString& key) const
{
    if (m_lines.isEmpty() || !m_lines.constLast().startsWith(QLatin1String("done ")))
        return -1;
    for (const QString& part : m_lines.constLast().split(QLatin1Char(' ')))
        if (part.startsWith(key + QLatin1Char('=')))
            return part.mid(key.size() + 1).toInt();
    return -1;
}

} // namespace cx::crash
