// Versioned schema migrations over the Database port, applied on start: each once, in its own transaction,
// recorded in `schema_migrations`. SchemaMigrations() is the service's schema (users … timeblocks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ly/storage/database.hpp"

namespace ly::storage {

struct Migration {
    std::int64_t version;                 // 1, 2, 3, … with no gaps; never renumbered once released
    std::string name;                     // what it does, recorded beside the version
    std::vector<std::string> statements;  // one SQL statement each, in the portable subset (database.hpp)
};

// The service's schema, oldest first. Append new migrations; never edit a released one.
const std::vector<Migration>& SchemaMigrations();

// Brings the database up to the last of `migrations` and answers the version it is at.
// A database at a version newer than the last known one is kConflict (an older program on a newer database),
// and nothing is changed. A migration that fails is rolled back whole and reported with its version.
Result<std::int64_t> ApplyMigrations(Database& database, const std::vector<Migration>& migrations);

}  // namespace ly::storage
