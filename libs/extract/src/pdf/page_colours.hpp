// Colours read from a rendered page: a cell's fill and a text line's colour.
#pragma once

#include <optional>
#include <vector>

#include "ly/extract/cell_grid.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract::pdf {

// The median colour inside `box` (points), a little in from its edges and
// outside `text` boxes; nullopt when that is white or nearly so.
std::optional<Rgb> FillColour(const PageImage& image, const Box& box, const std::vector<Box>& text);

// The colour of the glyph pixels inside `boxes` (those far from
// `background`), within `clip` when given (a cell's inside, away from its
// ruling lines); nullopt when black or near black, or when there are none.
std::optional<Rgb> TextColour(const PageImage& image, const std::vector<Box>& boxes, Rgb background,
                              const std::optional<Box>& clip = std::nullopt);

}  // namespace ly::extract::pdf
