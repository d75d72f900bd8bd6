#pragma once

// The store's schema and its migrations. Private to liqheat_store.

#include "sqlite_db.h"

namespace liqheat::store {

/// The version the last migration reaches (PRAGMA user_version).
int currentSchemaVersion();

/// Brings the database from its user_version to the current one, each step in its own
/// transaction. UnsupportedVersion when the file is newer than this program.
Status migrate(sqlite::Connection& db);

}  // namespace liqheat::store
