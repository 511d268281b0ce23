#include "ly/timetable/week_shape.hpp"

#include <gtest/gtest.h>

namespace ly::timetable {
namespace {

constexpr DayOfWeek kWeek[] = {DayOfWeek::kMonday, DayOfWeek::kTuesday, DayOfWeek::kWednesday, DayOfWeek::kThursday,
                               DayOfWeek::kFriday};

void AddBlock(std::vector<Timeblock>& blocks, DayOfWeek day, int from, int to) {
    Timeblock b;
    b.day = day;
    b.start = TimeOfDay{from};
    b.end = TimeOfDay{to};
    b.name = "Lesson";
    blocks.push_back(b);
}

// Each day 9:00–15:00 in six hour-long lessons.
std::vector<Timeblock> FullWeek() {
    std::vector<Timeblock> blocks;
    for (DayOfWeek day : kWeek) {
        for (int h = 9; h < 15; ++h) AddBlock(blocks, day, h * 60, (h + 1) * 60);
    }
    return blocks;
}

bool Mentions(const WeekShape& shape, std::string_view text) {
    for (const std::string& finding : shape.findings) {
        if (finding.find(text) != std::string::npos) return true;
    }
    return false;
}

TEST(WeekShape, AWholeWeekScoresOne) {
    const WeekShape shape = CheckWeekShape(FullWeek());
    EXPECT_DOUBLE_EQ(shape.score, 1.0);
    EXPECT_TRUE(shape.findings.empty());
}

TEST(WeekShape, OneDaysScheduleIsAWholeDocument) {
    std::vector<Timeblock> blocks;
    for (int h = 9; h < 15; ++h) AddBlock(blocks, DayOfWeek::kWednesday, h * 60, (h + 1) * 60);
    EXPECT_DOUBLE_EQ(CheckWeekShape(blocks).score, 1.0);
}

TEST(WeekShape, ASchoolDayMissingInsideTheWeekCostsMoreThanAtItsEnd) {
    std::vector<Timeblock> no_wednesday = FullWeek(), no_friday = FullWeek();
    std::erase_if(no_wednesday, [](const Timeblock& b) { return b.day == DayOfWeek::kWednesday; });
    std::erase_if(no_friday, [](const Timeblock& b) { return b.day == DayOfWeek::kFriday; });
    const WeekShape inside = CheckWeekShape(no_wednesday), end = CheckWeekShape(no_friday);
    EXPECT_LT(inside.score, end.score);
    EXPECT_LT(end.score, 1.0);
    EXPECT_TRUE(Mentions(inside, "no blocks on Wednesday"));
}

TEST(WeekShape, APartTimeWeekFromATextLayerIsWhole) {
    std::vector<Timeblock> monday_to_wednesday = FullWeek(), no_wednesday = FullWeek();
    std::erase_if(monday_to_wednesday,
                  [](const Timeblock& b) { return b.day == DayOfWeek::kThursday || b.day == DayOfWeek::kFriday; });
    std::erase_if(no_wednesday, [](const Timeblock& b) { return b.day == DayOfWeek::kWednesday; });
    const WeekShapeOptions text_layer{.headings_may_be_lost = false};
    EXPECT_DOUBLE_EQ(CheckWeekShape(monday_to_wednesday, text_layer).score, 1.0);
    EXPECT_LT(CheckWeekShape(monday_to_wednesday).score, 1.0);       // read by OCR: a heading may be lost
    EXPECT_LT(CheckWeekShape(no_wednesday, text_layer).score, 1.0);  // a gap inside the week still is doubtful
}

TEST(WeekShape, ADayWithAnotherDaysBlocksReadIntoIt) {
    std::vector<Timeblock> blocks = FullWeek();
    std::erase_if(blocks, [](const Timeblock& b) { return b.day == DayOfWeek::kFriday; });
    for (int h = 9; h < 15; ++h) AddBlock(blocks, DayOfWeek::kThursday, h * 60 + 5, h * 60 + 55);
    const WeekShape shape = CheckWeekShape(blocks);
    EXPECT_TRUE(Mentions(shape, "Thursday has 12 blocks"));
    EXPECT_LT(shape.score, 0.85);
}

TEST(WeekShape, ALessonMissingOnOneDayIsAHole) {
    std::vector<Timeblock> blocks = FullWeek();
    std::erase_if(blocks,
                  [](const Timeblock& b) { return b.day == DayOfWeek::kTuesday && b.start.minutes == 11 * 60; });
    const WeekShape shape = CheckWeekShape(blocks);
    EXPECT_TRUE(Mentions(shape, "Tuesday leaves 60 minutes empty"));
    EXPECT_LT(shape.score, 0.99);
    EXPECT_GT(shape.score, 0.9);  // one lesson of thirty: doubt, not rejection
}

TEST(WeekShape, ARowMissingOnEveryDayIsAGapNotAHole) {
    std::vector<Timeblock> blocks = FullWeek();
    std::erase_if(blocks, [](const Timeblock& b) { return b.start.minutes == 11 * 60 || b.start.minutes == 12 * 60; });
    const WeekShape shape = CheckWeekShape(blocks);
    EXPECT_TRUE(Mentions(shape, "33% of the days' time has no block"));
    EXPECT_LT(shape.score, 0.9);
    EXPECT_FALSE(Mentions(shape, "leaves"));
}

TEST(WeekShape, InstantsAndBackwardsBlocksAreHandled) {
    std::vector<Timeblock> blocks = FullWeek();
    Timeblock instant;
    instant.day = DayOfWeek::kMonday;
    instant.start = TimeOfDay::FromHm(8, 45);
    blocks.push_back(instant);
    AddBlock(blocks, DayOfWeek::kTuesday, 10 * 60, 9 * 60);              // end before start
    AddBlock(blocks, DayOfWeek::kSaturday, 23 * 60 + 50, 24 * 60 + 30);  // past midnight: clipped
    const WeekShape shape = CheckWeekShape(blocks);
    EXPECT_GE(shape.score, 0.0);
    EXPECT_LE(shape.score, 1.0);
    EXPECT_DOUBLE_EQ(CheckWeekShape({}).score, 1.0);
}

}  // namespace
}  // namespace ly::timetable
