#pragma once

#include <QString>

namespace cx::test {

// The repository root and ../shared (datasets, specs), from the environment CTest sets.
QString sourceDir();
QString sharedDir();
QString fixturePath(const QString& relative); // tests/fixtures/<relative>

// PostgreSQL provided by the test command: a URL for an administrative role that may create databases
// and roles. Empty when not running under tests/run-all.sh.
QString postgresAdminUrl();
// Creates a fresh, empty database and returns its URL (owner: the admin role). Empty on failure.
QString createPostgresDatabase(const QString& prefix);

} // namespace cx::test
