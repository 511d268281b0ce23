#include <algorithm>
#include <string>
#include <vector>

#include "ly/extract/readers.hpp"

namespace ly::extract {

namespace {

// A CSV line's cells joined by tabs; quotes honoured. Lines without commas
// (or with a tab already) are left as they are.
std::string CsvToTabs(const std::string& line) {
    if (line.find(',') == std::string::npos || line.find('\t') != std::string::npos) return line;
    std::string out;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                out += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == ',' && !quoted) {
            out += '\t';
        } else {
            out += c;
        }
    }
    return out;
}

std::string Trimmed(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

// A line of a grid drawn in text: "| 9:00 | Maths | Art |" (Markdown, or a
// box drawn with +---+).
bool IsGridRow(const std::string& line) {
    const std::string t = Trimmed(line);
    return t.size() >= 3 && t.front() == '|' && std::count(t.begin(), t.end(), '|') >= 3;
}

// A rule between a text grid's rows: only '+', '-', '=', ':', '|' and spaces.
bool IsGridRule(const std::string& line) {
    const std::string t = Trimmed(line);
    return t.size() >= 3 && (t.front() == '+' || t.front() == '|') &&
           t.find_first_not_of("+-=:| ") == std::string::npos && t.find_first_of("-=") != std::string::npos;
}

std::vector<std::string> GridCells(const std::string& line) {
    std::string t = Trimmed(line);
    t = t.substr(1, t.size() - (t.back() == '|' ? 2 : 1));
    std::vector<std::string> cells;
    std::size_t pos = 0;
    while (true) {
        const std::size_t bar = t.find('|', pos);
        cells.push_back(Trimmed(t.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos)));
        if (bar == std::string::npos) break;
        pos = bar + 1;
    }
    return cells;
}

// A grid drawn in text as a table: a row per line, or, where rules separate
// the rows, the lines between two rules joined (a cell's wrapped text).
Table TextGrid(const std::vector<std::string>& lines, int first_line) {
    std::vector<std::vector<std::string>> rows;
    // Ruled between rows (a box drawing) rather than once under the header
    // (Markdown): then a row may run over several lines.
    const auto rules = std::count_if(lines.begin(), lines.end(), IsGridRule);
    const auto content = static_cast<std::ptrdiff_t>(lines.size()) - rules;
    const bool ruled = rules >= 2 && 2 * rules >= content;
    bool open = false;
    for (const std::string& line : lines) {
        if (IsGridRule(line)) {
            open = false;
            continue;
        }
        std::vector<std::string> cells = GridCells(line);
        if (ruled && open && !rows.empty()) {
            auto& row = rows.back();
            row.resize(std::max(row.size(), cells.size()));
            for (std::size_t c = 0; c < cells.size(); ++c) {
                if (cells[c].empty()) continue;
                row[c] += (row[c].empty() ? "" : "\n") + cells[c];
            }
            continue;
        }
        rows.push_back(std::move(cells));
        open = true;
    }
    Table table;
    std::size_t cols = 0;
    for (const auto& row : rows) cols = std::max(cols, row.size());
    table.rows = static_cast<int>(rows.size());
    table.cols = static_cast<int>(cols);
    for (std::size_t r = 0; r <= rows.size(); ++r) table.row_edges.push_back(first_line + static_cast<double>(r));
    for (std::size_t c = 0; c <= cols; ++c) table.col_edges.push_back(static_cast<double>(c));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            Cell cell;
            cell.row = static_cast<int>(r);
            cell.col = static_cast<int>(c);
            cell.box = Box{static_cast<double>(c), first_line + static_cast<double>(r), c + 1.0, first_line + r + 1.0};
            std::size_t pos = 0;
            const std::string& text = rows[r][c];
            while (!text.empty() && pos <= text.size()) {
                std::size_t end = text.find('\n', pos);
                if (end == std::string::npos) end = text.size();
                TextLine line;
                line.text = text.substr(pos, end - pos);
                line.box = cell.box;
                cell.lines.push_back(std::move(line));
                pos = end + 1;
            }
            table.cells.push_back(std::move(cell));
        }
    }
    table.box = Box{0, static_cast<double>(first_line), static_cast<double>(cols), first_line + static_cast<double>(rows.size())};
    return table;
}

}  // namespace

Result<CellGrid> ReadText(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    CellGrid grid;
    double y = 0;
    std::size_t pos = 0;
    std::vector<std::string> grid_lines;
    auto flush_grid = [&] {
        const bool has_rows = std::any_of(grid_lines.begin(), grid_lines.end(), IsGridRow);
        if (has_rows && std::count_if(grid_lines.begin(), grid_lines.end(), IsGridRow) >= 2) {
            grid.tables.push_back(TextGrid(grid_lines, static_cast<int>(y - static_cast<double>(grid_lines.size()))));
        } else {
            for (std::size_t i = 0; i < grid_lines.size(); ++i) {
                if (IsGridRule(grid_lines[i])) continue;
                TextLine text_line;
                text_line.text = grid_lines[i];
                text_line.box = Box{0, y - static_cast<double>(grid_lines.size() - i), 1, y - static_cast<double>(grid_lines.size() - i) + 1};
                grid.loose_lines.push_back(std::move(text_line));
            }
        }
        grid_lines.clear();
    };
    while (pos <= bytes.size()) {
        std::size_t end = bytes.find('\n', pos);
        if (end == std::string_view::npos) end = bytes.size();
        std::string line(bytes.substr(pos, end - pos));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A CSV with commas in a time would be split wrongly; times use ':' or '.'.
        // A grid drawn in text: its lines, up to the first that is not one, are one table.
        if (IsGridRow(line) || IsGridRule(line)) {
            grid_lines.push_back(line);
            y += 1;
            pos = end + 1;
            continue;
        }
        flush_grid();
        TextLine text_line;
        text_line.text = CsvToTabs(line);
        text_line.box = Box{0, y, 1, y + 1};
        if (text_line.text.find_first_not_of(" \t") != std::string::npos)
            grid.loose_lines.push_back(std::move(text_line));
        y += 1;
        pos = end + 1;
    }
    flush_grid();
    return grid;
}

}  // namespace ly::extract
