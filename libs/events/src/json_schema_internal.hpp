// Inside the library: validating an already parsed value (the bus parses an event once).
#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "ly/events/json_schema.hpp"

namespace ly::events::internal {

// Appends "pointer: problem" lines for every violation under `pointer` (the JSON pointer of `instance`).
void CollectViolations(const JsonSchema::Node& schema, const boost::json::value& instance, const std::string& pointer,
                       std::vector<std::string>& violations);

// Ok, or kInvalidArgument with the violations joined by "; ".
Status ValidateValue(const JsonSchema& schema, const boost::json::value& instance);

// RFC 6901: "~" → "~0", "/" → "~1".
std::string EscapePointerToken(std::string_view token);

// Numbers compare by value whatever their JSON representation (1 == 1.0); everything else structurally.
bool JsonEqual(const boost::json::value& a, const boost::json::value& b);

}  // namespace ly::events::internal
