// Reading a table with days along one axis and times along the other.
//
// The table is turned, if needed, so that days label rows and times label
// columns. Each body cell then gets its days from the day rows it covers and
// its times from where its left and right edges fall on the time header: an
// edge on a header column's edge takes that column's time exactly; an edge
// inside a column is estimated from its position and rounded to 5 minutes.
// A time written inside the cell wins over both.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

using timetable::DayOfWeek;

Table Transposed(const Table& table) {
    Table out;
    out.rows = table.cols;
    out.cols = table.rows;
    out.row_edges = table.col_edges;
    out.col_edges = table.row_edges;
    out.box = Box{table.box.y0, table.box.x0, table.box.y1, table.box.x1};
    out.page = table.page;
    out.cells.reserve(table.cells.size());
    for (const Cell& cell : table.cells) {
        Cell turned = cell;
        turned.row = cell.col;
        turned.col = cell.row;
        turned.row_span = cell.col_span;
        turned.col_span = cell.row_span;
        turned.box = Box{cell.box.y0, cell.box.x0, cell.box.y1, cell.box.x1};
        out.cells.push_back(std::move(turned));
    }
    return out;
}

struct DayRow {
    int row_lo = 0, row_hi = 0;  // [lo, hi) of the table's rows
    DayOfWeek day = DayOfWeek::kMonday;
    int label_cell = -1;
};

struct DayAxis {
    int label_col = -1;
    std::vector<DayRow> days;
    int distinct = 0;
};

std::vector<std::string> NonBlankLines(const std::string& text);

// One letter of a word spelled letter by letter, as OCR reads it: with a
// speck beside it ("E.") or repeated in either case ("Ss", "Cc", "WwW": a
// large letter read two or three times).
std::optional<char> SingleLetter(const std::string& text) {
    const std::string letters = AlnumOnly(text);
    if (letters.empty() || letters.size() > 3 || !std::isalpha(static_cast<unsigned char>(letters[0]))) {
        return std::nullopt;
    }
    const auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    if (!std::all_of(letters.begin(), letters.end(), [&](char c) { return lower(c) == lower(letters[0]); })) {
        return std::nullopt;
    }
    return letters[0];
}

// A cell's day: its text, or a day spelled one letter per line ("T\nU\nE\nS").
std::optional<DayOfWeek> DayOfCell(const Cell& cell) {
    const std::string text = cell.Text();
    if (auto day = timetable::ParseDay(text)) return day;
    const auto lines = NonBlankLines(text);
    if (lines.size() < 3) return std::nullopt;
    std::string word;
    for (const std::string& line : lines) {
        const auto letter = SingleLetter(line);
        if (!letter) return std::nullopt;
        word += *letter;
    }
    return timetable::ParseDay(word);
}

// A day label OCR garbled ("Monc", "Wer") where the read labels leave one
// weekday out: a label cell before the first day, between two days a day
// apart, or after the last, whose text begins with the missing day's first
// two letters, is that day. `distinct` stays the count of days read.
void FillDayGaps(const Table& table, DayAxis& axis) {
    if (axis.distinct < 2) return;
    const std::size_t read = axis.days.size();
    for (std::size_t k = 0; k <= read; ++k) {
        const DayRow* prev = k > 0 ? &axis.days[k - 1] : nullptr;
        const DayRow* next = k < read ? &axis.days[k] : nullptr;
        const int prev_day = prev ? static_cast<int>(prev->day) : -1;
        const int next_day = next ? static_cast<int>(next->day) : -1;
        int want = -1;
        if (prev && next && next_day == prev_day + 2) want = prev_day + 1;
        if (!prev && next_day > 0) want = next_day - 1;
        if (!next && prev_day >= 0 && prev_day < static_cast<int>(DayOfWeek::kSunday)) want = prev_day + 1;
        if (want < 0) continue;
        const auto day = static_cast<DayOfWeek>(want);
        const std::string prefix(timetable::DayName(day).substr(0, 2));
        int found = -1, candidates = 0;
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const Cell& cell = table.cells[i];
            if (cell.col != axis.label_col || (prev && cell.row < prev->row_hi) ||
                (next && cell.row + cell.row_span > next->row_lo)) {
                continue;
            }
            std::string letters = AlnumOnly(cell.Text());
            if (letters.size() < 3) continue;
            std::transform(letters.begin(), letters.end(), letters.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (letters.starts_with(prefix)) {
                found = static_cast<int>(i);
                ++candidates;
            }
        }
        if (candidates != 1) continue;
        const Cell& cell = table.cells[static_cast<std::size_t>(found)];
        axis.days.push_back({cell.row, cell.row + cell.row_span, day, found});
    }
    std::sort(axis.days.begin(), axis.days.end(), [](const DayRow& a, const DayRow& b) { return a.row_lo < b.row_lo; });
}

// The column whose cells name the most distinct days.
DayAxis FindDayColumn(const Table& table) {
    DayAxis best;
    for (int col = 0; col < table.cols; ++col) {
        DayAxis axis;
        axis.label_col = col;
        std::set<DayOfWeek> seen;
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const Cell& cell = table.cells[i];
            if (cell.col != col) continue;
            auto day = DayOfCell(cell);
            if (!day) continue;
            axis.days.push_back({cell.row, cell.row + cell.row_span, *day, static_cast<int>(i)});
            seen.insert(*day);
        }
        axis.distinct = static_cast<int>(seen.size());
        if (axis.distinct > best.distinct) best = std::move(axis);
    }
    std::sort(best.days.begin(), best.days.end(), [](const DayRow& a, const DayRow& b) { return a.row_lo < b.row_lo; });
    FillDayGaps(table, best);
    return best;
}

struct HeaderTime {
    int col_lo = 0, col_hi = 0;
    int start = 0;
    std::optional<int> end;
    int cell = -1;
    bool doubtful = false;  // digits left over beside the time: a digit may be misread
};

bool InDayRows(const DayAxis& axis, int row_lo, int row_hi) {
    return std::any_of(axis.days.begin(), axis.days.end(),
                       [&](const DayRow& d) { return row_lo < d.row_hi && d.row_lo < row_hi; });
}

// A header cell's time: the whole text, or a time with a short label beside
// it ("9 – 9.30\nRWI", "8:35 – 8.50\nam" split over lines by OCR). A label
// with digits ("$:35-" beside "8:45") is part of a time OCR misread: the
// time is taken, but marked doubtful.
// The non-blank lines of a cell's text, trimmed.
std::vector<std::string> NonBlankLines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t next = std::min(text.find('\n', pos), text.size());
        std::string line = CollapseSpaces(text.substr(pos, next - pos));
        if (!line.empty()) lines.push_back(std::move(line));
        pos = next + 1;
    }
    return lines;
}

std::optional<timetable::TimeRange> HeaderTimeOf(const std::string& text, bool* doubtful = nullptr) {
    if (auto range = timetable::ParseTimeRange(text)) return range;
    // A range wrapped over lines in a narrow column ("10:25\nAM -\n10:40\nAM"):
    // the line breaks are spaces.
    if (auto range = timetable::ParseTimeRange(CollapseSpaces(text)); range && range->end) return range;
    // A split header: the start on one line, the end under it, no dash
    // ("9\n10.15", "10.50\n12", "3\n3.10"). Read as "start – end", so a
    // bare hour beside a real time is an hour, as in a written range; two
    // bare hours ("1\n2") stay for AddBareHours, which checks the neighbours.
    if (const auto lines = NonBlankLines(text); lines.size() == 2) {
        if (auto range = timetable::ParseTimeRange(lines[0] + " - " + lines[1]); range && range->end) return range;
    }
    auto found = timetable::FindTimeRange(text);
    if (!found) return std::nullopt;
    // Two times stacked in a narrow header ("8:35\n–\n8:45") whose dash OCR
    // dropped as a speck: the second is the end, not a label.
    if (!found->range.end) {
        const std::string rest = CollapseSpaces(text.substr(found->end));
        if (auto second = timetable::ParseTimeRange(rest); second && !second->end &&
                                                           second->start.minutes > found->range.start.minutes &&
                                                           !HasAlnum(text.substr(0, found->begin))) {
            return timetable::TimeRange{found->range.start, second->start, found->range.has_meridiem};
        }
    }
    const std::string rest = CollapseSpaces(text.substr(0, found->begin) + " " + text.substr(found->end));
    constexpr std::size_t kMaxLabel = 12;
    if (rest.size() > kMaxLabel || std::count(rest.begin(), rest.end(), ' ') > 1) return std::nullopt;
    if (doubtful != nullptr) {
        *doubtful = std::any_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    }
    return found->range;
}

// On a time axis, a bare "9" or "10" between "8.45" and "10.20" is an
// hour: alone it would be a lesson number, so it is taken only where it
// falls, on the school-day clock, strictly between its neighbours.
// A split header's two bare hours stacked ("1\n2", "12\n1") are that
// hour to the next, taken likewise only where both fit between neighbours.
std::optional<int> BareHour(const std::string& text) {
    if (text.empty() || text.size() > 2 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const int hour = std::stoi(text);
    if (hour < 1 || hour > 12) return std::nullopt;
    return (hour <= 6 ? hour + 12 : hour) * 60;  // 7–11 morning, 12 noon, 1–6 afternoon
}

void AddBareHours(const Table& table, int header_row, std::vector<HeaderTime>& headers) {
    if (header_row < 0 || headers.size() < 2) return;
    std::vector<HeaderTime> added;
    for (std::size_t i = 0; i < table.cells.size(); ++i) {
        const Cell& cell = table.cells[i];
        if (cell.row != header_row) continue;
        const auto lines = NonBlankLines(cell.Text());
        if (lines.empty() || lines.size() > 2) continue;
        const auto minutes = BareHour(lines[0]);
        if (!minutes) continue;
        std::optional<int> end;
        if (lines.size() == 2) {
            end = BareHour(lines[1]);
            if (!end || *end <= *minutes) continue;
        }
        const HeaderTime* before = nullptr;
        const HeaderTime* after = nullptr;
        for (const HeaderTime& h : headers) {
            if (h.col_lo < cell.col) before = &h;
            if (h.col_lo > cell.col && !after) after = &h;
        }
        if ((before && before->start >= *minutes) || (after && after->start < end.value_or(*minutes + 1)) ||
            (!before && !after)) {
            continue;
        }
        added.push_back(HeaderTime{cell.col, cell.col + cell.col_span, *minutes, end, static_cast<int>(i)});
    }
    headers.insert(headers.end(), added.begin(), added.end());
    std::sort(headers.begin(), headers.end(),
              [](const HeaderTime& a, const HeaderTime& b) { return a.col_lo < b.col_lo; });
}

// The row outside the day rows whose cells hold the most times.
std::vector<HeaderTime> FindTimeHeader(const Table& table, const DayAxis& axis, int& header_row) {
    std::vector<HeaderTime> best;
    header_row = -1;
    for (int row = 0; row < table.rows; ++row) {
        if (InDayRows(axis, row, row + 1)) continue;
        std::vector<HeaderTime> found;
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const Cell& cell = table.cells[i];
            if (cell.row != row || cell.col <= axis.label_col) continue;
            bool doubtful = false;
            auto range = HeaderTimeOf(cell.Text(), &doubtful);
            if (!range) continue;
            HeaderTime header{cell.col,     cell.col + cell.col_span, range->start.minutes,
                              std::nullopt, static_cast<int>(i),      doubtful};
            if (range->end) header.end = range->end->minutes;
            found.push_back(header);
        }
        if (found.size() > best.size()) {
            best = std::move(found);
            header_row = row;
        }
    }
    std::sort(best.begin(), best.end(), [](const HeaderTime& a, const HeaderTime& b) { return a.col_lo < b.col_lo; });
    AddBareHours(table, header_row, best);
    // A start-only header ends where the next one starts (TRUTH.md rule 4).
    for (std::size_t i = 0; i + 1 < best.size(); ++i) {
        if (!best[i].end && best[i + 1].start > best[i].start) best[i].end = best[i + 1].start;
    }
    return best;
}

// Maps a column edge (an index into col_edges) to a time. Knots sit on the
// edges of header columns; between knots, time is interpolated by x.
class TimeScale {
  public:
    TimeScale(const Table& table, const std::vector<HeaderTime>& headers) : edges_(table.col_edges) {
        for (const HeaderTime& h : headers) {
            starts_.emplace(h.col_lo, h.start);
            if (h.end) ends_.emplace(h.col_hi, *h.end);
            if (h.doubtful) {
                doubtful_starts_.insert(h.col_lo);
                doubtful_ends_.insert(h.col_hi);
            }
        }
    }

    struct Time {
        int minutes = 0;
        bool exact = true;
    };

    std::optional<Time> Start(int edge) const { return At(edge, starts_, doubtful_starts_, ends_, doubtful_ends_); }
    std::optional<Time> End(int edge) const { return At(edge, ends_, doubtful_ends_, starts_, doubtful_starts_); }

    bool Empty() const { return starts_.empty(); }
    int FirstEdge() const { return starts_.begin()->first; }

  private:
    std::optional<Time> At(int edge, const std::map<int, int>& preferred, const std::set<int>& preferred_doubtful,
                           const std::map<int, int>& other, const std::set<int>& other_doubtful) const {
        if (auto it = preferred.find(edge); it != preferred.end()) {
            return Time{it->second, !preferred_doubtful.contains(edge)};
        }
        if (auto it = other.find(edge); it != other.end()) return Time{it->second, !other_doubtful.contains(edge)};
        // Nearest knots either side: on the left, the time that carries on
        // rightwards (a start); on the right, the time reached (an end).
        std::optional<std::pair<int, int>> left, right;
        for (const auto* knots : {&starts_, &ends_}) {
            for (const auto& [knot_edge, minutes] : *knots) {
                if (knot_edge < edge &&
                    (!left || knot_edge > left->first || (knot_edge == left->first && knots == &starts_))) {
                    left = std::pair{knot_edge, minutes};
                }
                if (knot_edge > edge &&
                    (!right || knot_edge < right->first || (knot_edge == right->first && knots == &ends_))) {
                    right = std::pair{knot_edge, minutes};
                }
            }
        }
        if (!left || !right) return std::nullopt;
        const double x = Edge(edge), x0 = Edge(left->first), x1 = Edge(right->first);
        if (x1 <= x0) return std::nullopt;
        const double minutes = left->second + (x - x0) / (x1 - x0) * (right->second - left->second);
        return Time{static_cast<int>(std::lround(minutes / 5.0)) * 5, false};
    }

    double Edge(int index) const {
        if (edges_.empty()) return index;
        return edges_[static_cast<std::size_t>(std::clamp(index, 0, static_cast<int>(edges_.size()) - 1))];
    }

    std::vector<double> edges_;
    std::map<int, int> starts_;  // edge index → minutes
    std::map<int, int> ends_;
    std::set<int> doubtful_starts_, doubtful_ends_;  // edges of headers whose time may be misread
};

// The lines of a cell with the byte range [begin, end) of its joined text
// (lines joined by '\n') cut out.
std::vector<TextLine> CutText(const std::vector<TextLine>& lines, std::size_t begin, std::size_t end) {
    std::vector<TextLine> out;
    std::size_t offset = 0;
    for (const TextLine& line : lines) {
        const std::size_t line_begin = offset, line_end = offset + line.text.size();
        TextLine cut = line;
        const std::size_t lo = std::clamp(begin, line_begin, line_end), hi = std::clamp(end, line_begin, line_end);
        if (lo < hi) cut.text = line.text.substr(0, lo - line_begin) + " " + line.text.substr(hi - line_begin);
        out.push_back(std::move(cut));
        offset = line_end + 1;
    }
    return out;
}

// Where an in-cell time ends when its am/pm wrapped onto the next line
// ("10:40 AM\n- 10:55\nAM\nTTRS"): the am/pm is the time's, not the
// name's. `range` takes the time read with it.
std::size_t AfterWrappedMeridiem(const std::string& text, const timetable::FoundTime& found,
                                 timetable::TimeRange& range) {
    std::size_t pos = found.end;
    while (pos < text.size() && std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    std::size_t word_end = pos;
    while (word_end < text.size() && !std::isspace(static_cast<unsigned char>(text[word_end]))) ++word_end;
    std::string word;
    for (std::size_t i = pos; i < word_end; ++i) {
        if (text[i] != '.') word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    }
    if (word != "am" && word != "pm") return found.end;
    auto with = timetable::ParseTimeRange(CollapseSpaces(text.substr(found.begin, word_end - found.begin)));
    if (!with || with->end.has_value() != range.end.has_value()) return found.end;
    range = *with;
    return word_end;
}

// Body text that is not an event: a lone period number or a time label.
bool IsLabelOnly(const std::string& text) {
    const std::string alnum = AlnumOnly(text);
    if (alnum.empty()) return true;
    if (std::all_of(alnum.begin(), alnum.end(), [](char c) { return c >= '0' && c <= '9'; }) && alnum.size() <= 2) {
        return true;
    }
    return timetable::ParseTimeRange(text).has_value();
}

std::vector<DayOfWeek> DaysCovered(const DayAxis& axis, int row_lo, int row_hi) {
    std::vector<DayOfWeek> days;
    for (const DayRow& d : axis.days) {
        if (row_lo < d.row_hi && d.row_lo < row_hi && std::find(days.begin(), days.end(), d.day) == days.end()) {
            days.push_back(d.day);
        }
    }
    return days;
}

// Moves an estimated edge onto an exact neighbour: two cells side by side in
// a day row meet at the same time.
void SnapNeighbours(std::vector<DraftBlock>& blocks) {
    constexpr int kMaxSnapMinutes = 15;
    for (DraftBlock& a : blocks) {
        for (const DraftBlock& b : blocks) {
            if (&a == &b || a.day != b.day || a.time_hi != b.time_lo || a.time_hi < 0) continue;
            if (a.end && !a.end_exact && b.start_exact && std::abs(*a.end - b.start) <= kMaxSnapMinutes) {
                a.end = b.start;
                a.end_exact = true;
            }
        }
    }
    for (DraftBlock& b : blocks) {
        for (const DraftBlock& a : blocks) {
            if (&a == &b || a.day != b.day || a.time_hi != b.time_lo || a.time_hi < 0) continue;
            if (!b.start_exact && a.end && a.end_exact && std::abs(b.start - *a.end) <= kMaxSnapMinutes) {
                b.start = *a.end;
                b.start_exact = true;
            }
        }
    }
}

// `turned`: the table was transposed, so cell boxes have x and y swapped.
TableResult ReadOriented(const Table& table, const DayAxis& axis, bool turned) {
    TableResult result;
    int header_row = -1;
    const std::vector<HeaderTime> headers = FindTimeHeader(table, axis, header_row);
    const TimeScale scale(table, headers);

    std::set<int> used;  // cells that are labels, headers or already read
    for (const DayRow& d : axis.days) used.insert(d.label_cell);
    for (const HeaderTime& h : headers) used.insert(h.cell);

    // Body cells: right of the day labels, within the day rows.
    std::vector<int> body;
    std::map<int, std::vector<int>> off_axis;  // row outside the day rows → its cells of activities
    for (std::size_t i = 0; i < table.cells.size(); ++i) {
        const Cell& cell = table.cells[i];
        if (used.count(static_cast<int>(i))) continue;
        if (cell.col + cell.col_span <= axis.label_col + 1 || !InDayRows(axis, cell.row, cell.row + cell.row_span)) {
            if (cell.col > axis.label_col && cell.row_span == 1 && cell.row != header_row && HasLetter(cell.Text()) &&
                !IsLabelOnly(cell.Text())) {
                off_axis[cell.row].push_back(static_cast<int>(i));
            } else if (!cell.Empty()) {
                result.other_text.push_back(CollapseSpaces(cell.Text()));
            }
            continue;
        }
        body.push_back(static_cast<int>(i));
    }
    // A row of activities outside the day rows (a "Daily routine" row) is
    // common to every day; three cells at least make it a routine rather
    // than a title. Text of the rows on the page only.
    // The days' own rows under a routine are mostly blank (they add to it
    // here and there); under a header or title row of a full grid, they are not.
    auto days_mostly_blank = [&] {
        int blank = 0, all = 0;
        for (int i : body) {
            ++all;
            blank += HasAlnum(table.cells[static_cast<std::size_t>(i)].Text()) ? 0 : 1;
        }
        return all > 0 && 2 * blank >= all;
    };
    std::vector<int> routine;
    for (auto& [row, cells] : off_axis) {
        if (cells.size() >= 3 && axis.days.size() >= 2 && days_mostly_blank()) {
            routine.insert(routine.end(), cells.begin(), cells.end());
        } else {
            for (int i : cells) result.other_text.push_back(CollapseSpaces(table.cells[static_cast<std::size_t>(i)].Text()));
        }
    }

    auto add_blocks = [&](const std::vector<DayOfWeek>& days, int col_lo, int col_hi, std::string name,
                          std::string notes, const std::optional<timetable::TimeRange>& in_cell, bool in_cell_has_end,
                          double text_confidence) {
        std::optional<TimeScale::Time> start, end;
        if (in_cell) start = TimeScale::Time{in_cell->start.minutes, true};
        if (!start) start = scale.Start(col_lo);
        if (in_cell_has_end) end = TimeScale::Time{in_cell->end->minutes, true};
        if (!end) end = scale.End(col_hi);
        if (!start) return false;  // nothing on the time axis says when
        for (DayOfWeek day : days) {
            DraftBlock block;
            block.day = day;
            block.start = start->minutes;
            block.start_exact = start->exact;
            if (end && end->minutes > start->minutes) {
                block.end = end->minutes;
                block.end_exact = end->exact;
            }
            block.name = name;
            block.notes = notes;
            block.text_confidence = text_confidence;
            block.time_lo = col_lo;
            block.time_hi = col_hi;
            result.blocks.push_back(std::move(block));
        }
        return true;
    };

    // A word spelled one letter per day row down a column (B-R-E-A-K).
    std::map<std::pair<int, int>, std::vector<int>> by_column;
    for (int i : body) {
        const Cell& cell = table.cells[static_cast<std::size_t>(i)];
        by_column[{cell.col, cell.col_span}].push_back(i);
    }
    for (auto& [column, cells] : by_column) {
        std::sort(cells.begin(), cells.end(), [&](int a, int b) {
            return table.cells[static_cast<std::size_t>(a)].row < table.cells[static_cast<std::size_t>(b)].row;
        });
        std::string word;
        bool letters_only = true;
        int row_lo = table.rows, row_hi = 0;
        double confidence = 1.0;
        for (int i : cells) {
            const Cell& cell = table.cells[static_cast<std::size_t>(i)];
            row_lo = std::min(row_lo, cell.row);
            row_hi = std::max(row_hi, cell.row + cell.row_span);
            confidence = std::min(confidence, cell.Confidence());
            if (AlnumOnly(cell.Text()).empty()) continue;
            const auto letter = SingleLetter(cell.Text());
            if (!letter) {
                letters_only = false;
                break;
            }
            word += *letter;
        }
        if (!letters_only || word.size() < 3 || cells.size() < 3) continue;
        const auto days = DaysCovered(axis, row_lo, row_hi);
        if (add_blocks(days, column.first, column.first + column.second, word, "", std::nullopt, false, confidence)) {
            for (int i : cells) used.insert(i);
        }
    }

    // The routine's activities, day by day. A day's cell under an activity
    // with a time written in it replaces the activity that day (it is read
    // as a block of its own below); one without a time adds to it, as its
    // notes.
    for (int r : routine) {
        const Cell& activity = table.cells[static_cast<std::size_t>(r)];
        const int lo = activity.col, hi = activity.col + activity.col_span;
        const bool text_across = (activity.orientation == TextOrientation::kHorizontal) != turned;
        const NameAndNotes split =
            SplitNameAndNotes(activity.lines, text_across ? activity.box.width() : activity.box.height());
        for (const DayRow& d : axis.days) {
            bool replaced = false;
            std::string notes = split.notes;
            for (int i : body) {
                const Cell& cell = table.cells[static_cast<std::size_t>(i)];
                if (cell.row >= d.row_hi || cell.row + cell.row_span <= d.row_lo) continue;
                if (cell.col >= hi || cell.col + cell.col_span <= lo || !HasLetter(cell.Text())) continue;
                if (timetable::FindTimeRange(cell.Text())) {
                    replaced = true;
                } else if (cell.col >= lo && cell.col + cell.col_span <= hi) {
                    notes += (notes.empty() ? "" : " ") + CollapseSpaces(cell.Text());
                    used.insert(i);
                }
            }
            if (!replaced) add_blocks({d.day}, lo, hi, split.name, notes, std::nullopt, false, NameConfidence(activity));
        }
    }

    int unplaced = 0, placed = 0;  // named body cells without / with a time
    for (int i : body) {
        if (used.count(i)) continue;
        const Cell& cell = table.cells[static_cast<std::size_t>(i)];
        const std::string text = cell.Text();
        if (IsLabelOnly(text)) continue;

        std::vector<TextLine> lines = cell.lines;
        std::optional<timetable::TimeRange> in_cell;
        if (auto found = timetable::FindTimeRange(text)) {
            in_cell = found->range;
            lines = CutText(cell.lines, found->begin, AfterWrappedMeridiem(text, *found, *in_cell));
        }
        NameAndNotes split;
        if (auto word = LettersAsWord(lines)) {
            split.name = *word;
        } else {
            // The cell's extent along its text, on the page.
            const bool text_across = (cell.orientation == TextOrientation::kHorizontal) != turned;
            const double room = text_across ? cell.box.width() : cell.box.height();
            split = SplitNameAndNotes(lines, room);
        }
        if (!HasAlnum(split.name)) continue;
        const auto days = DaysCovered(axis, cell.row, cell.row + cell.row_span);
        const bool has_end = in_cell && in_cell->end.has_value();
        if (!add_blocks(days, cell.col, cell.col + cell.col_span, split.name, split.notes, in_cell, has_end,
                        NameConfidence(cell))) {
            result.warnings.push_back("no time found for '" + split.name + "'");
            ++unplaced;
        } else {
            ++placed;
        }
    }

    SnapNeighbours(result.blocks);

    // How well the table fitted: times along the header increase, every
    // day row has something in it, header times read cleanly.
    int increasing = 0;
    for (std::size_t i = 0; i + 1 < headers.size(); ++i) increasing += headers[i + 1].start > headers[i].start;
    const double order = headers.size() > 1 ? static_cast<double>(increasing) / (headers.size() - 1) : 1.0;
    std::set<DayOfWeek> days_with_blocks, days_found;
    for (const DraftBlock& b : result.blocks) days_with_blocks.insert(b.day);
    for (const DayRow& d : axis.days) days_found.insert(d.day);
    const double coverage = days_found.empty() ? 0.0 : static_cast<double>(days_with_blocks.size()) / days_found.size();
    // Blank body: a timetable's week is mostly filled; large blank areas mean
    // text the reader missed (a faint merged cell) more often than free time.
    double body_area = 0, blank_area = 0;
    for (int i : body) {
        const Cell& cell = table.cells[static_cast<std::size_t>(i)];
        const double area = (table.col_edges[cell.col + cell.col_span] - table.col_edges[cell.col]) *
                            (table.row_edges[cell.row + cell.row_span] - table.row_edges[cell.row]);
        body_area += area;
        if (!HasAlnum(cell.Text())) blank_area += area;
    }
    constexpr double kUsualBlankShare = 0.1;
    const double blank_share = body_area > 0 ? blank_area / body_area : 0.0;
    const double filled = std::min(1.0, (1.0 - blank_share) / (1.0 - kUsualBlankShare));
    // A header time read with digits left over may be misread, and every
    // block of its column with it.
    const auto doubtful = std::count_if(headers.begin(), headers.end(), [](const HeaderTime& h) { return h.doubtful; });
    const double clean_headers = headers.empty() ? 1.0 : 1.0 - static_cast<double>(doubtful) / headers.size();
    // A named cell the time axis says nothing about (its header unread) is
    // a lesson the blocks lack.
    const double timed = placed + unplaced > 0 ? static_cast<double>(placed) / (placed + unplaced) : 1.0;
    result.structure_score = order * coverage * filled * clean_headers * timed;
    result.unplaced_cells = unplaced;
    if (order < 1.0) result.warnings.emplace_back("header times do not increase from left to right");
    result.is_timetable = !result.blocks.empty();
    return result;
}

}  // namespace

namespace {

// The days a merged cell names in a row ("MON TUE WED THU FRI" drawn as one
// dark band with no rules between the days), when every word is a day.
std::vector<DayOfWeek> DaysInOneCell(const std::string& text) {
    std::vector<DayOfWeek> days;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return true;
        auto day = word.size() >= 2 ? timetable::ParseDay(word) : std::nullopt;
        word.clear();
        if (!day) return false;
        days.push_back(*day);
        return true;
    };
    for (char c : text) {
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '.') {
            word += c;
        } else if (!flush()) {
            return {};
        }
    }
    if (!flush()) return {};
    return days;
}

// A merged cell naming as many days as the slots it spans is that many day
// labels side by side: the cell is split, each slot getting one day, in
// order. The split follows the span, so it holds only when the counts agree.
Table WithDayBandsSplit(const Table& table) {
    Table out = table;
    out.cells.clear();
    for (const Cell& cell : table.cells) {
        const bool across = cell.col_span >= 2 && cell.row_span == 1;
        const bool down = cell.row_span >= 2 && cell.col_span == 1;
        const std::vector<DayOfWeek> days = across || down ? DaysInOneCell(cell.Text()) : std::vector<DayOfWeek>{};
        const int span = across ? cell.col_span : cell.row_span;
        if (days.size() < 2 || static_cast<int>(days.size()) != span) {
            out.cells.push_back(cell);
            continue;
        }
        for (int i = 0; i < span; ++i) {
            Cell part = cell;
            part.col_span = 1;
            part.row_span = 1;
            if (across) {
                part.col = cell.col + i;
                part.box.x0 = table.col_edges[static_cast<std::size_t>(part.col)];
                part.box.x1 = table.col_edges[static_cast<std::size_t>(part.col) + 1];
            } else {
                part.row = cell.row + i;
                part.box.y0 = table.row_edges[static_cast<std::size_t>(part.row)];
                part.box.y1 = table.row_edges[static_cast<std::size_t>(part.row) + 1];
            }
            TextLine line = cell.lines.empty() ? TextLine{} : cell.lines.front();
            line.text = std::string(timetable::DayName(days[static_cast<std::size_t>(i)]));
            line.box = part.box;
            part.lines = {line};
            out.cells.push_back(std::move(part));
        }
    }
    return out;
}

}  // namespace

TableResult ReadGridTable(const Table& original) {
    const Table table = WithDayBandsSplit(original);
    const DayAxis day_column = FindDayColumn(table);
    const Table turned = Transposed(table);
    const DayAxis day_row = FindDayColumn(turned);
    if (std::max(day_column.distinct, day_row.distinct) < 1) return {};
    // Days down a column: read as is. Days across a row: turn the table.
    const bool turn = day_row.distinct > day_column.distinct;
    const Table& oriented = turn ? turned : table;
    const DayAxis& axis = turn ? day_row : day_column;
    // One day alone could be a stray word; it needs a real time header.
    if (axis.distinct < 2) {
        int header_row = -1;
        if (FindTimeHeader(oriented, axis, header_row).size() < 2) return {};
    }
    return ReadOriented(oriented, axis, turn);
}

std::vector<ListLine> TableRowsAsLines(const Table& table) {
    std::vector<ListLine> lines;
    for (int row = 0; row < table.rows; ++row) {
        std::vector<const Cell*> cells;
        for (const Cell& cell : table.cells) {
            if (cell.row <= row && row < cell.row + cell.row_span) cells.push_back(&cell);
        }
        std::sort(cells.begin(), cells.end(), [](const Cell* a, const Cell* b) { return a->col < b->col; });
        std::string line;
        double confidence = 1.0;
        for (const Cell* cell : cells) {
            const std::string text = CollapseSpaces(cell->Text());
            if (text.empty()) continue;
            // A merged cell's text is read once, except a day, which labels every row it spans.
            if (cell->row != row && !timetable::ParseDay(cell->Text())) continue;
            if (!line.empty()) line += '\t';
            line += text;
            confidence = std::min(confidence, NameConfidence(*cell));
        }
        if (!line.empty()) lines.push_back(ListLine{std::move(line), confidence});
    }
    return lines;
}

}  // namespace ly::extract::interpreter
