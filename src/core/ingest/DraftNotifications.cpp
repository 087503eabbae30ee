#include "DraftNotifications.h"

#include "foundation/LogCategories.h"
#include "storage/Database.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace cx::ingest {

DraftNotifications::DraftNotifications(std::shared_ptr<storage::Database> db, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_connectionName(QStringLiteral("cx-listen-") + QUuid::createUuid().toString(QUuid::Id128).left(12))
{
    connect(&m_watchdog, &QTimer::timeout, this, &DraftNotifications::checkConnection);
}

DraftNotifications::~DraftNotifications()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        {
            QSqlDatabase c = QSqlDatabase::database(m_connectionName, false);
            if (c.isOpen())
                c.driver()->unsubscribeFromNotification(QString::fromLatin1(kChannel));
            c.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Status DraftNotifications::start()
{
    if (m_db->dialect() != storage::Dialect::Postgres)
        return makeError(ErrorKind::Unavailable,
            QCoreApplication::translate(
                "Storage", "SQLite has no notifications; poll for new drafts instead"));
    if (Status st = subscribe(); !st)
        return st;
    m_watchdog.start(5000);
    return Ok {};
}

Status DraftNotifications::subscribe()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    // A connection of our own, in this thread: the driver delivers notifications through this thread's
    // event loop, and the database's worker connections stay free for queries.
    QSqlDatabase c = QSqlDatabase::cloneDatabase(m_db->connection(), m_connectionName);
    if (!c.open())
        return storage::toError(
            c.lastError(), QCoreApplication::translate("Storage", "opening the listening connection"));
    QSqlDriver* driver = c.driver();
    if (!driver->hasFeature(QSqlDriver::EventNotifications)
        || !driver->subscribeToNotification(QString::fromLatin1(kChannel)))
        return storage::toError(driver->lastError(),
            QCoreApplication::translate("Storage", "subscribing to draft notifications"));
    connect(driver, &QSqlDriver::notification, this,
        [this](const QString& name, QSqlDriver::NotificationSource source, const QVariant& payload) {
            onNotification(name, static_cast<int>(source), payload);
        });
    m_listening = true;
    return Ok {};
}

void DraftNotifications::onNotification(const QString& name, int, const QVariant& payload)
{
    if (name != QLatin1String(kChannel))
        return;
    const QStringList parts = payload.toString().split(QLatin1Char(' '));
    if (parts.size() != 2)
        return;
    emit draftChanged(parts.at(0), parts.at(1));
}

void DraftNotifications::checkConnection()
{
    bool alive = false;
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase c = QSqlDatabase::database(m_connectionName, false);
        QSqlQuery ping(c);
        alive = c.isOpen() && ping.exec(QStringLiteral("SELECT 1"));
    }
    if (alive)
        return;
    m_listening = false;
    if (Status st = subscribe(); !st) {
        qCWarning(lcStorage) << "draft notifications: still not listening:" << st.error().toString();
        return;
    }
    qCInfo(lcStorage) << "draft notifications: listening again";
    emit resubscribed();
}

} // namespace cx::ingest
