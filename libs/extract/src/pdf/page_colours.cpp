#include "pdf/page_colours.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace ly::extract::pdf {

namespace {

// A fill is any median colour with a channel below this (#F2F2F2 grey is).
constexpr int kWhiteLevel = 245;
// Pixels kept off the cell's edges (its ruling lines), points.
constexpr double kFillInsetPt = 1.5;
// Enough pixels for a median; larger cells are sampled on a coarser lattice.
constexpr double kMaxSamples = 4096;
// A glyph pixel differs from the background by at least this (sum over channels).
constexpr int kGlyphContrast = 150;
// Text this dark and this grey is black.
constexpr int kBlackLevel = 100;
constexpr int kBlackChroma = 40;

struct PixelRect {
    int x0, y0, x1, y1;  // [x0, x1) × [y0, y1)
    bool Contains(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    bool Empty() const { return x1 <= x0 || y1 <= y0; }
};

PixelRect ToPixels(const PageImage& image, const Box& box, int inset) {
    auto clamp_x = [&](double v) { return std::clamp(static_cast<int>(v), 0, image.width); };
    auto clamp_y = [&](double v) { return std::clamp(static_cast<int>(v), 0, image.height); };
    return PixelRect{
        clamp_x(std::floor(box.x0 * image.scale) + inset), clamp_y(std::floor(box.y0 * image.scale) + inset),
        clamp_x(std::ceil(box.x1 * image.scale) - inset), clamp_y(std::ceil(box.y1 * image.scale) - inset)};
}

class Histogram {
  public:
    void Add(const std::uint8_t* bgra) {
        ++blue_[bgra[0]];
        ++green_[bgra[1]];
        ++red_[bgra[2]];
        ++count_;
    }
    int Count() const { return count_; }
    Rgb Median() const { return Rgb{MedianOf(red_), MedianOf(green_), MedianOf(blue_)}; }

  private:
    std::uint8_t MedianOf(const std::array<int, 256>& counts) const {
        int seen = 0;
        for (int v = 0; v < 256; ++v) {
            seen += counts[static_cast<std::size_t>(v)];
            if (2 * seen > count_) return static_cast<std::uint8_t>(v);
        }
        return 255;
    }
    std::array<int, 256> red_{}, green_{}, blue_{};
    int count_ = 0;
};

const std::uint8_t* PixelAt(const PageImage& image, int x, int y) {
    return image.bgra + y * image.stride + static_cast<std::ptrdiff_t>(x) * 4;
}

int Inset(const PageImage& image) { return std::max(2, static_cast<int>(std::lround(kFillInsetPt * image.scale))); }

}  // namespace

std::optional<Rgb> FillColour(const PageImage& image, const Box& box, const std::vector<Box>& text) {
    if (image.bgra == nullptr) return std::nullopt;
    const PixelRect area = ToPixels(image, box, Inset(image));
    if (area.Empty()) return std::nullopt;
    std::vector<PixelRect> glyphs;
    glyphs.reserve(text.size());
    for (const Box& word : text) glyphs.push_back(ToPixels(image, word, -1));
    const double pixels = static_cast<double>(area.x1 - area.x0) * (area.y1 - area.y0);
    const int step = std::max(1, static_cast<int>(std::sqrt(pixels / kMaxSamples)));
    Histogram histogram;
    for (bool exclude_text : {true, false}) {
        for (int y = area.y0; y < area.y1; y += step) {
            for (int x = area.x0; x < area.x1; x += step) {
                if (exclude_text &&
                    std::any_of(glyphs.begin(), glyphs.end(), [&](const PixelRect& g) { return g.Contains(x, y); })) {
                    continue;
                }
                histogram.Add(PixelAt(image, x, y));
            }
        }
        if (histogram.Count() >= 16) break;  // else the text covers the cell: sample it all
    }
    if (histogram.Count() == 0) return std::nullopt;
    const Rgb median = histogram.Median();
    if (std::min({median.r, median.g, median.b}) >= kWhiteLevel) return std::nullopt;
    return median;
}

std::optional<Rgb> TextColour(const PageImage& image, const std::vector<Box>& boxes, Rgb background,
                              const std::optional<Box>& clip) {
    if (image.bgra == nullptr) return std::nullopt;
    const PixelRect limit = clip ? ToPixels(image, *clip, Inset(image)) : PixelRect{0, 0, image.width, image.height};
    Histogram histogram;
    for (const Box& box : boxes) {
        PixelRect area = ToPixels(image, box, 0);
        area = PixelRect{std::max(area.x0, limit.x0), std::max(area.y0, limit.y0), std::min(area.x1, limit.x1),
                         std::min(area.y1, limit.y1)};
        for (int y = area.y0; y < area.y1; ++y) {
            for (int x = area.x0; x < area.x1; ++x) {
                const std::uint8_t* px = PixelAt(image, x, y);
                const int contrast =
                    std::abs(px[0] - background.b) + std::abs(px[1] - background.g) + std::abs(px[2] - background.r);
                if (contrast >= kGlyphContrast) histogram.Add(px);
            }
        }
    }
    if (histogram.Count() < 4) return std::nullopt;
    const Rgb median = histogram.Median();
    const int brightest = std::max({median.r, median.g, median.b});
    const int darkest = std::min({median.r, median.g, median.b});
    if (brightest <= kBlackLevel && brightest - darkest <= kBlackChroma) return std::nullopt;
    return median;
}

}  // namespace ly::extract::pdf
