// Tables without ruling lines on an image page (a grid whose cells are set
// apart by fill or white space alone, an unruled table on a photo): rows and
// columns from where the OCR'd words line up, by the same builder as a PDF
// page's text layer (pdf/grid_from_text.hpp).
#pragma once

#include <vector>

#include "ly/extract/cell_grid.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract::image {

// The tables the words' alignment shows, each cell with its lines of text
// (and their OCR confidence). `word_lines` are the OCR lines of the page's
// loose text, words in page pixels; `used[i][j]` is set for each word a
// table took, so the caller keeps the rest as loose text (words already
// used are left out). With `within`, a table ruled across only (in pixels),
// only the words in it and its rows beyond its rules make one table.
std::vector<Table> TablesFromWords(const std::vector<std::vector<Word>>& word_lines, int page,
                                   std::vector<std::vector<bool>>& used,
                                   const pdf::RowRuledTable* within = nullptr);

}  // namespace ly::extract::image
