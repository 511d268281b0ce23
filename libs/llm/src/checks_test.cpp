// The answer's checks against the document's own text: names on the page (fuzzy), times on the page, and
// disagreements with the engine's sure blocks.
#include "ly/llm/checks.hpp"

#include <gtest/gtest.h>

namespace ly::llm {
namespace {

using timetable::DayOfWeek;
using timetable::TimeOfDay;
using timetable::Timeblock;

Timeblock Block(DayOfWeek day, int start, int end, std::string name, double confidence = 1.0) {
    return Timeblock{day, TimeOfDay{start}, TimeOfDay{end}, std::move(name), "", confidence};
}

const std::vector<std::string> kPage = {"Class 2EJ",      "Monday", "8:35 - 8:50 am", "9:00 – 10:00",
                                        "Registration and", "Early Morning work", "Mathss", "B", "R", "E", "A", "K",
                                        "Swimming 1.15-3PM"};

TEST(Fold, LowersAndDropsPunctuationAsTheScorerDoes) {
    EXPECT_EQ(Fold("  Maths: (Group 2) "), "maths group 2");
    EXPECT_EQ(Fold("RWI/Phonics"), "rwi phonics");
    EXPECT_DOUBLE_EQ(Similarity("Maths", "maths!"), 1.0);
    EXPECT_NEAR(Similarity("Maths", "Mathss"), 10.0 / 11.0, 1e-9);
    EXPECT_EQ(Similarity("", "x"), 0.0);
}

TEST(PageText, FindsNamesAsWrittenAcrossLinesSpelledOutOrNearlySo) {
    const PageText page(kPage);
    EXPECT_TRUE(page.Contains("Registration and Early Morning work"));  // across two lines of a cell
    EXPECT_TRUE(page.Contains("Maths"));                                // "Mathss" as OCR read it: 0.91
    EXPECT_TRUE(page.Contains("BREAK"));                                // spelled down a column
    EXPECT_TRUE(page.Contains("Swimming"));
    EXPECT_FALSE(page.Contains("Underwater Basket Weaving"));
    EXPECT_FALSE(page.Contains("Art"));  // inside "Early Morning work"'s letters, but no word of the page
    EXPECT_FALSE(page.Contains(""));
}

TEST(PageText, KnowsTheHeaderAndInCellTimes) {
    const PageText page(kPage);
    for (const int minutes : {8 * 60 + 35, 8 * 60 + 50, 9 * 60, 10 * 60, 13 * 60 + 15, 15 * 60}) {
        EXPECT_TRUE(page.HasTime(minutes)) << minutes;
    }
    EXPECT_FALSE(page.HasTime(9 * 60 + 10));
}

TEST(CheckAnswer, FlagsNamesAndTimesNotOnThePage) {
    const PageText page(kPage);
    timetable::Timetable engine;
    const auto result = CheckAnswer({Block(DayOfWeek::kMonday, 9 * 60, 10 * 60, "Maths"),
                                     Block(DayOfWeek::kMonday, 9 * 60 + 10, 10 * 60, "Quantum Physics")},
                                    engine, page);
    ASSERT_EQ(result.problems.size(), 2u);
    EXPECT_NE(result.problems[0].find("Quantum Physics\": the name is not written"), std::string::npos);
    EXPECT_NE(result.problems[1].find("09:10 is not a time the page shows"), std::string::npos);
    EXPECT_EQ(result.confidence, 0.0);
}

TEST(CheckAnswer, ReportsDisagreementsWithTheEnginesSureBlocksOnly) {
    const PageText page(kPage);
    timetable::Timetable engine;
    engine.blocks = {Block(DayOfWeek::kMonday, 8 * 60 + 35, 8 * 60 + 50, "Registration and Early Morning work", 0.99),
                     Block(DayOfWeek::kMonday, 9 * 60, 10 * 60, "Maths", 0.99),
                     Block(DayOfWeek::kMonday, 13 * 60 + 15, 15 * 60, "Swimming", 0.5)};
    const auto result = CheckAnswer({Block(DayOfWeek::kMonday, 8 * 60 + 50, 9 * 60 + 0, "Registration and Early "
                                                                                      "Morning work"),
                                     Block(DayOfWeek::kMonday, 10 * 60, 15 * 60, "Mathss")},
                                    engine, page);
    EXPECT_TRUE(result.problems.empty());
    ASSERT_EQ(result.disagreements.size(), 2u);  // Registration moved, Maths moved; Swimming was not sure
    EXPECT_NE(result.disagreements[0].find("differs from the engine's sure block"), std::string::npos);
    EXPECT_DOUBLE_EQ(result.confidence, 0.5);
}

}  // namespace
}  // namespace ly::llm
