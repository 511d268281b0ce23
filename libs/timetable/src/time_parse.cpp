// Placeholder until the parser lands: recognises nothing.
#include "ly/timetable/time_parse.hpp"

namespace ly::timetable {

std::optional<TimeRange> ParseTimeRange(std::string_view) { return std::nullopt; }
std::optional<FoundTime> FindTimeRange(std::string_view) { return std::nullopt; }
std::optional<DayOfWeek> ParseDay(std::string_view) { return std::nullopt; }

}  // namespace ly::timetable
