// Inside the library: the envelope as a Boost.JSON value, for schema checks and pattern matching, and the small
// JSON helpers both use.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"

namespace ly::events::internal {

// The envelope as JSON; a detail that is not valid JSON becomes a string (so the schema names it as wrong).
boost::json::object EventToJson(const Event& event);

// Parses JSON text; a syntax error is kInvalidArgument naming `what` ("event pattern", "event detail").
Result<boost::json::value> ParseJson(std::string_view text, std::string_view what);

// A JSON number as a double; nullopt for anything else.
std::optional<double> AsNumber(const boost::json::value& value);

// Numbers as people write them (1.5, 100), not as Boost.JSON serialises doubles (1.5E0).
std::string FormatNumber(double number);

// A value for an error message: its JSON, cut to 60 characters.
std::string Short(const boost::json::value& value);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day);

}  // namespace ly::events::internal
