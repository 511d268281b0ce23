// Headers drawn outside a table's lines: a row of times standing over a grid
// of filled cells, day names to the left of its rows, with no rule or fill
// around them. The reader finds the body as a table and the headers as loose
// lines; here the lines that sit over one column each (or beside one row
// each) join the table as its first row (or column).
#include <algorithm>
#include <map>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

// A header this far from the table at most, as a share of its height (above)
// or width (left).
constexpr double kMaxGapAbove = 0.3;
constexpr double kMaxGapLeft = 0.35;

// The slot [edges[i], edges[i+1]) holding `at`, or -1.
int SlotOf(const std::vector<double>& edges, double at) {
    for (std::size_t i = 0; i + 1 < edges.size(); ++i) {
        if (edges[i] <= at && at < edges[i + 1]) return static_cast<int>(i);
    }
    return -1;
}

bool HasBox(const TextLine& line) { return line.box.width() > 0 && line.box.height() > 0; }

}  // namespace

std::optional<Table> WithFloatingHeaders(const Table& table, const std::vector<TextLine>& loose,
                                         std::vector<std::size_t>& used) {
    if (table.rows < 2 || table.cols < 2 || table.col_edges.size() < 3 || table.row_edges.size() < 3) {
        return std::nullopt;
    }
    const Box& box = table.box;
    // Above: each line over one column, not wider than 1.5 columns.
    std::map<int, std::vector<std::size_t>> above;  // column → lines
    std::map<int, std::vector<std::size_t>> left;   // row → lines
    for (std::size_t i = 0; i < loose.size(); ++i) {
        const TextLine& line = loose[i];
        if (!HasBox(line) || line.text.empty()) continue;
        if (line.box.y1 <= box.y0 + 0.25 * line.box.height() && box.y0 - line.box.y1 <= kMaxGapAbove * box.height()) {
            const int col = SlotOf(table.col_edges, line.box.cx());
            if (col < 0) continue;
            const double width = table.col_edges[static_cast<std::size_t>(col) + 1] - table.col_edges[static_cast<std::size_t>(col)];
            if (line.box.width() <= 1.5 * width) above[col].push_back(i);
        } else if (line.box.x1 <= box.x0 + 0.25 * line.box.height() &&
                   box.x0 - line.box.x1 <= kMaxGapLeft * box.width()) {
            const int row = SlotOf(table.row_edges, line.box.cy());
            if (row >= 0) left[row].push_back(i);
        }
    }
    // Headers for at least two columns (or rows): one line alone is a title.
    const bool add_row = above.size() >= 2;
    const bool add_col = left.size() >= 2;
    if (!add_row && !add_col) return std::nullopt;

    Table out = table;
    const int dr = add_row ? 1 : 0, dc = add_col ? 1 : 0;
    for (Cell& cell : out.cells) {
        cell.row += dr;
        cell.col += dc;
    }
    out.rows += dr;
    out.cols += dc;
    if (add_row) {
        double top = box.y0;
        for (const auto& [col, lines] : above) {
            for (std::size_t i : lines) top = std::min(top, loose[i].box.y0);
        }
        out.row_edges.insert(out.row_edges.begin(), top);
    }
    if (add_col) {
        double leftmost = box.x0;
        for (const auto& [row, lines] : left) {
            for (std::size_t i : lines) leftmost = std::min(leftmost, loose[i].box.x0);
        }
        out.col_edges.insert(out.col_edges.begin(), leftmost);
    }
    auto add_cell = [&](int row, int col, const std::vector<std::size_t>& lines) {
        Cell cell;
        cell.row = row;
        cell.col = col;
        cell.box = Box{out.col_edges[static_cast<std::size_t>(col)], out.row_edges[static_cast<std::size_t>(row)],
                       out.col_edges[static_cast<std::size_t>(col) + 1], out.row_edges[static_cast<std::size_t>(row) + 1]};
        std::vector<std::size_t> ordered = lines;
        std::sort(ordered.begin(), ordered.end(),
                  [&](std::size_t a, std::size_t b) { return loose[a].box.y0 < loose[b].box.y0; });
        for (std::size_t i : ordered) {
            cell.lines.push_back(loose[i]);
            used.push_back(i);
        }
        out.cells.push_back(std::move(cell));
    };
    if (add_row) {
        for (const auto& [col, lines] : above) add_cell(0, col + dc, lines);
    }
    if (add_col) {
        for (const auto& [row, lines] : left) add_cell(row + dr, 0, lines);
    }
    out.box = Box{out.col_edges.front(), out.row_edges.front(), out.col_edges.back(), out.row_edges.back()};
    return out;
}

}  // namespace ly::extract::interpreter
