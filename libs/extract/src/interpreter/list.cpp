// Reading list timetables: a day heading, then one line per event with its
// time ("09:00 - 09:15  Registration", "Registration 9.00-9.15"), or rows of
// a CSV ("Monday,09:00,09:15,Registration").
#include <algorithm>
#include <cctype>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

using timetable::DayOfWeek;

std::vector<std::string> SplitFields(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos <= line.size()) {
        std::size_t tab = line.find('\t', pos);
        if (tab == std::string::npos) tab = line.size();
        std::string field = CollapseSpaces(line.substr(pos, tab - pos));
        if (!field.empty()) fields.push_back(std::move(field));
        pos = tab + 1;
    }
    return fields;
}

std::string TrimSeparators(std::string text) {
    auto is_separator = [](unsigned char c) {
        return c == ' ' || c == '\t' || c == '-' || c == ':' || c == '|' || c == '*' || c == ',' || c == ';';
    };
    // Leading and trailing separators, including en/em dashes and bullets (UTF-8).
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        if (is_separator(static_cast<unsigned char>(text.front()))) {
            text.erase(0, 1);
            changed = true;
        } else if (text.rfind("\xE2\x80\x93", 0) == 0 || text.rfind("\xE2\x80\x94", 0) == 0 ||
                   text.rfind("\xE2\x80\xA2", 0) == 0) {
            text.erase(0, 3);
            changed = true;
        }
        if (!text.empty() && is_separator(static_cast<unsigned char>(text.back()))) {
            text.pop_back();
            changed = true;
        } else if (text.size() >= 3 && (text.ends_with("\xE2\x80\x93") || text.ends_with("\xE2\x80\x94"))) {
            text.erase(text.size() - 3);
            changed = true;
        }
    }
    return text;
}

// "Monday", "Monday, Tuesday & Thursday", "Mon - Fri", "Monday to Friday".
std::vector<DayOfWeek> ParseDayList(std::string text) {
    // Marks around a heading are no part of it: a colon, or what OCR makes
    // of the rule under it ("Tuesday _", "Friday —").
    text = TrimSeparators(std::move(text));
    while (!text.empty() && (text.back() == '_' || text.back() == '.' || text.back() == ' ')) text.pop_back();
    if (auto day = timetable::ParseDay(text)) return {*day};
    // Split on separators and words that join days.
    std::vector<std::string> parts;
    std::vector<bool> range_after;  // part i is followed by a range separator
    std::string current;
    auto flush = [&](bool range) {
        std::string part = CollapseSpaces(current);
        current.clear();
        if (part.empty()) return;
        parts.push_back(std::move(part));
        range_after.push_back(range);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ',' || c == '&' || c == '/' || c == '+' || c == ';') {
            flush(false);
        } else if (c == '-' || text.compare(i, 3, "\xE2\x80\x93") == 0 || text.compare(i, 3, "\xE2\x80\x94") == 0) {
            flush(true);
            if (c != '-') i += 2;
        } else if (text.compare(i, 5, " and ") == 0) {
            flush(false);
            i += 4;
        } else if (text.compare(i, 4, " to ") == 0) {
            flush(true);
            i += 3;
        } else {
            current += c;
        }
    }
    flush(false);
    if (parts.size() < 2) return {};
    std::vector<DayOfWeek> days;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        auto day = timetable::ParseDay(parts[i]);
        if (!day) return {};
        if (i > 0 && range_after[i - 1] && !days.empty()) {
            for (int d = static_cast<int>(days.back()) + 1; d < static_cast<int>(*day); ++d) {
                days.push_back(static_cast<DayOfWeek>(d));
            }
        }
        days.push_back(*day);
    }
    return days;
}

// A lone lesson or row number ("1", "12"): a label, never an event's name.
bool IsRowNumber(const std::string& field) {
    return !field.empty() && field.size() <= 2 &&
           std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// At the start of a list line, bare hours are times too ("12-1 Lunch",
// "9 - 10 Maths"), which FindTimeRange does not take from running text.
std::optional<timetable::FoundTime> LeadingBareRange(const std::string& line) {
    std::size_t begin = line.find_first_not_of(" \t");
    if (begin == std::string::npos) return std::nullopt;
    // A table row that starts with its row number ("7\t10-11\tReader's
    // Workshop"): the time is in the next cell. A cell holding only a bare
    // hour there, with the event in a cell after it ("2\t8\tLate Bell"), is
    // that hour on the school-day clock: a second number beside a row
    // number is no count of anything.
    if (const std::size_t tab = line.find('\t', begin);
        tab != std::string::npos && IsRowNumber(CollapseSpaces(line.substr(begin, tab - begin)))) {
        const std::size_t cell = line.find_first_not_of(" \t", tab);
        if (cell == std::string::npos) return std::nullopt;
        begin = cell;
        const std::size_t cell_end = std::min(line.find('\t', cell), line.size());
        const std::string hour_text = CollapseSpaces(line.substr(cell, cell_end - cell));
        if (IsRowNumber(hour_text) && cell_end < line.size() && HasAlnum(line.substr(cell_end))) {
            const int hour = std::stoi(hour_text);
            if (hour < 1 || hour > 12) return std::nullopt;
            const int clock_hour = hour <= 6 ? hour + 12 : hour;  // 7–11 morning, 12 noon, 1–6 afternoon
            return timetable::FoundTime{
                timetable::TimeRange{timetable::TimeOfDay::FromHm(clock_hour, 0), std::nullopt, false}, cell, cell_end};
        }
    }
    // Up to three leading tokens, longest first.
    std::vector<std::size_t> token_ends;
    std::size_t pos = begin;
    while (token_ends.size() < 3 && pos < line.size()) {
        std::size_t end = line.find_first_of(" \t", pos);
        if (end == std::string::npos) end = line.size();
        token_ends.push_back(end);
        pos = line.find_first_not_of(" \t", end);
        if (pos == std::string::npos) break;
    }
    for (auto it = token_ends.rbegin(); it != token_ends.rend(); ++it) {
        if (auto range = timetable::ParseTimeRange(std::string_view(line).substr(begin, *it - begin))) {
            return timetable::FoundTime{*range, begin, *it};
        }
    }
    return std::nullopt;
}

struct DayHeading {
    std::string title;
    std::vector<DayOfWeek> days;
};

// The longest run of words at the end of the line that lists days, after a
// title with no time in it.
std::optional<DayHeading> SplitDayHeading(const std::string& line) {
    if (timetable::FindTimeRange(line)) return std::nullopt;
    std::size_t cut = line.find(' ');
    while (cut != std::string::npos) {
        std::vector<DayOfWeek> days = ParseDayList(line.substr(cut + 1));
        if (!days.empty()) {
            std::string title = TrimSeparators(line.substr(0, cut));
            if (!HasAlnum(title)) return std::nullopt;
            return DayHeading{std::move(title), std::move(days)};
        }
        cut = line.find(' ', cut + 1);
    }
    return std::nullopt;
}

struct TimedLine {
    timetable::TimeRange range;
    std::string before, after;  // the line before and after its time, fields tab-separated
};

// A time at the start or end of the line; in CSV rows, start and end may be
// two fields ("09:00\t09:15\tRegistration").
std::optional<TimedLine> FindLineTime(const std::string& line) {
    auto found = timetable::FindTimeRange(line);
    if (!found) found = LeadingBareRange(line);
    if (!found) return std::nullopt;
    TimedLine timed{found->range, line.substr(0, found->begin), line.substr(found->end)};
    if (!timed.range.end) {
        // An end time in the next field.
        std::string after = line.substr(found->end);
        const std::size_t first = after.find_first_not_of(" \t-");
        if (first != std::string::npos) {
            if (auto next = timetable::FindTimeRange(after.substr(first));
                next && next->begin == 0 && !next->range.end && next->range.start > timed.range.start) {
                timed.range.end = next->range.start;
                timed.after = after.substr(first + next->end);
            }
        }
    }
    return timed;
}

}  // namespace

ListResult ReadList(const std::vector<ListLine>& lines) {
    ListResult result;
    std::vector<DayOfWeek> current_days;
    std::optional<timetable::TimeRange> pending;  // a time line waiting for its name
    double pending_confidence = 1.0;
    std::vector<DraftBlock> blocks;
    std::size_t last_line_blocks = 0;  // blocks[last_line_blocks..] came from the last line with a time

    auto emit = [&](const std::vector<DayOfWeek>& days, const timetable::TimeRange& range, std::string name,
                    std::string notes, double confidence) {
        last_line_blocks = blocks.size();
        for (DayOfWeek day : days) {
            DraftBlock block;
            block.day = day;
            block.start = range.start.minutes;
            if (range.end && range.end->minutes > range.start.minutes) block.end = range.end->minutes;
            block.name = name;
            block.notes = notes;
            block.text_confidence = confidence;
            blocks.push_back(std::move(block));
        }
    };

    for (const ListLine& list_line : lines) {
        const std::string& raw = list_line.text;
        std::vector<std::string> fields = SplitFields(raw);
        if (fields.empty()) continue;
        const std::string whole = CollapseSpaces(raw);
        if (auto days = ParseDayList(whole); !days.empty()) {
            current_days = days;
            pending.reset();
            last_line_blocks = blocks.size();
            continue;
        }
        // A heading that ends with its days: "Daily Schedule— Monday, Tuesday".
        if (auto heading = SplitDayHeading(whole)) {
            current_days = heading->days;
            pending.reset();
            last_line_blocks = blocks.size();
            result.unused_lines.push_back(heading->title);
            continue;
        }
        std::vector<DayOfWeek> line_days = current_days;
        std::string line = raw;
        // A leading day field: "Monday\t09:00\t09:15\tMaths" or "Mon 9:00 Maths".
        if (auto days = ParseDayList(fields[0]); !days.empty() && fields.size() > 1) {
            line_days = days;
            line = raw.substr(raw.find(fields[0]) + fields[0].size());
        }
        auto timed = FindLineTime(line);
        if (!timed) {
            const std::string name = TrimSeparators(CollapseSpaces(line));
            // A line in parentheses under an event ("Lunch" then "(Cafeteria)")
            // is that event's note.
            const bool after_event = last_line_blocks < blocks.size() && !pending;
            if (after_event && IsParenthesised(whole) && HasAlnum(whole) &&
                std::all_of(blocks.begin() + static_cast<long>(last_line_blocks), blocks.end(),
                            [](const DraftBlock& b) { return b.notes.empty(); })) {
                for (std::size_t i = last_line_blocks; i < blocks.size(); ++i) {
                    blocks[i].notes = CollapseSpaces(whole.substr(1, whole.size() - 2));
                }
                continue;
            }
            if (pending && !line_days.empty() && HasAlnum(name)) {
                emit(line_days, *pending, name, "", std::min(pending_confidence, list_line.confidence));
                pending.reset();
            } else if (!name.empty()) {
                result.unused_lines.push_back(whole);
                last_line_blocks = blocks.size();
            }
            continue;
        }
        // The event follows its time ("9:00 Maths"), or, with nothing after
        // the time, comes before it ("Maths 9:00"); what precedes a time
        // that has an event after it is a label (a row number, misread or not).
        auto fields_of = [](const std::string& text) {
            std::vector<std::string> kept = SplitFields(text);
            for (std::string& field : kept) field = TrimSeparators(field);
            std::erase_if(kept, [](const std::string& f) { return !HasAlnum(f) || IsRowNumber(f); });
            return kept;
        };
        std::vector<std::string> rest = fields_of(timed->after);
        if (rest.empty()) rest = fields_of(timed->before);
        if (line_days.empty()) {
            result.unused_lines.push_back(whole);
            continue;
        }
        if (rest.empty()) {
            pending = timed->range;
            pending_confidence = list_line.confidence;
            continue;
        }
        std::string notes;
        for (std::size_t i = 1; i < rest.size(); ++i) notes += (notes.empty() ? "" : " ") + rest[i];
        emit(line_days, timed->range, rest[0], notes, list_line.confidence);
        pending.reset();
    }

    // Start-only lines: in a list of ranges they are instants (a bell); in a
    // list of start times each runs until the next one starts.
    const auto with_end = std::count_if(blocks.begin(), blocks.end(), [](const DraftBlock& b) { return b.end; });
    if (with_end * 2 < static_cast<long>(blocks.size())) {
        for (DraftBlock& block : blocks) {
            if (block.end) continue;
            std::optional<int> next;
            for (const DraftBlock& other : blocks) {
                if (other.day == block.day && other.start > block.start && (!next || other.start < *next)) {
                    next = other.start;
                }
            }
            block.end = next;
        }
    }
    result.blocks = std::move(blocks);
    return result;
}

}  // namespace ly::extract::interpreter
