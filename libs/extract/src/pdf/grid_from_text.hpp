// Tables from text alignment, for pages whose tables have no ruling lines:
// rows from line positions, columns from word starts that line up.
#pragma once

#include <vector>

#include "pdf/pdf_words.hpp"

namespace ly::extract::pdf {

// Finds tables in blocks of text lines (blocks split at wide vertical gaps).
// A block holds a table when phrase starts (phrases split at wide gaps) line
// up in at least three columns, two of them or more on each of at least two
// lines; the table runs from the first to the last such line. (Two columns
// are a list: its lines stay loose, their columns tab-separated.) A new row
// starts at a line with text in the first column; other lines join the
// nearer row, or start one after gaps above and below. A phrase reaching
// past the next column's start into an empty slot spans it. Words not in a
// table are appended to `loose`.
std::vector<DraftTable> BuildTextTables(const std::vector<const PdfWord*>& words, int page,
                                        std::vector<const PdfWord*>& loose);

}  // namespace ly::extract::pdf
