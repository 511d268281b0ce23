#include "image/preprocess.hpp"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <memory>
#include <numeric>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <sstream>
#include <utility>

namespace ly::extract::image {

namespace {

using Clock = std::chrono::steady_clock;

// ---- Working sizes. Measurements run on reduced copies: enough pixels to
// see what they look for, few enough to stay cheap on a 2-core machine.
// Deskew and orientation: letters of 10 px and more at this size on the
// screenshots and 200 dpi scans we get.
constexpr int kAnalysisMaxDim = 1200;
// The outer quadrilateral: page and table borders are long, strong edges.
constexpr int kQuadMaxDim = 800;
// Illumination: a map of the paper's brightness, text and lines blurred away.
constexpr int kLightMaxDim = 256;
// Noise: a central crop of the full-resolution page (noise is everywhere).
constexpr int kNoiseCropDim = 640;

// ---- Ink: a pixel clearly darker than its surroundings (adaptive
// threshold), so coloured fills and uneven light do not count as ink.
constexpr int kInkBlock = 25;
constexpr double kInkOffset = 15;

// ---- Rectify.
// Grey levels across 3 pixels: an edge. Strong first, then weaker.
constexpr std::array<double, 3> kQuadEdgeSteps = {24, 16, 11};
constexpr double kQuadWeakerStepGrowth = 1.15;   // a weaker edge's quad must be this much larger
constexpr double kQuadMinShare = 0.2;            // of the image area: a page or a table, not a cell
constexpr double kQuadMinSideCoverage = 0.75;    // of each side, traced by the contour: a real border
constexpr double kQuadMinCornerDeg = 45;         // corners between 45° and 135°: a plausible view
constexpr double kRectifyMinDeviationDeg = 1.0;  // below: a rectangle, possibly turned (deskew's job)
constexpr double kRectifyMargin = 0.25;          // of the rectangle's size kept around it (titles above a table)
constexpr double kRectifyTightMargin = 0.01;     // a page on a darker background: the page alone
constexpr double kRectifyEdgeInset = 0.006;      // of the page, painted white along its edge (the desk)
constexpr double kBackgroundDarker = 40;         // grey levels: the outside of the quad is not paper
constexpr double kRectifyMaxGrowth = 2.0;        // output pixels per input pixel at most

// ---- Deskew: projection profiles over angles in units of 0.02°.
constexpr double kSkewUnitDeg = 0.02;
constexpr int kSkewLimitUnits = 500;     // ±10°
constexpr double kDeskewMinDeg = 0.3;    // below: leave the page alone (no resampling blur)
constexpr double kDeskewMinGain = 1.03;  // profile sharpness over the unrotated one: real structure
constexpr std::size_t kSkewMaxPoints = 80'000;

// ---- Orientation.
constexpr int kGlyphMinPx = 4;            // at analysis size: smaller is a dot or noise
constexpr int kGlyphMaxPx = 100;          // larger is a table, a line or a picture
constexpr int kMinLineLetters = 30;       // letters in lines needed to judge at all
constexpr double kClearLineRatio = 1.5;   // one direction's lines over the other's: clear
constexpr double kClearAsymmetry = 0.08;  // baseline-side evidence per letter: clear
constexpr float kOsdMinConfidence = 1.0F;
// OSD asked again on a larger page when unsure: a second guess, so it counts
// only when it is surer than the first ask must be and names the same turn.
constexpr int kOsdLargerMaxDim = 2400;
constexpr float kOsdLargerMinConfidence = 2.0F;

// ---- Flatten light (grey levels and pixels of the background map).
constexpr int kLightDilate = 7;
constexpr int kLightMedian = 5;
constexpr double kLightMinRange = 24;  // p2..p98 of the paper's brightness; less is even light
constexpr double kLightFillStep = 10;  // darker than the paper around by this: a fill, not paper
constexpr std::array<int, 6> kLightBoxes = {51, 51, 31, 21, 13, 9};  // map pixels: wide to narrow
constexpr double kLightMaxPeakShare = 0.6;  // flat fills (screenshots) sit in a few exact greys
constexpr int kLightPeaks = 4;
constexpr int kLightPeakWidth = 2;
constexpr double kLightMinBackground = 32;  // divide by no less (black areas stay black)

// ---- Denoise.
constexpr int kImpulseContrast = 64;          // an isolated pixel this much off all 8 neighbours
constexpr double kImpulsesPerThousand = 1.0;  // above: salt and pepper noise
constexpr double kSensorNoiseSigma = 6;       // grey levels: above this, sensor noise

// ---- Upscale.
constexpr double kMinUpscale = 1.1;

double MsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string Fixed(double v, int decimals = 1) {
    std::ostringstream out;
    out.setf(std::ios::fixed);
    out.precision(decimals);
    out << v;
    return out.str();
}

// A copy at most max_dim pixels on its longer side; factor = small / original.
cv::Mat Shrink(const cv::Mat& src, int max_dim, double& factor) {
    const int longer = std::max(src.cols, src.rows);
    factor = longer > max_dim ? static_cast<double>(max_dim) / longer : 1.0;
    if (factor >= 1.0) return src;
    cv::Mat small;
    cv::resize(src, small, cv::Size(), factor, factor, cv::INTER_AREA);
    factor = static_cast<double>(small.cols) / src.cols;
    return small;
}

cv::Mat ToGray(const cv::Mat& bgr) {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    return gray;
}

// Percentile of an 8-bit image's values.
double Percentile(const std::vector<int>& hist, int total, double p) {
    const double target = p * total;
    double seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += hist[v];
        if (seen >= target) return v;
    }
    return 255;
}

std::vector<int> Histogram(const cv::Mat& gray8) {
    std::vector<int> hist(256, 0);
    for (int y = 0; y < gray8.rows; ++y) {
        const auto* row = gray8.ptr<std::uint8_t>(y);
        for (int x = 0; x < gray8.cols; ++x) ++hist[row[x]];
    }
    return hist;
}

// ---- Shared analysis of the page at reduced size: ink, letters, text lines.

struct Glyph {
    float x0, y0, x1, y1;
    float Width() const { return x1 - x0; }
    float Height() const { return y1 - y0; }
};

struct LineStats {
    int letters = 0;       // letters in lines of 3 or more
    double asymmetry = 0;  // letters on a shared baseline minus letters on a shared top line
    int counted = 0;       // letters that took part in the asymmetry
    double median_height = 0;
};

// The page at reduced size, and what is derived from it on demand.
class Analysis {
  public:
    explicit Analysis(const cv::Mat& gray) { small_ = Shrink(gray, kAnalysisMaxDim, factor_); }

    const cv::Mat& Small() const { return small_; }
    double Factor() const { return factor_; }  // small pixels per page pixel

    // 255 where a pixel is clearly darker than its surroundings.
    const cv::Mat& Ink() {
        if (ink_.empty()) {
            cv::adaptiveThreshold(small_, ink_, 255, cv::ADAPTIVE_THRESH_MEAN_C, cv::THRESH_BINARY_INV, kInkBlock,
                                  kInkOffset);
        }
        return ink_;
    }

    // Connected pieces of ink of a letter's size.
    const std::vector<Glyph>& Glyphs() {
        if (!glyphs_) {
            glyphs_.emplace();
            cv::Mat labels, stats, centroids;
            const int n = cv::connectedComponentsWithStats(Ink(), labels, stats, centroids, 8, CV_32S);
            glyphs_->reserve(static_cast<std::size_t>(n));
            for (int i = 1; i < n; ++i) {
                const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
                const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
                const int longer = std::max(w, h);
                if (longer < kGlyphMinPx || longer > kGlyphMaxPx || stats.at<int>(i, cv::CC_STAT_AREA) < 6) continue;
                glyphs_->push_back(Glyph{static_cast<float>(x), static_cast<float>(y), static_cast<float>(x + w),
                                         static_cast<float>(y + h)});
            }
        }
        return *glyphs_;
    }

  private:
    cv::Mat small_;
    double factor_ = 1;
    cv::Mat ink_;
    std::optional<std::vector<Glyph>> glyphs_;
};

int FindRoot(std::vector<int>& parent, int i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

float MedianOf(std::vector<float> v) {
    if (v.empty()) return 0;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

// Chains letters into text lines running left to right (each letter joined
// to the nearest one just right of it, at the same height and size), then
// asks of every line whether its letters share a bottom line (a baseline:
// upright Latin text, whose capitals and ascenders stick out at the top far
// more often than descenders at the bottom) or a top line (upside down).
LineStats ReadLines(std::vector<Glyph> glyphs) {
    LineStats stats;
    std::sort(glyphs.begin(), glyphs.end(), [](const Glyph& a, const Glyph& b) { return a.x0 < b.x0; });
    const int n = static_cast<int>(glyphs.size());
    std::vector<int> parent(static_cast<std::size_t>(n));
    std::iota(parent.begin(), parent.end(), 0);
    for (int i = 0; i < n; ++i) {
        const Glyph& a = glyphs[i];
        if (a.Height() < kGlyphMinPx) continue;  // a dash of a dotted rule, a hyphen: not a letter
        int best = -1;
        float best_gap = 1e9F;
        // A partner is at most 2.5× as tall and at most 0.8 of its height away.
        const float reach = a.x1 + 2.0F * a.Height();
        for (int j = i + 1; j < n && glyphs[j].x0 <= reach; ++j) {
            const Glyph& b = glyphs[j];
            if (b.Height() < kGlyphMinPx) continue;
            const float h_min = std::min(a.Height(), b.Height()), h_max = std::max(a.Height(), b.Height());
            if (h_max > 2.5F * h_min || b.x1 <= a.x1) continue;
            const float overlap = std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
            if (overlap < 0.5F * h_min) continue;
            const float gap = b.x0 - a.x1;
            if (gap > 0.8F * h_max || gap < -0.3F * std::min(a.Width(), b.Width())) continue;
            if (gap < best_gap) {
                best_gap = gap;
                best = j;
            }
        }
        if (best >= 0) parent[FindRoot(parent, i)] = FindRoot(parent, best);
    }
    std::vector<std::vector<int>> lines(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) lines[FindRoot(parent, i)].push_back(i);
    std::vector<float> heights;
    for (const std::vector<int>& line : lines) {
        if (line.size() < 3) continue;
        stats.letters += static_cast<int>(line.size());
        std::vector<float> h;
        for (int i : line) h.push_back(glyphs[i].Height());
        const float line_height = MedianOf(h);
        std::vector<float> tops, bottoms;
        for (int i : line) {
            if (glyphs[i].Height() < 0.5F * line_height) continue;  // dots, dashes, commas
            tops.push_back(glyphs[i].y0);
            bottoms.push_back(glyphs[i].y1);
            heights.push_back(glyphs[i].Height());
        }
        if (tops.size() < 3) continue;
        const float top = MedianOf(tops), bottom = MedianOf(bottoms);
        const float tolerance = std::max(1.0F, 0.1F * line_height);
        int on_top = 0, on_bottom = 0;
        for (std::size_t k = 0; k < tops.size(); ++k) {
            on_top += std::abs(tops[k] - top) <= tolerance ? 1 : 0;
            on_bottom += std::abs(bottoms[k] - bottom) <= tolerance ? 1 : 0;
        }
        stats.asymmetry += on_bottom - on_top;
        stats.counted += static_cast<int>(tops.size());
    }
    stats.median_height = MedianOf(std::move(heights));
    return stats;
}

// The glyphs as they would be after turning the page 90° clockwise.
std::vector<Glyph> TurnClockwise(const std::vector<Glyph>& glyphs, int height) {
    std::vector<Glyph> turned;
    turned.reserve(glyphs.size());
    const auto h = static_cast<float>(height);
    for (const Glyph& g : glyphs) turned.push_back(Glyph{h - g.y1, g.x0, h - g.y0, g.x1});
    return turned;
}

// ---- Geometry bookkeeping.

struct Page {
    cv::Mat colour;
    cv::Mat gray;
    cv::Matx33d to_input = cv::Matx33d::eye();
    std::optional<Analysis> analysis;
    // Seen in perspective: a camera's picture of paper, not a digital image.
    bool photographed = false;

    Analysis& Analysed() {
        if (!analysis) analysis.emplace(gray);
        return *analysis;
    }
    // The page was mapped by `forward` (old pixel → new pixel).
    void Moved(cv::Mat new_colour, const cv::Matx33d& forward) {
        colour = std::move(new_colour);
        gray = ToGray(colour);
        to_input = to_input * forward.inv();
        analysis.reset();
    }
};

const cv::Scalar kWhite(255, 255, 255);

// ---- Rectify.

struct Quad {
    std::array<cv::Point2d, 4> corners;  // top-left, top-right, bottom-right, bottom-left
    double worst_corner_deg = 0;         // largest |corner angle − 90°|
};

double CornerAngleDeg(const cv::Point2d& prev, const cv::Point2d& at, const cv::Point2d& next) {
    const cv::Point2d u = prev - at, v = next - at;
    const double c = u.dot(v) / std::max(1e-9, cv::norm(u) * cv::norm(v));
    return std::acos(std::clamp(c, -1.0, 1.0)) * 180.0 / CV_PI;
}

std::array<cv::Point2d, 4> OrderCorners(const std::vector<cv::Point>& pts) {
    cv::Point2d centre(0, 0);
    for (const cv::Point& p : pts) centre += cv::Point2d(p);
    centre *= 0.25;
    std::array<cv::Point2d, 4> c;
    for (int i = 0; i < 4; ++i) c[i] = cv::Point2d(pts[i]);
    // Clockwise on screen (y down) is increasing atan2.
    std::sort(c.begin(), c.end(), [&](const cv::Point2d& a, const cv::Point2d& b) {
        return std::atan2(a.y - centre.y, a.x - centre.x) < std::atan2(b.y - centre.y, b.x - centre.x);
    });
    const auto first = std::min_element(
        c.begin(), c.end(), [](const cv::Point2d& a, const cv::Point2d& b) { return a.x + a.y < b.x + b.y; });
    std::rotate(c.begin(), first, c.end());
    return c;
}

// Contour points near each side of the quad: the share of the side they
// trace, and a straight line fitted through them (sub-pixel corners).
bool TraceSides(const std::vector<cv::Point>& contour, std::array<cv::Point2d, 4>& corners) {
    std::array<cv::Vec4f, 4> lines;
    for (int s = 0; s < 4; ++s) {
        const cv::Point2d a = corners[s], b = corners[(s + 1) % 4];
        const cv::Point2d d = b - a;
        const double length = cv::norm(d);
        if (length < 8) return false;
        const cv::Point2d u = d / length;
        constexpr int kBins = 40;
        std::array<bool, kBins> hit{};
        std::vector<cv::Point2f> near;
        for (const cv::Point& p : contour) {
            const cv::Point2d q = cv::Point2d(p) - a;
            const double t = q.dot(u) / length;
            const double off = std::abs(q.x * u.y - q.y * u.x);
            if (t < 0 || t > 1 || off > 4) continue;
            hit[std::min(kBins - 1, static_cast<int>(t * kBins))] = true;
            if (t > 0.1 && t < 0.9) near.emplace_back(static_cast<float>(p.x), static_cast<float>(p.y));
        }
        const auto covered = std::count(hit.begin(), hit.end(), true);
        if (static_cast<double>(covered) < kQuadMinSideCoverage * kBins || near.size() < 8) return false;
        cv::fitLine(near, lines[s], cv::DIST_HUBER, 0, 0.01, 0.01);
    }
    std::array<cv::Point2d, 4> refined;
    for (int k = 0; k < 4; ++k) {
        // Corner k joins side k−1 (ending at it) and side k (starting at it).
        const cv::Vec4f& l1 = lines[(k + 3) % 4];
        const cv::Vec4f& l2 = lines[k];
        const double cross = l1[0] * l2[1] - l1[1] * l2[0];
        if (std::abs(cross) < 1e-6) return false;
        const double dx = l2[2] - l1[2], dy = l2[3] - l1[3];
        const double t = (dx * l2[1] - dy * l2[0]) / cross;
        refined[k] = cv::Point2d(l1[2] + t * l1[0], l1[3] + t * l1[1]);
        if (cv::norm(refined[k] - corners[k]) > 12) return false;
    }
    corners = refined;
    return true;
}

// The largest convex quadrilateral traced by edges, covering a good share
// of the image, in page pixels.
std::optional<Quad> FindQuad(Analysis& analysis) {
    double factor = 1;
    const cv::Mat small = Shrink(analysis.Small(), kQuadMaxDim, factor);
    factor *= analysis.Factor();
    // Edges: a clear step of brightness within 3×3 pixels (a morphological
    // gradient: thick like a dilated Canny edge map, and several times cheaper).
    cv::Mat blurred, gradient, edges;
    cv::GaussianBlur(small, blurred, cv::Size(5, 5), 0);
    cv::morphologyEx(blurred, gradient, cv::MORPH_GRADIENT, cv::Mat());
    const double min_area = kQuadMinShare * small.cols * small.rows;
    std::optional<Quad> best;
    double best_area = 0;
    // A strong step first; weaker ones after, for a page on a light desk in
    // dim light, whose edge is fainter than its table's ruling lines. A
    // weaker step also lets texture and noise touch the page's edge, which
    // then traces no quadrilateral: nothing is lost by trying.
    for (const double step : kQuadEdgeSteps) {
        // A weaker step's quad must be a larger thing (the page around a table),
        // not the same border traced a pixel wider.
        const double to_beat = step == kQuadEdgeSteps[0] ? 0 : kQuadWeakerStepGrowth * best_area;
        cv::threshold(gradient, edges, step, 255, cv::THRESH_BINARY);
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(edges, contours, cv::RETR_LIST, cv::CHAIN_APPROX_NONE);
        for (const std::vector<cv::Point>& contour : contours) {
            if (contour.size() < 40) continue;
            const cv::Rect box = cv::boundingRect(contour);
            if (static_cast<double>(box.area()) < min_area) continue;
            std::vector<cv::Point> hull, approx;
            cv::convexHull(contour, hull);
            const double hull_area = cv::contourArea(hull);
            if (hull_area < min_area || hull_area <= std::max(best_area, to_beat)) continue;
            cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
            if (approx.size() != 4 || !cv::isContourConvex(approx)) continue;
            std::array<cv::Point2d, 4> corners = OrderCorners(approx);
            bool plausible = true;
            for (int k = 0; k < 4; ++k) {
                const double angle = CornerAngleDeg(corners[(k + 3) % 4], corners[k], corners[(k + 1) % 4]);
                plausible = plausible && angle > kQuadMinCornerDeg && angle < 180 - kQuadMinCornerDeg;
            }
            if (!plausible || !TraceSides(contour, corners)) continue;
            Quad quad;
            for (int k = 0; k < 4; ++k) {
                quad.corners[k] = corners[k] / factor;
                const double angle = CornerAngleDeg(corners[(k + 3) % 4], corners[k], corners[(k + 1) % 4]);
                quad.worst_corner_deg = std::max(quad.worst_corner_deg, std::abs(angle - 90));
            }
            best = quad;
            best_area = hull_area;
        }
    }
    return best;
}

// Width / height of the rectangle seen as `quad` by a pinhole camera whose
// principal point is the image centre (Zhang & He, "Whiteboard scanning and
// image enhancement", 2007). Falls back to the mean side lengths when the
// view is (nearly) affine or the implied focal length is implausible.
double RectangleAspect(const Quad& quad, cv::Size image) {
    const auto& c = quad.corners;
    const double top = cv::norm(c[1] - c[0]), bottom = cv::norm(c[2] - c[3]);
    const double left = cv::norm(c[3] - c[0]), right = cv::norm(c[2] - c[1]);
    const double simple = (top + bottom) / std::max(1e-9, left + right);
    const cv::Vec3d m1(c[0].x, c[0].y, 1), m2(c[1].x, c[1].y, 1), m3(c[3].x, c[3].y, 1), m4(c[2].x, c[2].y, 1);
    const double k2 = m1.cross(m4).dot(m3) / m2.cross(m4).dot(m3);
    const double k3 = m1.cross(m4).dot(m2) / m3.cross(m4).dot(m2);
    const cv::Vec3d n2 = k2 * m2 - m1, n3 = k3 * m3 - m1;
    const double u0 = image.width / 2.0, v0 = image.height / 2.0;
    if (std::abs(n2[2] * n3[2]) < 1e-12 || std::abs(k2 - 1) < 1e-3 || std::abs(k3 - 1) < 1e-3) return simple;
    const double f2 = -((n2[0] * n3[0] - (n2[0] * n3[2] + n2[2] * n3[0]) * u0 + n2[2] * n3[2] * u0 * u0) +
                        (n2[1] * n3[1] - (n2[1] * n3[2] + n2[2] * n3[1]) * v0 + n2[2] * n3[2] * v0 * v0)) /
                      (n2[2] * n3[2]);
    const double longer = std::max(image.width, image.height);
    if (!(f2 > 0) || std::sqrt(f2) < 0.3 * longer || std::sqrt(f2) > 5 * longer) return simple;
    const double f = std::sqrt(f2);
    auto norm2 = [&](const cv::Vec3d& n) {
        const double x = (n[0] - u0 * n[2]) / f, y = (n[1] - v0 * n[2]) / f;
        return x * x + y * y + n[2] * n[2];
    };
    const double aspect = std::sqrt(norm2(n2) / norm2(n3));
    if (!std::isfinite(aspect) || aspect > 1.25 * simple || aspect < 0.8 * simple) return simple;
    return aspect;
}

// Mean grey just outside and just inside the quad (a page on a desk is
// lighter inside).
double OutsideDarkerBy(Analysis& analysis, const Quad& quad) {
    double factor = 1;
    const cv::Mat small = Shrink(analysis.Small(), kQuadMaxDim, factor);
    factor *= analysis.Factor();
    std::vector<cv::Point> poly;
    for (const cv::Point2d& p : quad.corners)
        poly.emplace_back(cv::Point(cvRound(p.x * factor), cvRound(p.y * factor)));
    cv::Mat inside(small.size(), CV_8U, cv::Scalar(0));
    cv::fillConvexPoly(inside, poly, cv::Scalar(255));
    const int band = std::max(3, std::max(small.cols, small.rows) / 50);
    const cv::Mat kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(2 * band + 1, 2 * band + 1));
    cv::Mat grown, shrunk, shrunk2;
    cv::dilate(inside, grown, kernel);
    cv::erode(inside, shrunk, kernel);
    cv::erode(shrunk, shrunk2, kernel);
    const cv::Mat outer_band = grown & ~inside;
    const cv::Mat inner_band = shrunk & ~shrunk2;
    if (cv::countNonZero(outer_band) < band * 8 || cv::countNonZero(inner_band) < band * 8) return 0;
    return cv::mean(small, inner_band)[0] - cv::mean(small, outer_band)[0];
}

void Rectify(Page& page, Prepared& prepared, StepCheck& check) {
    const std::optional<Quad> quad = FindQuad(page.Analysed());
    if (!quad) {
        check.detail = "no outer quadrilateral covering 20% of the image";
        return;
    }
    check.measured = quad->worst_corner_deg;
    if (quad->worst_corner_deg < kRectifyMinDeviationDeg) {
        check.detail =
            "outer quadrilateral is a rectangle (worst corner " + Fixed(quad->worst_corner_deg, 2) + "° off 90°)";
        return;
    }
    const cv::Size size = page.colour.size();
    const double aspect = RectangleAspect(*quad, size);
    const auto& c = quad->corners;
    const double sides_h = std::max(cv::norm(c[3] - c[0]), cv::norm(c[2] - c[1]));
    const double sides_w = std::max(cv::norm(c[1] - c[0]), cv::norm(c[2] - c[3]));
    const double h = std::max(sides_h, sides_w / aspect);
    const double w = aspect * h;
    const std::array<cv::Point2f, 4> src = {cv::Point2f(c[0]), cv::Point2f(c[1]), cv::Point2f(c[2]), cv::Point2f(c[3])};
    const std::array<cv::Point2f, 4> dst = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(w), 0),
                                            cv::Point2f(static_cast<float>(w), static_cast<float>(h)),
                                            cv::Point2f(0, static_cast<float>(h))};
    const cv::Matx33d to_rect = cv::getPerspectiveTransform(src.data(), dst.data());
    const bool tight = OutsideDarkerBy(page.Analysed(), *quad) > kBackgroundDarker;
    const double margin = tight ? kRectifyTightMargin : kRectifyMargin;
    // Keep what the image shows around the rectangle (titles, notes), but no
    // further than the margin: far from it perspective stretches without end.
    double x0 = -margin * w, y0 = -margin * h, x1 = (1 + margin) * w, y1 = (1 + margin) * h;
    double bx0 = 1e18, by0 = 1e18, bx1 = -1e18, by1 = -1e18;
    bool behind = false;
    for (const cv::Point2d corner : {cv::Point2d(0, 0), cv::Point2d(size.width, 0),
                                     cv::Point2d(size.width, size.height), cv::Point2d(0, size.height)}) {
        const cv::Vec3d p = to_rect * cv::Vec3d(corner.x, corner.y, 1);
        if (p[2] <= 1e-9) {
            behind = true;
            break;
        }
        bx0 = std::min(bx0, p[0] / p[2]);
        by0 = std::min(by0, p[1] / p[2]);
        bx1 = std::max(bx1, p[0] / p[2]);
        by1 = std::max(by1, p[1] / p[2]);
    }
    if (!behind) {
        x0 = std::max(x0, bx0);
        y0 = std::max(y0, by0);
        x1 = std::min(x1, bx1);
        y1 = std::min(y1, by1);
    }
    const double out_w = x1 - x0, out_h = y1 - y0;
    if (out_w < 16 || out_h < 16) {
        check.detail = "quadrilateral with worst corner " + Fixed(quad->worst_corner_deg) +
                       "° off 90° maps to no usable rectangle";
        return;
    }
    const double growth = out_w * out_h / (static_cast<double>(size.width) * size.height);
    const double shrink = growth > kRectifyMaxGrowth ? std::sqrt(kRectifyMaxGrowth / growth) : 1.0;
    const cv::Matx33d place(shrink, 0, -x0 * shrink, 0, shrink, -y0 * shrink, 0, 0, 1);
    const cv::Matx33d forward = place * to_rect;
    const cv::Size out_size(std::max(1, cvRound(out_w * shrink)), std::max(1, cvRound(out_h * shrink)));
    cv::Mat warped;
    cv::warpPerspective(page.colour, warped, cv::Mat(forward), out_size, cv::INTER_LINEAR, cv::BORDER_CONSTANT, kWhite);
    if (tight) {
        // Around the page is desk, not paper: white, so that its edge is not
        // taken for a ruling line. The quad runs along the outside of the
        // page's edge, so a sliver inside it goes too.
        const double inset = std::max(2.0, kRectifyEdgeInset * std::max(w, h)) * shrink;
        const cv::Rect page_rect(cvRound(-x0 * shrink + inset), cvRound(-y0 * shrink + inset),
                                 cvRound(w * shrink - 2 * inset), cvRound(h * shrink - 2 * inset));
        const cv::Rect inside = page_rect & cv::Rect(0, 0, warped.cols, warped.rows);
        if (inside.width > 2 && inside.height > 2) {
            // Outside, the paper's own edge carried outward (ink dilated
            // away): white would leave an edge where the page ends, and
            // flatten_light would take it for light and darken the margin.
            cv::Mat clean;
            const int k = std::max(3, cvRound(kRectifyEdgeInset * 2 * std::max(inside.width, inside.height)) | 1);
            cv::dilate(warped(inside), clean, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
            cv::Mat paper;
            cv::copyMakeBorder(clean, paper, inside.y, warped.rows - inside.y - inside.height, inside.x,
                               warped.cols - inside.x - inside.width, cv::BORDER_REPLICATE);
            warped(inside).copyTo(paper(inside));
            warped = paper;
        } else {
            warped.setTo(kWhite);
        }
    }
    page.Moved(std::move(warped), forward);
    page.photographed = true;
    check.applied = true;
    check.detail = "quadrilateral with worst corner " + Fixed(quad->worst_corner_deg) + "° off 90° made a " +
                   std::to_string(cvRound(w * shrink)) + "×" + std::to_string(cvRound(h * shrink)) +
                   " rectangle (aspect " + Fixed(aspect, 3) + (tight ? ", page cropped from its background" : "") + ")";
    prepared.steps.push_back("rectify " + Fixed(quad->worst_corner_deg) + "°");
}

// ---- Deskew.

struct SkewSearch {
    std::vector<float> xs, ys;
    double half_extent = 0;
    std::vector<std::int32_t> rows, cols;

    // Sharpness of the row and column profiles of the ink turned by `units`:
    // largest when lines of text and ruling lines lie along the axes.
    double Energy(int units, double bin) {
        const double theta = units * kSkewUnitDeg * CV_PI / 180.0;
        const auto c = static_cast<float>(std::cos(theta)), s = static_cast<float>(std::sin(theta));
        const auto bins = static_cast<std::size_t>(2 * half_extent / bin) + 2;
        rows.assign(bins, 0);
        cols.assign(bins, 0);
        const auto inv = static_cast<float>(1.0 / bin), offset = static_cast<float>(half_extent / bin);
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const float xr = xs[i] * c + ys[i] * s, yr = -xs[i] * s + ys[i] * c;
            ++rows[static_cast<std::size_t>(yr * inv + offset)];
            ++cols[static_cast<std::size_t>(xr * inv + offset)];
        }
        double e = 0;
        for (std::size_t b = 0; b < bins; ++b) {
            e += static_cast<double>(rows[b]) * rows[b] + static_cast<double>(cols[b]) * cols[b];
        }
        return e;
    }

    int Best(int from, int to, int step, double bin) {
        int best = 0;
        double best_e = -1;
        for (int u = from; u <= to; u += step) {
            const double e = Energy(u, bin);
            // Ties go to the smaller turn.
            if (e > best_e || (e == best_e && std::abs(u) < std::abs(best))) {
                best_e = e;
                best = u;
            }
        }
        return best;
    }
};

void Deskew(Page& page, Prepared& prepared, StepCheck& check) {
    Analysis& a = page.Analysed();
    std::vector<cv::Point> points;
    cv::findNonZero(a.Ink(), points);
    if (points.size() < 200) {
        check.detail = "too little ink to measure";
        return;
    }
    // Coarse passes look at a sample of the ink, the last at all of it.
    const float cx = static_cast<float>(a.Ink().cols) / 2.0F, cy = static_cast<float>(a.Ink().rows) / 2.0F;
    auto sample = [&](std::size_t max_points) {
        SkewSearch search;
        const std::size_t stride = std::max<std::size_t>(1, points.size() / max_points);
        for (std::size_t i = 0; i < points.size(); i += stride) {
            search.xs.push_back(static_cast<float>(points[i].x) - cx);
            search.ys.push_back(static_cast<float>(points[i].y) - cy);
        }
        search.half_extent = std::hypot(cx, cy) + 2;
        return search;
    };
    SkewSearch coarse = sample(kSkewMaxPoints / 4);
    int best = coarse.Best(-kSkewLimitUnits, kSkewLimitUnits, 25, 8.0);
    best = coarse.Best(std::max(-kSkewLimitUnits, best - 25), std::min(kSkewLimitUnits, best + 25), 5, 3.0);
    SkewSearch search = sample(kSkewMaxPoints);
    best = search.Best(std::max(-kSkewLimitUnits, best - 5), std::min(kSkewLimitUnits, best + 5), 1, 1.0);
    const double gain = search.Energy(best, 1.0) / std::max(1.0, search.Energy(0, 1.0));
    // The correction turns the ink by `best`; the page was turned the other way
    // (counter-clockwise positive, as cv::getRotationMatrix2D).
    const double page_angle = -best * kSkewUnitDeg;
    check.measured = page_angle;
    if (std::abs(best) >= kSkewLimitUnits - 5) {
        check.detail = "no clear angle within ±10°";
        check.measured = 0;
        return;
    }
    if (std::abs(page_angle) < kDeskewMinDeg || gain < kDeskewMinGain) {
        check.detail = "page turned " + Fixed(page_angle, 2) + "° (under " + Fixed(kDeskewMinDeg) +
                       "° or no sharper profile: gain " + Fixed(gain, 3) + ")";
        return;
    }
    const double theta = best * kSkewUnitDeg * CV_PI / 180.0;
    const double c = std::cos(theta), s = std::sin(theta);
    const cv::Size size = page.colour.size();
    // Turned canvas large enough for the whole page.
    double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
    for (const cv::Point2d p : {cv::Point2d(0, 0), cv::Point2d(size.width, 0), cv::Point2d(size.width, size.height),
                                cv::Point2d(0, size.height)}) {
        const double xr = p.x * c + p.y * s, yr = -p.x * s + p.y * c;
        x0 = std::min(x0, xr);
        y0 = std::min(y0, yr);
        x1 = std::max(x1, xr);
        y1 = std::max(y1, yr);
    }
    const cv::Matx33d forward(c, s, -x0, -s, c, -y0, 0, 0, 1);
    const cv::Size out_size(cvRound(x1 - x0), cvRound(y1 - y0));
    cv::Mat turned;
    cv::warpAffine(page.colour, turned, cv::Mat(forward.get_minor<2, 3>(0, 0)), out_size, cv::INTER_LINEAR,
                   cv::BORDER_CONSTANT, kWhite);
    page.Moved(std::move(turned), forward);
    check.applied = true;
    check.detail = "page turned " + Fixed(page_angle, 2) + "° (profile gain " + Fixed(gain, 3) + "), turned back";
    prepared.steps.push_back("deskew " + Fixed(page_angle) + "°");
}

// ---- Orientation.

std::string FindTessdata(const std::string& configured) {
    std::vector<std::string> dirs;
    if (!configured.empty()) dirs.push_back(configured);
    const char* env = std::getenv("TESSDATA_PREFIX");  // NOLINT(concurrency-mt-unsafe): only read
    if (env != nullptr && *env != '\0') {
        dirs.emplace_back(env);
        dirs.push_back(std::string(env) + "/tessdata");
    }
    for (const char* dir : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                            "/usr/share/tessdata", "/usr/local/share/tessdata"}) {
        dirs.emplace_back(dir);
    }
    for (const std::string& dir : dirs) {
        std::error_code ec;
        if (std::filesystem::exists(std::filesystem::path(dir) / "osd.traineddata", ec)) return dir;
    }
    return {};
}

// One orientation engine per thread, started when first needed (~0.3 s).
struct OsdEngine {
    std::unique_ptr<tesseract::TessBaseAPI> api;
    std::string dir;
    bool failed = false;
};

tesseract::TessBaseAPI* OsdApi(const std::string& configured) {
    thread_local OsdEngine engine;
    if (engine.api) return engine.api.get();
    if (engine.failed) return nullptr;
    engine.dir = FindTessdata(configured);
    if (engine.dir.empty()) {
        engine.failed = true;
        return nullptr;
    }
    auto api = std::make_unique<tesseract::TessBaseAPI>();
    if (api->Init(engine.dir.c_str(), "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
        engine.failed = true;
        return nullptr;
    }
    api->SetPageSegMode(tesseract::PSM_OSD_ONLY);
    api->SetVariable("debug_file", "/dev/null");
    engine.api = std::move(api);
    return engine.api.get();
}

// Tesseract's answer: the clockwise turn that makes the page upright.
std::optional<int> OsdTurn(const cv::Mat& gray, const std::string& configured, float& confidence) {
    tesseract::TessBaseAPI* api = OsdApi(configured);
    if (api == nullptr) return std::nullopt;
    api->SetImage(gray.data, gray.cols, gray.rows, 1, static_cast<int>(gray.step));
    api->SetSourceResolution(150);
    int degrees = 0;
    const char* script = nullptr;
    float script_confidence = 0;
    const bool ok = api->DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
    api->Clear();
    if (!ok) return std::nullopt;
    // Tesseract reports how far the input is turned clockwise.
    return (360 - degrees) % 360;
}

void Orient(Page& page, const PreprocessSettings& settings, Prepared& prepared, StepCheck& check, double& text_height) {
    Analysis& a = page.Analysed();
    const LineStats across = ReadLines(a.Glyphs());
    const LineStats down = ReadLines(TurnClockwise(a.Glyphs(), a.Small().rows));
    const bool sideways = down.letters > across.letters;
    const LineStats& win = sideways ? down : across;
    const LineStats& lose = sideways ? across : down;
    text_height = win.median_height / a.Factor();
    const int cheap = sideways ? (win.asymmetry >= 0 ? 90 : 270) : (win.asymmetry >= 0 ? 0 : 180);
    const std::string seen = std::to_string(across.letters) + " letters in lines across, " +
                             std::to_string(down.letters) + " down; baseline evidence " +
                             Fixed(win.counted > 0 ? win.asymmetry / win.counted : 0, 2);
    if (win.letters < kMinLineLetters) {
        check.detail = "too little text to judge (" + seen + ")";
        return;
    }
    // Upright unless the lines are unclear both ways: about as many letters
    // down as across (a table of turned labels, or a page turned a quarter
    // whose cells hold turned labels) and no baseline side to go by.
    const bool lines_clear = win.letters >= kClearLineRatio * lose.letters;
    const bool baseline_clear = std::abs(win.asymmetry) >= kClearAsymmetry * win.counted;
    if (cheap == 0 && (lines_clear || baseline_clear || !settings.use_osd)) {
        check.detail = "upright (" + seen + ")";
        return;
    }
    // The text lines suggest a turn. Tesseract's orientation detection has
    // the last word when it is sure (a page with more text down than across
    // can be upright; 0.3–0.6 s, run only here); otherwise the text lines
    // decide, and only when they are clear.
    const bool clear = lines_clear && baseline_clear;
    std::string why = "text lines say " + std::to_string(cheap) + "°" + (clear ? "" : ", unsure");
    int turn = clear ? cheap : 0;
    if (settings.use_osd) {
        float confidence = 0;
        const Clock::time_point osd_start = Clock::now();
        const std::optional<int> osd = OsdTurn(a.Small(), settings.tessdata_dir, confidence);
        const std::string said = osd ? std::to_string(*osd) + "° (confidence " + Fixed(confidence) + ", " +
                                           Fixed(MsSince(osd_start), 0) + " ms)"
                                     : std::string("nothing");
        if (osd && confidence >= kOsdMinConfidence) {
            turn = *osd;
            why += "; Tesseract OSD says " + said;
        } else {
            why += "; Tesseract OSD unsure: " + said;
            // The analysis image is small: on a page of small type (a scan
            // of a dense table) OSD sees too little of each letter. Asked
            // again at up to the page's own size it is often sure.
            double factor = 1;
            const cv::Mat larger = Shrink(ToGray(page.colour), kOsdLargerMaxDim, factor);
            if (factor > a.Factor() * 1.2) {
                float larger_confidence = 0;
                const Clock::time_point larger_start = Clock::now();
                const std::optional<int> again = OsdTurn(larger, settings.tessdata_dir, larger_confidence);
                const std::string again_said =
                    again ? std::to_string(*again) + "° (confidence " + Fixed(larger_confidence) + ", " +
                                Fixed(MsSince(larger_start), 0) + " ms)"
                          : std::string("nothing");
                if (again && osd && *again == *osd && larger_confidence >= kOsdLargerMinConfidence) {
                    turn = *again;
                    why += "; at " + std::to_string(std::max(larger.cols, larger.rows)) + " px it says " + again_said;
                } else {
                    why += "; at " + std::to_string(std::max(larger.cols, larger.rows)) + " px unsure: " + again_said;
                }
            }
        }
    }
    check.measured = turn;
    check.detail = why + " (" + seen + ")";
    if (turn == 0) return;
    cv::Mat turned;
    const cv::Size size = page.colour.size();
    cv::Matx33d forward;
    if (turn == 90) {
        cv::rotate(page.colour, turned, cv::ROTATE_90_CLOCKWISE);
        forward = cv::Matx33d(0, -1, size.height - 1, 1, 0, 0, 0, 0, 1);
    } else if (turn == 180) {
        cv::rotate(page.colour, turned, cv::ROTATE_180);
        forward = cv::Matx33d(-1, 0, size.width - 1, 0, -1, size.height - 1, 0, 0, 1);
    } else {
        cv::rotate(page.colour, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
        forward = cv::Matx33d(0, 1, 0, -1, 0, size.width - 1, 0, 0, 1);
    }
    page.Moved(std::move(turned), forward);
    check.applied = true;
    prepared.steps.push_back("orient " + std::to_string(turn) + "°");
}

// ---- Flatten light.

// Mean of `values` weighted by `weights` in a box of `size` around each
// pixel; where the box holds (almost) no weight, `fallback`.
cv::Mat WeightedBox(const cv::Mat& values, const cv::Mat& weights, int size, const cv::Mat& fallback) {
    cv::Mat num, den;
    cv::boxFilter(values.mul(weights), num, -1, cv::Size(size, size), cv::Point(-1, -1), true, cv::BORDER_REFLECT);
    cv::boxFilter(weights, den, -1, cv::Size(size, size), cv::Point(-1, -1), true, cv::BORDER_REFLECT);
    cv::Mat mean = num / cv::max(den, 1e-6);
    fallback.copyTo(mean, den < 0.02);
    return mean;
}

// The brightness of the paper everywhere: a map of the page with text and
// lines blurred away, from which coloured fills (clearly darker than the
// paper around them) are left out and filled in from the paper around.
void FlattenLight(Page& page, Prepared& prepared, StepCheck& check) {
    cv::Mat& gray = page.gray;
    double factor = 1;
    const cv::Mat small = Shrink(page.analysis ? page.analysis->Small() : gray, kLightMaxDim, factor);
    cv::Mat background;
    cv::dilate(small, background, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(kLightDilate, kLightDilate)));
    cv::medianBlur(background, background, kLightMedian);
    // A screenshot's background sits in a few exact tones.
    std::vector<int> hist = Histogram(background);
    const int total = background.rows * background.cols;
    int in_peaks = 0;
    for (int k = 0; k < kLightPeaks; ++k) {
        const auto peak = static_cast<int>(std::max_element(hist.begin(), hist.end()) - hist.begin());
        for (int v = std::max(0, peak - kLightPeakWidth); v <= std::min(255, peak + kLightPeakWidth); ++v) {
            in_peaks += hist[v];
            hist[v] = 0;
        }
    }
    const double peak_share = static_cast<double>(in_peaks) / total;
    // A photo's smooth light can sit in a few tones too once blurred; a page
    // seen in perspective is a photo whatever its tones.
    if (peak_share >= kLightMaxPeakShare && !page.photographed) {
        check.detail = "flat colour fills of a digital image, not light (" + Fixed(100 * peak_share, 0) +
                       "% of the background in " + std::to_string(kLightPeaks) + " flat tones)";
        return;
    }
    // Paper: the background not clearly darker than the light around it.
    // The light is modelled from the paper alone, first over wide boxes,
    // then narrower ones: a soft shadow joins the paper from its edges in,
    // while a fill, darker all at once behind a sharp edge, stays out and
    // has the light of the paper around it.
    cv::Mat b;
    background.convertTo(b, CV_32F);
    cv::Mat light;
    cv::blur(b, light, cv::Size(kLightBoxes[0], kLightBoxes[0]), cv::Point(-1, -1), cv::BORDER_REFLECT);
    cv::Mat paper;
    for (const int box : kLightBoxes) {
        cv::Mat(b >= light - kLightFillStep).convertTo(paper, CV_32F, 1.0 / 255);
        light = WeightedBox(b, paper, box, light);
    }
    cv::Mat(b >= light - kLightFillStep).convertTo(paper, CV_32F, 1.0 / 255);
    b.copyTo(light, paper > 0.5F);
    cv::blur(light, light, cv::Size(3, 3), cv::Point(-1, -1), cv::BORDER_REFLECT);
    std::vector<int> paper_hist(256, 0);
    int paper_total = 0;
    for (int y = 0; y < light.rows; ++y) {
        for (int x = 0; x < light.cols; ++x) {
            if (paper.at<float>(y, x) < 0.5F) continue;
            ++paper_hist[std::clamp(cvRound(b.at<float>(y, x)), 0, 255)];
            ++paper_total;
        }
    }
    const double range =
        paper_total > 0 ? Percentile(paper_hist, paper_total, 0.98) - Percentile(paper_hist, paper_total, 0.02) : 0;
    check.measured = range;
    const std::string seen = "paper brightness spans " + Fixed(range, 0) + " grey levels";
    if (range < kLightMinRange) {
        check.detail = "even light (" + seen + ")";
        return;
    }
    cv::Mat full;
    cv::resize(cv::max(light, kLightMinBackground), full, gray.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat flat;
    cv::divide(gray, full, flat, 255.0, CV_8U);
    gray = flat;
    if (page.colour.size() == full.size() && page.colour.type() == CV_8UC3) {
        // The colour page too: ruling lines and fills are found on it.
        cv::Mat full3, colour_flat;
        cv::merge(std::vector<cv::Mat>{full, full, full}, full3);
        cv::divide(page.colour, full3, colour_flat, 255.0, CV_8U);
        page.colour = colour_flat;
    }
    check.applied = true;
    check.detail = "uneven light (" + seen + "), divided by the paper's brightness";
    prepared.steps.push_back("flatten_light " + Fixed(range, 0));
}

// ---- Denoise.

void Denoise(cv::Mat& gray, Prepared& prepared, StepCheck& check) {
    const int w = std::min(gray.cols, kNoiseCropDim), h = std::min(gray.rows, kNoiseCropDim);
    const cv::Mat crop = gray(cv::Rect((gray.cols - w) / 2, (gray.rows - h) / 2, w, h));
    if (w < 8 || h < 8) {
        check.detail = "too small to measure";
        return;
    }
    cv::Mat ring = cv::Mat::ones(3, 3, CV_8U);
    ring.at<std::uint8_t>(1, 1) = 0;
    cv::Mat ring_min, ring_max;
    cv::erode(crop, ring_min, ring);
    cv::dilate(crop, ring_max, ring);
    cv::Mat pepper, salt;
    cv::subtract(ring_min, crop, pepper);
    cv::subtract(crop, ring_max, salt);
    int impulses = 0;
    for (cv::Mat* m : {&pepper, &salt}) {
        cv::Mat isolated = *m > kImpulseContrast;
        // Dots two pixels apart along a row or a column are a dotted ruling
        // line, not noise.
        cv::Mat patterned(isolated.size(), CV_8U, cv::Scalar(0));
        const cv::Rect all(0, 0, isolated.cols, isolated.rows);
        for (const cv::Point shift : {cv::Point(2, 0), cv::Point(-2, 0), cv::Point(0, 2), cv::Point(0, -2)}) {
            const cv::Rect from = (all + shift) & all;
            const cv::Rect to = from - shift;
            cv::Mat part = patterned(to);
            cv::bitwise_or(part, isolated(from) & isolated(to), part);
        }
        impulses += cv::countNonZero(isolated) - cv::countNonZero(patterned);
    }
    const double per_thousand = 1000.0 * impulses / (static_cast<double>(w) * h);
    // Sensor noise: Immerkær's (1996) Laplacian difference mask, whose
    // response to white noise of σ has a spread of 6σ; its median absolute
    // value ignores the minority of pixels on text and line edges.
    const cv::Mat kernel = (cv::Mat_<float>(3, 3) << 1, -2, 1, -2, 4, -2, 1, -2, 1);
    cv::Mat response;
    cv::filter2D(crop, response, CV_16S, kernel);
    cv::convertScaleAbs(response, response);
    const std::vector<int> hist = Histogram(response);
    const double sigma = 1.4826 * Percentile(hist, response.rows * response.cols, 0.5) / 6;
    check.measured = per_thousand;
    const std::string seen = Fixed(per_thousand, 2) + " impulse pixels per thousand, sensor noise σ " + Fixed(sigma);
    cv::Mat clean;
    if (per_thousand >= kImpulsesPerThousand) {
        cv::medianBlur(gray, clean, 3);
        check.detail = "salt and pepper (" + seen + "), median 3×3";
        prepared.steps.push_back("denoise median (" + Fixed(per_thousand, 1) + "‰ impulses)");
    } else if (sigma >= kSensorNoiseSigma) {
        cv::bilateralFilter(gray, clean, 5, 3 * sigma, 3);
        check.detail = "sensor noise (" + seen + "), bilateral 5×5";
        prepared.steps.push_back("denoise bilateral (σ " + Fixed(sigma) + ")");
    } else {
        check.detail = "clean (" + seen + ")";
        return;
    }
    gray = clean;
    check.applied = true;
}

// ---- Upscale.

void Upscale(Page& page, const PreprocessSettings& settings, double text_height, Prepared& prepared, StepCheck& check) {
    if (text_height <= 0) {
        Analysis& a = page.Analysed();
        text_height = ReadLines(a.Glyphs()).median_height / a.Factor();
    }
    check.measured = 1;
    if (text_height <= 0) {
        check.detail = "no text lines to measure";
        return;
    }
    const double factor = std::min(settings.max_upscale, settings.min_text_height_px / text_height);
    if (factor < kMinUpscale) {
        check.detail = "letters " + Fixed(text_height) + " px tall, large enough";
        return;
    }
    check.measured = factor;
    cv::Mat colour, gray;
    cv::resize(page.colour, colour, cv::Size(), factor, factor, cv::INTER_CUBIC);
    cv::resize(page.gray, gray, cv::Size(), factor, factor, cv::INTER_CUBIC);
    const double fx = static_cast<double>(colour.cols) / page.colour.cols;
    const double fy = static_cast<double>(colour.rows) / page.colour.rows;
    page.to_input = page.to_input * cv::Matx33d(fx, 0, 0, 0, fy, 0, 0, 0, 1).inv();
    page.colour = colour;
    page.gray = gray;
    prepared.scale *= fx;
    check.applied = true;
    check.detail = "letters " + Fixed(text_height) + " px tall, scaled ×" + Fixed(factor, 2);
    prepared.steps.push_back("upscale ×" + Fixed(factor, 2));
}

template <typename F>
void RunStep(const char* name, Prepared& prepared, F&& step) {
    StepCheck check;
    check.step = name;
    const Clock::time_point start = Clock::now();
    try {
        step(check);
    } catch (const std::exception& e) {
        check.applied = false;
        check.detail = std::string("failed, skipped: ") + e.what();
    }
    check.milliseconds = MsSince(start);
    prepared.checks.push_back(std::move(check));
}

}  // namespace

Prepared Preprocess(const cv::Mat& bgr, const PreprocessSettings& settings, cv::Mat& colour_out, cv::Mat& gray_out) {
    Prepared prepared;
    Page page;
    try {
        if (bgr.empty() || bgr.depth() != CV_8U) {
            colour_out = cv::Mat();
            gray_out = cv::Mat();
            return prepared;
        }
        if (bgr.channels() == 1) {
            cv::cvtColor(bgr, page.colour, cv::COLOR_GRAY2BGR);
            page.gray = bgr.clone();
        } else if (bgr.channels() == 4) {
            cv::cvtColor(bgr, page.colour, cv::COLOR_BGRA2BGR);
            page.gray = ToGray(page.colour);
        } else {
            page.colour = bgr;  // shared, never written: every step makes a new image
            page.gray = ToGray(bgr);
        }
    } catch (const std::exception&) {
        colour_out = cv::Mat();
        gray_out = cv::Mat();
        return prepared;
    }
    double text_height = 0;
    if (settings.rectify) RunStep("rectify", prepared, [&](StepCheck& c) { Rectify(page, prepared, c); });
    if (settings.deskew) RunStep("deskew", prepared, [&](StepCheck& c) { Deskew(page, prepared, c); });
    if (settings.orient) {
        RunStep("orient", prepared, [&](StepCheck& c) { Orient(page, settings, prepared, c, text_height); });
    }
    if (settings.flatten_light) {
        RunStep("flatten_light", prepared, [&](StepCheck& c) { FlattenLight(page, prepared, c); });
    }
    if (settings.denoise) RunStep("denoise", prepared, [&](StepCheck& c) { Denoise(page.gray, prepared, c); });
    if (settings.upscale) {
        RunStep("upscale", prepared, [&](StepCheck& c) { Upscale(page, settings, text_height, prepared, c); });
    }
    for (int i = 0; i < 9; ++i) prepared.to_input[static_cast<std::size_t>(i)] = page.to_input.val[i];
    colour_out = page.colour;
    gray_out = page.gray;
    return prepared;
}

}  // namespace ly::extract::image
