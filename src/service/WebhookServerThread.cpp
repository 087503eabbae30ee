#include "WebhookServerThread.h"

#include "storage/Database.h"

#include <QSqlDatabase>

namespace cx::service {

WebhookServerThread::WebhookServerThread(Setup setup, QObject* parent)
    : QObject(parent)
    , m_setup(std::move(setup))
{
    m_thread.setObjectName(QStringLiteral("cxpilotd-http"));
}

WebhookServerThread::~WebhookServerThread()
{
    stop();
}

quint16 WebhookServerThread::start(const QHostAddress& address, quint16 port)
{
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    quint16 bound = 0;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            m_intake = std::make_unique<ingest::WebhookIntake>(m_setup.db, m_setup.intake);
            m_server = new WebhookServer(
                m_intake.get(), m_setup.metrics, m_setup.maxBodyBytes, m_setup.hooks, m_context);
            // Emitted on the HTTP thread, re-emitted on ours (a queued connection: the receiver lives here).
            connect(m_server, &WebhookServer::jobQueued, this, &WebhookServerThread::jobQueued,
                Qt::QueuedConnection);
            bound = m_server->listen(address, port);
            if (bound == 0)
                m_error = m_server->errorString();
        },
        Qt::BlockingQueuedConnection);
    return bound;
}

void WebhookServerThread::stopAccepting()
{
    if (!m_thread.isRunning() || !m_server)
        return;
    QMetaObject::invokeMethod(
        m_context, [this] { m_server->stopAccepting(); }, Qt::BlockingQueuedConnection);
}

void WebhookServerThread::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            delete m_server;
            m_server = nullptr;
            m_intake.reset();
            // This thread's connection goes with it (a later thread could get the same address, and so the
            // same per-thread connection name).
            const QString name = m_setup.db->connection().connectionName();
            QSqlDatabase::removeDatabase(name);
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    delete m_context;
    m_context = nullptr;
}

} // namespace cx::service
