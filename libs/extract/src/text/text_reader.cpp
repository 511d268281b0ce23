#include <string>

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

}  // namespace

Result<CellGrid> ReadText(std::string_view bytes) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    CellGrid grid;
    double y = 0;
    std::size_t pos = 0;
    while (pos <= bytes.size()) {
        std::size_t end = bytes.find('\n', pos);
        if (end == std::string_view::npos) end = bytes.size();
        std::string line(bytes.substr(pos, end - pos));
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A CSV with commas in a time would be split wrongly; times use ':' or '.'.
        TextLine text_line;
        text_line.text = CsvToTabs(line);
        text_line.box = Box{0, y, 1, y + 1};
        if (text_line.text.find_first_not_of(" \t") != std::string::npos)
            grid.loose_lines.push_back(std::move(text_line));
        y += 1;
        pos = end + 1;
    }
    return grid;
}

}  // namespace ly::extract
