// Words of a PDF text layer and how they are grouped into visual lines and
// phrases. Pure geometry: no Poppler, no pixels.
#pragma once

#include <string>
#include <vector>

#include "ly/extract/cell_grid.hpp"

namespace ly::extract::pdf {

// A word of the text layer in page points, origin top-left, as the page is
// displayed (its /Rotate applied).
struct PdfWord {
    std::string text;
    Box box;
    int rotation = 0;  // quarter turns clockwise: 0 normal, 1 reads top to bottom, 2 upside down, 3 bottom to top
    bool space_after = false;
    bool bold = false;
    double font_size = 0;
    int chars = 0;  // code points, for majority votes
};

TextOrientation OrientationOf(int rotation);

// Words that sit on one visual line, in reading order.
struct WordLine {
    std::vector<const PdfWord*> words;
    Box box;            // union of the word boxes, page coordinates
    int rotation = 0;   // the words' common rotation
    double height = 0;  // median word height across the reading direction
};

// Groups words into lines: words of one rotation whose extents across the
// reading direction overlap by half form a line; lines come in reading order
// (top to bottom for horizontal text; rotated text after it, each rotation
// in its own reading order).
std::vector<WordLine> GroupIntoLines(const std::vector<const PdfWord*>& words);

// Splits a line at gaps wider than `gap` × the line's height (table columns
// or tab stops). A line without such gaps comes back whole.
std::vector<WordLine> SplitPhrases(const WordLine& line, double gap);

// Whether words[i] is a lone dash between two words that start with a digit:
// a range set wide ("07.45   -   08.35") is one phrase and one cell, never
// split at its gaps; elsewhere a dash may stand for an empty cell.
bool DashInNumberRange(const std::vector<const PdfWord*>& words, std::size_t i);

// The line's text: words joined by a space where the text layer had one (or
// the gap looks like one); gaps wider than `tab_gap` × height become a tab
// when tab_gap > 0.
std::string JoinWords(const WordLine& line, double tab_gap);

// Character-weighted font size and boldness of a line.
double FontSize(const WordLine& line);
bool IsBold(const WordLine& line);

// The gap between two neighbouring words along the reading direction.
double ReadingGap(const PdfWord& before, const PdfWord& after, int rotation);

// A table whose cells know their words but have no text lines yet.
struct DraftTable {
    Table table;
    std::vector<std::vector<const PdfWord*>> cell_words;  // parallel to table.cells
};

}  // namespace ly::extract::pdf
