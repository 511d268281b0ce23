// A table's finest grid and merged cells from its ruling lines. Pure
// geometry: cells come back with boxes and spans, without text.
#pragma once

#include "ly/extract/cell_grid.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract::pdf {

// The finest grid has an edge at every distinct line position (plus the
// table's outer extent where lines run past the last crossing line, as in a
// table without an outer border). Two neighbouring slots are one cell unless
// a ruling line covers most of the edge they share; merged slots become one
// cell with row_span/col_span (non-rectangular merges are cut into
// rectangles). Cells come in row-major order of their top-left slot.
Table BuildRuledTable(const TableRules& rules, int page);

}  // namespace ly::extract::pdf
