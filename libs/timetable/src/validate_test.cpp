#include "ly/timetable/validate.hpp"

#include <gtest/gtest.h>

namespace ly::timetable {
namespace {

Timeblock Block(DayOfWeek day, int sh, int sm, std::optional<std::pair<int, int>> end, std::string name) {
    Timeblock b;
    b.day = day;
    b.start = TimeOfDay::FromHm(sh, sm);
    if (end) b.end = TimeOfDay::FromHm(end->first, end->second);
    b.name = std::move(name);
    return b;
}

TEST(Validate, CleanWeekHasNoWarnings) {
    std::vector<Timeblock> blocks = {Block(DayOfWeek::kMonday, 9, 0, std::pair{9, 30}, "Maths"),
                                     Block(DayOfWeek::kMonday, 9, 30, std::pair{10, 0}, "English"),
                                     Block(DayOfWeek::kTuesday, 9, 0, std::pair{10, 0}, "Art"),
                                     Block(DayOfWeek::kMonday, 15, 20, std::nullopt, "Home")};
    EXPECT_TRUE(Validate(blocks).empty());
}

TEST(Validate, ReportsEndBeforeStartOverlapAndOutsideHours) {
    std::vector<Timeblock> blocks = {Block(DayOfWeek::kMonday, 10, 0, std::pair{9, 0}, "Backwards"),
                                     Block(DayOfWeek::kTuesday, 9, 0, std::pair{10, 0}, "A"),
                                     Block(DayOfWeek::kTuesday, 9, 30, std::pair{10, 30}, "B"),
                                     Block(DayOfWeek::kWednesday, 4, 0, std::pair{4, 30}, "Early")};
    const auto warnings = Validate(blocks);
    ASSERT_EQ(warnings.size(), 3u);
    EXPECT_NE(warnings[0].find("end is not after start"), std::string::npos);
    EXPECT_NE(warnings[1].find("outside"), std::string::npos);
    EXPECT_NE(warnings[2].find("overlap"), std::string::npos);
    // Validation never changes the blocks.
    EXPECT_EQ(blocks[0].end, TimeOfDay::FromHm(9, 0));
}

}  // namespace
}  // namespace ly::timetable
