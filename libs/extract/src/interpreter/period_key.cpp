// Period numbers resolved through a key of times written elsewhere on the
// page: a grid whose time axis says "1", "2", "P3" or "Lesson 4", and a key
// such as "Period 1 8:45–9:30" or a small table "1 | 8:45-9:30". The grid's
// labels are replaced by the key's times before the grid is read, so the
// grid reader finds an ordinary time header; the key itself gives no blocks.
#include <algorithm>
#include <cctype>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

bool StartsWithWord(std::string_view text, std::string_view word) {
    if (text.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
}

std::string FormatRange(const timetable::TimeRange& range) {
    std::string text = timetable::FormatTime(range.start);
    if (range.end) text += "-" + timetable::FormatTime(*range.end);
    return text;
}

// A key entry's time: a range with its end (a key says when each period
// ends), read as a whole.
std::optional<timetable::TimeRange> KeyTime(std::string_view text) {
    auto range = timetable::ParseTimeRange(text);
    if (!range || !range->end) return std::nullopt;
    return range;
}

}  // namespace

std::optional<int> ParsePeriodLabel(std::string_view text) {
    const std::string collapsed = CollapseSpaces(text);
    std::string_view rest = collapsed;
    while (!rest.empty() && (rest.back() == '.' || rest.back() == ':' || rest.back() == ')')) rest.remove_suffix(1);
    // An optional word saying what is numbered: "Period 3", "P3", "Lesson 4".
    for (std::string_view word : {"period", "lesson", "session", "per.", "per", "pd", "p", "l"}) {
        if (StartsWithWord(rest, word)) {
            rest.remove_prefix(word.size());
            while (!rest.empty() && (rest.front() == ' ' || rest.front() == '.')) rest.remove_prefix(1);
            break;
        }
    }
    std::size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    if (digits == 0 || digits > 2) return std::nullopt;
    const int number = std::stoi(std::string(rest.substr(0, digits)));
    rest.remove_prefix(digits);
    // "1st", "2nd", "3rd", "4th".
    if (rest.size() == 2 && (StartsWithWord(rest, "st") || StartsWithWord(rest, "nd") || StartsWithWord(rest, "rd") ||
                             StartsWithWord(rest, "th"))) {
        rest.remove_prefix(2);
    }
    if (!rest.empty() || number < 0 || number > 20) return std::nullopt;
    return number;
}

PeriodKey FindPeriodKey(const CellGrid& grid) {
    PeriodKey key;
    auto add = [&key](int number, const timetable::TimeRange& range) {
        for (const auto& [n, r] : key.times) {
            if (n == number) return false;  // the first entry for a number stands
        }
        key.times.emplace_back(number, range);
        return true;
    };
    // Lines "Period 1 8:45–9:30", "P1: 8:45 - 9:30", "1 | 8:45-9:30".
    for (std::size_t i = 0; i < grid.loose_lines.size(); ++i) {
        const std::string& text = grid.loose_lines[i].text;
        const auto found = timetable::FindTimeRange(text);
        if (!found || !found->range.end || HasAlnum(text.substr(found->end))) continue;
        std::string label = text.substr(0, found->begin);
        std::erase_if(label, [](char c) { return c == '|' || c == '\t' || c == '-'; });
        const auto number = ParsePeriodLabel(label);
        if (!number) continue;
        if (add(*number, found->range)) key.loose_lines.push_back(i);
    }
    // Small tables whose rows are a label and a time, and nothing else.
    for (std::size_t t = 0; t < grid.tables.size(); ++t) {
        const Table& table = grid.tables[t];
        std::vector<std::pair<int, timetable::TimeRange>> entries;
        bool only_entries = true;
        for (int row = 0; row < table.rows && only_entries; ++row) {
            std::vector<std::string> texts;
            for (const Cell& cell : table.cells) {
                if (cell.row == row && !cell.Empty()) texts.push_back(CollapseSpaces(cell.Text()));
            }
            if (texts.empty()) continue;
            const auto number = texts.size() == 2 ? ParsePeriodLabel(texts[0]) : std::nullopt;
            const auto range = texts.size() == 2 ? KeyTime(texts[1]) : std::nullopt;
            if (!number || !range) {
                // A heading row above the entries ("Period | Time") is allowed;
                // anything else makes it another kind of table.
                only_entries = entries.empty() && !std::any_of(texts.begin(), texts.end(), [](const std::string& x) {
                    return timetable::FindTimeRange(x).has_value();
                });
                continue;
            }
            entries.emplace_back(*number, *range);
        }
        if (!only_entries || entries.size() < 2) continue;
        for (const auto& [number, range] : entries) add(number, range);
        key.tables.push_back(t);
    }
    if (key.times.size() < 2) return {};
    return key;
}

std::optional<Table> ResolvePeriodLabels(const Table& table, const PeriodKey& key) {
    if (key.times.empty()) return std::nullopt;
    auto time_of = [&key](const Cell& cell) -> std::optional<timetable::TimeRange> {
        const auto number = ParsePeriodLabel(cell.Text());
        if (!number) return std::nullopt;
        for (const auto& [n, range] : key.times) {
            if (n == *number) return range;
        }
        return std::nullopt;
    };
    // The row or column holding the most labels the key resolves (at least
    // two) and no times of its own.
    int best_count = 0;
    bool best_is_row = true;
    int best_index = -1;
    for (const bool is_row : {true, false}) {
        const int lines = is_row ? table.rows : table.cols;
        for (int index = 0; index < lines; ++index) {
            int labels = 0, times = 0;
            bool has_time = false;
            for (const Cell& cell : table.cells) {
                if ((is_row ? cell.row : cell.col) != index || cell.Empty()) continue;
                if (time_of(cell)) {
                    ++labels;
                } else if (timetable::FindTimeRange(cell.Text())) {
                    has_time = true;
                    if (timetable::ParseTimeRange(cell.Text())) ++times;
                }
            }
            if (times > 1) return std::nullopt;  // the grid has a time axis of its own
            if (!has_time && labels > best_count) {
                best_count = labels;
                best_is_row = is_row;
                best_index = index;
            }
        }
    }
    if (best_count < 2) return std::nullopt;
    Table resolved = table;
    for (Cell& cell : resolved.cells) {
        if ((best_is_row ? cell.row : cell.col) != best_index) continue;
        const auto range = time_of(cell);
        if (!range) continue;
        TextLine line = cell.lines.front();
        line.text = FormatRange(*range);
        cell.lines = {line};
    }
    return resolved;
}

}  // namespace ly::extract::interpreter
