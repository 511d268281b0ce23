// Inside the library: one JSON line on stderr per notable thing (a rejected event, a failed delivery), the same
// shape as the service's other logs: {"level", "event", …fields, "message"}. Never secrets or detail contents.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ly::events::internal {

void LogLine(std::string_view level, std::string_view what,
             std::initializer_list<std::pair<std::string_view, std::string>> fields, const std::string& message);

}  // namespace ly::events::internal
