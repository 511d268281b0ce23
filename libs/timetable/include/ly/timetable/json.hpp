// `timetable/v1` JSON, exactly as docs/architecture.md shows it.
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/timetable/timetable.hpp"

namespace ly::timetable {

inline constexpr std::string_view kSchemaV1 = "timetable/v1";

std::string ToJson(const Timetable& timetable, bool pretty = true);
Result<Timetable> FromJson(std::string_view json);

}  // namespace ly::timetable
