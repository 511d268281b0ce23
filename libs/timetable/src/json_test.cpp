#include "ly/timetable/json.hpp"

#include <gtest/gtest.h>

namespace ly::timetable {
namespace {

Timetable Sample() {
    Timetable t;
    t.source = {"week.pdf", "abc", "pdf", 1};
    t.metadata.class_name = "4M";
    t.blocks.push_back(
        {DayOfWeek::kMonday, TimeOfDay::FromHm(8, 35), TimeOfDay::FromHm(8, 50), "Registration", "", 0.97});
    t.blocks.push_back({DayOfWeek::kFriday, TimeOfDay::FromHm(15, 20), std::nullopt, "Home", "", 1.0});
    t.confidence = 0.93;
    t.route = "llm";
    t.warnings = {"something"};
    return t;
}

TEST(TimetableJson, RoundTrips) {
    const Timetable original = Sample();
    for (bool pretty : {true, false}) {
        auto parsed = FromJson(ToJson(original, pretty));
        ASSERT_TRUE(parsed.ok()) << parsed.error().message;
        EXPECT_EQ(parsed->metadata.class_name, "4M");
        ASSERT_EQ(parsed->blocks.size(), 2u);
        EXPECT_EQ(parsed->blocks[0].end, TimeOfDay::FromHm(8, 50));
        EXPECT_FALSE(parsed->blocks[1].end.has_value());
        EXPECT_EQ(parsed->blocks[1].day, DayOfWeek::kFriday);
        EXPECT_EQ(parsed->route, "llm");
        EXPECT_DOUBLE_EQ(parsed->confidence, 0.93);
    }
}

TEST(TimetableJson, WritesTheV1Shape) {
    const std::string text = ToJson(Sample(), false);
    EXPECT_NE(text.find(R"("schema":"timetable/v1")"), std::string::npos);
    EXPECT_NE(text.find(R"("metadata":{"class":"4M"})"), std::string::npos);
    EXPECT_NE(text.find(R"("start":"08:35","end":"08:50")"), std::string::npos);
    EXPECT_NE(text.find(R"("end":null)"), std::string::npos);
    // Numbers as people write them, not "9.7E-1".
    EXPECT_NE(text.find(R"("confidence":0.97})"), std::string::npos);
    EXPECT_NE(text.find(R"("confidence":1})"), std::string::npos);
    EXPECT_NE(text.find(R"("confidence":0.93,)"), std::string::npos);
}

TEST(TimetableJson, NamesTheBadField) {
    auto bad_day = FromJson(R"({"schema":"timetable/v1","timeblocks":[{"day":"funday","start":"08:00","name":"x"}]})");
    ASSERT_FALSE(bad_day.ok());
    EXPECT_NE(bad_day.error().message.find("timeblocks[0].day"), std::string::npos);
    auto bad_time = FromJson(R"({"schema":"timetable/v1","timeblocks":[{"day":"monday","start":"8.00","name":"x"}]})");
    ASSERT_FALSE(bad_time.ok());
    EXPECT_NE(bad_time.error().message.find("start"), std::string::npos);
    EXPECT_FALSE(FromJson("{").ok());
    EXPECT_FALSE(FromJson(R"({"schema":"timetable/v2","timeblocks":[]})").ok());
}

}  // namespace
}  // namespace ly::timetable
