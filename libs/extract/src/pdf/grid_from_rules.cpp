#include "pdf/grid_from_rules.hpp"

#include <algorithm>
#include <limits>
#include <numeric>

namespace ly::extract::pdf {

namespace {

// Lines running this far past the outermost crossing line mean a row or a
// column without an outer border: the grid gets an edge at their end.
constexpr double kOverhangPt = 4;
// A line separates two slots when it covers this share of their shared edge.
constexpr double kCoverage = 0.6;
// Spans are widened by this much: a line stops at the middle of the
// crossing line's stroke, not at its far side.
constexpr double kSpanSlackPt = 1.5;

struct Edge {
    double pos;
    const Rule* rule;  // null for an outer edge without a line
};

std::vector<Edge> EdgesOf(const std::vector<Rule>& rules, const std::vector<Rule>& crossing) {
    std::vector<Edge> edges;
    if (rules.empty()) return edges;
    for (const Rule& rule : rules) edges.push_back(Edge{rule.pos, &rule});
    double low = std::numeric_limits<double>::max();
    double high = std::numeric_limits<double>::lowest();
    for (const Rule& rule : crossing) {
        for (const Span& span : rule.spans) {
            low = std::min(low, span.from);
            high = std::max(high, span.to);
        }
    }
    if (low < edges.front().pos - kOverhangPt) edges.insert(edges.begin(), Edge{low, nullptr});
    if (high > edges.back().pos + kOverhangPt) edges.push_back(Edge{high, nullptr});
    return edges;
}

bool Covers(const Rule* rule, double from, double to) {
    if (rule == nullptr || to <= from) return false;
    double covered = 0;
    for (const Span& span : rule->spans) {
        covered += std::max(0.0, std::min(to, span.to + kSpanSlackPt) - std::max(from, span.from - kSpanSlackPt));
    }
    return covered >= kCoverage * (to - from);
}

class UnionFind {
  public:
    explicit UnionFind(int size) : parent_(static_cast<std::size_t>(size)) {
        std::iota(parent_.begin(), parent_.end(), 0);
    }
    int Find(int x) {
        while (parent_[static_cast<std::size_t>(x)] != x) {
            int& up = parent_[static_cast<std::size_t>(x)];
            up = parent_[static_cast<std::size_t>(up)];
            x = up;
        }
        return x;
    }
    void Unite(int a, int b) { parent_[static_cast<std::size_t>(Find(a))] = Find(b); }

  private:
    std::vector<int> parent_;
};

}  // namespace

Table BuildRuledTable(const TableRules& rules, int page) {
    Table table;
    table.page = page;
    const std::vector<Edge> row_edges = EdgesOf(rules.horizontals, rules.verticals);
    const std::vector<Edge> col_edges = EdgesOf(rules.verticals, rules.horizontals);
    if (row_edges.size() < 2 || col_edges.size() < 2) return table;
    const int rows = static_cast<int>(row_edges.size()) - 1;
    const int cols = static_cast<int>(col_edges.size()) - 1;
    auto id = [cols](int r, int c) { return r * cols + c; };
    auto row_at = [&](int r) { return row_edges[static_cast<std::size_t>(r)]; };
    auto col_at = [&](int c) { return col_edges[static_cast<std::size_t>(c)]; };

    UnionFind slots(rows * cols);
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (c + 1 < cols && !Covers(col_at(c + 1).rule, row_at(r).pos, row_at(r + 1).pos)) {
                slots.Unite(id(r, c), id(r, c + 1));
            }
            if (r + 1 < rows && !Covers(row_at(r + 1).rule, col_at(c).pos, col_at(c + 1).pos)) {
                slots.Unite(id(r, c), id(r + 1, c));
            }
        }
    }

    // Each group of merged slots becomes a cell; a group that is not a
    // rectangle (a line missing in odd places) is cut into rectangles, each
    // grown right, then down, from its top-left free slot.
    std::vector<bool> taken(static_cast<std::size_t>(rows * cols), false);
    auto free_in = [&](int r, int c, int root) {
        return !taken[static_cast<std::size_t>(id(r, c))] && slots.Find(id(r, c)) == root;
    };
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (taken[static_cast<std::size_t>(id(r, c))]) continue;
            const int root = slots.Find(id(r, c));
            int last_col = c;
            while (last_col + 1 < cols && free_in(r, last_col + 1, root)) ++last_col;
            int last_row = r;
            while (last_row + 1 < rows) {
                bool whole = true;
                for (int k = c; k <= last_col && whole; ++k) whole = free_in(last_row + 1, k, root);
                if (!whole) break;
                ++last_row;
            }
            for (int i = r; i <= last_row; ++i) {
                for (int k = c; k <= last_col; ++k) taken[static_cast<std::size_t>(id(i, k))] = true;
            }
            Cell cell;
            cell.row = r;
            cell.col = c;
            cell.row_span = last_row - r + 1;
            cell.col_span = last_col - c + 1;
            cell.box = Box{col_at(c).pos, row_at(r).pos, col_at(last_col + 1).pos, row_at(last_row + 1).pos};
            table.cells.push_back(std::move(cell));
        }
    }

    table.rows = rows;
    table.cols = cols;
    for (const Edge& edge : row_edges) table.row_edges.push_back(edge.pos);
    for (const Edge& edge : col_edges) table.col_edges.push_back(edge.pos);
    table.box = Box{table.col_edges.front(), table.row_edges.front(), table.col_edges.back(), table.row_edges.back()};
    return table;
}

}  // namespace ly::extract::pdf
