// The event envelope, shaped like Amazon EventBridge's: {version, id, source, detail-type, account, region, time,
// resources, detail}; made by NewEvent (the library picks id and time), read and written as JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::events {

// The service's own source and placeholders for the AWS-only fields, so an envelope reads the same on any bus.
inline constexpr std::string_view kDefaultSource = "learning-yogi.documents";
inline constexpr std::string_view kLocalAccount = "000000000000";
inline constexpr std::string_view kLocalRegion = "local";

struct Event {
    std::string version = "0";
    std::string id;           // UUID v4, made by NewEvent
    std::string source;       // e.g. "learning-yogi.documents"
    std::string detail_type;  // "document.uploaded", … (event_types.hpp)
    std::string account = std::string(kLocalAccount);
    std::string region = std::string(kLocalRegion);
    std::int64_t time_ms = 0;  // written as RFC 3339 UTC with milliseconds
    std::vector<std::string> resources;
    std::string detail = "{}";  // a JSON object, as text (JSON stays inside this library)
};

// A new event with a fresh id and the current time. `detail_json` must be a JSON object; it is checked against
// the type's schema when published, not here.
Result<Event> NewEvent(std::string_view detail_type, std::string_view detail_json,
                       std::string_view source = kDefaultSource);

// The envelope as compact JSON ("detail-type", "time" as RFC 3339).
std::string SerializeEvent(const Event& event);

// Reads an envelope. Checks its shape only (fields present with the right JSON types, a parseable time);
// the type's schema is checked by ValidateEvent (event_types.hpp).
Result<Event> ParseEvent(std::string_view json);

// RFC 3339 times: FormatRfc3339 writes UTC with milliseconds ("2026-11-28T19:42:48.123Z"); ParseRfc3339 reads
// any RFC 3339 date-time (offsets, optional fraction) into Unix milliseconds.
std::string FormatRfc3339(std::int64_t unix_ms);
Result<std::int64_t> ParseRfc3339(std::string_view text);

// A string field of the detail (e.g. "documentId"), or kNotFound; for targets that need one or two fields.
Result<std::string> DetailString(const Event& event, std::string_view field);

}  // namespace ly::events
