// Ruling lines of tables found in a rendered page: dark thin strokes, by
// morphology, grouped into one set of lines per table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ly/extract/cell_grid.hpp"

namespace ly::extract::pdf {

// A rendered page, borrowed: 8-bit B, G, R, A per pixel (Poppler's ARGB32 in
// memory on a little-endian machine).
struct PageImage {
    const std::uint8_t* bgra = nullptr;
    int width = 0, height = 0;
    std::ptrdiff_t stride = 0;  // bytes per row
    double scale = 1;           // pixels per point
    // Photos: a pixel this much darker than its neighbourhood's lightest
    // (the paper or fill it lies on) is ink too. A photo blurs a thin grey
    // line lighter than the fixed first-pass threshold; rendered pages keep 0
    // (off).
    int ink_contrast = 0;
};

// A stretch along a ruling line, in points.
struct Span {
    double from = 0, to = 0;
};

// One ruling line: where it lies across (y of a horizontal line, x of a
// vertical one) and the stretches it covers along, in points. Strokes less
// than a couple of points apart count as one line.
struct Rule {
    double pos = 0;
    std::vector<Span> spans;  // sorted, disjoint
};

// The lines of one table: a connected set of horizontal and vertical lines.
struct TableRules {
    std::vector<Rule> horizontals;  // sorted by pos
    std::vector<Rule> verticals;    // sorted by pos
};

// Where a word of the text layer is, in points: its box, and its core (the
// box less the room above and below its letters).
struct TextArea {
    Box box;
    Box core;
};

// Tables on the page: connected line sets with at least two horizontal and
// two vertical lines. Light fills (yellow, light blue, light grey) are not
// lines; dark fills count by their edges only. Strokes inside a word's box
// (a letter's stem) are no lines, nor are the edges of white letters on a
// dark fill (the word's core is taken as fill there).
//
// `row_ruled`, when given, receives the tables ruled across only: four or
// more horizontal lines of about the same extent, stacked, that no vertical
// line divides (lines at their ends may join them: such a table is also
// returned as ruled, for the caller to drop). Their columns are for the
// text's alignment to show.
struct RowRuledTable {
    Box box;            // from the first rule to the last, in points
    double row_height;  // the median distance between its rules
    bool header_band = false;  // set by the reader: a filled band on top is its header row
};
std::vector<TableRules> FindTableRules(const PageImage& image, const std::vector<TextArea>& text,
                                       std::vector<RowRuledTable>* row_ruled = nullptr);

// A header drawn as a filled band on top of a table ruled across only (a
// lone frame, or a row its own edges rule): no taller than one and a half
// rows, as wide as the table, ending within one and a half rows above its
// first rule. If `band` is one, the table takes it as its first row (its
// box grows up to the band, `header_band` is set) and true comes back.
bool TakeHeaderBand(RowRuledTable& ruled, const Box& band);

// Whether `box` lies inside the table ruled across (give or take a stroke's
// width, in the table's units).
bool Inside(const Box& box, const RowRuledTable& ruled);

}  // namespace ly::extract::pdf
