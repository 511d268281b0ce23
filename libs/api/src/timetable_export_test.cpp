#include "timetable_export.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ly::api {
namespace {

using timetable::DayOfWeek;
using timetable::TimeOfDay;

// Wednesday 2026-11-25 10:00:00 UTC and Saturday 2026-11-28 18:04:05 UTC.
constexpr std::int64_t kCreatedMs = 1795600800000;
constexpr std::int64_t kUpdatedMs = 1795889045000;

storage::StoredBlock Stored(std::string id, std::string day, int start, std::optional<int> end, std::string name,
                            std::string notes = "", double confidence = 1.0) {
    storage::StoredBlock block;
    block.id = std::move(id);
    block.day = std::move(day);
    block.start_minutes = start;
    if (end) block.end_minutes = *end;
    block.name = std::move(name);
    block.notes = std::move(notes);
    block.confidence = confidence;
    return block;
}

storage::StoredTimetable Sample() {
    storage::StoredTimetable stored;
    stored.id = "11111111-1111-4111-8111-111111111111";
    stored.metadata_json = R"({"title":"Year 4, Maple; Autumn","className":"4M","teacher":"Ms Khan"})";
    stored.created_at_ms = kCreatedMs;
    stored.updated_at_ms = kUpdatedMs;
    // Out of order on purpose: exports sort by day, then start.
    stored.blocks = {
        Stored("b3", "tuesday", 9 * 60, 10 * 60, "Maths", "Room 2, bring rulers"),
        Stored("b2", "monday", 10 * 60 + 30, 11 * 60, "Break"),
        Stored("b1", "monday", 8 * 60 + 45, 8 * 60 + 55, "Register"),
        Stored("b4", "friday", 15 * 60 + 30, std::nullopt, "Doors open"),
    };
    return stored;
}

// The lines of an iCalendar text, unfolded (RFC 5545 3.1); fails the test on a line not ended by CRLF.
std::vector<std::string> Unfolded(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = text.find("\r\n", at);
        EXPECT_NE(end, std::string::npos) << "no CRLF after " << text.substr(at);
        if (end == std::string::npos) break;
        const std::string line = text.substr(at, end - at);
        EXPECT_EQ(line.find('\n'), std::string::npos);
        EXPECT_EQ(line.find('\r'), std::string::npos);
        if (!line.empty() && line[0] == ' ' && !lines.empty()) {
            lines.back() += line.substr(1);
        } else {
            lines.push_back(line);
        }
        at = end + 2;
    }
    return lines;
}

std::vector<std::string> LinesStartingWith(const std::vector<std::string>& lines, std::string_view prefix) {
    std::vector<std::string> found;
    for (const auto& line : lines) {
        if (line.starts_with(prefix)) found.push_back(line);
    }
    return found;
}

TEST(TimetableExport, ToExportSortsByDayThenStartAndNamesTheCalendar) {
    auto exported = ToExport(Sample());
    ASSERT_TRUE(exported.ok());
    EXPECT_EQ(exported->name, "Year 4, Maple; Autumn");
    std::vector<std::string> ids;
    for (const auto& block : exported->blocks) ids.push_back(block.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"b1", "b2", "b3", "b4"}));
    EXPECT_EQ(exported->blocks[0].block.day, DayOfWeek::kMonday);
    EXPECT_EQ(exported->blocks[3].block.end, std::nullopt);
}

TEST(TimetableExport, ANameComesFromClassAndTeacherWithoutATitle) {
    storage::StoredTimetable stored = Sample();
    stored.metadata_json = R"({"title":"","className":"4M","teacher":"Ms Khan"})";
    EXPECT_EQ(ToExport(stored)->name, "4M, Ms Khan");
    stored.metadata_json = "{}";
    EXPECT_EQ(ToExport(stored)->name, "");
    EXPECT_EQ(FormatICalendar(*ToExport(stored)).find("X-WR-CALNAME"), std::string::npos);
}

TEST(TimetableExport, AnUnknownStoredDayIsAnInternalError) {
    storage::StoredTimetable stored = Sample();
    stored.blocks.push_back(Stored("b9", "someday", 60, 120, "X"));
    const auto exported = ToExport(stored);
    ASSERT_FALSE(exported.ok());
    EXPECT_EQ(exported.error().code, ErrorCode::kInternal);
}

TEST(TimetableExport, TextIsEscapedAsRfc5545Says) {
    EXPECT_EQ(EscapeICalendarText("a\\b;c,d"), "a\\\\b\\;c\\,d");
    EXPECT_EQ(EscapeICalendarText("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
    EXPECT_EQ(EscapeICalendarText(std::string("tab\there\x01\x7F", 10)), "tab\there  ");
    EXPECT_EQ(EscapeICalendarText("Läsning: ämne"), "Läsning: ämne");  // colons and UTF-8 stay as they are
}

TEST(TimetableExport, LinesAreFoldedAt75OctetsWithoutSplittingUtf8) {
    const std::string ascii(200, 'a');
    const std::string folded = FoldICalendarLine(ascii);
    std::size_t at = 0;
    std::string joined;
    bool first = true;
    while (at < folded.size()) {
        const auto end = folded.find("\r\n", at);
        ASSERT_NE(end, std::string::npos);
        const std::string line = folded.substr(at, end - at);
        EXPECT_LE(line.size(), 75u);
        if (!first) {
            ASSERT_EQ(line[0], ' ');
        }
        joined += first ? line : line.substr(1);
        first = false;
        at = end + 2;
    }
    EXPECT_EQ(joined, ascii);
    EXPECT_EQ(folded.substr(0, 77), std::string(75, 'a') + "\r\n");  // the first line uses all 75 octets

    // "é" is two octets, "€" three, "😀" four: a fold never lands inside one.
    for (const std::string glyph : {"é", "€", "😀"}) {
        const std::string text = "SUMMARY:x" + [&] {
            std::string repeated;
            for (int i = 0; i < 60; ++i) repeated += glyph;
            return repeated;
        }();
        const std::string out = FoldICalendarLine(text);
        std::size_t pos = 0;
        std::string rejoined;
        bool head = true;
        while (pos < out.size()) {
            const auto end = out.find("\r\n", pos);
            ASSERT_NE(end, std::string::npos);
            const std::string line = out.substr(pos, end - pos);
            EXPECT_LE(line.size(), 75u) << glyph;
            const std::string content = head ? line : line.substr(1);
            // Each physical line holds whole characters: its first octet is never a continuation byte.
            ASSERT_FALSE(content.empty());
            EXPECT_NE(static_cast<unsigned char>(content[0]) & 0xC0, 0x80) << glyph;
            rejoined += content;
            head = false;
            pos = end + 2;
        }
        EXPECT_EQ(rejoined, text) << glyph;
    }
    // A short line is one line.
    EXPECT_EQ(FoldICalendarLine("VERSION:2.0"), "VERSION:2.0\r\n");
}

TEST(TimetableExport, ICalendarHasOneWeeklyEventPerBlock) {
    const std::string ics = FormatICalendar(*ToExport(Sample()));
    // Every line ends in CRLF and no physical line is longer than 75 octets.
    std::size_t at = 0;
    while (at < ics.size()) {
        const auto end = ics.find("\r\n", at);
        ASSERT_NE(end, std::string::npos);
        EXPECT_LE(end - at, 75u);
        at = end + 2;
    }
    const auto lines = Unfolded(ics);
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines[1], "VERSION:2.0");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    EXPECT_EQ(LinesStartingWith(lines, "PRODID:").size(), 1u);
    EXPECT_EQ(LinesStartingWith(lines, "CALSCALE:"), (std::vector<std::string>{"CALSCALE:GREGORIAN"}));
    EXPECT_EQ(LinesStartingWith(lines, "X-WR-CALNAME:"),
              (std::vector<std::string>{"X-WR-CALNAME:Year 4\\, Maple\\; Autumn"}));
    EXPECT_EQ(LinesStartingWith(lines, "BEGIN:VEVENT").size(), 4u);
    EXPECT_EQ(LinesStartingWith(lines, "END:VEVENT").size(), 4u);
    EXPECT_EQ(LinesStartingWith(lines, "RRULE:").size(), 4u);
    for (const auto& rule : LinesStartingWith(lines, "RRULE:")) EXPECT_EQ(rule, "RRULE:FREQ=WEEKLY");
    for (const auto& stamp : LinesStartingWith(lines, "DTSTAMP:")) EXPECT_EQ(stamp, "DTSTAMP:20261128T180405Z");

    // In day-then-start order; first dates in the week of creation (Monday 2026-11-23 … Sunday 11-29), as
    // floating local times.
    EXPECT_EQ(LinesStartingWith(lines, "UID:"),
              (std::vector<std::string>{"UID:b1@ly-timetable.invalid", "UID:b2@ly-timetable.invalid",
                                        "UID:b3@ly-timetable.invalid", "UID:b4@ly-timetable.invalid"}));
    EXPECT_EQ(LinesStartingWith(lines, "DTSTART"),
              (std::vector<std::string>{"DTSTART:20261123T084500", "DTSTART:20261123T103000", "DTSTART:20261124T090000",
                                        "DTSTART:20261127T153000"}));
    // The block without an end has no DTEND (an instant in RFC 5545), and no DURATION either.
    EXPECT_EQ(LinesStartingWith(lines, "DTEND"),
              (std::vector<std::string>{"DTEND:20261123T085500", "DTEND:20261123T110000", "DTEND:20261124T100000"}));
    EXPECT_TRUE(LinesStartingWith(lines, "DURATION").empty());
    EXPECT_EQ(LinesStartingWith(lines, "SUMMARY:"),
              (std::vector<std::string>{"SUMMARY:Register", "SUMMARY:Break", "SUMMARY:Maths", "SUMMARY:Doors open"}));
    // Only the block with notes has a description, escaped.
    EXPECT_EQ(LinesStartingWith(lines, "DESCRIPTION:"),
              (std::vector<std::string>{"DESCRIPTION:Room 2\\, bring rulers"}));
}

TEST(TimetableExport, ASundayBlockFallsAtTheEndOfTheWeekOfCreation) {
    storage::StoredTimetable stored = Sample();
    stored.blocks = {Stored("s", "sunday", 18 * 60, 19 * 60, "Choir")};
    const auto lines = Unfolded(FormatICalendar(*ToExport(stored)));
    EXPECT_EQ(LinesStartingWith(lines, "DTSTART"), (std::vector<std::string>{"DTSTART:20261129T180000"}));
    // Created on a Monday at 00:00 UTC: that Monday is the first date.
    stored.created_at_ms = 1795392000000;  // 2026-11-23T00:00:00Z
    stored.blocks = {Stored("m", "monday", 8 * 60, 9 * 60, "Maths")};
    EXPECT_EQ(LinesStartingWith(Unfolded(FormatICalendar(*ToExport(stored))), "DTSTART"),
              (std::vector<std::string>{"DTSTART:20261123T080000"}));
}

TEST(TimetableExport, AnEndNotAfterTheStartIsKeptInTheDescription) {
    storage::StoredTimetable stored = Sample();
    stored.blocks = {Stored("x", "monday", 10 * 60, 9 * 60, "Odd", "Hall")};
    const auto lines = Unfolded(FormatICalendar(*ToExport(stored)));
    EXPECT_TRUE(LinesStartingWith(lines, "DTEND").empty());
    EXPECT_EQ(LinesStartingWith(lines, "DESCRIPTION:"),
              (std::vector<std::string>{"DESCRIPTION:Hall\\nEnds 09:00 as written (not after its start)"}));
}

TEST(TimetableExport, LongMultibyteNamesAreFoldedInTheCalendar) {
    storage::StoredTimetable stored = Sample();
    std::string name;
    for (int i = 0; i < 40; ++i) name += "Ünterricht ";
    stored.blocks = {Stored("x", "monday", 600, 660, name)};
    const std::string ics = FormatICalendar(*ToExport(stored));
    const auto lines = Unfolded(ics);
    EXPECT_EQ(LinesStartingWith(lines, "SUMMARY:"), (std::vector<std::string>{"SUMMARY:" + name}));
    EXPECT_NE(ics.find("\r\n "), std::string::npos);  // it was folded
}

TEST(TimetableExport, CsvFieldsAreQuotedAndGuardedAgainstFormulas) {
    EXPECT_EQ(CsvField("Maths"), "Maths");
    EXPECT_EQ(CsvField(""), "");
    EXPECT_EQ(CsvField("Room 2, Hall"), "\"Room 2, Hall\"");
    EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(CsvField("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(CsvField("=1+2"), "'=1+2");
    EXPECT_EQ(CsvField("+44 20"), "'+44 20");
    EXPECT_EQ(CsvField("-5"), "'-5");
    EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(CsvField("\t=cmd"), "'\t=cmd");
    EXPECT_EQ(CsvField("\r=cmd"), "\"'\r=cmd\"");
    EXPECT_EQ(CsvField("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    EXPECT_EQ(CsvField("a=b"), "a=b");  // only a leading sign is a formula
}

TEST(TimetableExport, CsvHasAHeaderAndOneCrlfRowPerBlockInOrder) {
    storage::StoredTimetable stored = Sample();
    stored.blocks.push_back(Stored("b5", "monday", 12 * 60, 13 * 60, "=cmd|' /C calc'!A0", "", 0.8754));
    const std::string csv = FormatCsv(*ToExport(stored));
    EXPECT_EQ(csv,
              "day,start,end,name,notes,confidence\r\n"
              "monday,08:45,08:55,Register,,1\r\n"
              "monday,10:30,11:00,Break,,1\r\n"
              "monday,12:00,13:00,'=cmd|' /C calc'!A0,,0.875\r\n"
              "tuesday,09:00,10:00,Maths,\"Room 2, bring rulers\",1\r\n"
              "friday,15:30,,Doors open,,1\r\n");
}

TEST(TimetableExport, FilenamesAreSafe) {
    ExportTimetable timetable;
    timetable.name = "Year 4, Maple; Autumn";
    EXPECT_EQ(ExportFilename(timetable, "ics"), "year-4-maple-autumn.ics");
    timetable.name = "../../etc/passwd\"\r\nX-Evil: 1";
    EXPECT_EQ(ExportFilename(timetable, "csv"), "etc-passwd-x-evil-1.csv");
    timetable.name = "Ünterricht — 5ème";
    EXPECT_EQ(ExportFilename(timetable, "csv"), "nterricht-5-me.csv");
    timetable.name = "";
    EXPECT_EQ(ExportFilename(timetable, "ics"), "timetable.ics");
    timetable.name = "«»";
    EXPECT_EQ(ExportFilename(timetable, "ics"), "timetable.ics");
    timetable.name = std::string(100, 'a');
    EXPECT_EQ(ExportFilename(timetable, "ics"), std::string(60, 'a') + ".ics");
}

}  // namespace
}  // namespace ly::api
