#include "pdf/grid_debug.hpp"

#include <array>
#include <cstdio>

namespace ly::extract::pdf {

namespace {

std::string Quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string Fraction(double value) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.2f", value);
    return buffer.data();
}

std::string Number(double value) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%.1f", value);
    return buffer.data();
}

std::string Hex(const Rgb& colour) {
    std::array<char, 8> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "#%02x%02x%02x", colour.r, colour.g, colour.b);
    return buffer.data();
}

std::string Edges(const std::vector<double>& edges) {
    std::string out;
    for (double edge : edges) out += (out.empty() ? "" : " ") + Number(edge);
    return out;
}

}  // namespace

std::string DescribeGrid(const CellGrid& grid) {
    std::string out = "grid: " + std::to_string(grid.pages) + " page(s), " + std::to_string(grid.tables.size()) +
                      " table(s), " + std::to_string(grid.loose_lines.size()) + " loose line(s)\n";
    for (std::size_t t = 0; t < grid.tables.size(); ++t) {
        const Table& table = grid.tables[t];
        out += "table " + std::to_string(t + 1) + " (page " + std::to_string(table.page) +
               "): " + std::to_string(table.rows) + " rows x " + std::to_string(table.cols) + " cols, " +
               std::to_string(table.cells.size()) + " cells\n";
        out += "  row edges: " + Edges(table.row_edges) + "\n";
        out += "  col edges: " + Edges(table.col_edges) + "\n";
        for (const Cell& cell : table.cells) {
            out += "  [r" + std::to_string(cell.row) + " c" + std::to_string(cell.col) + " " +
                   std::to_string(cell.row_span) + "x" + std::to_string(cell.col_span);
            if (cell.orientation == TextOrientation::kUp) out += " up";
            if (cell.orientation == TextOrientation::kDown) out += " down";
            out += "]";
            if (cell.fill) out += " fill " + Hex(*cell.fill);
            for (const TextLine& line : cell.lines) {
                if (line.emphasised || line.colour) {
                    out += " (" + Quoted(line.text) + (line.emphasised ? " emphasised" : "") +
                           (line.colour ? " " + Hex(*line.colour) : "") + ")";
                }
            }
            out += " " + Quoted(cell.Text());
            if (!cell.Empty() && cell.Confidence() < 1.0) out += " conf " + Fraction(cell.Confidence());
            out += "\n";
        }
    }
    for (const TextLine& line : grid.loose_lines) {
        out += "loose " + Quoted(line.text) + " at " + Number(line.box.x0) + "," + Number(line.box.y0) +
               (line.emphasised ? " emphasised" : "") +
               (line.confidence < 1.0 ? " conf " + Fraction(line.confidence) : "") + "\n";
    }
    for (const std::string& warning : grid.warnings) out += "warning: " + warning + "\n";
    return out;
}

}  // namespace ly::extract::pdf
