// Checks of a finished reading against the page it came from. Block
// confidences say how sure OCR was of the words it kept; these say whether
// the reading as a whole explains the page. Each finding keeps the document
// below the `validated` line, because every one of them was seen on a wrong
// read that would otherwise have been validated: a correct read sent to the
// LLM band costs little, a wrong read validated reaches the teacher's week
// unchecked. What shows something lost (a named day without blocks, a time
// no block uses, a row read as one name) lowers the confidence; what real
// timetables also do (overlapping blocks, a subject named in another's
// notes, text that is no block) only caps it, in the LLM band.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

// A doubt, not a loss: the document goes to the LLM band, not to review.
constexpr double kDoubtCap = 0.95;

using timetable::DayOfWeek;
using timetable::Timeblock;

// Lower-case letters and digits, one space between words: "Reader's
// Workshop" and "readers workshop" fold alike.
std::string Fold(std::string_view text) {
    std::string out;
    bool space = false;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            if (space && !out.empty()) out += ' ';
            space = false;
            out += static_cast<char>(std::tolower(c));
        } else if (c != '\'' && c != 0) {
            space = true;
        }
    }
    return out;
}

std::vector<std::string> Words(std::string_view folded) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < folded.size()) {
        std::size_t end = folded.find(' ', pos);
        if (end == std::string_view::npos) end = folded.size();
        if (end > pos) words.emplace_back(folded.substr(pos, end - pos));
        pos = end + 1;
    }
    return words;
}

// `needle` occurs in `hay` as whole words (both folded).
bool ContainsWords(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return false;
    for (std::size_t pos = hay.find(needle); pos != std::string_view::npos; pos = hay.find(needle, pos + 1)) {
        const bool starts = pos == 0 || hay[pos - 1] == ' ';
        const bool ends = pos + needle.size() == hay.size() || hay[pos + needle.size()] == ' ';
        if (starts && ends) return true;
    }
    return false;
}

std::size_t Letters(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) || c >= 0x80; }));
}

// The days a piece of text names as a heading: the whole text is a day
// ("Wednesday", "W E D", "M"), or every word of it is ("MON TUE WED THU FRI"
// read as one cell, "Monday & Tuesday").
std::vector<DayOfWeek> NamedDays(const std::string& text) {
    if (auto day = timetable::ParseDay(CollapseSpaces(text))) return {*day};
    const std::vector<std::string> words = Words(Fold(text));
    if (words.size() < 2) return {};
    std::vector<DayOfWeek> days;
    for (const std::string& word : words) {
        if (word == "and" || word == "to") continue;
        if (word.size() < 2) return {};  // "M T W" is a row of letters, not a list of days
        auto day = timetable::ParseDay(word);
        if (!day) return {};
        days.push_back(*day);
    }
    return days;
}

// Every piece of text on the page: each cell's text and each loose line.
struct PageText {
    std::string text;
    bool in_table = false;
    std::set<DayOfWeek> table_days;  // the days its table names
};
std::vector<PageText> PageTexts(const CellGrid& grid) {
    std::vector<PageText> texts;
    for (const Table& table : grid.tables) {
        std::set<DayOfWeek> days;
        for (const Cell& cell : table.cells) {
            for (DayOfWeek day : NamedDays(cell.Text())) days.insert(day);
        }
        for (const Cell& cell : table.cells) {
            if (!cell.Empty()) texts.push_back({cell.Text(), true, days});
        }
    }
    for (const TextLine& line : grid.loose_lines) texts.push_back({line.text, false, {}});
    return texts;
}

std::string Capitalised(DayOfWeek day) {
    std::string name(timetable::DayName(day));
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

// A day the page names as a heading has no blocks: its row or column was
// lost, or its blocks were read into another day.
void CheckNamedDays(const std::vector<PageText>& texts, const std::vector<Timeblock>& blocks,
                    ReadingCheck& check) {
    std::set<DayOfWeek> named;
    for (const PageText& text : texts) {
        for (DayOfWeek day : NamedDays(text.text)) named.insert(day);
    }
    std::set<DayOfWeek> with_blocks;
    for (const Timeblock& block : blocks) with_blocks.insert(block.day);
    for (DayOfWeek day : named) {
        if (with_blocks.contains(day)) continue;
        check.score *= 0.8;
        check.findings.push_back(Capitalised(day) + " is named on the page but has no blocks");
    }
}

// Notes that hold another block's name, or a name that holds two others:
// cells of neighbouring days or slots read as one.
void CheckNamesInOtherText(const std::vector<Timeblock>& blocks, ReadingCheck& check) {
    std::set<std::string> names;
    for (const Timeblock& block : blocks) {
        std::string folded = Fold(block.name);
        if (Letters(folded) >= 3) names.insert(std::move(folded));
    }
    int merged = 0;
    std::string example;
    for (const Timeblock& block : blocks) {
        const std::string name = Fold(block.name);
        const std::string notes = Fold(block.notes);
        int others_in_name = 0;
        bool in_notes = false;
        for (const std::string& other : names) {
            if (other == name || ContainsWords(other, name)) continue;
            if (ContainsWords(name, other)) ++others_in_name;
            if (!notes.empty() && ContainsWords(notes, other) && !ContainsWords(name, other)) {
                in_notes = true;
            }
        }
        if (in_notes || others_in_name >= 2) {
            ++merged;
            if (example.empty()) example = block.name + (block.notes.empty() ? "" : " (" + block.notes + ")");
        }
    }
    if (merged == 0) return;
    check.cap = std::min(check.cap, kDoubtCap);
    check.findings.push_back(std::to_string(merged) + " block(s) hold other blocks' names in their name or notes, e.g. '" +
                             example + "'");
}

// A time written on the page that the blocks do not account for: a single
// time no block starts, ends or runs through, a range no day's blocks cover
// (a row of times the reader did not use, a merged "Break" it lost), or a
// line led by a bare hour ("3  Home time", "2 – 3  Outdoor play") whose
// words are in no block. Bare hours are no times to the parser (they are as
// often periods or years), so they are only looked at here.
void CheckUnreadTimes(const std::vector<PageText>& texts, const std::vector<Timeblock>& blocks,
                      ReadingCheck& check) {
    std::map<DayOfWeek, std::vector<bool>> covered;  // minute → some block of the day covers it
    for (const Timeblock& b : blocks) {
        auto& minutes = covered[b.day];
        minutes.resize(24 * 60, false);
        const int end = b.end ? b.end->minutes : b.start.minutes + 1;
        for (int m = b.start.minutes; m < end && m < 24 * 60; ++m) minutes[static_cast<std::size_t>(m)] = true;
    }
    auto point_accounted = [&](int minutes) {
        return std::any_of(blocks.begin(), blocks.end(), [&](const Timeblock& b) {
            if (b.start.minutes == minutes) return true;
            return b.end && b.start.minutes <= minutes && minutes <= b.end->minutes;
        });
    };
    // Whether a day's blocks cover the range whole.
    auto day_covers = [&](DayOfWeek day, int from, int to) {
        const auto it = covered.find(day);
        if (it == covered.end()) return false;
        for (int m = from; m < to; ++m) {
            if (!it->second[static_cast<std::size_t>(m)]) return false;
        }
        return true;
    };
    // A table's header time is a slot of each of the table's days: with
    // three days or more, one day alone filling it is a merged row ("Break")
    // read for one day only; two days are a timetable's own (Story on
    // Monday and Wednesday). A time elsewhere (a list's line) needs one day.
    auto range_accounted = [&](int from, int to, const PageText& where, bool header) {
        long days = 0, of = 0;
        for (const auto& [day, minutes] : covered) {
            if (header && !where.table_days.empty() && !where.table_days.contains(day)) continue;
            ++of;
            days += day_covers(day, from, to) ? 1 : 0;
        }
        return header && of >= 3 ? days >= 2 : days > 0;
    };
    std::set<std::string> names;
    for (const Timeblock& block : blocks) names.insert(Fold(block.name + " " + block.notes));
    auto words_in_a_block = [&](std::string_view words) {
        const std::string folded = Fold(words);
        return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return ContainsWords(n, folded); });
    };

    std::vector<std::string> unread;
    for (const PageText& page_text : texts) {
        const std::string& text = page_text.text;
        const bool header = page_text.in_table && timetable::ParseTimeRange(CollapseSpaces(text)).has_value();
        std::string_view rest = text;
        bool first = true;
        while (!rest.empty()) {
            auto found = timetable::FindTimeRange(rest);
            if (!found) break;
            const int start = found->range.start.minutes;
            const bool ok =
                found->range.end ? range_accounted(start, found->range.end->minutes, page_text, header)
                                 : point_accounted(start);
            if (!ok) unread.push_back(CollapseSpaces(rest.substr(found->begin, found->end - found->begin)));
            rest.remove_prefix(std::max<std::size_t>(found->end, 1));
            first = false;
        }
        // A line led by a bare hour or a range of bare hours, then words.
        if (!first) continue;
        std::string_view line = text;
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        std::size_t i = 0;
        // digits, '.', ':', dashes (en and em dashes are bytes >= 0x80) and spaces
        auto in_lead = [](unsigned char c) {
            return std::isdigit(c) || c == '.' || c == ':' || c == '-' || c == ' ' || c == '\t' || c >= 0x80;
        };
        while (i < line.size() && in_lead(static_cast<unsigned char>(line[i]))) ++i;
        const std::string_view lead = line.substr(0, i), words = line.substr(i);
        if (lead.empty() || !std::isdigit(static_cast<unsigned char>(lead.front())) || Letters(words) < 3) continue;
        const int hour = std::atoi(std::string(lead).c_str());
        if (hour < 1 || hour > 12 || words_in_a_block(words)) continue;
        unread.push_back(CollapseSpaces(line));
    }
    if (unread.empty()) return;
    check.score *= unread.size() >= 3 ? 0.7 : 0.85;
    std::string list;
    for (std::size_t i = 0; i < unread.size() && i < 3; ++i) list += (i ? "', '" : "") + unread[i];
    check.findings.push_back(std::to_string(unread.size()) + " time(s) on the page belong to no block: '" + list + "'");
}

// A name that holds a column separator ("Maths | Art | PE") or says one
// phrase over and over ("Lunch Lunch Lunch"): a row of cells read as one.
void CheckRowsReadAsNames(const std::vector<Timeblock>& blocks, ReadingCheck& check) {
    for (const Timeblock& block : blocks) {
        const bool separated = block.name.find(" | ") != std::string::npos || block.name.find('\t') != std::string::npos;
        const std::vector<std::string> words = Words(Fold(block.name));
        bool repeated = false;
        for (std::size_t period = 1; !repeated && period * 2 <= words.size(); ++period) {
            if (words.size() % period != 0) continue;
            repeated = std::equal(words.begin() + static_cast<std::ptrdiff_t>(period), words.end(), words.begin());
        }
        if (separated || repeated) {
            check.score *= 0.7;
            check.findings.push_back("'" + block.name + "' looks like a row of cells read as one name");
            return;
        }
    }
}

// One cell's text split into name and notes one way on one day and another
// way on another ("Word" + "Work (Phonics)" beside "Word Work (Phonics)"):
// a wrap taken for a note, or a note for part of the name.
void CheckSplitsAgree(const std::vector<Timeblock>& blocks, ReadingCheck& check) {
    std::set<std::string> names;
    for (const Timeblock& block : blocks) names.insert(Fold(block.name));
    for (const Timeblock& block : blocks) {
        if (block.notes.empty()) continue;
        if (names.contains(Fold(block.name + " " + block.notes))) {
            check.cap = std::min(check.cap, kDoubtCap);
            check.findings.push_back("'" + block.name + "' with notes '" + block.notes +
                                     "' is one name elsewhere in the week");
            return;
        }
    }
}

// Blocks of one day that overlap, or a day that runs outside school hours:
// times taken from the wrong column, row or half of the day.
void CheckDays(const std::vector<Timeblock>& blocks, ReadingCheck& check) {
    constexpr int kOverlapMinutes = 5;  // rounding of estimated edges
    constexpr int kEarliest = 6 * 60, kLatest = 20 * 60;
    std::map<DayOfWeek, std::vector<const Timeblock*>> by_day;
    for (const Timeblock& block : blocks) by_day[block.day].push_back(&block);
    for (auto& [day, day_blocks] : by_day) {
        std::sort(day_blocks.begin(), day_blocks.end(),
                  [](const Timeblock* a, const Timeblock* b) { return a->start < b->start; });
        int reach = -1;
        bool overlap = false, outside = false;
        for (const Timeblock* block : day_blocks) {
            const int start = block->start.minutes;
            const int end = block->end ? block->end->minutes : start;
            if (start < kEarliest || end > kLatest) outside = true;
            if (!block->end) continue;
            if (reach - start > kOverlapMinutes) overlap = true;
            reach = std::max(reach, end);
        }
        if (overlap) {
            check.cap = std::min(check.cap, kDoubtCap);
            check.findings.push_back(Capitalised(day) + " has blocks that overlap");
        }
        if (outside) {
            check.score *= 0.8;
            check.findings.push_back(Capitalised(day) + " has blocks outside 06:00–20:00");
        }
    }
}

// Text with letters that no block, note, day, time or metadata value
// accounts for: a row or column the reader did not understand. Titles,
// labels and fine print are ordinary, so only a large share counts.
void CheckUnaccountedText(const std::vector<PageText>& texts, const std::vector<Timeblock>& blocks,
                          const timetable::Metadata& metadata, ReadingCheck& check) {
    std::set<std::string> known;
    auto add = [&](std::string_view text) {
        for (std::string& word : Words(Fold(text))) known.insert(std::move(word));
    };
    for (const Timeblock& block : blocks) {
        add(block.name);
        add(block.notes);
    }
    for (const std::string* value : {&metadata.title, &metadata.school, &metadata.class_name, &metadata.teacher,
                                     &metadata.term, &metadata.week}) {
        add(*value);
    }
    std::size_t total = 0, unknown = 0;
    for (const PageText& text : texts) {
        if (!NamedDays(text.text).empty()) continue;
        for (const std::string& word : Words(Fold(text.text))) {
            const std::size_t letters = Letters(word);
            if (letters < 3 || timetable::ParseDay(word)) continue;
            total += letters;
            if (!known.contains(word)) unknown += letters;
        }
    }
    constexpr double kUsualShare = 0.35;
    constexpr std::size_t kMinLetters = 40;  // a title and a few labels
    if (unknown < kMinLetters || total == 0) return;
    const double share = static_cast<double>(unknown) / static_cast<double>(total);
    if (share <= kUsualShare) return;
    check.cap = std::min(check.cap, kDoubtCap);
    check.findings.push_back(std::to_string(static_cast<int>(share * 100 + 0.5)) +
                             "% of the page's words belong to no block");
}

}  // namespace

ReadingCheck CheckReading(const CellGrid& grid, const std::vector<Timeblock>& blocks,
                          const timetable::Metadata& metadata, int unplaced_cells) {
    ReadingCheck check;
    if (blocks.empty()) return check;
    // Its warning ("no time found for …") is the grid reader's own.
    if (unplaced_cells > 0) check.score *= unplaced_cells >= 3 ? 0.7 : 0.85;
    const std::vector<PageText> texts = PageTexts(grid);
    CheckNamedDays(texts, blocks, check);
    CheckNamesInOtherText(blocks, check);
    CheckUnreadTimes(texts, blocks, check);
    CheckSplitsAgree(blocks, check);
    CheckRowsReadAsNames(blocks, check);
    CheckDays(blocks, check);
    CheckUnaccountedText(texts, blocks, metadata, check);
    return check;
}

}  // namespace ly::extract::interpreter
