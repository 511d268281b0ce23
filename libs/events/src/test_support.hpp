// For this library's tests: a migrated SQLite database in a temporary folder, and valid events of our types.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "ly/events/event.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::events::testing {

inline std::unique_ptr<storage::Database> OpenMigratedDatabase(const ::ly::testing::TempFolder& folder) {
    return ::ly::testing::OpenMigratedDatabase(folder.path() / "ly.db");
}

inline constexpr std::string_view kUserA = "550e8400-e29b-41d4-a716-446655440000";
inline constexpr std::string_view kUserB = "660e8400-e29b-41d4-a716-446655440001";
inline constexpr std::string_view kDocument = "880e8400-e29b-41d4-a716-446655440003";

// A valid job.failed or job.completed etc. would need more fields; document.classified needs only documentType.
inline Event Classified(std::string_view user, std::string_view document_type = "image", std::int64_t time_ms = 0) {
    auto event = NewEvent("document.classified",
                          R"({"documentId":")" + std::string(kDocument) + R"(","userId":")" + std::string(user) +
                              R"(","stage":"classified","at":"2026-11-28T19:42:48Z","documentType":")" +
                              std::string(document_type) + R"("})");
    EXPECT_TRUE(event.ok());
    if (time_ms != 0) event->time_ms = time_ms;
    return std::move(event).value();
}

}  // namespace ly::events::testing
