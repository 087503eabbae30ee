#include "SqliteBusyWait.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace cx::ingest {

namespace {
// `tries` counts this wait's earlier calls (0 on the first): SQLite restarts it for every lock attempt. The
// context pointer carries the timeout in milliseconds (no state to own or free).
int fineBusyHandler(void* timeout, int tries)
{
    const auto timeoutMs = static_cast<qint64>(reinterpret_cast<quintptr>(timeout));
    using namespace std::chrono;
    const int fastTries = 250; // 250 x 0.2 ms = the first 50 ms
    const auto waited = tries <= fastTries ? microseconds(200LL * tries)
                                           : milliseconds(50) + milliseconds(tries - fastTries);
    if (waited >= milliseconds(timeoutMs))
        return 0; // give up: SQLITE_BUSY, as the timeout would
    std::this_thread::sleep_for(tries < fastTries ? microseconds(200) : microseconds(1000));
    return 1;
}
} // namespace

void useFineSqliteBusyWait(const QSqlDatabase& connection, int timeoutMs)
{
    if (!connection.isOpen() || !connection.driver())
        return;
    const QVariant handle = connection.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    auto* db = *static_cast<sqlite3* const*>(handle.constData());
    if (!db)
        return;
    sqlite3_busy_handler(db, &fineBusyHandler, reinterpret_cast<void*>(static_cast<quintptr>(timeoutMs)));
}

} // namespace cx::ingest
