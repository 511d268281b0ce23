#include "ly/timetable/timetable.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <tuple>

namespace ly::timetable {

namespace {
constexpr std::array<std::string_view, 7> kDayNames = {"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};
}

std::string_view DayName(DayOfWeek day) { return kDayNames[static_cast<int>(day)]; }

std::optional<DayOfWeek> DayFromName(std::string_view lower_case_name) {
    for (std::size_t i = 0; i < kDayNames.size(); ++i) {
        if (kDayNames[i] == lower_case_name) return static_cast<DayOfWeek>(i);
    }
    return std::nullopt;
}

std::string FormatTime(TimeOfDay time) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", time.hour() % 100, time.minute());
    return buffer;
}

std::optional<TimeOfDay> ParseHhMm(std::string_view text) {
    // Exactly "H:MM" or "HH:MM".
    if (text.size() < 4 || text.size() > 5) return std::nullopt;
    const std::size_t colon = text.size() - 3;
    if (text[colon] != ':') return std::nullopt;
    int hour = 0;
    for (std::size_t i = 0; i < colon; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        hour = hour * 10 + (text[i] - '0');
    }
    if (text[colon + 1] < '0' || text[colon + 1] > '5' || text[colon + 2] < '0' || text[colon + 2] > '9') {
        return std::nullopt;
    }
    const int minute = (text[colon + 1] - '0') * 10 + (text[colon + 2] - '0');
    if (hour > 23) return std::nullopt;
    return TimeOfDay::FromHm(hour, minute);
}

bool BlockBefore(const Timeblock& a, const Timeblock& b) {
    const int a_end = a.end ? a.end->minutes : -1;
    const int b_end = b.end ? b.end->minutes : -1;
    return std::tie(a.day, a.start.minutes, a_end, a.name) < std::tie(b.day, b.start.minutes, b_end, b.name);
}

void SortBlocks(std::vector<Timeblock>& blocks) { std::stable_sort(blocks.begin(), blocks.end(), BlockBefore); }

}  // namespace ly::timetable
