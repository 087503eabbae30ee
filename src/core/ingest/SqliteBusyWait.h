#pragma once

class QSqlDatabase;

namespace cx::ingest {

// SQLite has one writer: a write waits for the lock in a busy handler. The handler QSQLITE_BUSY_TIMEOUT
// installs (sqlite3_busy_timeout) sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, then 100 ms between
// tries, so a wait that needs 3 ms takes 8 and one that needs 16 ms takes 33 — and every other writer that
// polls meanwhile may take the lock first. That is the acknowledgement's p99, not the length of anyone's
// transaction. This handler retries every 0.2 ms (every 1 ms after the first 50 ms) up to `timeoutMs`.
// Installs it on `connection` when it is a SQLite connection; nothing otherwise. Cheap: call it before each
// transaction (a reconnect makes a new connection without it).
void useFineSqliteBusyWait(const QSqlDatabase& connection, int timeoutMs = 5000);

} // namespace cx::ingest
