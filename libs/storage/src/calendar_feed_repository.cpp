#include "ly/storage/calendar_feed_repository.hpp"

namespace ly::storage {
namespace {

constexpr std::string_view kColumns = "id, user_id, timetable_id, created_at";

CalendarFeed ToFeed(const Row& row) {
    return CalendarFeed{
        .id = row.Text(0), .user_id = row.Text(1), .timetable_id = row.Text(2), .created_at_ms = row.Int(3)};
}

Error NoSuchTimetable() { return MakeError(ErrorCode::kNotFound, "timetable not found"); }

}  // namespace

Result<CalendarFeed> CalendarFeedRepository::Create(std::string_view id, std::string_view owner_id,
                                                    std::string_view timetable_id, std::string_view token_hash) {
    const std::int64_t now = clock_();
    // The owner check and the insert in one statement: no feed of a timetable someone else owns, even in a race
    // with its deletion.
    auto inserted = database_.Execute(
        "INSERT INTO calendar_feeds (id, user_id, timetable_id, token_hash, created_at) "
        "SELECT ?, user_id, id, ?, ? FROM timetables WHERE id = ? AND user_id = ?",
        {std::string(id), std::string(token_hash), now, std::string(timetable_id), std::string(owner_id)});
    if (!inserted) return inserted.error();
    if (*inserted == 0) return NoSuchTimetable();
    return CalendarFeed{.id = std::string(id),
                        .user_id = std::string(owner_id),
                        .timetable_id = std::string(timetable_id),
                        .created_at_ms = now};
}

Result<std::vector<CalendarFeed>> CalendarFeedRepository::ListActive(std::string_view owner_id,
                                                                     std::string_view timetable_id) {
    auto owned = database_.Query("SELECT 1 FROM timetables WHERE id = ? AND user_id = ?",
                                 {std::string(timetable_id), std::string(owner_id)});
    if (!owned) return owned.error();
    if (owned->empty()) return NoSuchTimetable();
    auto rows = database_.Query("SELECT " + std::string(kColumns) +
                                    " FROM calendar_feeds WHERE timetable_id = ? AND user_id = ? AND revoked_at IS NULL "
                                    "ORDER BY created_at, id",
                                {std::string(timetable_id), std::string(owner_id)});
    if (!rows) return rows.error();
    std::vector<CalendarFeed> feeds;
    feeds.reserve(rows->size());
    for (const Row& row : *rows) feeds.push_back(ToFeed(row));
    return feeds;
}

Status CalendarFeedRepository::Revoke(std::string_view owner_id, std::string_view timetable_id,
                                      std::string_view feed_id) {
    auto updated = database_.Execute(
        "UPDATE calendar_feeds SET revoked_at = ? "
        "WHERE id = ? AND timetable_id = ? AND user_id = ? AND revoked_at IS NULL",
        {clock_(), std::string(feed_id), std::string(timetable_id), std::string(owner_id)});
    if (!updated) return updated.error();
    if (*updated == 0) return MakeError(ErrorCode::kNotFound, "calendar feed not found");
    return Ok{};
}

Result<CalendarFeed> CalendarFeedRepository::FindActive(std::string_view token_hash) {
    auto row = database_.QueryOne("SELECT " + std::string(kColumns) +
                                      " FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL",
                                  {std::string(token_hash)}, "calendar feed not found");
    if (!row) return row.error();
    return ToFeed(*row);
}

}  // namespace ly::storage
