#include "ly/timetable/time_parse.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <string_view>

namespace ly::timetable {
namespace {

struct Row {
    std::string_view input;
    std::string_view expected;
};

// "HH:MM" or "HH:MM-HH:MM", then " m" when am/pm/noon was written; "none".
std::string Render(const std::optional<TimeRange>& range) {
    if (!range) return "none";
    std::string out = FormatTime(range->start);
    if (range->end) out += "-" + FormatTime(*range->end);
    if (range->has_meridiem) out += " m";
    return out;
}

// As Render, preceded by the text the time was found in: "[1.15-3PM] 13:15-15:00 m".
std::string Render(std::string_view text, const std::optional<FoundTime>& found) {
    if (!found) return "none";
    return "[" + std::string(text.substr(found->begin, found->end - found->begin)) + "] " + Render(found->range);
}

// The day name ("monday"), or "none".
std::string Render(const std::optional<DayOfWeek>& day) { return day ? std::string(DayName(*day)) : "none"; }

constexpr auto kParseTimeRangeCases = std::to_array<Row>({
    // As teachers write them.
    {"8:35 – 8.50 am", "08:35-08:50 m"},
    {"9 – 9.30", "09:00-09:30"},
    {"10.20 – 10:35am", "10:20-10:35 m"},
    {"1-1.15pm", "13:00-13:15 m"},
    {"12 – 1pm", "12:00-13:00 m"},
    {"11.00 –\n11:55", "11:00-11:55"},
    {"8.40", "08:40"},
    {"3.20", "15:20"},
    {"1:15 – 2:00", "13:15-14:00"},
    {"1.15-3PM", "13:15-15:00 m"},
    {"10:00-10:30", "10:00-10:30"},
    // OCR dropped the end's separator: three digits end a range, never start one.
    {"8.40 - 855", "08:40-08:55"},
    {"9 - 930", "09:00-09:30"},
    {"2.35 - 305", "14:35-15:05"},
    {"855", "none"},
    // OCR took a dot for a comma: read so only inside a whole range.
    {"9,00 to 10.15", "09:00-10:15"},
    {"1,50 to 3.00", "13:50-15:00"},
    {"12,14", "none"},
    {"1.80 - 2.15 pm", "13:30-14:15 m"},
    {"1.15 -1.80 pm", "13:15-13:30 m"},
    {"9.80", "none"},
    {"12:30-1:00", "12:30-13:00"},
    {"8.45 –\n8.55", "08:45-08:55"},
    {"10.10 –\n10.30", "10:10-10:30"},
    {"2.30-3.15", "14:30-15:15"},
    {"8.55 - 10.10", "08:55-10:10"},
    {"9:00am - 9:15am", "09:00-09:15 m"},
    {"9.00a.m.", "09:00 m"},
    {"13:30", "13:30"},
    {"11.40 – 12.30", "11:40-12:30"},
    {"12.30 – 1.30", "12:30-13:30"},
    {"8.45 - 3.15", "08:45-15:15"},
    {"7.30 - 8.45", "07:30-08:45"},
    {"3.15 - 3.30 pm", "15:15-15:30 m"},
    {"10 - 10.30 am", "10:00-10:30 m"},
    {"12.45 - 1", "12:45-13:00"},
    {"11.30 - 12 noon", "11:30-12:00 m"},
    {"12 noon", "12:00 m"},
    // Joiners: dashes of every kind, "to", any white space.
    {"9.00 — 9.30", "09:00-09:30"},
    {"9.00–9.30", "09:00-09:30"},
    {"9.00 ‒ 9.30", "09:00-09:30"},
    {"9.00 − 9.30", "09:00-09:30"},
    {"9.00 ‐ 9.30", "09:00-09:30"},
    {"9.00 -- 9.30", "09:00-09:30"},
    {"9.00 to 9.30", "09:00-09:30"},
    {"9.00 TO 9.30", "09:00-09:30"},
    {"9.00to9.30", "09:00-09:30"},
    {"9.00\xC2\xA0-\xC2\xA0"
     "9.30",
     "09:00-09:30"},
    {"9.00\r\n-\r\n9.30", "09:00-09:30"},
    {"11.00\n– 11.55", "11:00-11:55"},
    // Trimming.
    {"8.40 -", "08:40"},
    {"8.40 –", "08:40"},
    {"  9.15  ", "09:15"},
    {"\t10:00\n", "10:00"},
    {"9.00 -\n", "09:00"},
    {"9.30.", "09:30"},
    {"9:30:", "09:30"},
    // am / pm.
    {"9am", "09:00 m"},
    {"3pm", "15:00 m"},
    {"3 PM", "15:00 m"},
    {"8pm", "20:00 m"},
    {"9.00 p.m.", "21:00 m"},
    {"9.00 a.m. - 9.30 a.m.", "09:00-09:30 m"},
    {"9:00AM-9:15AM", "09:00-09:15 m"},
    {"9.00 a.m", "09:00 m"},
    {"11-1pm", "11:00-13:00 m"},
    {"11am-1pm", "11:00-13:00 m"},
    {"11 am - 12 pm", "11:00-12:00 m"},
    {"4-5pm", "16:00-17:00 m"},
    {"9.30 - 3pm", "09:30-15:00 m"},
    {"7-8am", "07:00-08:00 m"},
    {"9am - 3", "09:00-15:00 m"},
    {"11am - 1", "11:00-13:00 m"},
    {"1pm - 2", "13:00-14:00 m"},
    {"12pm", "12:00 m"},
    {"12am", "12:00 m"},
    {"11.30 - 12.15am", "11:30-12:15 m"},
    {"12noon-1pm", "12:00-13:00 m"},
    // School-day clock.
    {"7.45", "07:45"},
    {"11.59", "11:59"},
    {"12.59", "12:59"},
    {"1.00", "13:00"},
    {"6.59", "18:59"},
    {"6.30-7.30", "18:30-19:30"},
    {"9.50-9.10", "09:50"},
    {"11 - 10.30", "11:00"},
    // 24-hour.
    {"06:30", "06:30"},
    {"08:00 - 09:00", "08:00-09:00"},
    {"00:30", "00:30"},
    {"18:00", "18:00"},
    {"19.30", "19:30"},
    {"23:59", "23:59"},
    {"13:00-14:30", "13:00-14:30"},
    {"1330-1400", "13:30-14:00"},
    {"0900-0930", "09:00-09:30"},
    {"0800 - 1530", "08:00-15:30"},
    {"1330to1400", "13:30-14:00"},
    {"0930am", "none"},
    // Two bare hours: a range only when one of them is 9 or more.
    {"9-10", "09:00-10:00"},
    {"10-11", "10:00-11:00"},
    {"12-1", "12:00-13:00"},
    {"8-9", "08:00-09:00"},
    // OCR confusions and stray spaces.
    {"1O:3O", "10:30"},
    {"l2:00", "12:00"},
    {"9.3O", "09:30"},
    {"9 : 30", "09:30"},
    {"10. 30", "10:30"},
    {"10 .30", "10:30"},
    {"9.30 – 10.3O", "09:30-10:30"},
    {"1O.OO - 1O.3O", "10:00-10:30"},
    {"10:oo", "10:00"},
    {"1S:30", "15:30"},
    {"3.1S", "15:15"},
    {"I0.30", "10:30"},
    {"1|:30", "11:30"},
    {"10.15 - llam", "10:15-11:00 m"},
    {"12.10 - lpm", "12:10-13:00 m"},
    {"llam", "none"},
    // Not times.
    {"", "none"},
    {"   ", "none"},
    {"-", "none"},
    {"Maths", "none"},
    {"1", "none"},
    {"2", "none"},
    {"9", "none"},
    {"12", "none"},
    {"Year 5", "none"},
    {"4M", "none"},
    {"KS2", "none"},
    {"2EJ", "none"},
    {"Room 12", "none"},
    {"25:00", "none"},
    {"24:00", "none"},
    {"9:75", "none"},
    {"9:60", "none"},
    {"9:5", "none"},
    {"9.3", "none"},
    {"9.305", "none"},
    {"1.2.30", "none"},
    {"123.45", "none"},
    {"12.09.2024", "none"},
    {"1-2", "none"},
    {"3-4", "none"},
    {"7-8", "none"},
    {"1330", "none"},
    {"2024", "none"},
    {"2024-2025", "none"},
    {"2024-25", "none"},
    {"1400-1330", "none"},
    {"0900-9.30", "none"},
    {"13pm", "none"},
    {"0am", "none"},
    {"9 amber", "none"},
    {"9.30x", "none"},
    {"x9.30", "none"},
    {"9.30 Maths", "none"},
    {"Maths 9.30", "none"},
    {"9.00 - Maths", "none"},
    {"9.00 today", "none"},
    {"- 9.30", "none"},
    {"9.00 - - 9.30", "none"},
    {"SS:OO", "none"},
    {"O.30", "none"},
    {"|2:00", "none"},
    {"\xC2\xA3"
     "1.50",
     "none"},
    {"1,30", "none"},
    {"9.00/9.30", "none"},
    {"9.00 - 9.30 - 10.00", "none"},
});

constexpr auto kFindTimeRangeCases = std::to_array<Row>({
    {"10.30-11.15\nMusic:", "[10.30-11.15] 10:30-11:15"},
    {"2.50 KS2 Assembly", "[2.50] 14:50"},
    {"Swimming / Bedrock\n1.15-3PM", "[1.15-3PM] 13:15-15:00 m"},
    {"8:35 Students allowed inside", "[8:35] 08:35"},
    {"Registration 8:35 – 8.50 am", "[8:35 – 8.50 am] 08:35-08:50 m"},
    {"Assembly (9.00-9.20)", "[9.00-9.20] 09:00-09:20"},
    {"Lunch 12 – 1pm", "[12 – 1pm] 12:00-13:00 m"},
    {"Club 3pm", "[3pm] 15:00 m"},
    {"Club 3pm.", "[3pm] 15:00 m"},
    {"Club 3 p.m. sharp", "[3 p.m.] 15:00 m"},
    {"Lesson 2 9.00 - 9.30 Maths", "[9.00 - 9.30] 09:00-09:30"},
    {"Reading 9 – 9.30", "[9 – 9.30] 09:00-09:30"},
    {"Phonics 9.00 to 9.20", "[9.00 to 9.20] 09:00-09:20"},
    {"Phonics 9.00 today", "[9.00] 09:00"},
    {"Maths 9.00 -", "[9.00] 09:00"},
    {"ASSEMBLY\n2.30-3.15", "[2.30-3.15] 14:30-15:15"},
    {"PE 1.l5-2.OO", "[1.l5-2.OO] 13:15-14:00"},
    {"PE l.15", "none"},
    {"Break 10.3O", "[10.3O] 10:30"},
    {"9.30am: Phonics", "[9.30am] 09:30 m"},
    {"Snack\n10.15 – 10.30 am", "[10.15 – 10.30 am] 10:15-10:30 m"},
    {"Music 11.00 –\n11:55 Hall", "[11.00 –\n11:55] 11:00-11:55"},
    {"Start 0900-0930", "[0900-0930] 09:00-09:30"},
    {"Ends 3.20", "[3.20] 15:20"},
    {"Year 6 SATs 9.00", "[9.00] 09:00"},
    {"Bedrock 1.15-3PM Swimming", "[1.15-3PM] 13:15-15:00 m"},
    {"9.00-9.30 Phonics 10.00-10.30 Maths", "[9.00-9.30] 09:00-09:30"},
    {"Times: 9:00am - 9:15am", "[9:00am - 9:15am] 09:00-09:15 m"},
    {"Break:10.30", "[10.30] 10:30"},
    {"8.00 - 9:75", "[8.00] 08:00"},
    {"I2.30 lunch", "[I2.30] 12:30"},
    {"|9.30|", "[9.30] 09:30"},
    {"Lunch 12.00 noon", "[12.00 noon] 12:00 m"},
    {"Maths 9.50-9.10", "[9.50-9.10] 09:50"},
    {"9,00 to 10.15 Maths", "[9,00 to 10.15] 09:00-10:15"},
    {"Rooms 12,14 and 15", "none"},
    {"Maths 9.00-10, 11-12", "[9.00-10] 09:00-10:00"},
    {"13:30 Staff meeting", "[13:30] 13:30"},
    // No time here.
    {"", "none"},
    {"KS2 Assembly", "none"},
    {"Year 5 Maths", "none"},
    {"Lesson 2", "none"},
    {"Maths", "none"},
    {"Room 12", "none"},
    {"2EJ", "none"},
    {"4M", "none"},
    {"Years 3-4", "none"},
    {"Years 9-10", "none"},
    {"KS1-2", "none"},
    {"w/c 12.09.2024", "none"},
    {"Trip \xC2\xA3"
     "1.50",
     "none"},
    {"Trip $2.30", "none"},
    {"Trip \xE2\x82\xAC"
     "2.30",
     "none"},
    {"Maths9.30", "none"},
    {"Version 1.2.30", "none"},
    {"at 10. Then", "none"},
    {"9:75 Maths", "none"},
    {"2024-2025 timetable", "none"},
    {"Autumn 2 2024", "none"},
    {"Swimming / Bedrock", "none"},
});

constexpr auto kParseDayCases = std::to_array<Row>({
    {"Monday", "monday"},
    {"monday", "monday"},
    {"MONDAY", "monday"},
    {"Mon", "monday"},
    {"mon", "monday"},
    {"MON", "monday"},
    {"M", "monday"},
    {"m", "monday"},
    {"Mon.", "monday"},
    {"Mon:", "monday"},
    {"Monday:", "monday"},
    {"MONDAY ", "monday"},
    {" Monday\n", "monday"},
    {"Mon.:", "monday"},
    {"M\nO\nN", "monday"},
    {"M O N", "monday"},
    {"M\n0\nN", "monday"},  // OCR's 0 for O in a stack of letters
    {"M\n\nO\n\nN", "monday"},
    {"M\no\nn\nd\na\ny", "monday"},
    {"M\nO\nN\nD\nA\nY", "monday"},
    {"Tu", "tuesday"},
    {"Tue", "tuesday"},
    {"Tues", "tuesday"},
    {"TUES", "tuesday"},
    {"Tuesday", "tuesday"},
    {"T\nU\nE\nS", "tuesday"},
    {"T U E", "tuesday"},
    {"W", "wednesday"},
    {"Wed", "wednesday"},
    {"Weds", "wednesday"},
    {"Weds.", "wednesday"},
    {"Wednesday", "wednesday"},
    {"W\nE\nD", "wednesday"},
    {"w e d s", "wednesday"},
    {"Th", "thursday"},
    {"Thu", "thursday"},
    {"Thur", "thursday"},
    {"Thurs", "thursday"},
    {"Thursday", "thursday"},
    {"T\nH\nU\nR\nS", "thursday"},
    {"T H", "thursday"},
    {"F", "friday"},
    {"Fri", "friday"},
    {"Fri:", "friday"},
    {"Friday", "friday"},
    {"F\nR\nI", "friday"},
    {"F R I D A Y", "friday"},
    {"Sa", "saturday"},
    {"Sat", "saturday"},
    {"Saturday.", "saturday"},
    {"S A T", "saturday"},
    {"Su", "sunday"},
    {"Sun", "sunday"},
    {"Sun.", "sunday"},
    {"Sunday", "sunday"},
    {"S\nU\nN", "sunday"},
    {"Monday\xC2\xA0", "monday"},
    // Not days.
    {"", "none"},
    {" ", "none"},
    {"T", "none"},
    {"S", "none"},
    {"t.", "none"},
    {"s:", "none"},
    {"Maths", "none"},
    {"M0N", "none"},
    {"M\n0", "none"},
    {"0", "none"},
    {"Mon key", "none"},
    {"Friday club", "none"},
    {"Mo", "none"},
    {"Mondays", "none"},
    {"Monday 1", "none"},
    {"1", "none"},
    {"Tuesd", "none"},
    {"Thursdays", "none"},
    {"M.O.N", "none"},
    {"Mon-Fri", "none"},
    {"Monday, Tuesday", "none"},
    {"MO N", "none"},
    {"M\xC3\xB6nday", "none"},
    {"Wednesdayy", "none"},
});

TEST(TimeParse, ParseTimeRangeTable) {
    for (const Row& row : kParseTimeRangeCases) {
        SCOPED_TRACE(testing::Message() << "input: \"" << row.input << "\"");
        EXPECT_EQ(Render(ParseTimeRange(row.input)), row.expected);
    }
}

TEST(TimeParse, FindTimeRangeTable) {
    for (const Row& row : kFindTimeRangeCases) {
        SCOPED_TRACE(testing::Message() << "input: \"" << row.input << "\"");
        EXPECT_EQ(Render(row.input, FindTimeRange(row.input)), row.expected);
    }
}

TEST(TimeParse, ParseDayTable) {
    for (const Row& row : kParseDayCases) {
        SCOPED_TRACE(testing::Message() << "input: \"" << row.input << "\"");
        EXPECT_EQ(Render(ParseDay(row.input)), row.expected);
    }
}

}  // namespace
}  // namespace ly::timetable
