// Preparing a page image for table finding and OCR. Each step can be turned
// off, acts only when it measures a need, and reports what it measured.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace cv {
class Mat;
}

namespace ly::extract::image {

// Steps run in this order: rectify, deskew, orient (geometry, on the colour
// page), then flatten_light (grey and colour pages alike: the ruling-line
// finder reads the colour one), denoise (grey page), then upscale. Each
// one first measures and acts only past a threshold, so a crisp screenshot
// comes out unchanged apart from the grey conversion.
struct PreprocessSettings {
    bool orient = true;         // quarter turns for pages scanned or shot sideways or upside down
    bool rectify = true;        // perspective: the table's or page's outer quadrilateral made a rectangle (photos)
    bool deskew = true;         // small rotations (scans, up to ±10°)
    bool flatten_light = true;  // uneven illumination (photos)
    bool denoise = true;        // scanner and sensor noise
    // Small text made larger. Off by default: the OCR cell reader already
    // scales each cell's text to the size Tesseract reads best
    // (ocr::CellOptions::target_cap_height), so scaling the whole page only
    // slows every later step; turn it on if table finding needs it.
    bool upscale = false;
    double min_text_height_px = 20;  // upscale when the median letter height is below this
    double max_upscale = 3.0;
    // Orientation is judged from the page's text lines (a few ms). Only when
    // they suggest a turn does Tesseract's orientation detection
    // (osd.traineddata) decide, when it is sure: 0.3–0.6 s, plus 0.3 s to
    // start once per thread. Otherwise the text lines decide, and only when
    // they are clear. tessdata_dir empty: $TESSDATA_PREFIX, then the usual
    // Debian folders.
    std::string tessdata_dir;
    bool use_osd = true;
};

// What one step measured and did, for logs, tests and benchmarks.
struct StepCheck {
    std::string step;      // "rectify", "deskew", "orient", "flatten_light", "denoise", "upscale"
    bool applied = false;  // the image was changed
    double measured = 0;   // rectify: worst corner's distance from 90° (degrees); deskew: the page's
                           // rotation (degrees, counter-clockwise positive); orient: clockwise
                           // quarter turn applied (0/90/180/270); flatten_light: range of the
                           // paper's brightness (grey levels, p2–p98); denoise: isolated impulse
                           // pixels per thousand (the sensor noise σ is in `detail`); upscale: factor
    double milliseconds = 0;
    std::string detail;  // the measurement in words, and why the step acted or not
};

struct Prepared {
    std::vector<std::string> steps;  // what was applied, e.g. "deskew 2.4°", "upscale ×1.5"
    std::vector<StepCheck> checks;   // every enabled step, applied or not, in the order run
    double scale = 1.0;              // output pixels per input pixel (upscale; 1 otherwise)
    // Maps an output pixel (x, y, 1) to the input pixel it came from
    // (row-major 3×3 homography; divide by the third coordinate).
    std::array<double, 9> to_input = {1, 0, 0, 0, 1, 0, 0, 0, 1};
};

// Returns the prepared page in `colour_out` (BGR, geometry and light corrected) and
// `gray_out` (8-bit grey, illumination flattened and denoised: dark text and
// lines on a light ground, coloured cells kept readable — not a hard
// binarisation, which loses text on dark fills). `bgr` may be 8-bit BGR,
// BGRA or grey; it may be the same Mat as `colour_out`. An empty input gives
// empty outputs. Never throws: a step that fails is skipped and reported.
Prepared Preprocess(const cv::Mat& bgr, const PreprocessSettings& settings, cv::Mat& colour_out, cv::Mat& gray_out);

}  // namespace ly::extract::image
