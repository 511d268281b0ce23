// Reading times and days as teachers write them: "8:35 – 8.50 am", "1-1.15pm",
// "12 – 1pm", "7:50a - 8:10a", "noon - 1p", start-only "8.40", "M O N",
// "Tues". Tolerates common OCR confusions (O/0, l/1, S/5, stray spaces). No I/O.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "ly/timetable/timetable.hpp"

namespace ly::timetable {

struct TimeRange {
    TimeOfDay start;
    std::optional<TimeOfDay> end;  // none when only a start is written
    bool has_meridiem = false;     // am, pm or noon written somewhere in the range
};

// The whole text (after trimming white space, and trailing dashes, '.', ':'
// and ',') is one time or one time range. School-day clock: a bare hour 7–11
// is morning, 12 noon, 1–6 afternoon, unless am/pm says otherwise.
//   Times: "9.30", "9:30", "9 : 30" (stray spaces), "9am", "9.00a.m.", "3 P.M.",
//     "12 noon", "noon", 24-hour "13:30" and "08:00" (a leading zero means
//     24-hour as written).
//   One-letter am/pm: "8:10a", "12:30p", "8.10a.", "8:10 a". Only where no
//     word can be meant: never followed by a letter or digit; with a space
//     before it, only at the end of the time (line end, a dash, "to" or a
//     mark must follow: "9.30 a day" is 9:30 and a word); only on school
//     hours (6a–12a, 12p–9p: "3a", "10p" are class names); and on a bare
//     hour only inside a range ("8a-9a") or as a whole text glued ("3p"):
//     "Year 5 a", "Class 3p" are no times.
//     OCR look-alikes inside a number: O/o→0, l/I→1, S→5, '|'→1 (never first);
//     the hour keeps at least one real digit ("l2:00" yes, "l.15" no).
//   Ranges: two times joined by '-', an en/em/figure dash, a minus or "to",
//     with any white space around it, line breaks included.
//   am/pm: a pm on the end is shared by the start when the range still goes
//     forward ("1-1.15pm" 13:00–13:15, "12 – 1pm" 12:00–13:00, but "11-1pm"
//     11:00–13:00); an am on the end is shared by the start. "12am" is taken
//     as noon: teachers write it so, and a school day has no midnight.
//   A range that goes backwards under the clock takes the other half of the
//     day for a side with no am/pm ("6.30-7.30" 18:30–19:30) if that gives at
//     most 10 hours; failing that the start alone is returned ("9.50 - 9.10"
//     is a typo; the caller ends the slot where the next one begins).
//   Four digits ("1330-1400", "0900-0930") are read only as a range of two
//     4-digit times within 05:00–19:59 and at most 10 hours long: alone,
//     "1330" or "2024" is as likely a number or a year as a time.
//   A bare hour needs company: "9" alone is not a time, "9 – 9.30" and
//     "12 – 1pm" are; two bare hours ("9-10") are a range only if one of
//     them is 9 or more ("1-2", "3-4", "7-8" are periods or year groups).
// Returns nothing for anything else ("Maths", "1", "2", "Year 5", "25:00").
// On success: 0 <= start < 1440 and, when present, start < end < 1440.
std::optional<TimeRange> ParseTimeRange(std::string_view text);

// The first time or time range written inside longer text, e.g.
// "10.30-11.15 Music:" or "Swimming 1.15-3PM". `begin`/`end` receive the byte
// range it occupies, so the caller can cut it out of the name; that range
// read by ParseTimeRange gives the same TimeRange. Stricter than
// ParseTimeRange: a number glued to a word or another number ("KS2",
// "12.09.2024", "£1.50") is skipped, and a bare number is not a time (a lone
// "2", "Year 5", "Years 9-10", "Class 3p"); "2.50", "9:00", "3pm", "noon",
// "8:10a" and "9 – 9.30" are.
struct FoundTime {
    TimeRange range;
    std::size_t begin = 0;
    std::size_t end = 0;
};
std::optional<FoundTime> FindTimeRange(std::string_view text);

// A day name: Monday/Mon/M/Tu/Tue/Tues/W/Wed/Weds/Th/Thu/Thur/Thurs/F/Fri/
// Sa/Sat/Su/Sun and the full names, any case, optional trailing '.' or ':',
// also spelled one letter per line or with spaces ("M\nO\nN", "T U E S",
// "M\no\nn\nd\na\ny"). Whole text only: "Mon key", "Friday club" and
// "Maths" are not days. Single letters: M, W, F are unambiguous; T and S
// are not days.
std::optional<DayOfWeek> ParseDay(std::string_view text);

}  // namespace ly::timetable
