// Cells set apart by their fill alone: a colour-coded grid with white
// gutters or with one pastel against the next, and no ruling lines. The
// borders between fills are drawn in as dark lines, so the ruling-line
// detector (pdf/ruling_lines.hpp) finds the grid as if it were ruled.
#pragma once

#include <opencv2/core.hpp>

namespace ly::extract::image {

// `drawn` becomes a copy of `bgra` (8-bit, 4 channels, the page as the
// detector reads it) with the long straight borders between areas of
// different fill (text taken out first) drawn as 2-pixel black lines. Left
// untouched, with no lines drawn, on a page with little fill (under a tenth
// of it) or whose ruled tables (`ruled_area`, pixels) cover half its fill or
// more: there ruling lines or white space do the work. Returns how many
// border lines (connected strokes) it drew.
int DrawFillEdges(const cv::Mat& bgr, const cv::Mat& bgra, double ruled_area, cv::Mat& drawn);

}  // namespace ly::extract::image
