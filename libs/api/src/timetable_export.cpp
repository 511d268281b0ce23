#include "timetable_export.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace ly::api {
namespace {

// Events' UIDs are "{blockId}@" this. RFC 5545 suggests a domain name on the right; ".invalid" is reserved
// (RFC 2606), so it never claims someone's domain — the block's UUID makes the UID unique on its own.
constexpr std::string_view kUidDomain = "ly-timetable.invalid";
constexpr std::string_view kProductId = "-//ly//Timetable export//EN";
constexpr std::size_t kMaxLineOctets = 75;  // RFC 5545 3.1, not counting the CRLF
constexpr std::size_t kMaxFilenameChars = 60;

std::string Digits(int value, int width) {
    char text[16];
    std::snprintf(text, sizeof text, "%0*d", width, value);
    return text;
}

// "YYYYMMDD" of a day.
std::string BasicDate(std::chrono::sys_days day) {
    const std::chrono::year_month_day date(day);
    return Digits(static_cast<int>(date.year()), 4) + Digits(static_cast<int>(static_cast<unsigned>(date.month())), 2) +
           Digits(static_cast<int>(static_cast<unsigned>(date.day())), 2);
}

// DATE-TIME in UTC ("YYYYMMDDTHHMMSSZ"), for DTSTAMP.
std::string UtcDateTime(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds(unix_ms)};
    const sys_days day = floor<days>(time);
    const hh_mm_ss<seconds> clock(floor<seconds>(time - day));
    return BasicDate(day) + "T" + Digits(static_cast<int>(clock.hours().count()), 2) +
           Digits(static_cast<int>(clock.minutes().count()), 2) + Digits(static_cast<int>(clock.seconds().count()), 2) +
           "Z";
}

// Floating DATE-TIME ("YYYYMMDDTHHMM00", no "Z", no TZID): a timetable says "Monday 08:45" wherever the
// school is and carries no timezone, so the calendar app shows the time as written in its own zone rather
// than converting from a zone we would have to guess (RFC 5545 3.3.5, form #1).
std::string FloatingDateTime(std::chrono::sys_days day, timetable::TimeOfDay time) {
    return BasicDate(day) + "T" + Digits(time.hour(), 2) + Digits(time.minute(), 2) + "00";
}

// The first occurrence of each weekday: that day in the week (Monday to Sunday, by the UTC date) the
// timetable was created in. Events repeat weekly from there with no end, since a timetable does not say
// when its term ends; an occurrence earlier in that week than the creation only shows the week as it is.
std::chrono::sys_days FirstDate(std::int64_t created_at_ms, timetable::DayOfWeek day) {
    using namespace std::chrono;
    const sys_days created = floor<days>(sys_time<milliseconds>(milliseconds(created_at_ms)));
    const sys_days monday = created - (weekday(created) - Monday);
    return monday + days(static_cast<int>(day));
}

// Octets in the UTF-8 sequence starting at text[i]: its lead byte's length, cut short where the continuation
// bytes end (so malformed text is still walked byte by byte and never split inside a valid sequence).
std::size_t SequenceLength(std::string_view text, std::size_t i) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (lead >= 0xF0 && lead <= 0xF7) {
        length = 4;
    } else if (lead >= 0xE0) {
        length = lead <= 0xEF ? 3 : 1;
    } else if (lead >= 0xC0) {
        length = 2;
    }
    std::size_t n = 1;
    while (n < length && i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    return n;
}

void AddProperty(std::string& out, std::string_view name, std::string_view value) {
    out += FoldICalendarLine(std::string(name) + ":" + std::string(value));
}

std::string CalendarName(const boost::json::value& metadata) {
    const auto text = [&](std::string_view key) -> std::string {
        if (!metadata.is_object()) return "";
        const auto* value = metadata.as_object().if_contains(key);
        if (value == nullptr || !value->is_string()) return "";
        return std::string(value->as_string());
    };
    if (std::string title = text("title"); !title.empty()) return title;
    std::string name;
    for (const std::string& part : {text("className"), text("teacher")}) {
        if (part.empty()) continue;
        if (!name.empty()) name += ", ";
        name += part;
    }
    return name;
}

// Confidence with at most three decimals and no trailing zeros ("1", "0.95", "0.875"), as in the JSON.
std::string Confidence(double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value, std::chars_format::fixed, 3);
    std::string out(text, result.ptr);
    while (out.find('.') != std::string::npos && (out.back() == '0' || out.back() == '.')) {
        const bool was_point = out.back() == '.';
        out.pop_back();
        if (was_point) break;
    }
    return out == "-0" ? "0" : out;
}

}  // namespace

Result<ExportTimetable> ToExport(const storage::StoredTimetable& stored) {
    ExportTimetable out;
    boost::system::error_code ec;
    const boost::json::value metadata = boost::json::parse(stored.metadata_json, ec);
    if (!ec) out.name = CalendarName(metadata);
    out.created_at_ms = stored.created_at_ms;
    out.updated_at_ms = stored.updated_at_ms;
    for (const auto& block : stored.blocks) {
        const auto day = timetable::DayFromName(block.day);
        if (!day) return MakeError(ErrorCode::kInternal, "stored block " + block.id + " has no day of the week");
        timetable::Timeblock typed{.day = *day,
                                   .start = {static_cast<int>(block.start_minutes)},
                                   .end = std::nullopt,
                                   .name = block.name,
                                   .notes = block.notes,
                                   .confidence = block.confidence};
        if (block.end_minutes) typed.end = timetable::TimeOfDay{static_cast<int>(*block.end_minutes)};
        out.blocks.push_back(ExportBlock{block.id, std::move(typed)});
    }
    std::stable_sort(out.blocks.begin(), out.blocks.end(), [](const ExportBlock& a, const ExportBlock& b) {
        return timetable::BlockBefore(a.block, b.block);
    });
    return out;
}

std::string EscapeICalendarText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ';' || c == ',') {
            out += '\\';
            out += c;
        } else if (c == '\r' || c == '\n') {
            out += "\\n";
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;  // CRLF is one break
        } else if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) {
            // TEXT may hold no other control character (RFC 5545 3.3.11); a space keeps the words apart.
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string FoldICalendarLine(std::string_view line) {
    std::string out;
    std::size_t line_octets = 0;
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t length = SequenceLength(line, i);
        if (line_octets + length > kMaxLineOctets) {
            out += "\r\n ";  // the leading space of a continuation line counts towards its 75 octets
            line_octets = 1;
        }
        out.append(line.substr(i, length));
        line_octets += length;
        i += length;
    }
    out += "\r\n";
    return out;
}

std::string FormatICalendar(const ExportTimetable& timetable) {
    std::string out;
    AddProperty(out, "BEGIN", "VCALENDAR");
    AddProperty(out, "VERSION", "2.0");
    AddProperty(out, "PRODID", kProductId);
    AddProperty(out, "CALSCALE", "GREGORIAN");
    if (!timetable.name.empty()) AddProperty(out, "X-WR-CALNAME", EscapeICalendarText(timetable.name));
    // Without a METHOD, DTSTAMP is when the event's information was last revised in the store (RFC 5545
    // 3.8.7.2): the timetable's updated time, so the same timetable exports the same bytes.
    const std::string stamp = UtcDateTime(timetable.updated_at_ms);
    for (const auto& [id, block] : timetable.blocks) {
        const auto date = FirstDate(timetable.created_at_ms, block.day);
        AddProperty(out, "BEGIN", "VEVENT");
        AddProperty(out, "UID", id + "@" + std::string(kUidDomain));
        AddProperty(out, "DTSTAMP", stamp);
        AddProperty(out, "DTSTART", FloatingDateTime(date, block.start));
        // A block without an end ("08:35 Doors open") gets no DTEND and no DURATION: RFC 5545 3.6.1 defines
        // such an event as ending when it starts, which calendar apps show as a moment at its start time —
        // what the document says; a made-up length would not be. DTEND must be after DTSTART, so an end the
        // document wrote at or before the start (validation warned of it) is exported the same way, with the
        // written end kept in the description rather than dropped.
        std::string description = block.notes;
        if (block.end && *block.end > block.start) {
            AddProperty(out, "DTEND", FloatingDateTime(date, *block.end));
        } else if (block.end) {
            if (!description.empty()) description += "\n";
            description += "Ends " + timetable::FormatTime(*block.end) + " as written (not after its start)";
        }
        AddProperty(out, "RRULE", "FREQ=WEEKLY");
        AddProperty(out, "SUMMARY", EscapeICalendarText(block.name));
        if (!description.empty()) AddProperty(out, "DESCRIPTION", EscapeICalendarText(description));
        AddProperty(out, "END", "VEVENT");
    }
    AddProperty(out, "END", "VCALENDAR");
    return out;
}

std::string CsvField(std::string_view text) {
    std::string field(text);
    // A spreadsheet runs a cell starting with = + - @ (or a tab or CR before one) as a formula; a leading
    // apostrophe makes it text (OWASP "CSV injection"). The apostrophe is visible to other readers.
    if (!field.empty() && std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos) {
        field.insert(field.begin(), '\'');
    }
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

std::string FormatCsv(const ExportTimetable& timetable) {
    std::string out = "day,start,end,name,notes,confidence\r\n";
    for (const auto& [id, block] : timetable.blocks) {
        out += CsvField(timetable::DayName(block.day)) + ",";
        out += timetable::FormatTime(block.start) + ",";
        out += (block.end ? timetable::FormatTime(*block.end) : std::string()) + ",";
        out += CsvField(block.name) + ",";
        out += CsvField(block.notes) + ",";
        out += Confidence(block.confidence) + "\r\n";
    }
    return out;
}

std::string ExportFilename(const ExportTimetable& timetable, std::string_view extension) {
    std::string base;
    for (const char c : timetable.name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80 && std::isalnum(byte)) {
            if (base.size() >= kMaxFilenameChars) break;
            base += static_cast<char>(std::tolower(byte));
        } else if (!base.empty() && base.back() != '-') {
            base += '-';
        }
    }
    while (!base.empty() && base.back() == '-') base.pop_back();
    if (base.empty()) base = "timetable";
    return base + "." + std::string(extension);
}

}  // namespace ly::api
