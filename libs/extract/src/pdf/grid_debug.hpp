// A human-readable dump of a CellGrid, for LY_DEBUG_GRID=1 and for tests'
// failure messages.
#pragma once

#include <string>

#include "ly/extract/cell_grid.hpp"

namespace ly::extract::pdf {

// One line per table header and per cell ("[r2 c3 1x2 up] fill #c6d9f1 "B""),
// then the loose lines and the warnings.
std::string DescribeGrid(const CellGrid& grid);

}  // namespace ly::extract::pdf
