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

// The table in lines[first, last), if any; `used` marks its lines.
std::optional<DraftTable> TableIn(const std::vector<PhrasedLine>& lines, std::size_t first, std::size_t last,
                                  double height, int page, std::vector<bool>& used) {
    const double tolerance = kAlignTolerance * height;
    std::vector<std::pair<double, std::size_t>> starts;
    std::size_t multi = 0;
    for (std::size_t i = first; i < last; ++i) {
        if (lines[i].phrases.size() < 2) continue;
        ++multi;
        for (const WordLine& phrase : lines[i].phrases) starts.emplace_back(phrase.box.x0, i);
    }
    if (multi < 2) return std::nullopt;
    std::sort(starts.begin(), starts.end());
    std::vector<Column> columns;
    for (const auto& [x0, line] : starts) {
        if (columns.empty() || x0 - columns.back().min_x0 > tolerance) columns.push_back(Column{x0, x0, {}});
        columns.back().max_x0 = x0;
        columns.back().lines.insert(line);
    }
    const auto support = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(kColumnSupport * multi)));
    std::erase_if(columns, [&](const Column& column) { return column.lines.size() < support; });
    if (columns.size() < kMinColumns) return std::nullopt;

    auto column_of = [&](double x0) {
        int c = 0;
        while (c + 1 < static_cast<int>(columns.size()) &&
               columns[static_cast<std::size_t>(c) + 1].min_x0 <= x0 + tolerance) {
            ++c;
        }
        return c;
    };
    auto aligned = [&](const WordLine& phrase) {
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
            if (aligned(phrase)) hit.insert(column_of(phrase.box.x0));
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
                           [&](const WordLine& phrase) { return column_of(phrase.box.x0) == 0; });
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
    struct Slot {
        std::vector<const PdfWord*> words;
        int span = 1;
    };
    std::vector<std::vector<Slot>> slots(rows.size(), std::vector<Slot>(columns.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t i : rows[r]) {
            for (const WordLine& phrase : lines[i].phrases) {
                const int c = column_of(phrase.box.x0);
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
            cell.box = Box{table.col_edges[static_cast<std::size_t>(c)], table.row_edges[static_cast<std::size_t>(r)],
                           table.col_edges[static_cast<std::size_t>(c) + static_cast<std::size_t>(span)],
                           table.row_edges[static_cast<std::size_t>(r) + 1]};
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
                                        std::vector<const PdfWord*>& loose) {
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
        if (i < lines.size() && lines[i].line.box.y0 - lines[i - 1].line.box.y1 <= kBlockGap * height) continue;
        if (auto table = TableIn(lines, first, i, height, page, used)) tables.push_back(std::move(*table));
        first = i;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!used[i]) AddWords(lines[i].line, loose);
    }
    return tables;
}

}  // namespace ly::extract::pdf
