// Cells set apart by their fill alone: a colour-coded grid with white
// gutters or with one pastel against the next, and no ruling lines. The
// borders between fills are drawn in as dark lines, so the ruling-line
// detector (pdf/ruling_lines.hpp) finds the grid as if it were ruled.
#pragma once

#include <opencv2/core.hpp>

namespace ly::extract::image {

struct FillBorders {
    int lines = 0;          // border lines drawn (connected strokes)
    double fill_area = 0;   // pixels of the page under fill
};

// Draws the long straight borders between areas of different fill (text
// taken out first) as 2-pixel black lines onto `bgra` (8-bit, 4 channels,
// the page as the detector reads it). Draws nothing on a page with little
// fill (under a tenth of it), where ruling lines or white space do the work.
FillBorders DrawFillEdges(const cv::Mat& bgr, cv::Mat& bgra);

}  // namespace ly::extract::image
