// libFuzzer target for time_parse.hpp: any bytes in, no crash, no UB, and the
// promises of the header hold. Build with -DLY_FUZZ=ON (clang), run with
// scripts/run-fuzzers.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ly/timetable/time_parse.hpp"

namespace {

using ly::timetable::TimeRange;

// Unlike assert(), stays on in release builds.
void Check(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "time_parse_fuzz: invariant broken: %s\n", what);
    std::abort();
}

bool Same(const std::optional<TimeRange>& a, const std::optional<TimeRange>& b) {
    if (a.has_value() != b.has_value()) return false;
    if (!a) return true;
    return a->start == b->start && a->end == b->end && a->has_meridiem == b->has_meridiem;
}

void CheckRange(const TimeRange& range) {
    Check(range.start.minutes >= 0 && range.start.minutes < 24 * 60, "start within 00:00..23:59");
    if (range.end) {
        Check(range.end->minutes < 24 * 60, "end within 00:00..23:59");
        Check(*range.end > range.start, "end after start");
    }
}

std::string AsciiUpper(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const auto parsed = ly::timetable::ParseTimeRange(text);
    if (parsed) CheckRange(*parsed);
    // Surrounding white space never changes the reading.
    Check(Same(ly::timetable::ParseTimeRange(" " + std::string(text) + "\n"), parsed), "white space is trimmed");

    if (const auto found = ly::timetable::FindTimeRange(text)) {
        Check(found->begin < found->end && found->end <= size, "begin < end <= size");
        CheckRange(found->range);
        // The cut-out text reads the same on its own, so callers may re-parse it.
        const auto again = ly::timetable::ParseTimeRange(text.substr(found->begin, found->end - found->begin));
        Check(Same(again, found->range), "found text parses to the found range");
    }

    const auto day = ly::timetable::ParseDay(text);
    if (day) {
        const int index = static_cast<int>(*day);
        Check(index >= 0 && index < 7, "day within monday..sunday");
    }
    Check(ly::timetable::ParseDay(AsciiUpper(text)) == day, "day names ignore case");
    return 0;
}
