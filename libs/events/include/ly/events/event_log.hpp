// The append-only event log in the database (table `events`, migration 2): the source of truth for what
// happened, read back for replays and for a reconnecting client's "what did I miss since event X".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"
#include "ly/storage/database.hpp"

namespace ly::events {

struct LoggedEvent {
    std::int64_t seq = 0;  // the log's order: increases with every append, never reused
    Event event;
};

class EventLog {
  public:
    static constexpr int kMaxLimit = 1000;  // most events one read answers; page with the last seq

    // The database must be migrated (storage::SchemaMigrations()).
    explicit EventLog(storage::Database& database) : database_(database) {}

    // Appends an event and answers its seq. The same event id twice is kConflict (an event is logged once).
    // The user is read from detail.userId (events without one are logged with no user).
    Result<std::int64_t> Append(const Event& event);

    // Events with seq > after_seq, oldest first, at most `limit` (1 … kMaxLimit).
    Result<std::vector<LoggedEvent>> ReadSince(std::int64_t after_seq, int limit) const;
    // Events with since_ms <= time (< until_ms when given), in log order, at most `limit`, starting after
    // `after_seq` (0 for the first page; the last seq read for the next).
    Result<std::vector<LoggedEvent>> ReadSinceTime(std::int64_t since_ms, std::optional<std::int64_t> until_ms,
                                                   int limit, std::int64_t after_seq = 0) const;
    // One user's events with seq > after_seq, oldest first.
    Result<std::vector<LoggedEvent>> ReadForUserSince(std::string_view user_id, std::int64_t after_seq,
                                                      int limit) const;
    // One user's events logged after the event `event_id`. kNotFound when no such event belongs to this user
    // (an unknown id, or another user's: the caller should then send a fresh state instead of a replay).
    Result<std::vector<LoggedEvent>> ReadForUserSinceEvent(std::string_view user_id, std::string_view event_id,
                                                           int limit) const;

  private:
    storage::Database& database_;
};

}  // namespace ly::events
