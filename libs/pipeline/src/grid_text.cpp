#include "grid_text.hpp"

#include <cstdio>

namespace ly::pipeline {
namespace {

std::string Quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '"') {
            out += "\\\"";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace

std::string GridText(const extract::CellGrid& grid) {
    std::string text;
    char line[200];
    for (std::size_t t = 0; t < grid.tables.size(); ++t) {
        const extract::Table& table = grid.tables[t];
        std::snprintf(line, sizeof line, "table %zu (page %d): %d rows x %d columns\n", t + 1, table.page, table.rows,
                      table.cols);
        text += line;
        for (const extract::Cell& cell : table.cells) {
            if (cell.Empty()) continue;
            std::snprintf(line, sizeof line, "r%d c%d span %dx%d box [%.0f,%.0f,%.0f,%.0f] conf %.2f: ", cell.row,
                          cell.col, cell.row_span, cell.col_span, cell.box.x0, cell.box.y0, cell.box.x1, cell.box.y1,
                          cell.Confidence());
            text += line + Quoted(cell.Text()) + "\n";
        }
    }
    if (!grid.loose_lines.empty()) text += "text outside tables:\n";
    for (const extract::TextLine& loose : grid.loose_lines) {
        std::snprintf(line, sizeof line, "box [%.0f,%.0f,%.0f,%.0f] conf %.2f: ", loose.box.x0, loose.box.y0,
                      loose.box.x1, loose.box.y1, loose.confidence);
        text += line + Quoted(loose.text) + "\n";
    }
    return text;
}

std::vector<std::string> PageLines(const extract::CellGrid& grid) {
    std::vector<std::string> lines;
    for (const extract::Table& table : grid.tables) {
        for (const extract::Cell& cell : table.cells) {
            if (cell.Empty()) continue;
            // A cell's lines one by one (times sit on their own lines) and joined (a name wrapped over lines).
            std::string joined;
            for (const extract::TextLine& text_line : cell.lines) {
                lines.push_back(text_line.text);
                joined += (joined.empty() ? "" : " ") + text_line.text;
            }
            if (cell.lines.size() > 1) lines.push_back(joined);
        }
    }
    for (const extract::TextLine& loose : grid.loose_lines) lines.push_back(loose.text);
    return lines;
}

}  // namespace ly::pipeline
