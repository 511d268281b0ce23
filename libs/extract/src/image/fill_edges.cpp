#include "image/fill_edges.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace ly::extract::image {

namespace {

// Working size: long side in pixels. Cells are tens of pixels here, text
// strokes one to three.
constexpr int kWorkLongSide = 1200;
// Text is taken out by a closing and an opening this wide (px at work size):
// wider than a letter's stroke, narrower than a cell.
constexpr int kTextKernel = 7;
// A pixel this much darker than the paper, or this colourful, is fill.
constexpr int kFillDarker = 10;
constexpr int kFillChroma = 14;
// A fill is at least this wide and tall (px at work size); letters are thinner.
constexpr int kMinFillSize = 15;
// Ruled tables covering this share of the fill or more leave no fill grid
// to find: on a ruled page the borders add nothing but doubt.
constexpr double kRuledShareOfFill = 0.5;
// Below this share of fill the page is white with ruling lines or none.
constexpr double kMinFillShare = 0.1;
// White strips between fills up to this wide (px at work size) are gutters.
constexpr int kMaxGutter = 13;
// Two fills touching differ by this much in some channel: a border.
constexpr int kFillContrast = 16;
// A border is kept when it runs straight for this share of the long side.
constexpr double kMinBorderShare = 1.0 / 20;

cv::Mat Kernel(int w, int h) { return cv::getStructuringElement(cv::MORPH_RECT, cv::Size(w, h)); }

// The middle pixel of each run of `mask` along rows (vertical strips) or
// along columns (horizontal strips).
cv::Mat RunCentres(const cv::Mat& mask, bool along_rows) {
    cv::Mat out = cv::Mat::zeros(mask.size(), CV_8U);
    const int lines = along_rows ? mask.rows : mask.cols;
    const int length = along_rows ? mask.cols : mask.rows;
    for (int l = 0; l < lines; ++l) {
        int start = -1;
        for (int i = 0; i <= length; ++i) {
            const bool on = i < length && (along_rows ? mask.at<std::uint8_t>(l, i) : mask.at<std::uint8_t>(i, l)) != 0;
            if (on && start < 0) start = i;
            if (!on && start >= 0) {
                const int mid = (start + i - 1) / 2;
                (along_rows ? out.at<std::uint8_t>(l, mid) : out.at<std::uint8_t>(mid, l)) = 255;
                start = -1;
            }
        }
    }
    return out;
}

}  // namespace

int DrawFillEdges(const cv::Mat& bgr, const cv::Mat& bgra, double ruled_area, cv::Mat& drawn) {
    if (bgr.empty() || bgr.type() != CV_8UC3 || bgra.size() != bgr.size() || bgra.type() != CV_8UC4) return 0;
    const double factor = std::min(1.0, static_cast<double>(kWorkLongSide) / std::max(bgr.cols, bgr.rows));
    cv::Mat small;
    cv::resize(bgr, small, cv::Size(), factor, factor, cv::INTER_AREA);

    // Fills without their text: dark strokes closed over. (Not opened: a
    // white gutter between two fills is as thin as a light letter.)
    cv::Mat flat;
    cv::medianBlur(small, flat, 3);
    cv::morphologyEx(flat, flat, cv::MORPH_CLOSE, Kernel(kTextKernel, kTextKernel));

    // Fill: darker than the paper (the page's bright end) or coloured.
    cv::Mat gray;
    cv::cvtColor(flat, gray, cv::COLOR_BGR2GRAY);
    std::vector<int> histogram(256, 0);
    for (int y = 0; y < gray.rows; ++y) {
        for (int x = 0; x < gray.cols; ++x) ++histogram[gray.at<std::uint8_t>(y, x)];
    }
    int paper = 255;
    for (int seen = 0, v = 255; v >= 0; --v) {
        seen += histogram[static_cast<std::size_t>(v)];
        if (seen * 10 >= static_cast<int>(gray.total())) {  // the brightest tenth
            paper = v;
            break;
        }
    }
    cv::Mat fill(flat.size(), CV_8U);
    for (int y = 0; y < flat.rows; ++y) {
        for (int x = 0; x < flat.cols; ++x) {
            const cv::Vec3b p = flat.at<cv::Vec3b>(y, x);
            const int chroma = std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]});
            fill.at<std::uint8_t>(y, x) = (paper - gray.at<std::uint8_t>(y, x) > kFillDarker || chroma > kFillChroma) ? 255 : 0;
        }
    }
    // Fill is an area: what is left of bold letters and thin marks is not.
    cv::morphologyEx(fill, fill, cv::MORPH_OPEN, Kernel(kMinFillSize, kMinFillSize));
    const int fill_pixels = cv::countNonZero(fill);
    if (fill_pixels < kMinFillShare * static_cast<double>(fill.total())) return 0;
    if (ruled_area >= kRuledShareOfFill * fill_pixels / (factor * factor)) return 0;  // ruling lines do the work

    // Gutters: thin white strips with fill on both sides, drawn at their middle.
    cv::Mat closed_across, closed_down, gutter_v, gutter_h;
    cv::morphologyEx(fill, closed_across, cv::MORPH_CLOSE, Kernel(kMaxGutter, 1));
    cv::morphologyEx(fill, closed_down, cv::MORPH_CLOSE, Kernel(1, kMaxGutter));
    cv::Mat lines_v = RunCentres(closed_across & ~fill, true);
    cv::Mat lines_h = RunCentres(closed_down & ~fill, false);

    // Two fills touching: a step in some channel between two flat sides,
    // fill on both. Flat means the same a few pixels further out: what is
    // left of a bold letter is not, so a heading's text draws no border.
    auto diff = [](const cv::Vec3b& a, const cv::Vec3b& b) {
        return std::max({std::abs(a[0] - b[0]), std::abs(a[1] - b[1]), std::abs(a[2] - b[2])});
    };
    constexpr int kNear = 2, kFar = 10, kFlatWithin = 8;
    for (int y = kFar; y + kFar < flat.rows; ++y) {
        for (int x = kFar; x + kFar < flat.cols; ++x) {
            if (!fill.at<std::uint8_t>(y, x)) continue;
            auto step = [&](cv::Point out) {
                const cv::Point p(x, y);
                const cv::Vec3b a = flat.at<cv::Vec3b>(p - kNear * out), b = flat.at<cv::Vec3b>(p + kNear * out);
                return diff(a, b) > kFillContrast && diff(a, flat.at<cv::Vec3b>(p - kFar * out)) <= kFlatWithin &&
                       diff(b, flat.at<cv::Vec3b>(p + kFar * out)) <= kFlatWithin &&
                       fill.at<std::uint8_t>(p - kNear * out) && fill.at<std::uint8_t>(p + kNear * out);
            };
            if (step({1, 0})) lines_v.at<std::uint8_t>(y, x) = 255;
            if (step({0, 1})) lines_h.at<std::uint8_t>(y, x) = 255;
        }
    }

    // The outline of the fills with their gutters closed: the table's edge.
    cv::Mat whole, inner;
    cv::morphologyEx(fill, whole, cv::MORPH_CLOSE, Kernel(kMaxGutter, kMaxGutter));
    cv::erode(whole, inner, Kernel(3, 3));
    const cv::Mat outline = whole & ~inner;
    lines_v |= outline;
    lines_h |= outline;

    // Only long straight borders: letters left over and noise are short.
    const int length = std::max(9, static_cast<int>(kMinBorderShare * std::max(flat.cols, flat.rows)));
    cv::dilate(lines_v, lines_v, Kernel(3, 1));  // a border drawn one pixel off where it steps
    cv::dilate(lines_h, lines_h, Kernel(1, 3));
    // Gutters cross in a white square whose middle no run marks: bridged.
    cv::morphologyEx(lines_v, lines_v, cv::MORPH_CLOSE, Kernel(1, kMaxGutter + 2));
    cv::morphologyEx(lines_h, lines_h, cv::MORPH_CLOSE, Kernel(kMaxGutter + 2, 1));
    cv::morphologyEx(lines_v, lines_v, cv::MORPH_OPEN, Kernel(1, length));
    cv::morphologyEx(lines_h, lines_h, cv::MORPH_OPEN, Kernel(length, 1));
    cv::Mat borders = lines_v | lines_h;
    if (cv::countNonZero(borders) == 0) return 0;

    cv::Mat full;
    cv::resize(borders, full, bgra.size(), 0, 0, cv::INTER_NEAREST);
    cv::dilate(full, full, Kernel(2, 2));
    drawn = bgra.clone();
    drawn.setTo(cv::Scalar(0, 0, 0, 255), full);
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(borders, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
    return static_cast<int>(contours.size());
}

}  // namespace ly::extract::image
