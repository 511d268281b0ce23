// Reading list timetables: a day heading, then one line per event with its
// time ("09:00 - 09:15  Registration", "Registration 9.00-9.15", "• 9:00
// Maths"), or rows of a CSV ("Monday,09:00,09:15,Registration"). Headings
// may name several days or the whole week; a timeline may put each name on
// the line before its time; furniture after the last list is no block.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

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

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// One day as a heading names it: "Monday", "Mon", also the plural
// "Mondays" (every Monday).
std::optional<DayOfWeek> ParseHeadingDay(const std::string& text) {
    if (auto day = timetable::ParseDay(text)) return day;
    if (text.size() > 4 && (text.back() == 's' || text.back() == 'S')) {
        if (auto day = timetable::ParseDay(text.substr(0, text.size() - 1)); day && text.size() > 5) return day;
    }
    return std::nullopt;
}

// Words that name the whole school week rather than its days.
bool IsWholeWeek(const std::string& text) {
    for (std::string_view phrase : {"every day", "everyday", "daily", "weekdays", "each day", "all week",
                                    "every weekday", "all days", "week days"}) {
        if (EqualsIgnoringCase(text, phrase)) return true;
    }
    return false;
}

// Separators of several days in one heading.
struct DayList {
    std::vector<DayOfWeek> days;
    bool whole_week = false;  // "Weekdays", "Every day": the document's week
    bool empty() const { return days.empty() && !whole_week; }
};

// "Monday", "Monday, Tuesday & Thursday", "Mon - Fri", "Monday to Friday",
// "Sunday to Thursday" (a range wraps round the week), "Mon/Wed/Fri",
// "Mondays and Thursdays", "Friday only", "(Tue, Thu)", "Weekdays".
DayList ParseDayList(std::string text) {
    // Marks around a heading are no part of it: a colon, brackets, or what
    // OCR makes of the rule under it ("Tuesday _", "Friday —").
    text = TrimSeparators(std::move(text));
    while (!text.empty() && (text.back() == '_' || text.back() == '.' || text.back() == ' ' || text.back() == ')' ||
                             text.back() == ']')) {
        text.pop_back();
    }
    while (!text.empty() && (text.front() == '(' || text.front() == '[' || text.front() == ' ')) text.erase(0, 1);
    text = TrimSeparators(std::move(text));
    if (text.size() > 5 && EqualsIgnoringCase(std::string_view(text).substr(text.size() - 5), " only")) {
        text = TrimSeparators(text.substr(0, text.size() - 5));
    }
    if (text.empty()) return {};
    if (auto day = ParseHeadingDay(text)) return {{*day}, false};
    if (IsWholeWeek(CollapseSpaces(text))) return {{}, true};
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
    auto word_at = [&text](std::size_t i, std::string_view word) {
        return i + word.size() + 2 <= text.size() && text[i] == ' ' && text[i + word.size() + 1] == ' ' &&
               EqualsIgnoringCase(std::string_view(text).substr(i + 1, word.size()), word);
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ',' || c == '&' || c == '/' || c == '+' || c == ';') {
            flush(false);
        } else if (c == '-' || text.compare(i, 3, "\xE2\x80\x93") == 0 || text.compare(i, 3, "\xE2\x80\x94") == 0) {
            flush(true);
            if (c != '-') i += 2;
        } else if (word_at(i, "and")) {
            flush(false);
            i += 4;
        } else if (word_at(i, "to") || word_at(i, "till") || word_at(i, "until") || word_at(i, "thru") ||
                   word_at(i, "through")) {
            flush(true);
            i = text.find(' ', i + 1);
        } else {
            current += c;
        }
    }
    flush(false);
    // A part of several day words with only spaces between ("Monday Tuesday",
    // as a CSV reader leaves "Monday, Tuesday") is that many parts.
    std::vector<std::string> split_parts;
    std::vector<bool> split_range;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::vector<std::string> words;
        std::size_t pos = 0;
        while (pos < parts[i].size()) {
            std::size_t next = parts[i].find(' ', pos);
            if (next == std::string::npos) next = parts[i].size();
            words.push_back(parts[i].substr(pos, next - pos));
            pos = next + 1;
        }
        const bool all_days = words.size() > 1 && std::all_of(words.begin(), words.end(), [](const std::string& w) {
                                  return w.size() >= 2 && ParseHeadingDay(w);
                              });
        if (!all_days) words = {parts[i]};
        for (std::size_t w = 0; w < words.size(); ++w) {
            split_parts.push_back(words[w]);
            split_range.push_back(w + 1 == words.size() && range_after[i]);
        }
    }
    if (split_parts.size() < 2) return {};
    std::vector<DayOfWeek> days;
    for (std::size_t i = 0; i < split_parts.size(); ++i) {
        auto day = ParseHeadingDay(split_parts[i]);
        if (!day) return {};
        if (i > 0 && split_range[i - 1] && !days.empty()) {
            for (int d = (static_cast<int>(days.back()) + 1) % 7; d != static_cast<int>(*day); d = (d + 1) % 7) {
                days.push_back(static_cast<DayOfWeek>(d));
            }
        }
        if (std::find(days.begin(), days.end(), *day) == days.end()) days.push_back(*day);
    }
    return {std::move(days), false};
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
    DayList days;
};

// The longest run of words at the end of the line that lists days, after a
// title with no time in it. Words for the whole week ("Morning routine –
// every day") count only after a mark that sets them apart from the title.
std::optional<DayHeading> SplitDayHeading(const std::string& line) {
    if (timetable::FindTimeRange(line)) return std::nullopt;
    std::size_t cut = line.find(' ');
    while (cut != std::string::npos) {
        DayList days = ParseDayList(line.substr(cut + 1));
        if (!days.empty()) {
            std::string title = TrimSeparators(line.substr(0, cut));
            if (!HasAlnum(title)) return std::nullopt;
            const std::size_t before = line.find_last_not_of(' ', cut);
            const bool set_apart = line.compare(cut + 1, 1, "(") == 0 ||
                                   (before != std::string::npos && !std::isalnum(static_cast<unsigned char>(line[before])));
            if (days.whole_week && !set_apart) return std::nullopt;
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

// Byte length of a list marker opening the line, with the space after it: a
// bullet ("•", "▪", "✓", "-", "*") or a number ("1.", "2)"). A number is a
// marker only when what follows cannot be its minutes ("9. 30 Maths").
std::size_t ListMarkerLength(std::string_view line) {
    static constexpr std::string_view kBullets[] = {
        "\xE2\x80\xA2", "\xE2\x97\xA6", "\xE2\x96\xAA", "\xE2\x96\xAB", "\xE2\x97\x8F", "\xE2\x97\x8B",
        "\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x96\xBA", "\xE2\x96\xB6", "\xE2\x9E\xA2", "\xE2\x9E\xA4",
        "\xE2\x9C\x93", "\xE2\x9C\x94", "\xE2\x98\x90", "\xE2\x98\x91", "\xC2\xB7",     "\xE2\x80\x93",
        "\xE2\x80\x94", "-",            "*",            "+",            "o",            ">"};
    const std::size_t begin = line.find_first_not_of(" \t");
    if (begin == std::string_view::npos) return 0;
    line.remove_prefix(begin);
    auto spaces_after = [&line](std::size_t n) -> std::size_t {
        const std::size_t next = line.find_first_not_of(" \t", n);
        return next == std::string_view::npos || next == n ? 0 : next;
    };
    for (std::string_view bullet : kBullets) {
        if (!line.starts_with(bullet)) continue;
        // A symbol bullet may touch its text; a letter or ASCII mark needs a space.
        if (bullet.size() > 1 && bullet != "\xE2\x80\x93" && bullet != "\xE2\x80\x94") {
            const std::size_t n = spaces_after(bullet.size());
            return begin + (n ? n : bullet.size());
        }
        if (const std::size_t n = spaces_after(bullet.size())) return begin + n;
        return 0;
    }
    std::size_t digits = 0;
    while (digits < line.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
    if (digits == 0 || digits > 2 || digits >= line.size() || (line[digits] != '.' && line[digits] != ')')) return 0;
    const std::size_t n = spaces_after(digits + 1);
    if (n == 0) return 0;
    const std::string_view rest = line.substr(n);
    if (rest.size() >= 2 && std::isdigit(static_cast<unsigned char>(rest[0])) &&
        std::isdigit(static_cast<unsigned char>(rest[1])) &&
        (rest.size() == 2 || (!std::isdigit(static_cast<unsigned char>(rest[2])) && rest[2] != ':' && rest[2] != '.'))) {
        return 0;  // "9. 30": minutes, not an item
    }
    return begin + n;
}

// One line of the list as read before blocks are made.
struct Line {
    const ListLine* source = nullptr;
    std::string raw;    // without its list marker
    std::string whole;  // white space collapsed
    std::string body;   // raw without a leading day field
    bool marked = false;
    std::optional<DayList> heading;  // the line names days and nothing else
    std::string heading_title;       // text before the days in the heading
    std::optional<DayList> day_field;
    std::optional<TimedLine> timed;
    std::vector<std::string> rest;  // the event's fields beside its time
    bool time_leading = false;      // the time opens the line
    bool furniture = false;         // page furniture after the lists: no block
    bool name_first = false;        // in its section, a name comes before its time
    bool TimeOnly() const { return timed && rest.empty(); }
    bool NameOnly() const { return !heading && !timed && HasAlnum(whole) && !IsParenthesised(whole); }
};

Line Analyse(const ListLine& source) {
    Line line;
    line.source = &source;
    const std::size_t marker = ListMarkerLength(source.text);
    line.marked = marker > 0;
    line.raw = source.text.substr(marker);
    line.whole = CollapseSpaces(line.raw);
    const std::vector<std::string> fields = SplitFields(line.raw);
    if (fields.empty()) return line;
    if (DayList days = ParseDayList(line.whole); !days.empty()) {
        line.heading = std::move(days);
        return line;
    }
    // A heading that ends with its days: "Daily Schedule— Monday, Tuesday".
    if (auto heading = SplitDayHeading(line.whole)) {
        line.heading = std::move(heading->days);
        line.heading_title = std::move(heading->title);
        return line;
    }
    line.body = line.raw;
    // A leading day field: "Monday\t09:00\t09:15\tMaths" or "Mon 9:00 Maths".
    if (DayList days = ParseDayList(fields[0]); !days.empty() && fields.size() > 1) {
        line.day_field = std::move(days);
        line.body = line.raw.substr(line.raw.find(fields[0]) + fields[0].size());
    }
    line.timed = FindLineTime(line.body);
    if (!line.timed) return line;
    // The event follows its time ("9:00 Maths"), or, with nothing after the
    // time, comes before it ("Maths 9:00"); what precedes a time that has an
    // event after it is a label (a row number, misread or not).
    auto fields_of = [](const std::string& part) {
        std::vector<std::string> kept = SplitFields(part);
        for (std::string& field : kept) field = TrimSeparators(field);
        std::erase_if(kept, [](const std::string& f) { return !HasAlnum(f) || IsRowNumber(f); });
        return kept;
    };
    line.time_leading = fields_of(line.timed->before).empty();
    line.rest = fields_of(line.timed->after);
    if (line.rest.empty()) line.rest = fields_of(line.timed->before);
    return line;
}

// The school week "Weekdays" and "Every day" stand for: Monday to Friday,
// unless the document's days say otherwise (Sunday named without Friday or
// Saturday: Sunday to Thursday; a Saturday or Sunday named beside them).
std::vector<DayOfWeek> WholeWeek(const std::vector<Line>& lines) {
    std::array<bool, 7> named{};
    for (const Line& line : lines) {
        for (const auto& list : {line.heading, line.day_field}) {
            if (!list) continue;
            for (DayOfWeek day : list->days) named[static_cast<std::size_t>(day)] = true;
        }
    }
    const auto is_named = [&named](DayOfWeek day) { return named[static_cast<std::size_t>(day)]; };
    if (is_named(DayOfWeek::kSunday) && !is_named(DayOfWeek::kFriday) && !is_named(DayOfWeek::kSaturday)) {
        return {DayOfWeek::kSunday, DayOfWeek::kMonday, DayOfWeek::kTuesday, DayOfWeek::kWednesday,
                DayOfWeek::kThursday};
    }
    std::vector<DayOfWeek> week = {DayOfWeek::kMonday, DayOfWeek::kTuesday, DayOfWeek::kWednesday,
                                   DayOfWeek::kThursday, DayOfWeek::kFriday};
    if (is_named(DayOfWeek::kSaturday)) week.push_back(DayOfWeek::kSaturday);
    if (is_named(DayOfWeek::kSunday)) week.push_back(DayOfWeek::kSunday);
    return week;
}

// Within each section (the lines under one heading), whether names and
// times on lines of their own pair as name-then-time ("Arrival" /
// "7:50a - 8:10a") rather than time-then-name: the section opens with a name
// and ends with a time.
void MarkNameFirstSections(std::vector<Line>& lines) {
    std::size_t begin = 0;
    while (begin < lines.size()) {
        std::size_t end = begin + 1;
        while (end < lines.size() && !lines[end].heading) ++end;
        const Line* first = nullptr;
        const Line* last = nullptr;
        bool has_time_only = false;
        for (std::size_t i = begin; i < end; ++i) {
            const Line& line = lines[i];
            if (line.furniture || line.heading || !(line.TimeOnly() || line.NameOnly())) continue;
            if (!first) first = &line;
            last = &line;
            has_time_only = has_time_only || line.TimeOnly();
        }
        const bool name_first = has_time_only && first && first->NameOnly() && last->TimeOnly();
        for (std::size_t i = begin; i < end; ++i) lines[i].name_first = name_first;
        begin = end;
    }
}

// How many ways a line's layout differs from a schedule line's: whether
// it is a list item, whether its time opens it, and (when the reader knows)
// its left edge and its height.
int LayoutDifferences(const Line& a, const Line& b) {
    int differences = (a.marked != b.marked ? 1 : 0) + (a.time_leading != b.time_leading ? 1 : 0);
    const Box& x = a.source->box;
    const Box& y = b.source->box;
    if (x.height() > 0 && y.height() > 0) {
        const double height = std::max(x.height(), y.height());
        if (std::abs(x.x0 - y.x0) > height) ++differences;
        if (std::abs(x.height() - y.height()) > 0.3 * height) ++differences;
    }
    return differences;
}

// Written as a sentence rather than a schedule entry: words on both sides
// of the time ("Pick-up from 3:15 at the gate"), or three words or more
// beside it, most of them in lower case ("Office closes at 4pm").
bool SentenceLike(const Line& line) {
    if (!line.timed) return false;
    if (HasLetter(line.timed->before) && HasLetter(line.timed->after)) return true;
    const std::string text = CollapseSpaces(line.timed->before + " " + line.timed->after);
    int words = 0, lower = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ' || (i > 0 && text[i - 1] != ' ')) continue;
        ++words;
        if (std::islower(static_cast<unsigned char>(text[i]))) ++lower;
    }
    return words >= 3 && lower * 2 > words;
}

// Lines after the last day's list that are laid out unlike its schedule
// lines ("Office closes at 4pm" under bulleted items, "Pick-up from 3:15 at
// the gate" under lines that open with their time) are page furniture, not
// blocks. The list's own first timed line sets its layout; at least two
// lines before the furniture must share it, and a furniture line differs
// in two ways, or in one and reads as a sentence (one difference alone may
// be OCR losing a bullet).
void MarkTrailingFurniture(std::vector<Line>& lines) {
    constexpr int kMaxFurnitureTimes = 2;
    std::size_t section = lines.size();
    for (std::size_t i = lines.size(); i-- > 0;) {
        if (lines[i].heading) {
            section = i + 1;
            break;
        }
    }
    if (section >= lines.size()) return;
    const Line* reference = nullptr;
    for (std::size_t i = section; i < lines.size() && !reference; ++i) {
        if (lines[i].timed) reference = &lines[i];
    }
    if (!reference) return;
    std::size_t run = lines.size();
    int timed_in_run = 0;
    while (run > section) {
        const Line& line = lines[run - 1];
        if (line.timed) {
            const int differences = LayoutDifferences(line, *reference);
            if (differences == 0 || (differences == 1 && !SentenceLike(line))) break;
            ++timed_in_run;
        }
        --run;
    }
    const auto alike = std::count_if(lines.begin() + static_cast<std::ptrdiff_t>(section),
                                     lines.begin() + static_cast<std::ptrdiff_t>(run),
                                     [reference](const Line& l) { return l.timed && LayoutDifferences(l, *reference) == 0; });
    if (timed_in_run == 0 || timed_in_run > kMaxFurnitureTimes || alike < 2) return;
    for (std::size_t i = run; i < lines.size(); ++i) lines[i].furniture = true;
}

}  // namespace

ListResult ReadList(const std::vector<ListLine>& list_lines) {
    ListResult result;
    std::vector<Line> lines;
    lines.reserve(list_lines.size());
    for (const ListLine& list_line : list_lines) {
        if (list_line.text.find_first_not_of(" \t") == std::string::npos) continue;
        lines.push_back(Analyse(list_line));
    }
    MarkTrailingFurniture(lines);
    MarkNameFirstSections(lines);
    const std::vector<DayOfWeek> week = WholeWeek(lines);
    const auto days_of = [&week](const DayList& list) { return list.whole_week ? week : list.days; };

    std::vector<DayOfWeek> current_days;
    std::optional<timetable::TimeRange> pending;  // a time line waiting for its name
    double pending_confidence = 1.0;
    bool has_pending_name = false;  // a name line waits for its time (name-first sections)
    std::string pending_name, pending_name_line;
    double pending_name_confidence = 1.0;
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
    auto drop_pending_name = [&] {
        if (has_pending_name) result.unused_lines.push_back(pending_name_line);
        has_pending_name = false;
    };

    for (const Line& line : lines) {
        const double confidence = line.source->confidence;
        if (line.heading) {
            current_days = days_of(*line.heading);
            pending.reset();
            drop_pending_name();
            last_line_blocks = blocks.size();
            if (!line.heading_title.empty()) result.unused_lines.push_back(line.heading_title);
            continue;
        }
        if (line.furniture) {
            drop_pending_name();
            result.unused_lines.push_back(line.whole);
            continue;
        }
        const std::vector<DayOfWeek> line_days = line.day_field ? days_of(*line.day_field) : current_days;
        if (!line.timed) {
            const std::string name = TrimSeparators(CollapseSpaces(line.body));
            // A line in parentheses under an event ("Lunch" then "(Cafeteria)")
            // is that event's note.
            const bool after_event = last_line_blocks < blocks.size() && !pending;
            if (after_event && IsParenthesised(line.whole) && HasAlnum(line.whole) &&
                std::all_of(blocks.begin() + static_cast<long>(last_line_blocks), blocks.end(),
                            [](const DraftBlock& b) { return b.notes.empty(); })) {
                for (std::size_t i = last_line_blocks; i < blocks.size(); ++i) {
                    blocks[i].notes = CollapseSpaces(line.whole.substr(1, line.whole.size() - 2));
                }
                continue;
            }
            if (pending && !line_days.empty() && HasAlnum(name)) {
                emit(line_days, *pending, name, "", std::min(pending_confidence, confidence));
                pending.reset();
            } else if (line.name_first && !line_days.empty() && HasAlnum(name)) {
                drop_pending_name();
                has_pending_name = true;
                pending_name = name;
                pending_name_line = line.whole;
                pending_name_confidence = confidence;
            } else if (!name.empty()) {
                result.unused_lines.push_back(line.whole);
                last_line_blocks = blocks.size();
            }
            continue;
        }
        if (line_days.empty()) {
            result.unused_lines.push_back(line.whole);
            continue;
        }
        if (line.rest.empty()) {
            if (has_pending_name) {
                emit(line_days, line.timed->range, pending_name, "", std::min(pending_name_confidence, confidence));
                has_pending_name = false;
                continue;
            }
            pending = line.timed->range;
            pending_confidence = confidence;
            continue;
        }
        drop_pending_name();
        std::string notes;
        for (std::size_t i = 1; i < line.rest.size(); ++i) notes += (notes.empty() ? "" : " ") + line.rest[i];
        emit(line_days, line.timed->range, line.rest[0], notes, confidence);
        pending.reset();
    }
    drop_pending_name();
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

ListResult ReadListUnderHeading(const std::vector<ListLine>& rows, const Table& table,
                                const std::vector<TextLine>& loose, std::optional<double> above,
                                std::vector<std::size_t>& used) {
    // The last loose line wholly above the table and below what came before.
    std::optional<std::size_t> nearest;
    for (std::size_t i = 0; i < loose.size(); ++i) {
        const Box& box = loose[i].box;
        if (box.height() <= 0 || box.y1 > table.box.y0 || (above && box.y0 < *above)) continue;
        if (!nearest || box.y0 > loose[*nearest].box.y0) nearest = i;
    }
    if (!nearest) return {};
    const Line heading = Analyse(ListLine{loose[*nearest].text});
    if (!heading.heading || heading.heading->whole_week) return {};
    std::vector<ListLine> lines;
    lines.reserve(rows.size() + 1);
    lines.emplace_back(loose[*nearest].text, loose[*nearest].confidence, loose[*nearest].box);
    lines.insert(lines.end(), rows.begin(), rows.end());
    ListResult result = ReadList(lines);
    if (!result.blocks.empty()) used.push_back(*nearest);
    return result;
}

}  // namespace ly::extract::interpreter
