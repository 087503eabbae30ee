#include "ServiceHarness.h"

#include "TestSupport.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDebug>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <csignal>

namespace cx::test {

CxpilotdProcess::CxpilotdProcess(QProcessEnvironment env, QStringList args)
    : m_env(std::move(env))
    , m_args(std::move(args))
{
}

CxpilotdProcess::~CxpilotdProcess()
{
    if (isRunning())
        kill();
}

QString CxpilotdProcess::binary()
{
    return QStringLiteral(CXPILOTD_PATH);
}

bool CxpilotdProcess::start(int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessEnvironment(m_env);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    QStringList args = m_args;
    if (!args.contains(QStringLiteral("--listen")))
        args << QStringLiteral("--listen") << QStringLiteral("127.0.0.1:0");
    m_process->start(binary(), args);
    if (!m_process->waitForStarted(10000))
        return false;
    static const QRegularExpression listening(QStringLiteral("listening on [^\\s]+:(\\d+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        m_output += m_process->readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = static_cast<quint16>(match.captured(1).toUInt());
            // Keep draining its output, so its pipe never fills.
            QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                [this] { m_output += m_process->readAll(); });
            return true;
        }
        if (m_process->state() == QProcess::NotRunning)
            return false;
        m_process->waitForReadyRead(10);
    }
    return false;
}

QUrl CxpilotdProcess::url(const QString& path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path));
}

QUrl CxpilotdProcess::webhookUrl() const
{
    return url(QStringLiteral("/webhooks/chatwoot"));
}

int CxpilotdProcess::terminate(int timeoutMs)
{
    if (!isRunning())
        return m_process ? m_process->exitCode() : -1;
    m_process->terminate(); // SIGTERM
    QDeadlineTimer deadline(timeoutMs);
    while (isRunning() && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        m_process->waitForFinished(10);
    }
    m_output += m_process->readAll();
    if (isRunning() || m_process->exitStatus() != QProcess::NormalExit || m_process->exitCode() != 0) {
        // What the service said last, so a rare failure under load can be diagnosed from the test log.
        qWarning().noquote() << "cxpilotd did not exit cleanly on SIGTERM:"
                             << (isRunning() ? QStringLiteral("still running after the timeout")
                                        : m_process->exitStatus() != QProcess::NormalExit
                                        ? QStringLiteral("crashed (signal or abort)")
                                        : QStringLiteral("exit code %1").arg(m_process->exitCode()))
                             << "\n--- its last output ---\n"
                             << QString::fromUtf8(m_output.right(6000));
    }
    if (isRunning() || m_process->exitStatus() != QProcess::NormalExit)
        return -1;
    return m_process->exitCode();
}

void CxpilotdProcess::kill()
{
    if (!m_process)
        return;
    ::kill(static_cast<pid_t>(m_process->processId()), SIGKILL);
    m_process->waitForFinished(10000);
    m_output += m_process->readAll();
}

bool CxpilotdProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 CxpilotdProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

QByteArray CxpilotdProcess::output() const
{
    return m_output + (m_process ? m_process->peek(1 << 20) : QByteArray());
}

QString CxpilotdProcess::failureText() const
{
    return QString::fromUtf8(output().right(4000));
}

CommandResult runCxpilotd(const QStringList& args, const QProcessEnvironment& env, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(CxpilotdProcess::binary(), args);
    CommandResult r;
    if (!p.waitForStarted(10000))
        return r;
    QDeadlineTimer deadline(timeoutMs);
    while (p.state() != QProcess::NotRunning && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        p.waitForFinished(10);
    }
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString serviceLoginUrl(const QString& ownerUrl, const QString& role)
{
    if (!execOnPostgres(ownerUrl,
            { QStringLiteral("DROP ROLE IF EXISTS %1").arg(role),
                QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD 'pw-%1' IN ROLE cxpilot_service").arg(role) }))
        return {};
    QUrl url(ownerUrl);
    url.setUserName(role);
    url.setPassword(QStringLiteral("pw-") + role);
    return url.toString();
}

} // namespace cx::test
