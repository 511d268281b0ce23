#include "ly/extract/cell_grid.hpp"

#include <algorithm>

namespace ly::extract {

std::string Cell::Text() const {
    std::string text;
    for (const TextLine& line : lines) {
        if (!text.empty()) text += '\n';
        text += line.text;
    }
    return text;
}

double Cell::Confidence() const {
    double lowest = 1.0;
    for (const TextLine& line : lines) lowest = std::min(lowest, line.confidence);
    return lowest;
}

bool Cell::Empty() const {
    return std::all_of(lines.begin(), lines.end(), [](const TextLine& line) {
        return line.text.find_first_not_of(" \t\r\n") == std::string::npos;
    });
}

}  // namespace ly::extract
