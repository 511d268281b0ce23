// The domain: a teacher's week as time blocks, plus where it came from.
// Plain values, no I/O. `timetable/v1` JSON lives in json.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ly::timetable {

enum class DayOfWeek { kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday, kSunday };

// "monday" … "sunday".
std::string_view DayName(DayOfWeek day);
std::optional<DayOfWeek> DayFromName(std::string_view lower_case_name);

// Minutes since midnight, 0 … 1439.
struct TimeOfDay {
    int minutes = 0;

    static TimeOfDay FromHm(int hour, int minute) { return TimeOfDay{hour * 60 + minute}; }
    int hour() const { return minutes / 60; }
    int minute() const { return minutes % 60; }
    auto operator<=>(const TimeOfDay&) const = default;
};

// "HH:MM", 24-hour.
std::string FormatTime(TimeOfDay time);
std::optional<TimeOfDay> ParseHhMm(std::string_view text);

struct Timeblock {
    DayOfWeek day = DayOfWeek::kMonday;
    TimeOfDay start;
    std::optional<TimeOfDay> end;  // none for an instant ("8:35 Students allowed inside")
    std::string name;              // as written on the document
    std::string notes;             // secondary text of the cell; "" when none
    double confidence = 1.0;       // 0 … 1
};

struct Metadata {
    std::string title, school, class_name, teacher, term, week;
};

struct Source {
    std::string filename;
    std::string sha256;
    std::string type;  // image | pdf | docx | text
    int pages = 1;
};

struct Timetable {
    Source source;
    Metadata metadata;
    std::vector<Timeblock> blocks;
    double confidence = 0.0;
    std::string route = "review";  // validated | llm | review
    std::vector<std::string> warnings;
};

// The order of blocks in a timetable: by day, then start, then end (instants first), then name.
bool BlockBefore(const Timeblock& a, const Timeblock& b);

// Sorts blocks by BlockBefore, keeping the document's order among equal ones.
void SortBlocks(std::vector<Timeblock>& blocks);

}  // namespace ly::timetable
