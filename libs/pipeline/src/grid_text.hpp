// The engine's cell grid as the LLM step reads it: one line per cell with its place in the table, its box and how
// sure OCR was; and the document's text, line by line, for checking the LLM's answer against the page.
#pragma once

#include <string>
#include <vector>

#include "ly/extract/cell_grid.hpp"

namespace ly::pipeline {

std::string GridText(const extract::CellGrid& grid);
std::vector<std::string> PageLines(const extract::CellGrid& grid);

}  // namespace ly::pipeline
