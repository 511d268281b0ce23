// Reading one table cell: crop it, drop its ruling lines, skip it when blank,
// turn and scale its text for Tesseract, and map what was read back onto the
// page. And reading many cells on a few threads.
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cmath>
#include <exception>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ocr/ocr.hpp"

namespace ly::extract::ocr {

namespace {

// Ink must be at least this much darker than the ground (0 … 255).
constexpr int kMinContrast = 40;
// Ink specks smaller than this many pixels are noise.
constexpr int kMinSpeckPixels = 3;
// … unless other ink is at most this many pixels away.
constexpr int kSpeckReach = 6;
// A row (column) near the crop's edge that is ink over this share of its
// length is a ruling line, and everything outside it goes too.
constexpr double kLineShare = 0.5;
// How deep into the crop such lines are looked for: this share of its size,
// at least kMinLineDepth pixels.
constexpr double kLineDepthShare = 0.12;
constexpr int kMinLineDepth = 4;
// Ink this many rows tall, with blank rows on both sides, is a line of text
// (smaller is a speck or what the inset left of a border).
constexpr int kMinTextRows = 6;
// An unbroken row of ink at least this long (pixels, and share of the crop's
// width) is a stroke, when the rows this many pixels above and below it have
// less than this share of ink over the same stretch.
constexpr int kMinRulePixels = 40;
constexpr double kRuleShare = 0.3;
constexpr int kRuleClearance = 4;
constexpr double kRuleNeighbourShare = 0.3;
// White margin around the text Tesseract sees, in capital heights.
constexpr double kMarginCaps = 0.6;
// Pieces under this share of the tallest are punctuation, not letters.
constexpr double kPunctuationShare = 0.25;
// Scale limits: no more than this enlargement (noise would be read as text),
// no more than this reduction.
constexpr double kMaxScale = 4.0;
constexpr double kMinScale = 0.3;
// Ink wider than this × its height is upright text.
constexpr double kWideInk = 1.6;
// Text side by side with a gap wider than this many letter heights is read
// group by group.
constexpr double kGroupGapLetters = 2.0;
// A group smaller than this many letter heights both ways is no text.
constexpr double kMinGroupLetters = 0.4;
// Remains of a bent or broken ruling line lie within this many pixels of
// the crop's edge, and are looked for only along edges at least
// kRemnantMinEdgeDepths times that long.
constexpr int kRemnantDepth = 8;
constexpr int kRemnantMinEdgeDepths = 6;
// Tesseract's LSTM reads a line scaled to this height, and no narrower than
// kTesseractMinWidth pixels once scaled.
constexpr int kTesseractLineHeight = 36;
constexpr int kTesseractMinWidth = 3;
// Ink under this many letter heights tall is one line of text.
constexpr double kSingleLineLetters = 1.6;
// Lines overlapping by this share of the lower one's height are one line.
constexpr double kSameLineOverlap = 0.5;

// A cell's pixels as they are cleaned.
struct Crop {
    cv::Mat gray;      // dark text on a light ground
    cv::Mat ink;       // 255 where ink
    cv::Point origin;  // of gray, in page pixels
    int ground = 255;  // the ground's grey level
    int dark = 0;      // the ink's
};

// The pixels of `rect` (inside the page) in grey.
cv::Mat GreyCrop(const cv::Mat& page, const cv::Rect& rect) {
    cv::Mat grey;
    if (page.type() == CV_8UC1) {
        page(rect).copyTo(grey);
    } else if (page.type() == CV_8UC3) {
        cv::cvtColor(page(rect), grey, cv::COLOR_BGR2GRAY);
    } else {
        cv::cvtColor(page(rect), grey, cv::COLOR_BGRA2GRAY);
    }
    return grey;
}

// The ground is the most common grey level (text covers far less of a cell
// than its ground); light text on a dark ground is turned into dark on light.
// Ink is what is clearly darker than the ground.
void FindInk(Crop& crop) {
    std::array<int, 256> histogram{};
    for (int y = 0; y < crop.gray.rows; ++y) {
        const auto* row = crop.gray.ptr<std::uint8_t>(y);
        for (int x = 0; x < crop.gray.cols; ++x) ++histogram[row[x]];
    }
    int ground = 0;
    long best = -1;
    for (int level = 0; level < 256; ++level) {
        long sum = 0;  // smoothed over ±2 levels: gradients and JPEG noise spread the ground
        for (int d = -2; d <= 2; ++d) {
            if (level + d >= 0 && level + d < 256) sum += histogram[static_cast<std::size_t>(level + d)];
        }
        if (sum > best) {
            best = sum;
            ground = level;
        }
    }
    if (ground < 128) {
        cv::bitwise_not(crop.gray, crop.gray);
        std::reverse(histogram.begin(), histogram.end());
        ground = 255 - ground;
    }
    // The darkest level worth the name: the 0.5th percentile, so a few
    // stray pixels do not set it — but no more than a short word's ink, or
    // one word in a cell merged down a whole week ("Break") sets no level.
    const long total = static_cast<long>(crop.gray.total());
    auto darkest = [&](long enough) {
        long seen = 0;
        int level = 0;
        for (; level < 255; ++level) {
            seen += histogram[static_cast<std::size_t>(level)];
            if (seen >= enough) break;
        }
        return level;
    };
    constexpr long kWordInk = 150;
    int dark = darkest(std::max(1L, std::min(total / 200, kWordInk)));
    // A short word in thin type ("Art", "9") can have fewer dark pixels than
    // that: before calling the cell blank, look at its darkest few. Noise
    // found this way is dropped as specks, and too little ink is still blank.
    constexpr long kFewInk = 30;
    if (ground - dark < kMinContrast) dark = darkest(std::max(1L, std::min(total / 200, kFewInk)));
    crop.ground = ground;
    crop.dark = dark;
    const int contrast = ground - dark;
    if (contrast < kMinContrast) {
        crop.ink = cv::Mat::zeros(crop.gray.size(), CV_8UC1);
        return;
    }
    const int threshold = ground - std::max(kMinContrast / 2, contrast / 2);
    crop.ink = crop.gray < threshold;
}

// How many rows (or columns) from one edge of a crop are border: `ink` counts
// the ink of each, from the edge inwards, `depth` of them. A line within `depth` of the edge
// is the cell's border, or one drawn a little inside it, and everything
// between it and the edge goes with it, unless a line of text lies there
// (ink with blank on both sides, as tall as letters): then it is a rule
// inside the cell, a heading's underline in a framed box, and only the
// line's own rows are in `inner_lines`, for clearing.
struct EdgeBand {
    int cut = 0;
    std::vector<int> inner_lines;
};
EdgeBand FindEdgeBand(const std::vector<int>& ink, int length) {
    const int depth = static_cast<int>(ink.size());
    EdgeBand band;
    bool text_since_cut = false;
    int run_start = -1;        // first row of the ink run in progress
    bool run_bounded = false;  // with a blank row before it, after the cut
    for (int i = 0; i < depth; ++i) {
        const int count = ink[static_cast<std::size_t>(i)];
        const bool text_run_ends = run_start >= 0 && run_bounded && i - run_start >= kMinTextRows;
        if (count > kLineShare * length) {
            if (text_run_ends) text_since_cut = true;  // underlined text: descenders may touch the line
            if (text_since_cut) {
                band.inner_lines.push_back(i);
            } else {
                band.cut = i + 1;
            }
            run_start = -1;
        } else if (count > 0) {
            if (run_start < 0) {
                run_start = i;
                run_bounded = i > band.cut && ink[static_cast<std::size_t>(i - 1)] == 0;
            }
        } else {
            if (text_run_ends) text_since_cut = true;
            run_start = -1;
        }
    }
    return band;
}

// Drops ruling lines near the crop's edges (and what lies beyond them): the
// part of the border the inset did not remove, or a line drawn a little inside.
void DropEdgeLines(Crop& crop) {
    const int rows = crop.ink.rows, cols = crop.ink.cols;
    const int row_depth = std::min(rows / 3, std::max(kMinLineDepth, static_cast<int>(rows * kLineDepthShare)));
    const int col_depth = std::min(cols / 3, std::max(kMinLineDepth, static_cast<int>(cols * kLineDepthShare)));
    std::vector<int> down, up, rightwards, leftwards;  // ink per row or column, from each edge inwards
    for (int i = 0; i < row_depth; ++i) {
        down.push_back(cv::countNonZero(crop.ink.row(i)));
        up.push_back(cv::countNonZero(crop.ink.row(rows - 1 - i)));
    }
    for (int i = 0; i < col_depth; ++i) {
        rightwards.push_back(cv::countNonZero(crop.ink.col(i)));
        leftwards.push_back(cv::countNonZero(crop.ink.col(cols - 1 - i)));
    }
    const EdgeBand top_band = FindEdgeBand(down, cols);
    const EdgeBand bottom_band = FindEdgeBand(up, cols);
    const EdgeBand left_band = FindEdgeBand(rightwards, rows);
    const EdgeBand right_band = FindEdgeBand(leftwards, rows);
    const int top = top_band.cut, bottom = rows - bottom_band.cut;
    const int left = left_band.cut, right = cols - right_band.cut;
    const cv::Scalar none(0);
    auto clear_rows = [&](int from, int to) {
        crop.ink.rowRange(from, to).setTo(none);
        crop.gray.rowRange(from, to).setTo(cv::Scalar(crop.ground));
    };
    auto clear_cols = [&](int from, int to) {
        crop.ink.colRange(from, to).setTo(none);
        crop.gray.colRange(from, to).setTo(cv::Scalar(crop.ground));
    };
    if (top > 0) clear_rows(0, top);
    if (bottom < rows) clear_rows(bottom, rows);
    if (left > 0) clear_cols(0, left);
    if (right < cols) clear_cols(right, cols);
    for (int y : top_band.inner_lines) clear_rows(y, y + 1);
    for (int y : bottom_band.inner_lines) clear_rows(rows - 1 - y, rows - y);
    for (int x : left_band.inner_lines) clear_cols(x, x + 1);
    for (int x : right_band.inner_lines) clear_cols(cols - 1 - x, cols - x);
}

// Long thin strokes inside a crop: a heading's underline in a framed box, a
// rule between its parts. They are no text: letters sitting on them read
// badly, and they join everything they span into one group. A row of marks
// (ink, or the fainter grey a thin line blurs to in a photo) is a stroke
// when it runs unbroken for a good share of the crop's width with few marks
// a few rows above and below it (a photo's blurred word, its letters run
// together, has its letters' stems above or below the run).
void DropInnerRules(Crop& crop) {
    const int rows = crop.ink.rows, cols = crop.ink.cols;
    const int min_run = std::max(kMinRulePixels, static_cast<int>(kRuleShare * cols));
    if (cols < min_run) return;
    const cv::Mat marks = crop.gray < crop.ground - kMinContrast;
    auto marked_share = [&](int y, int from, int to) {
        if (y < 0 || y >= rows) return 0.0;
        return static_cast<double>(cv::countNonZero(marks.row(y).colRange(from, to))) / (to - from);
    };
    cv::Mat rule = cv::Mat::zeros(marks.size(), CV_8UC1);
    bool found = false;
    for (int y = 0; y < rows; ++y) {
        const auto* row = marks.ptr<std::uint8_t>(y);
        int x = 0;
        while (x < cols) {
            if (row[x] == 0) {
                ++x;
                continue;
            }
            const int from = x;
            while (x < cols && row[x] != 0) ++x;
            if (x - from < min_run) continue;
            const bool thin = marked_share(y - kRuleClearance, from, x) < kRuleNeighbourShare &&
                              marked_share(y + kRuleClearance, from, x) < kRuleNeighbourShare;
            if (!thin) continue;
            rule.row(y).colRange(from, x).setTo(cv::Scalar(255));
            found = true;
        }
    }
    if (!found) return;
    // The stroke's soft fringe goes with it.
    cv::dilate(rule, rule, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(1, 3)));
    rule &= marks;
    crop.ink.setTo(cv::Scalar(0), rule);
    crop.gray.setTo(cv::Scalar(crop.ground), rule);
}

// The ink's pieces: 8-connected components, labelled 1, 2, … in `labels`;
// piece i (0-based) has boxes[i] and areas[i]. A plain flood fill: OpenCV's
// own labelling hands even a cell-sized image to its thread pool, whose
// workers then spin on the core the other OCR worker needs.
struct InkPieces {
    cv::Mat labels;  // CV_32S
    std::vector<cv::Rect> boxes;
    std::vector<int> areas;
    int pixels = 0;
    cv::Rect bounds;
};

InkPieces FindPieces(const cv::Mat& ink) {
    InkPieces pieces;
    pieces.labels = cv::Mat::zeros(ink.size(), CV_32S);
    std::vector<cv::Point> stack;
    for (int y = 0; y < ink.rows; ++y) {
        for (int x = 0; x < ink.cols; ++x) {
            if (ink.at<std::uint8_t>(y, x) == 0 || pieces.labels.at<int>(y, x) != 0) continue;
            const int label = static_cast<int>(pieces.boxes.size()) + 1;
            int x0 = x, y0 = y, x1 = x, y1 = y, area = 0;
            pieces.labels.at<int>(y, x) = label;
            stack.assign(1, cv::Point(x, y));
            while (!stack.empty()) {
                const cv::Point p = stack.back();
                stack.pop_back();
                ++area;
                x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
                for (int ny = std::max(0, p.y - 1); ny <= std::min(ink.rows - 1, p.y + 1); ++ny) {
                    for (int nx = std::max(0, p.x - 1); nx <= std::min(ink.cols - 1, p.x + 1); ++nx) {
                        if (ink.at<std::uint8_t>(ny, nx) == 0 || pieces.labels.at<int>(ny, nx) != 0) continue;
                        pieces.labels.at<int>(ny, nx) = label;
                        stack.emplace_back(nx, ny);
                    }
                }
            }
            const cv::Rect box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
            pieces.boxes.push_back(box);
            pieces.areas.push_back(area);
            pieces.pixels += area;
            pieces.bounds = pieces.bounds.area() == 0 ? box : (pieces.bounds | box);
        }
    }
    return pieces;
}

// Removes specks of dust and noise from the crop's ink (and its grey): tiny
// pieces with no bigger piece within kSpeckReach pixels. A colon's dots in
// small text are as tiny, but sit beside digits.
void DropSpecks(Crop& crop) {
    const InkPieces pieces = FindPieces(crop.ink);
    auto is_speck = [&](int label) { return pieces.areas[static_cast<std::size_t>(label - 1)] < kMinSpeckPixels; };
    for (std::size_t i = 0; i < pieces.boxes.size(); ++i) {
        if (pieces.areas[i] >= kMinSpeckPixels) continue;
        const cv::Rect near =
            (pieces.boxes[i] - cv::Point(kSpeckReach, kSpeckReach) + cv::Size(2 * kSpeckReach, 2 * kSpeckReach)) &
            cv::Rect(0, 0, crop.ink.cols, crop.ink.rows);
        bool lonely = true;
        for (int y = near.y; y < near.y + near.height && lonely; ++y) {
            for (int x = near.x; x < near.x + near.width; ++x) {
                const int label = pieces.labels.at<int>(y, x);
                if (label != 0 && !is_speck(label)) {
                    lonely = false;
                    break;
                }
            }
        }
        if (!lonely) continue;
        const cv::Mat speck = pieces.labels(pieces.boxes[i]) == static_cast<int>(i + 1);
        crop.gray(pieces.boxes[i]).setTo(cv::Scalar(crop.ground), speck);
        crop.ink(pieces.boxes[i]).setTo(cv::Scalar(0), speck);
    }
}

// Drops what is left of a ruling line that is not quite straight: on a scan
// a border slants, bends or breaks up by a pixel or two, so no single row
// near the edge is mostly ink and DropEdgeLines keeps it, yet OCR reads its
// bits as dashes and letters. Within an edge band, the pieces that do not
// reach the band's inner side (letters do) and together run along more than
// half of that edge are such a line.
void DropEdgeRemnants(Crop& crop) {
    const int rows = crop.ink.rows, cols = crop.ink.cols;
    // A thin band, the same on every side: a deeper one (a framed list's
    // left margin) would hold whole letters not reaching out of it.
    const int depth = std::min({rows / 3, cols / 3, kRemnantDepth});
    const int bridge = depth / 2;
    enum class Side { kTop, kBottom, kLeft, kRight };
    for (const Side side : {Side::kTop, Side::kBottom, Side::kLeft, Side::kRight}) {
        const bool along_rows = side == Side::kTop || side == Side::kBottom;
        const cv::Rect band = side == Side::kTop      ? cv::Rect(0, 0, cols, depth)
                              : side == Side::kBottom ? cv::Rect(0, rows - depth, cols, depth)
                              : side == Side::kLeft   ? cv::Rect(0, 0, depth, rows)
                                                      : cv::Rect(cols - depth, 0, depth, rows);
        cv::Mat band_ink = crop.ink(band);
        const InkPieces pieces = FindPieces(band_ink);
        auto reaches_inside = [&](const cv::Rect& box) {
            switch (side) {
                case Side::kTop:
                    return box.y + box.height >= band.height;
                case Side::kBottom:
                    return box.y == 0;
                case Side::kLeft:
                    return box.x + box.width >= band.width;
                case Side::kRight:
                    return box.x == 0;
            }
            return true;
        };
        const int length = along_rows ? cols : rows;
        // Along a short edge a letter or two would cover half of it.
        if (length < kRemnantMinEdgeDepths * depth) continue;
        std::vector<char> covered(static_cast<std::size_t>(length), 0);
        std::vector<std::size_t> remnants;
        for (std::size_t i = 0; i < pieces.boxes.size(); ++i) {
            const cv::Rect& box = pieces.boxes[i];
            if (reaches_inside(box)) continue;
            remnants.push_back(i);
            // Gaps up to `bridge` between bits count as covered: a line
            // broken by a scan's noise is still a line.
            const int from = std::max(0, (along_rows ? box.x : box.y) - bridge);
            const int to = std::min(length, (along_rows ? box.x + box.width : box.y + box.height) + bridge);
            std::fill(covered.begin() + from, covered.begin() + to, 1);
        }
        if (std::count(covered.begin(), covered.end(), 1) <= kLineShare * length) continue;
        cv::Mat band_gray = crop.gray(band);
        for (std::size_t i : remnants) {
            const cv::Rect& box = pieces.boxes[i];
            const cv::Mat piece = pieces.labels(box) == static_cast<int>(i + 1);
            band_gray(box).setTo(cv::Scalar(crop.ground), piece);
            band_ink(box).setTo(cv::Scalar(0), piece);
        }
    }
}

// How tall the letters of the smallest text among upright pieces are: the
// median height, leaving out dots, commas and hyphens (under a quarter of
// the tallest piece).
double LetterHeight(const InkPieces& pieces) {
    std::vector<int> heights;
    for (const cv::Rect& box : pieces.boxes) heights.push_back(box.height);
    if (heights.empty()) return 1;
    std::sort(heights.begin(), heights.end());
    const auto first = std::lower_bound(heights.begin(), heights.end(), kPunctuationShare * heights.back());
    return std::max(1, *(first + (heights.end() - first) / 2));
}

// Groups of upright text side by side with a wide gap between them (a
// lesson number and its time, "1        8:35"): each is read on its own, at
// its own scale, and Tesseract does not spend time on the gap.
std::vector<cv::Rect> TextGroups(const cv::Mat& ink, double letter_height) {
    std::vector<int> inked(static_cast<std::size_t>(ink.cols), 0);
    for (int y = 0; y < ink.rows; ++y) {
        const auto* row = ink.ptr<std::uint8_t>(y);
        for (int x = 0; x < ink.cols; ++x) inked[static_cast<std::size_t>(x)] |= row[x] != 0 ? 1 : 0;
    }
    const int min_gap = std::max(4, static_cast<int>(kGroupGapLetters * letter_height));
    std::vector<cv::Rect> groups;
    int start = -1, last = -1;
    auto close = [&]() {
        cv::Mat part = ink.colRange(start, last + 1);
        cv::Rect box = cv::boundingRect(part);
        box.x += start;
        groups.push_back(box);
    };
    for (int x = 0; x < ink.cols; ++x) {
        if (inked[static_cast<std::size_t>(x)] == 0) continue;
        if (start >= 0 && x - last > min_gap) {
            close();
            start = -1;
        }
        if (start < 0) start = x;
        last = x;
    }
    if (start >= 0) close();
    return groups;
}

// Maps a point of the turned text image back to the unturned one, whose
// size is `size`.
cv::Point2d Unturn(cv::Point2d p, TextOrientation orientation, cv::Size size) {
    switch (orientation) {
        case TextOrientation::kUp:  // turned clockwise: (x, y) → (h − y, x)
            return {p.y, size.height - p.x};
        case TextOrientation::kDown:  // turned anticlockwise: (x, y) → (y, w − x)
            return {size.width - p.y, p.x};
        case TextOrientation::kHorizontal:
            break;
    }
    return p;
}

struct ReadWord {
    std::string text;
    Box box;  // in the turned text image
    double confidence = 0;
};

struct ReadLine {
    std::vector<ReadWord> words;
    Box box;  // in the turned text image
};

// The cell read one way round.
struct Read {
    TextOrientation orientation = TextOrientation::kHorizontal;
    cv::Size size;  // of the text image, unturned
    std::vector<ReadLine> lines;
    double confidence = 0;  // mean over the letters and digits read
    double score = 0;       // the sum: confidence × letters and digits
};

int LettersAndDigits(std::string_view text) {
    return static_cast<int>(std::count_if(text.begin(), text.end(),
                                          [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
}

// Confidence per letter or digit read: a dash or a stray quote Tesseract is
// unsure of does not make a good read of the words around it look bad.
void ScoreRead(Read& read) {
    double sum = 0;
    int letters = 0;
    for (const ReadLine& line : read.lines) {
        for (const ReadWord& word : line.words) {
            const int word_letters = LettersAndDigits(word.text);
            sum += word.confidence * word_letters;
            letters += word_letters;
        }
    }
    read.score = sum;
    read.confidence = letters > 0 ? sum / letters : 0;
}

Box Union(const Box& a, const Box& b) {
    return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// Lines of different groups at the same height are one line; then all lines
// top to bottom.
void MergeLines(std::vector<ReadLine>& lines) {
    std::sort(lines.begin(), lines.end(), [](const ReadLine& a, const ReadLine& b) { return a.box.x0 < b.box.x0; });
    std::vector<ReadLine> merged;
    for (ReadLine& line : lines) {
        ReadLine* same = nullptr;
        for (ReadLine& other : merged) {
            const double overlap = std::min(line.box.y1, other.box.y1) - std::max(line.box.y0, other.box.y0);
            if (overlap > kSameLineOverlap * std::min(line.box.height(), other.box.height())) {
                same = &other;
                break;
            }
        }
        if (same == nullptr) {
            merged.push_back(std::move(line));
            continue;
        }
        same->box = Union(same->box, line.box);
        for (ReadWord& word : line.words) same->words.push_back(std::move(word));
    }
    std::sort(merged.begin(), merged.end(), [](const ReadLine& a, const ReadLine& b) { return a.box.y0 < b.box.y0; });
    lines = std::move(merged);
}

cv::Mat Turn(const cv::Mat& image, TextOrientation orientation) {
    cv::Mat turned;
    if (orientation == TextOrientation::kUp) {
        cv::rotate(image, turned, cv::ROTATE_90_CLOCKWISE);
    } else if (orientation == TextOrientation::kDown) {
        cv::rotate(image, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    } else {
        turned = image;
    }
    return turned;
}

// Reads one group of the turned text: scaled so its letters are about
// target_cap_height tall, framed in white. Lines come back in the turned
// text image's coordinates.
Status ReadGroup(OcrEngine& engine, const cv::Mat& text, const cv::Mat& ink, const cv::Rect& group,
                 const CellOptions& options, std::vector<ReadLine>& lines) {
    const double letter = LetterHeight(FindPieces(ink(group)));
    double scale = std::clamp(options.target_cap_height / letter, kMinScale, kMaxScale);
    // A sliver of ink (a pixel-wide stroke) scaled down has no size left to read.
    if (std::lround(group.width * scale) < 1 || std::lround(group.height * scale) < 1) return Ok{};
    cv::Mat scaled;
    if (std::abs(scale - 1) < 0.05) {
        scale = 1;
        scaled = text(group);
    } else {
        cv::resize(text(group), scaled, cv::Size(), scale, scale, scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
    }
    const int margin = std::max(4, static_cast<int>(std::lround(options.target_cap_height * kMarginCaps)));
    cv::Mat framed;
    cv::copyMakeBorder(scaled, framed, margin, margin, margin, margin, cv::BORDER_CONSTANT, cv::Scalar(255));
    Result<std::vector<RawLine>> raw = engine.Read(framed, options.segmentation);
    if (!raw) return raw.error();
    // Block layout analysis can find no text line in a lone short word or
    // digit ("9" in a tall time cell); read as one line, it reads.
    if (raw->empty() && options.segmentation != Segmentation::kSingleLine &&
        group.height < kSingleLineLetters * letter) {
        raw = engine.Read(framed, Segmentation::kSingleLine);
        if (!raw) return raw.error();
    }
    auto to_text = [&](int x0, int y0, int x1, int y1) {
        return Box{(x0 - margin) / scale + group.x, (y0 - margin) / scale + group.y, (x1 - margin) / scale + group.x,
                   (y1 - margin) / scale + group.y};
    };
    for (const RawLine& raw_line : *raw) {
        ReadLine& line = lines.emplace_back();
        line.box = to_text(raw_line.x0, raw_line.y0, raw_line.x1, raw_line.y1);
        for (const RawWord& raw_word : raw_line.words) {
            line.words.push_back(ReadWord{raw_word.text, to_text(raw_word.x0, raw_word.y0, raw_word.x1, raw_word.y1),
                                          raw_word.confidence});
        }
    }
    return Ok{};
}

// Reads the text turned upright from `orientation`, group by group.
Result<Read> ReadTurned(OcrEngine& engine, const cv::Mat& text, const cv::Mat& ink, TextOrientation orientation,
                        const CellOptions& options, int& reads) {
    Read read;
    read.orientation = orientation;
    read.size = text.size();
    const cv::Mat turned_text = Turn(text, orientation);
    const cv::Mat turned_ink = Turn(ink, orientation);
    const double letter = LetterHeight(FindPieces(turned_ink));
    for (const cv::Rect& group : TextGroups(turned_ink, letter)) {
        // A lone dot or dash far from the text is no text.
        if (group.height < kMinGroupLetters * letter && group.width < kMinGroupLetters * letter) continue;
        // Nor is a sliver (a bit of a ruling line): Tesseract scales a line
        // to a fixed height and cannot read one left narrower than 3 pixels
        // ("Image too small to scale"); a "1" or an "l" is wider than that.
        if (group.width * kTesseractLineHeight < kTesseractMinWidth * group.height) continue;
        ++reads;
        Status status = ReadGroup(engine, turned_text, turned_ink, group, options, read.lines);
        if (!status) return status.error();
    }
    MergeLines(read.lines);
    ScoreRead(read);
    return read;
}

// A box of the turned text image in page coordinates.
Box ToPage(const Read& read, const Box& box, cv::Point origin) {
    const cv::Point2d a = Unturn({box.x0, box.y0}, read.orientation, read.size);
    const cv::Point2d b = Unturn({box.x1, box.y1}, read.orientation, read.size);
    const double w = read.size.width, h = read.size.height;
    return Box{std::clamp(std::min(a.x, b.x), 0.0, w) + origin.x, std::clamp(std::min(a.y, b.y), 0.0, h) + origin.y,
               std::clamp(std::max(a.x, b.x), 0.0, w) + origin.x, std::clamp(std::max(a.y, b.y), 0.0, h) + origin.y};
}

void Emit(const Read& read, cv::Point origin, CellText& out) {
    out.orientation = read.orientation;
    for (const ReadLine& read_line : read.lines) {
        TextLine line;
        std::vector<Word> words;
        // The line's confidence: its words' weighted by their letters and
        // digits, so a lone "5:" or "&" read unsurely weighs as little as it says.
        double sum = 0, weight = 0;
        for (const ReadWord& read_word : read_line.words) {
            if (!line.text.empty()) line.text += ' ';
            line.text += read_word.text;
            const double letters = std::max<double>(1, LettersAndDigits(read_word.text));
            sum += read_word.confidence * letters;
            weight += letters;
            words.push_back(Word{read_word.text, ToPage(read, read_word.box, origin), read_word.confidence});
        }
        line.box = ToPage(read, read_line.box, origin);
        line.confidence = weight > 0 ? sum / weight : 0;
        out.lines.push_back(std::move(line));
        out.words.push_back(std::move(words));
    }
}

Result<CellText> RecognizeCellOrThrow(OcrEngine& engine, const cv::Mat& page, const Box& cell_box,
                                      const CellOptions& options) {
    if (page.empty()) return MakeError(ErrorCode::kInvalidArgument, "OCR was given an empty page image.");
    if (page.type() != CV_8UC1 && page.type() != CV_8UC3 && page.type() != CV_8UC4) {
        return MakeError(ErrorCode::kInvalidArgument, "OCR reads 8-bit grey, BGR or BGRA page images only.");
    }
    CellText out;
    const double inset = std::max(0, options.inset);
    const int x0 = std::max(0, static_cast<int>(std::ceil(cell_box.x0 + inset)));
    const int y0 = std::max(0, static_cast<int>(std::ceil(cell_box.y0 + inset)));
    const int x1 = std::min(page.cols, static_cast<int>(std::floor(cell_box.x1 - inset)));
    const int y1 = std::min(page.rows, static_cast<int>(std::floor(cell_box.y1 - inset)));
    if (x1 - x0 < 3 || y1 - y0 < 3) {
        out.blank = true;
        return out;
    }
    Crop crop;
    crop.origin = cv::Point(x0, y0);
    crop.gray = GreyCrop(page, cv::Rect(x0, y0, x1 - x0, y1 - y0));
    FindInk(crop);
    if (options.drop_edge_lines) {
        DropEdgeLines(crop);
        DropEdgeRemnants(crop);
    }
    DropInnerRules(crop);
    DropSpecks(crop);
    InkPieces pieces = FindPieces(crop.ink);
    // The share is of the square on the crop's short side: a cell merged
    // down a whole week is tall, and its one word ("Break") is no less ink.
    const double side = std::min(crop.gray.cols, crop.gray.rows);
    if (pieces.pixels < options.min_ink_pixels || pieces.pixels < options.blank_ink_ratio * side * side) {
        out.blank = true;
        return out;
    }

    // The text alone, with a little ground around it, at full contrast.
    const int pad = 2;
    const cv::Rect text_box = (pieces.bounds - cv::Point(pad, pad) + cv::Size(2 * pad, 2 * pad)) &
                              cv::Rect(0, 0, crop.gray.cols, crop.gray.rows);
    cv::Mat text;
    const double gain = 255.0 / std::max(1, crop.ground - crop.dark);
    crop.gray(text_box).convertTo(text, CV_8UC1, gain, -gain * crop.dark);
    const cv::Mat ink = crop.ink(text_box);
    const cv::Point origin = crop.origin + text_box.tl();

    // Which ways to read: upright first, unless the cell or its text is tall.
    const bool tall_cell = cell_box.height() > options.tall_ratio * cell_box.width();
    const bool tall_text = pieces.boxes.size() >= 3 && pieces.bounds.height > options.tall_ratio * pieces.bounds.width;
    // Turned text makes ink taller than it is wide, unless it runs over
    // several short lines; clearly wide ink is upright text, whatever its
    // confidence (turning it only invites misreads of stray strokes).
    const bool wide_text = pieces.bounds.width > kWideInk * pieces.bounds.height;
    // A single glyph (a letter of B-R-E-A-K down a column, a lone digit)
    // shows no way round; turned, it reads as more letters of garbage
    // ("C" as "oO") and wins on letters read.
    const bool one_glyph = pieces.boxes.size() == 1;
    std::vector<TextOrientation> order = {TextOrientation::kHorizontal};
    if (options.try_rotations && !one_glyph) {
        if ((tall_cell && !wide_text) || tall_text) {
            order = {TextOrientation::kUp, TextOrientation::kDown, TextOrientation::kHorizontal};
        } else if (!wide_text) {
            order = {TextOrientation::kHorizontal, TextOrientation::kUp, TextOrientation::kDown};
        }
    }
    Read best;
    bool have_best = false;
    for (std::size_t i = 0; i < order.size(); ++i) {
        // Past the first read, turning is only worth it while nothing reads well.
        if (i > 0 && have_best && best.score > 0) {
            const bool first_was_upright = order.front() == TextOrientation::kHorizontal;
            if (best.confidence >= (first_was_upright ? options.retry_below_confidence : options.accept_confidence)) {
                break;
            }
        }
        Result<Read> read = ReadTurned(engine, text, ink, order[i], options, out.engine_reads);
        if (!read) return read.error();
        if (!have_best || read->score > best.score) {
            best = std::move(read).value();
            have_best = true;
        }
    }
    Emit(best, origin, out);
    return out;
}

}  // namespace

std::string CellText::Text() const {
    std::string text;
    for (const TextLine& line : lines) {
        if (!text.empty()) text += '\n';
        text += line.text;
    }
    return text;
}

Result<CellText> RecognizeCell(OcrEngine& engine, const cv::Mat& page, const Box& cell_box,
                               const CellOptions& options) {
    try {
        return RecognizeCellOrThrow(engine, page, cell_box, options);
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("OCR of a cell failed: ") + e.what());
    }
}

Result<std::vector<CellText>> RecognizeCells(OcrEnginePool& pool, const cv::Mat& page, std::span<const Box> boxes,
                                             const CellOptions& options, int threads) {
    std::vector<CellText> results(boxes.size());
    if (boxes.empty()) return results;
    const int workers = std::clamp(threads, 1, std::min(pool.max_engines(), static_cast<int>(boxes.size())));
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::optional<Error> first_error;
    auto fail = [&](Error error) {
        std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::move(error);
        failed = true;
    };
    auto work = [&](OcrEngine& engine) {
        for (std::size_t i = next++; i < boxes.size() && !failed; i = next++) {
            Result<CellText> cell = RecognizeCell(engine, page, boxes[i], options);
            if (!cell) {
                fail(cell.error());
                return;
            }
            results[i] = std::move(cell).value();
        }
    };
    // Helpers take an engine only if one is free or may be started: waiting
    // for another caller's lease would only hold this call up.
    auto help = [&]() {
        try {
            std::optional<OcrEnginePool::Lease> lease = pool.TryAcquire();
            if (lease) work(**lease);
        } catch (const std::exception& e) {  // nothing may escape a thread
            fail(MakeError(ErrorCode::kInternal, std::string("OCR worker failed: ") + e.what()));
        }
    };
    std::vector<std::thread> helpers;
    for (int i = 1; i < workers; ++i) helpers.emplace_back(help);
    {
        Result<OcrEnginePool::Lease> lease = pool.Acquire();
        if (lease) {
            work(**lease);
        } else {
            fail(lease.error());
        }
    }
    for (std::thread& helper : helpers) helper.join();
    if (first_error) return *first_error;
    return results;
}

}  // namespace ly::extract::ocr
