// The engine's intermediate form. Every reader (DOCX, PDF, image, text)
// produces a CellGrid; one interpreter turns it into time blocks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ly::extract {

// Page coordinates: any unit, x grows right, y grows down. Readers use
// points (PDF), twips (DOCX) or pixels (images); only ratios matter.
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
    double cx() const { return (x0 + x1) / 2; }
    double cy() const { return (y0 + y1) / 2; }
};

struct Rgb {
    std::uint8_t r = 255, g = 255, b = 255;
    bool operator==(const Rgb&) const = default;
};

enum class TextOrientation { kHorizontal, kUp /* reads bottom to top */, kDown /* top to bottom */ };

struct Word {
    std::string text;
    Box box;
    double confidence = 1.0;  // 0 … 1; 1 for a text layer or DOCX
};

// A line of text inside a cell. Readers keep paragraph breaks (DOCX) and
// visual lines (PDF, OCR) as separate lines.
struct TextLine {
    std::string text;
    Box box;
    double confidence = 1.0;
    bool emphasised = false;    // bold or larger than the cell's other lines
    std::optional<Rgb> colour;  // text colour when not black
    // Index of the source paragraph where the format has paragraphs (DOCX):
    // lines of different paragraphs were separated by the author. -1 where
    // lines are only visual (PDF, OCR), so a break may just be a wrap.
    int paragraph = -1;
};

// One cell of a table. `row`/`col` index the table's finest grid; a merged
// cell spans `row_span` × `col_span` grid slots.
struct Cell {
    int row = 0, col = 0;
    int row_span = 1, col_span = 1;
    Box box;
    std::vector<TextLine> lines;
    TextOrientation orientation = TextOrientation::kHorizontal;
    std::optional<Rgb> fill;  // background colour when not white

    // All lines joined with '\n'.
    std::string Text() const;
    double Confidence() const;  // lowest line confidence; 1 when empty
    bool Empty() const;
};

// A table: the finest grid's edges (rows+1 y values, cols+1 x values) and
// the cells covering it. Slots covered by no cell are empty.
struct Table {
    int rows = 0, cols = 0;
    std::vector<double> row_edges;  // size rows + 1, increasing
    std::vector<double> col_edges;  // size cols + 1, increasing
    std::vector<Cell> cells;
    Box box;
    int page = 1;
};

// A whole document as read: its tables and the text outside them (titles,
// "Class: 4M", list timetables), in reading order.
struct CellGrid {
    std::vector<Table> tables;
    std::vector<TextLine> loose_lines;
    int pages = 1;
    std::vector<std::string> warnings;  // reader's remarks, passed to the output
    bool read_by_ocr = false;           // text came from OCR, so a heading can be lost
};

}  // namespace ly::extract
