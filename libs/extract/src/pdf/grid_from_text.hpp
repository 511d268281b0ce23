// Tables from text alignment, for pages whose tables have no ruling lines:
// rows from line positions, columns from word starts that line up.
#pragma once

#include <vector>

#include "pdf/pdf_words.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract::pdf {

// Finds tables in blocks of text lines (blocks split at wide vertical gaps,
// unless rows of three phrases or more stand on both sides: a table with
// tall cells). A block holds a table when gutters — x ranges that at most
// one in five of its multi-phrase lines crosses — part at least three
// columns (centred text), or else phrase starts (phrases split at wide gaps)
// line up in at least three columns, two of them or more on each of at least
// two lines; the table runs from the first to the last such line. Phrases
// whose words fall in two gutter columns are split. (Two columns
// are a list: its lines stay loose, their columns tab-separated.) A new row
// starts at a line with text in the first column; other lines join the
// nearer row, or start one after gaps above and below. A phrase reaching
// past the next column's start into an empty slot spans it; a lone phrase
// centred in an otherwise empty body row or column is a cell merged across
// it (no rules show the merge). Words not in a
// table are appended to `loose`. With `one_table` (the words lie between
// one table's rules) gaps between lines never end a table.
std::vector<DraftTable> BuildTextTables(const std::vector<const PdfWord*>& words, int page,
                                        std::vector<const PdfWord*>& loose, bool one_table = false);

// The box of a table ruled across only, with its rows beyond its rules: a
// header row above the first rule and a last row with no rule below it are
// common, so the one line of `words` nearest beyond each end, within most
// of a row, is the table's too (not the title further up); above a header
// band, nothing is.
Box WithRowsBeyondRules(const RowRuledTable& ruled, const std::vector<const PdfWord*>& words);

}  // namespace ly::extract::pdf
