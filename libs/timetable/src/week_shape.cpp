#include "ly/timetable/week_shape.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <map>

namespace ly::timetable {

namespace {

constexpr int kMinutesPerDay = 24 * 60;
using DayMinutes = std::bitset<kMinutesPerDay>;

std::string Capitalised(DayOfWeek day) {
    std::string name(DayName(day));
    name[0] = static_cast<char>(name[0] - 'a' + 'A');
    return name;
}

// One day's blocks as the minutes they cover; an instant covers its minute.
struct Day {
    int blocks = 0;
    DayMinutes covered;
    int first = kMinutesPerDay, last = -1;  // the span, first to last minute covered

    void Add(const Timeblock& block) {
        ++blocks;
        const int from = std::clamp(block.start.minutes, 0, kMinutesPerDay - 1);
        const int to =
            std::clamp(block.end && *block.end > block.start ? block.end->minutes : from + 1, from + 1, kMinutesPerDay);
        for (int m = from; m < to; ++m) covered.set(static_cast<std::size_t>(m));
        first = std::min(first, from);
        last = std::max(last, to - 1);
    }
    int span() const { return last >= first ? last - first + 1 : 0; }
};

// A school day missing between or beside the days that have blocks: a
// day's heading the reader did not find. Missing inside the week is the
// stronger sign; a week may really end on Thursday.
void CheckSchoolDays(const std::map<DayOfWeek, Day>& days, const WeekShapeOptions& options, WeekShape& shape) {
    constexpr std::array kSchoolDays = {DayOfWeek::kMonday, DayOfWeek::kTuesday, DayOfWeek::kWednesday,
                                        DayOfWeek::kThursday, DayOfWeek::kFriday};
    int present = 0, first = -1, last = -1;
    for (std::size_t i = 0; i < kSchoolDays.size(); ++i) {
        if (!days.contains(kSchoolDays[i])) continue;
        ++present;
        if (first < 0) first = static_cast<int>(i);
        last = static_cast<int>(i);
    }
    if (present < 2) return;  // one day's schedule is a whole document
    for (int i = 0; i < static_cast<int>(kSchoolDays.size()); ++i) {
        if (days.contains(kSchoolDays[static_cast<std::size_t>(i)])) continue;
        const bool inside = first < i && i < last;
        if (!inside && !options.headings_may_be_lost) continue;
        shape.score *= inside ? 0.8 : 0.9;
        shape.findings.push_back("no blocks on " + Capitalised(kSchoolDays[static_cast<std::size_t>(i)]) +
                                 ", while other school days have some");
    }
}

// A day with far more blocks than the usual day: another day's blocks read
// into it (a heading missed in a list of days).
void CheckBlockCounts(const std::map<DayOfWeek, Day>& days, WeekShape& shape) {
    if (days.size() < 3) return;
    std::vector<int> counts;
    for (const auto& [day, d] : days) counts.push_back(d.blocks);
    std::nth_element(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2), counts.end());
    const int usual = counts[counts.size() / 2];
    for (const auto& [day, d] : days) {
        if (d.blocks >= usual + 3 && d.blocks * 2 > usual * 3) {
            shape.score *= 0.85;
            shape.findings.push_back(Capitalised(day) + " has " + std::to_string(d.blocks) +
                                     " blocks, the other days about " + std::to_string(usual));
        }
    }
}

// Minutes inside a day's span that the day leaves empty while most of the
// other days fill them: a cell the reader missed. A few such minutes are
// ordinary (one day's lesson ends early); measured on the corpus's truth,
// never more than 1.5% of the week's spans.
void CheckHoles(const std::map<DayOfWeek, Day>& days, WeekShape& shape) {
    if (days.size() < 3) return;
    int holes = 0, spans = 0;
    for (const auto& [day, d] : days) {
        spans += d.span();
        int here = 0;
        for (int m = d.first; m <= d.last; ++m) {
            if (d.covered.test(static_cast<std::size_t>(m))) continue;
            int others = 0;
            for (const auto& [other_day, other] : days) {
                if (other_day != day && other.covered.test(static_cast<std::size_t>(m))) ++others;
            }
            if (others * 2 > static_cast<int>(days.size()) - 1) ++here;
        }
        if (here >= 10) {
            shape.findings.push_back(Capitalised(day) + " leaves " + std::to_string(here) +
                                     " minutes empty that most other days fill");
        }
        holes += here;
    }
    constexpr double kUsualHoleShare = 0.015;
    const double share = spans > 0 ? static_cast<double>(holes) / spans : 0.0;
    shape.score *= std::max(0.0, 1.0 - 3.0 * std::max(0.0, share - kUsualHoleShare));
}

// Much of the school day empty on every day: a row the reader read blank
// (a merged "Lunch" across the week). Timetables with free periods left
// blank exist, so this only lowers confidence gently; measured on the
// corpus's and samples' truth, gaps took up to 11% of the days' spans.
void CheckGaps(const std::map<DayOfWeek, Day>& days, WeekShape& shape) {
    int gaps = 0, spans = 0;
    for (const auto& [day, d] : days) {
        spans += d.span();
        for (int m = d.first; m <= d.last; ++m) gaps += d.covered.test(static_cast<std::size_t>(m)) ? 0 : 1;
    }
    constexpr double kUsualGapShare = 0.15;
    const double share = spans > 0 ? static_cast<double>(gaps) / spans : 0.0;
    if (share <= kUsualGapShare) return;
    shape.score *= 1.0 - (share - kUsualGapShare);
    shape.findings.push_back(std::to_string(static_cast<int>(share * 100 + 0.5)) + "% of the days' time has no block");
}

}  // namespace

WeekShape CheckWeekShape(const std::vector<Timeblock>& blocks, const WeekShapeOptions& options) {
    WeekShape shape;
    std::map<DayOfWeek, Day> days;
    for (const Timeblock& block : blocks) days[block.day].Add(block);
    CheckSchoolDays(days, options, shape);
    CheckBlockCounts(days, shape);
    CheckHoles(days, shape);
    CheckGaps(days, shape);
    shape.score = std::clamp(shape.score, 0.0, 1.0);
    return shape;
}

}  // namespace ly::timetable
