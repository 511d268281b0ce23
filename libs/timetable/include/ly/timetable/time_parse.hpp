// Reading times and days as teachers write them: "8:35 – 8.50 am", "1-1.15pm",
// "12 – 1pm", start-only "8.40", "M O N", "Tues". Tolerates common OCR
// confusions (O/0, l/1, S/5, stray spaces). No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "ly/timetable/timetable.hpp"

namespace ly::timetable {

struct TimeRange {
    TimeOfDay start;
    std::optional<TimeOfDay> end;  // none when only a start is written
    bool has_meridiem = false;     // am/pm written somewhere in the range
};

// The whole text (after trimming white space and a trailing '-') is one time
// or one time range. School-day clock: a bare hour 7–11 is morning, 12 noon,
// 1–6 afternoon, unless am/pm says otherwise; "12 – 1pm" is 12:00–13:00.
// Returns nothing for anything else ("Maths", "1", "2", "Year 5").
std::optional<TimeRange> ParseTimeRange(std::string_view text);

// A time or time range written inside longer text, e.g. "10.30-11.15 Music:"
// or "Swimming 1.15-3PM". `begin`/`end` receive the byte range it occupies,
// so the caller can cut it out of the name. Bare numbers without a separator
// (a lone "2", "Year 5") are not times here; "2.50" and "9:00" are.
struct FoundTime {
    TimeRange range;
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::optional<FoundTime> FindTimeRange(std::string_view text);

// A day name: Monday/Mon/M/Tu/Tue/Tues/W/Wed/Weds/Th/Thu/Thur/Thurs/F/Fri/
// Sa/Sat/Su/Sun, any case, optional trailing '.' or ':', and spelled one
// letter per line or with spaces ("M\nO\nN", "T U E S"). Whole text only.
// Single letters: M, W, F are unambiguous; T and S are not days.
std::optional<DayOfWeek> ParseDay(std::string_view text);

}  // namespace ly::timetable
