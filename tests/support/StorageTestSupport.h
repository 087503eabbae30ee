#pragma once

#include "storage/Database.h"

#include <QTemporaryDir>
#include <QTest>

namespace cx::test {

// Adds a "dialect" column with rows "sqlite" and "postgresql" (the latter only when a test server exists;
// under CI it must exist, so its absence fails instead of skipping).
void addDialectRows(const char* prefix = "");

// Opens a fresh, migrated database of the given dialect ("sqlite" in `dir`, or a new PostgreSQL database).
std::shared_ptr<storage::Database> openFreshDatabase(const QString& dialect, QTemporaryDir& dir);

} // namespace cx::test
