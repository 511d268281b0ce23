// Calendar feeds in the Database: private, revocable subscription URLs of a timetable, each kept as the SHA-256
// of its secret token (the token itself is never stored), scoped to the timetable's owner.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

struct CalendarFeed {
    std::string id{};
    std::string user_id{};
    std::string timetable_id{};
    std::int64_t created_at_ms = 0;
};

class CalendarFeedRepository {
  public:
    CalendarFeedRepository(Database& database, UnixMillisClock clock)
        : database_(database), clock_(std::move(clock)) {}

    // A new feed of the owner's timetable, found later by `token_hash` (hex SHA-256 of its token); kNotFound when
    // the timetable is not the owner's (another user's or unknown alike).
    Result<CalendarFeed> Create(std::string_view id, std::string_view owner_id, std::string_view timetable_id,
                                std::string_view token_hash);
    // The owner's feeds of the timetable not revoked, oldest first; kNotFound when the timetable is not the owner's.
    Result<std::vector<CalendarFeed>> ListActive(std::string_view owner_id, std::string_view timetable_id);
    // Revokes one of the owner's feeds of the timetable for good; kNotFound when there is no such active feed.
    Status Revoke(std::string_view owner_id, std::string_view timetable_id, std::string_view feed_id);
    // The active feed whose token hashes to `token_hash`; kNotFound for an unknown or revoked one.
    Result<CalendarFeed> FindActive(std::string_view token_hash);

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
