#include "ly/events/event_log.hpp"

#include <boost/json/parse.hpp>

#include "event_json.hpp"

namespace ly::events {
namespace {

constexpr std::string_view kSelect = "SELECT seq, body FROM events ";

Status CheckLimit(int limit) {
    if (limit < 1 || limit > EventLog::kMaxLimit) {
        return MakeError(ErrorCode::kInvalidArgument, "an event log read takes a limit of 1 to " +
                                                          std::to_string(EventLog::kMaxLimit) + ", not " +
                                                          std::to_string(limit));
    }
    return Ok{};
}

Result<std::vector<LoggedEvent>> ToLoggedEvents(const Result<std::vector<storage::Row>>& rows) {
    if (!rows) return rows.error();
    std::vector<LoggedEvent> events;
    events.reserve(rows->size());
    for (const storage::Row& row : *rows) {
        auto event = ParseEvent(row.Text(1));
        if (!event) {
            return MakeError(ErrorCode::kInternal, "event log entry " + std::to_string(row.Int(0)) +
                                                       " cannot be read back: " + event.error().message);
        }
        events.push_back({row.Int(0), std::move(*event)});
    }
    return events;
}

}  // namespace

Result<std::int64_t> EventLog::Append(const Event& event) {
    storage::Value user_id = nullptr;
    if (auto user = DetailString(event, "userId")) user_id = std::move(*user);
    // In a transaction: writes take the database's writer turn (a plain Query would not).
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    auto rows = (*transaction)
                    ->Query(
                        "INSERT INTO events (id, detail_type, source, user_id, time, body) VALUES (?, ?, ?, ?, ?, ?) "
                        "RETURNING seq",
                        {event.id, event.detail_type, event.source, user_id, event.time_ms, SerializeEvent(event)});
    if (!rows) {
        if (rows.error().code == ErrorCode::kConflict) {
            return MakeError(ErrorCode::kConflict, "event " + event.id + " is already in the event log");
        }
        return rows.error();
    }
    if (rows->empty()) return MakeError(ErrorCode::kInternal, "appending to the event log answered no seq");
    const std::int64_t seq = rows->front().Int(0);
    if (auto committed = (*transaction)->Commit(); !committed) return committed.error();
    return seq;
}

Result<std::vector<LoggedEvent>> EventLog::ReadSince(std::int64_t after_seq, int limit) const {
    if (auto checked = CheckLimit(limit); !checked) return checked.error();
    return ToLoggedEvents(database_.Query(std::string(kSelect) + "WHERE seq > ? ORDER BY seq LIMIT ?",
                                          {after_seq, static_cast<std::int64_t>(limit)}));
}

Result<std::vector<LoggedEvent>> EventLog::ReadSinceTime(std::int64_t since_ms, std::optional<std::int64_t> until_ms,
                                                         int limit, std::int64_t after_seq) const {
    if (auto checked = CheckLimit(limit); !checked) return checked.error();
    // Ordered by seq, not time: a replay re-delivers in the order events were published.
    return ToLoggedEvents(
        database_.Query(std::string(kSelect) + "WHERE time >= ? AND time < ? AND seq > ? ORDER BY seq LIMIT ?",
                        {since_ms, until_ms.value_or(INT64_MAX), after_seq, static_cast<std::int64_t>(limit)}));
}

Result<std::vector<LoggedEvent>> EventLog::ReadForUserSince(std::string_view user_id, std::int64_t after_seq,
                                                            int limit) const {
    if (auto checked = CheckLimit(limit); !checked) return checked.error();
    return ToLoggedEvents(database_.Query(std::string(kSelect) + "WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                                          {std::string(user_id), after_seq, static_cast<std::int64_t>(limit)}));
}

Result<std::vector<LoggedEvent>> EventLog::ReadForUserSinceEvent(std::string_view user_id, std::string_view event_id,
                                                                 int limit) const {
    if (auto checked = CheckLimit(limit); !checked) return checked.error();
    auto row = database_.QueryOne("SELECT seq FROM events WHERE id = ? AND user_id = ?",
                                  {std::string(event_id), std::string(user_id)},
                                  "no event " + std::string(event_id) + " for this user in the event log");
    if (!row) return row.error();
    return ReadForUserSince(user_id, row->Int(0), limit);
}

}  // namespace ly::events
