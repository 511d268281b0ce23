#include "pdf/grid_from_text.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace ly::extract::pdf {

namespace {

// Gaps (× line height) wider than this separate phrases: a word space is
// about a quarter of the height, a column gap is wider than the text height.
constexpr double kPhraseGap = 0.8;
// A vertical gap wider than this (× median line height) ends a text block.
constexpr double kBlockGap = 2.5;
// Phrase starts closer than this (× median line height) line up.
constexpr double kAlignTolerance = 0.5;
// A vertical gap wider than this (× median line height) starts a new row.
constexpr double kRowGap = 0.6;
// A column needs starts on this share of the block's multi-phrase lines.
constexpr double kColumnSupport = 0.25;
// Fewer aligned columns make a list ("9:00 – 10:00   Maths" under a day
// heading), better read from loose lines whose columns are tab-separated.
constexpr std::size_t kMinColumns = 3;
// A gap between words of one phrase wider than this (× median line height)
// is wider than a space: cells close enough to read as one phrase.
constexpr double kWideSpace = 0.45;
// Rows of one table may stand this far apart (× median line height).
constexpr double kMaxRowPitch = 8;
// A gutter between columns is at least this wide (× median line height),
// and at most one in this many multi-phrase lines may cross it.
constexpr double kMinGutter = 0.3;
constexpr std::size_t kGutterCrossingShare = 5;
// Padding around the text of the outer rows and columns, points.
constexpr double kPadPt = 2;

struct PhrasedLine {
    WordLine line;
    std::vector<WordLine> phrases;
};

struct Column {
    double min_x0, max_x0;
    std::set<std::size_t> lines;
};

double MedianHeight(const std::vector<PhrasedLine>& lines) {
    std::vector<double> heights;
    heights.reserve(lines.size());
    for (const PhrasedLine& line : lines) heights.push_back(line.line.height);
    std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
    return std::max(heights[heights.size() / 2], 1.0);
}

void AddWords(const WordLine& line, std::vector<const PdfWord*>& out) {
    out.insert(out.end(), line.words.begin(), line.words.end());
}

// Columns of centred text: the gutters between them are x ranges that
// (almost) no phrase of the block's multi-phrase lines covers — a phrase
// or two may cross one (a merged cell, or two cells close enough to read as
// one phrase). Each column runs from the end of one gutter to the start of
// the next; fewer than kMinColumns gives none.
std::vector<Column> GutterColumns(const std::vector<PhrasedLine>& lines, std::size_t first, std::size_t last,
                                  std::size_t multi, double height) {
    std::vector<std::pair<double, int>> events;  // +1 where a phrase begins, -1 where it ends
    for (std::size_t i = first; i < last; ++i) {
        if (lines[i].phrases.size() < 2) continue;
        for (const WordLine& phrase : lines[i].phrases) {
            // A gap wider than a space inside a phrase may be a gutter.
            double from = phrase.words.front()->box.x0;
            for (std::size_t w = 1; w < phrase.words.size(); ++w) {
                if (DashInNumberRange(phrase.words, w) || DashInNumberRange(phrase.words, w - 1)) continue;
                if (phrase.words[w]->box.x0 - phrase.words[w - 1]->box.x1 > kWideSpace * height) {
                    events.emplace_back(from, +1);
                    events.emplace_back(phrase.words[w - 1]->box.x1, -1);
                    from = phrase.words[w]->box.x0;
                }
            }
            events.emplace_back(from, +1);
            events.emplace_back(phrase.box.x1, -1);
        }
    }
    std::sort(events.begin(), events.end());
    const int allowed = static_cast<int>(multi / kGutterCrossingShare);
    std::vector<Column> columns;
    int covering = 0;
    double gutter_start = 0;
    for (const auto& [x, step] : events) {
        const bool was_open = covering <= allowed;
        covering += step;
        const bool open = covering <= allowed;
        if (!was_open && open) {
            gutter_start = x;
        } else if (was_open && !open) {
            if (columns.empty() || x - gutter_start >= kMinGutter * height) {
                if (!columns.empty()) columns.back().max_x0 = gutter_start;
                columns.push_back(Column{x, x, {}});
            }
        }
    }
    if (!columns.empty()) columns.back().max_x0 = events.back().first;
    if (columns.size() < kMinColumns) return {};
    for (std::size_t i = first; i < last; ++i) {
        if (lines[i].phrases.size() < 2) continue;
        for (const WordLine& phrase : lines[i].phrases) {
            for (Column& column : columns) {
                if (phrase.box.x1 > column.min_x0 && phrase.box.x0 < column.max_x0) column.lines.insert(i);
            }
        }
    }
    return columns;
}

// The column holding x: columns part in the middle of the gutters.
int ColumnOfCentre(const std::vector<Column>& columns, double x) {
    int c = 0;
    while (c + 1 < static_cast<int>(columns.size()) &&
           x > (columns[static_cast<std::size_t>(c)].max_x0 + columns[static_cast<std::size_t>(c) + 1].min_x0) / 2) {
        ++c;
    }
    return c;
}

// A phrase's words split where they fall in different columns (two
// neighbouring cells close enough to read as one phrase).
std::vector<WordLine> SplitAtGutters(const std::vector<WordLine>& phrases, const std::vector<Column>& columns) {
    std::vector<WordLine> out;
    for (const WordLine& phrase : phrases) {
        std::vector<const PdfWord*> part;
        auto flush = [&] {
            if (part.empty()) return;
            for (WordLine& line : GroupIntoLines(part)) out.push_back(std::move(line));
            part.clear();
        };
        for (std::size_t w = 0; w < phrase.words.size(); ++w) {
            if (w > 0 && ColumnOfCentre(columns, phrase.words[w - 1]->box.cx()) !=
                             ColumnOfCentre(columns, phrase.words[w]->box.cx())) {
                flush();
            }
            part.push_back(phrase.words[w]);
        }
        flush();
    }
    return out;
}

// Whether the gap before lines[i] lies between two rows of one table whose
// rows stand far apart (a table with tall cells and no rules): the nearest
// lines with a phrase in at least kMinColumns columns on both sides of it —
// reached through at most one wrapped line close to them — and a gap under
// kMaxRowPitch line heights. A lone phrase centred over the row beyond it
// counts as a row.
bool RowsAcrossGap(const std::vector<PhrasedLine>& lines, std::size_t i, double height) {
    if (lines[i].line.box.y0 - lines[i - 1].line.box.y1 > kMaxRowPitch * height) return false;
    // A row may leave slots empty ("10:10–10:30  Break"): two phrases on
    // one side will do when the other has a full row.
    auto row_like = [&](std::size_t k) { return lines[k].phrases.size() >= 2; };
    auto full_row = [&](std::size_t k) { return lines[k].phrases.size() >= kMinColumns; };
    auto close = [&](std::size_t upper, std::size_t lower) {
        return lines[lower].line.box.y0 - lines[upper].line.box.y1 <= kRowGap * height;
    };
    // A lone phrase centred over a row a row's pitch away ("Playtime" across
    // the whole week between numbered periods) is a row of the table too.
    auto lone_centred = [&](std::size_t lone, std::size_t row) {
        const Box& a = lines[lone].line.box;
        const Box& b = lines[row].line.box;
        const double gap = lone < row ? b.y0 - a.y1 : a.y0 - b.y1;
        return lines[lone].phrases.size() == 1 && row_like(row) && gap <= kMaxRowPitch * height &&
               std::abs(a.cx() - b.cx()) <= 0.1 * b.width();
    };
    const bool before = row_like(i - 1) || (i >= 2 && close(i - 2, i - 1) && row_like(i - 2)) ||
                        (i >= 2 && lone_centred(i - 1, i - 2));
    const bool after = row_like(i) || (i + 1 < lines.size() && close(i, i + 1) && row_like(i + 1)) ||
                       (i + 1 < lines.size() && lone_centred(i, i + 1));
    const bool full = full_row(i - 1) || full_row(i) || (i >= 2 && full_row(i - 2)) ||
                      (i + 1 < lines.size() && full_row(i + 1));
    return before && after && full;
}

// What a table's slot holds while it is built: the phrases starting in it,
// how far right they reach, and how far down a merged cell runs.
struct Slot {
    std::vector<const PdfWord*> words;
    int span = 1;
    int row_span = 1;
};

// Without rules a merged cell shows only as its text: a lone phrase centred
// in a body row (or column) that is otherwise empty, where the other rows
// (columns) are mostly full — "Break" in the middle of the row under its
// time (or between numbered periods, with no header of its own), or down
// the middle of the column under its time — covers the whole row (column).
// The first row and column are the headers, never merged.
void MergeLoneCells(const Table& table, std::vector<std::vector<Slot>>& slots) {
    const std::size_t rows = slots.size();
    const std::size_t cols = rows ? slots[0].size() : 0;
    if (rows < 4 || cols < 4) return;
    auto filled = [&](std::size_t r, std::size_t c) { return !slots[r][c].words.empty(); };
    auto centre = [&](const Slot& slot) {
        Box box = slot.words.front()->box;
        for (const PdfWord* word : slot.words) {
            box = Box{std::min(box.x0, word->box.x0), std::min(box.y0, word->box.y0), std::max(box.x1, word->box.x1),
                      std::max(box.y1, word->box.y1)};
        }
        return std::pair{box.cx(), box.cy()};
    };
    // A body row (column) with its only phrase near its middle.
    std::vector<std::size_t> row_fill(rows, 0), col_fill(cols, 0);
    for (std::size_t r = 1; r < rows; ++r) {
        for (std::size_t c = 1; c < cols; ++c) {
            if (!filled(r, c)) continue;
            ++row_fill[r];
            ++col_fill[c];
        }
    }
    auto mostly_full = [](const std::vector<std::size_t>& fill, std::size_t skip, std::size_t capacity) {
        std::size_t full = 0, others = 0;
        for (std::size_t k = 1; k < fill.size(); ++k) {
            if (k == skip) continue;
            ++others;
            if (fill[k] * 2 >= capacity) ++full;
        }
        return others > 0 && full * 4 >= others * 3;
    };
    const double body_left = table.col_edges[1];
    const double body_right = table.col_edges.back();
    const double body_top = table.row_edges[1];
    const double body_bottom = table.row_edges.back();
    // A row without a header (a break between numbered periods) counts only
    // when blank space of a line or more sets it apart above and below: the
    // second line of a wrapped cell in the middle column sits close under
    // the first.
    auto set_apart = [&](std::size_t r, std::size_t c) {
        const Box own = slots[r][c].words.front()->box;
        const double height = own.height();
        auto nearest = [&](std::size_t other, bool above) {
            double gap = 1e18;
            for (const Slot& slot : slots[other]) {
                for (const PdfWord* word : slot.words) {
                    gap = std::min(gap, above ? own.y0 - word->box.y1 : word->box.y0 - own.y1);
                }
            }
            return gap;
        };
        return (r == 0 || nearest(r - 1, true) >= height) && (r + 1 == rows || nearest(r + 1, false) >= height);
    };
    for (std::size_t r = 1; r < rows; ++r) {
        if (row_fill[r] != 1 || !mostly_full(row_fill, r, cols - 1)) continue;
        std::size_t c = 1;
        while (!filled(r, c)) ++c;
        if (!filled(r, 0) && !set_apart(r, c)) continue;
        const double half_column = (body_right - body_left) / static_cast<double>(cols - 1) / 2;
        if (std::abs(centre(slots[r][c]).first - (body_left + body_right) / 2) > half_column) continue;
        std::swap(slots[r][1], slots[r][c]);
        slots[r][1].span = static_cast<int>(cols - 1);
        col_fill[c] -= 1;
        row_fill[r] = cols - 1;
    }
    for (std::size_t c = 1; c < cols; ++c) {
        if (col_fill[c] != 1 || !filled(0, c) || !mostly_full(col_fill, c, rows - 1)) continue;
        std::size_t r = 1;
        while (!filled(r, c)) ++r;
        const double half_row = (body_bottom - body_top) / static_cast<double>(rows - 1) / 2;
        if (std::abs(centre(slots[r][c]).second - (body_top + body_bottom) / 2) > half_row) continue;
        std::swap(slots[1][c], slots[r][c]);
        slots[1][c].row_span = static_cast<int>(rows - 1);
    }
}

// The table in lines[first, last), if any; `used` marks its lines.
std::optional<DraftTable> TableIn(std::vector<PhrasedLine> lines, std::size_t first, std::size_t last, double height,
                                  int page, std::vector<bool>& used) {
    const double tolerance = kAlignTolerance * height;
    std::vector<std::pair<double, std::size_t>> starts;
    std::size_t multi = 0;
    for (std::size_t i = first; i < last; ++i) {
        if (lines[i].phrases.size() < 2) continue;
        ++multi;
        for (const WordLine& phrase : lines[i].phrases) starts.emplace_back(phrase.box.x0, i);
    }
    if (multi < 2) return std::nullopt;
    const auto support = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(kColumnSupport * multi)));
    // Columns from gutters first (they hold for left-aligned and centred
    // text alike); from phrase starts that line up when gutters give none.
    std::vector<Column> columns = GutterColumns(lines, first, last, multi, height);
    std::erase_if(columns, [&](const Column& column) { return column.lines.size() < support; });
    const bool by_gutters = columns.size() >= kMinColumns;
    if (by_gutters) {
        // Only lines already split in phrases: a title over the table stays whole.
        for (std::size_t i = first; i < last; ++i) {
            if (lines[i].phrases.size() >= 2) lines[i].phrases = SplitAtGutters(lines[i].phrases, columns);
        }
    } else {
        columns.clear();
        std::sort(starts.begin(), starts.end());
        for (const auto& [x0, line] : starts) {
            if (columns.empty() || x0 - columns.back().min_x0 > tolerance) columns.push_back(Column{x0, x0, {}});
            columns.back().max_x0 = x0;
            columns.back().lines.insert(line);
        }
        std::erase_if(columns, [&](const Column& column) { return column.lines.size() < support; });
    }
    if (columns.size() < kMinColumns) return std::nullopt;

    // Gutter columns hold a phrase by its centre; columns of starts by its start.
    auto column_of = [&](const WordLine& phrase) {
        if (by_gutters) return ColumnOfCentre(columns, phrase.box.cx());
        int c = 0;
        while (c + 1 < static_cast<int>(columns.size()) &&
               columns[static_cast<std::size_t>(c) + 1].min_x0 <= phrase.box.x0 + tolerance) {
            ++c;
        }
        return c;
    };
    auto aligned = [&](const WordLine& phrase) {
        if (by_gutters) {
            return phrase.box.cx() >= columns.front().min_x0 - tolerance &&
                   phrase.box.cx() <= columns.back().max_x0 + tolerance;
        }
        return std::any_of(columns.begin(), columns.end(), [&](const Column& column) {
            return phrase.box.x0 >= column.min_x0 - tolerance && phrase.box.x0 <= column.max_x0 + tolerance;
        });
    };
    std::optional<std::size_t> top;
    std::size_t bottom = 0;
    std::size_t tabular = 0;
    for (std::size_t i = first; i < last; ++i) {
        std::set<int> hit;
        for (const WordLine& phrase : lines[i].phrases) {
            if (aligned(phrase)) hit.insert(column_of(phrase));
        }
        if (hit.size() < 2) continue;  // a row may leave slots empty
        ++tabular;
        if (!top) top = i;
        bottom = i;
    }
    if (!top || tabular < 2) return std::nullopt;

    // Rows: a line with text in the first column starts one. Another line
    // joins the row it is closer to (the next one, when it is the first line
    // of a row and nearer: a wrapped cell aligned to the middle or bottom),
    // or starts its own row when gaps part it from both.
    auto first_column = [&](std::size_t i) {
        return std::any_of(lines[i].phrases.begin(), lines[i].phrases.end(),
                           [&](const WordLine& phrase) { return column_of(phrase) == 0; });
    };
    std::vector<std::vector<std::size_t>> rows;
    std::vector<std::size_t> pending;  // lines waiting for the next row
    for (std::size_t i = *top; i <= bottom; ++i) {
        used[i] = true;
        if (i == *top || first_column(i)) {
            rows.emplace_back(pending);
            pending.clear();
            rows.back().push_back(i);
            continue;
        }
        const double gap_before = lines[i].line.box.y0 - lines[i - 1].line.box.y1;
        const double gap_after =
            i < bottom ? lines[i + 1].line.box.y0 - lines[i].line.box.y1 : std::numeric_limits<double>::max();
        if (gap_before > kRowGap * height && gap_after > kRowGap * height) {
            rows.emplace_back(1, i);
        } else if (i < bottom && first_column(i + 1) && gap_after < gap_before) {
            pending.push_back(i);
        } else {
            rows.back().push_back(i);
        }
    }

    const int row_count = static_cast<int>(rows.size());
    const int col_count = static_cast<int>(columns.size());
    DraftTable draft;
    Table& table = draft.table;
    table.page = page;
    table.rows = row_count;
    table.cols = col_count;
    double left = std::numeric_limits<double>::max();
    double right = std::numeric_limits<double>::lowest();
    std::vector<double> tops;
    std::vector<double> bottoms;
    for (const auto& row : rows) {
        double row_top = std::numeric_limits<double>::max();
        double row_bottom = std::numeric_limits<double>::lowest();
        for (std::size_t i : row) {
            row_top = std::min(row_top, lines[i].line.box.y0);
            row_bottom = std::max(row_bottom, lines[i].line.box.y1);
            left = std::min(left, lines[i].line.box.x0);
            right = std::max(right, lines[i].line.box.x1);
        }
        tops.push_back(row_top);
        bottoms.push_back(row_bottom);
    }
    table.row_edges.push_back(tops.front() - kPadPt);
    for (std::size_t r = 1; r < rows.size(); ++r) table.row_edges.push_back((bottoms[r - 1] + tops[r]) / 2);
    table.row_edges.push_back(bottoms.back() + kPadPt);
    table.col_edges.push_back(std::min(left, columns.front().min_x0) - kPadPt);
    for (std::size_t c = 1; c < columns.size(); ++c) table.col_edges.push_back(columns[c].min_x0 - kPadPt);
    table.col_edges.push_back(std::max(right, columns.back().max_x0) + kPadPt);

    // Slots: the phrases starting in them, and how far right they reach.
    std::vector<std::vector<Slot>> slots(rows.size(), std::vector<Slot>(columns.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i : rows[r]) {
            for (const WordLine& phrase : lines[i].phrases) {
                const int c = column_of(phrase);
                int end = c;
                while (end + 1 < col_count &&
                       phrase.box.x1 > columns[static_cast<std::size_t>(end) + 1].min_x0 + tolerance) {
                    ++end;
                }
                Slot& slot = slots[r][static_cast<std::size_t>(c)];
                AddWords(phrase, slot.words);
                slot.span = std::max(slot.span, end - c + 1);
            }
        }
    }
    MergeLoneCells(table, slots);
    for (int r = 0; r < row_count; ++r) {
        auto& row = slots[static_cast<std::size_t>(r)];
        for (int c = 0; c < col_count;) {
            Slot& slot = row[static_cast<std::size_t>(c)];
            if (slot.words.empty()) {
                ++c;
                continue;
            }
            int span = 1;
            while (span < slot.span && c + span < col_count &&
                   row[static_cast<std::size_t>(c) + static_cast<std::size_t>(span)].words.empty()) {
                ++span;
            }
            Cell cell;
            cell.row = r;
            cell.col = c;
            cell.col_span = span;
            cell.row_span = slot.row_span;
            cell.box = Box{table.col_edges[static_cast<std::size_t>(c)], table.row_edges[static_cast<std::size_t>(r)],
                           table.col_edges[static_cast<std::size_t>(c) + static_cast<std::size_t>(span)],
                           table.row_edges[static_cast<std::size_t>(r + slot.row_span)]};
            table.cells.push_back(std::move(cell));
            draft.cell_words.push_back(std::move(slot.words));
            c += span;
        }
    }
    table.box = Box{table.col_edges.front(), table.row_edges.front(), table.col_edges.back(), table.row_edges.back()};
    return draft;
}

}  // namespace

std::vector<DraftTable> BuildTextTables(const std::vector<const PdfWord*>& words, int page,
                                        std::vector<const PdfWord*>& loose, bool one_table) {
    std::vector<DraftTable> tables;
    std::vector<const PdfWord*> horizontal;
    for (const PdfWord* word : words) {
        if (word->rotation == 0) {
            horizontal.push_back(word);
        } else {
            loose.push_back(word);
        }
    }
    if (horizontal.empty()) return tables;
    std::vector<PhrasedLine> lines;
    for (WordLine& line : GroupIntoLines(horizontal)) {
        std::vector<WordLine> phrases = SplitPhrases(line, kPhraseGap);
        lines.push_back(PhrasedLine{std::move(line), std::move(phrases)});
    }
    const double height = MedianHeight(lines);
    std::vector<bool> used(lines.size(), false);
    std::size_t first = 0;
    for (std::size_t i = 1; i <= lines.size(); ++i) {
        if (i < lines.size() && one_table) continue;
        if (i < lines.size() && lines[i].line.box.y0 - lines[i - 1].line.box.y1 <= kBlockGap * height) continue;
        if (i < lines.size() && RowsAcrossGap(lines, i, height)) continue;
        if (auto table = TableIn(lines, first, i, height, page, used)) tables.push_back(std::move(*table));
        first = i;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!used[i]) AddWords(lines[i].line, loose);
    }
    return tables;
}

Box WithRowsBeyondRules(const RowRuledTable& ruled, const std::vector<const PdfWord*>& words) {
    Box box = ruled.box;
    const double reach = 0.8 * ruled.row_height;
    double above = -1e18, below = 1e18;  // the nearest words' centres beyond each end
    for (const PdfWord* word : words) {
        const double x = word->box.cx(), y = word->box.cy();
        if (x < box.x0 || x > box.x1) continue;
        if (y < box.y0 && y >= box.y0 - reach && !ruled.header_band) above = std::max(above, y);
        if (y > box.y1 && y <= box.y1 + reach) below = std::min(below, y);
    }
    for (const PdfWord* word : words) {
        const double x = word->box.cx(), y = word->box.cy();
        if (x < box.x0 || x > box.x1) continue;
        const double half = word->box.height() / 2;
        if (std::abs(y - above) <= half) box.y0 = std::min(box.y0, word->box.y0);
        if (std::abs(y - below) <= half) box.y1 = std::max(box.y1, word->box.y1);
    }
    return box;
}

}  // namespace ly::extract::pdf
