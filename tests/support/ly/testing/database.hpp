// For tests: the service's SQLite database at a path (usually in a TempFolder), with every schema migration
// applied. Commits are not flushed to disk one by one (synchronous=NORMAL): tests need speed, not power-cut safety.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"

namespace ly::testing {

inline std::unique_ptr<storage::Database> OpenMigratedDatabase(const std::filesystem::path& path) {
    auto opened = storage::OpenSqliteDatabase({.path = path, .synchronous_full = false});
    EXPECT_TRUE(opened.ok()) << opened.error().message;
    if (!opened.ok()) return nullptr;
    auto migrated = storage::ApplyMigrations(**opened, storage::SchemaMigrations());
    EXPECT_TRUE(migrated.ok()) << migrated.error().message;
    return std::move(opened).value();
}

}  // namespace ly::testing
