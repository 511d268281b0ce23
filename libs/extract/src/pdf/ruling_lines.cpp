#include "pdf/ruling_lines.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace ly::extract::pdf {

namespace {

// Which pixels are ink, pass by pass. The first pass takes pixels whose
// brightest channel is below kFirstInk: black and grey strokes are ink,
// light fills of any hue (yellow 255,255,0; light blue) are not. When a pass
// meets solid regions (dark fills), two more passes split at the fills'
// median luminance: just above it (the fill is ink, a lighter line on it is
// a gap between two fills: grey on navy) and well below it (only a darker
// line is ink: black on grey).
constexpr int kFirstInk = 200;
constexpr int kLighterBy = 24;
constexpr double kDarkerShare = 0.6;
constexpr int kMinInk = 10;  // no pass below this luminance
constexpr int kMaxPasses = 5;
// The shortest line kept, and the opening kernel's length: shorter than the
// narrowest cell edge, longer than most strokes of body text.
constexpr double kMinLinePt = 8;
// Strokes thicker than this are filled regions; only their edges are lines.
constexpr double kMaxLineThicknessPt = 3;
// Parallel strokes closer than this are one line (double borders, rounding).
constexpr double kMergePt = 2.5;
// Runs along a line closer than this many pixels are one stretch.
constexpr int kRunJoinPx = 2;

struct Params {
    int length;     // opening kernel length, px (odd)
    int thickness;  // solid-region kernel, px (odd): thicker strokes are fills
    int merge;      // px
};

cv::Mat Kernel(int width, int height) { return cv::getStructuringElement(cv::MORPH_RECT, cv::Size(width, height)); }

// The BT.601 luminance (0 … 255) of a pixel stored B, G, R.
int Luminance(const std::uint8_t* bgr) { return (114 * bgr[0] + 587 * bgr[1] + 299 * bgr[2]) / 1000; }

// Where ink is solid (a dark fill): a square thicker than any line fits.
// Text on a dark ground counts as solid too: white letters in a dark cell
// make no lines. Returns the fills' median luminance, or -1 without fills.
int SolidMask(const PageImage& image, const cv::Mat& ink, const std::vector<cv::Rect>& text, const Params& p,
              cv::Mat& solid) {
    cv::morphologyEx(ink, solid, cv::MORPH_OPEN, Kernel(p.thickness, p.thickness));
    std::array<int, 256> histogram{};
    int count = 0;
    for (int y = 0; y < solid.rows; ++y) {
        const auto* row = solid.ptr<std::uint8_t>(y);
        const std::uint8_t* px = image.bgra + y * image.stride;
        for (int x = 0; x < solid.cols; ++x) {
            if (row[x] == 0) continue;
            ++histogram[static_cast<std::size_t>(Luminance(px + static_cast<std::ptrdiff_t>(x) * 4))];
            ++count;
        }
    }
    if (count == 0) return -1;
    for (const cv::Rect& word : text) {
        if (cv::countNonZero(ink(word)) * 2 >= word.area()) solid(word).setTo(255);
    }
    int seen = 0;
    for (int v = 0; v < 256; ++v) {
        seen += histogram[static_cast<std::size_t>(v)];
        if (2 * seen >= count) return v;
    }
    return 255;
}

// Long thin strokes of `ink` in one direction, outside the inside of solid
// regions: a fill's outermost pixel rows (or columns) stay, its edge is a
// line.
cv::Mat LineMask(const cv::Mat& ink, const cv::Mat& solid, bool horizontal, const Params& p) {
    cv::Mat lines;
    cv::morphologyEx(ink, lines, cv::MORPH_OPEN, horizontal ? Kernel(p.length, 1) : Kernel(1, p.length));
    if (!solid.empty()) {
        cv::Mat inside;
        cv::erode(solid, inside, horizontal ? Kernel(1, 3) : Kernel(3, 1));
        lines.setTo(0, inside);
    }
    return lines;
}

struct Run {
    int across;    // row of a horizontal run, column of a vertical one
    int from, to;  // inclusive, along
};

// Runs of line pixels: rows of `lines` (horizontal) or its columns.
std::vector<Run> CollectRuns(const cv::Mat& lines, bool horizontal) {
    std::vector<Run> runs;
    if (horizontal) {
        for (int y = 0; y < lines.rows; ++y) {
            const auto* row = lines.ptr<std::uint8_t>(y);
            int start = -1;
            for (int x = 0; x <= lines.cols; ++x) {
                const bool on = x < lines.cols && row[x] != 0;
                if (on && start < 0) start = x;
                if (!on && start >= 0) {
                    runs.push_back(Run{y, start, x - 1});
                    start = -1;
                }
            }
        }
    } else {
        // Row-major scan with one open run per column: cache-friendly.
        std::vector<int> start(static_cast<std::size_t>(lines.cols), -1);
        for (int y = 0; y <= lines.rows; ++y) {
            const std::uint8_t* row = y < lines.rows ? lines.ptr<std::uint8_t>(y) : nullptr;
            for (int x = 0; x < lines.cols; ++x) {
                const bool on = row != nullptr && row[x] != 0;
                int& s = start[static_cast<std::size_t>(x)];
                if (on && s < 0) s = y;
                if (!on && s >= 0) {
                    runs.push_back(Run{x, s, y - 1});
                    s = -1;
                }
            }
        }
    }
    return runs;
}

// One stroke: runs in neighbouring rows (columns) that overlap along.
struct Segment {
    double pos = 0;  // run-length-weighted mean across, px
    int from = 0, to = 0;
    int first_across = 0, last_across = 0;
    double weighted = 0, total = 0;
};

std::vector<Segment> SegmentsOf(std::vector<Run> runs, const Params& p) {
    std::sort(runs.begin(), runs.end(),
              [](const Run& a, const Run& b) { return a.across != b.across ? a.across < b.across : a.from < b.from; });
    std::vector<Segment> segments;
    std::vector<std::size_t> open;  // indices of segments still within reach
    for (const Run& run : runs) {
        std::erase_if(open, [&](std::size_t i) { return run.across - segments[i].last_across > p.merge; });
        Segment* into = nullptr;
        for (std::size_t i : open) {
            Segment& s = segments[i];
            // A stroke is thin: runs further across than a line is thick are
            // another stroke, so that a field of specks (a photo's noisy
            // fill), chained side by side, cannot swallow the lines it meets.
            if (run.across - s.first_across > p.thickness + p.merge) continue;
            if (run.from <= s.to + kRunJoinPx && run.to >= s.from - kRunJoinPx) {
                into = &s;
                break;
            }
        }
        if (into == nullptr) {
            open.push_back(segments.size());
            segments.push_back(Segment{0, run.from, run.to, run.across, run.across, 0, 0});
            into = &segments.back();
        }
        const double length = run.to - run.from + 1;
        into->from = std::min(into->from, run.from);
        into->to = std::max(into->to, run.to);
        into->last_across = run.across;
        into->weighted += run.across * length;
        into->total += length;
    }
    std::erase_if(segments, [&](const Segment& s) { return s.to - s.from + 1 < p.length; });
    for (Segment& s : segments) s.pos = s.weighted / s.total;
    return segments;
}

class UnionFind {
  public:
    explicit UnionFind(std::size_t size) : parent_(size) {
        for (std::size_t i = 0; i < size; ++i) parent_[i] = i;
    }
    std::size_t Find(std::size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }
    void Unite(std::size_t a, std::size_t b) { parent_[Find(a)] = Find(b); }

  private:
    std::vector<std::size_t> parent_;
};

// Segments of one table grouped into ruling lines (positions within the
// merge distance are one line), in points.
std::vector<Rule> RulesOf(std::vector<const Segment*> segments, const Params& p, double scale) {
    std::sort(segments.begin(), segments.end(), [](const Segment* a, const Segment* b) { return a->pos < b->pos; });
    std::vector<Rule> rules;
    std::size_t i = 0;
    while (i < segments.size()) {
        std::size_t j = i + 1;
        while (j < segments.size() && segments[j]->pos - segments[j - 1]->pos <= p.merge) ++j;
        std::vector<const Segment*> group(segments.begin() + static_cast<std::ptrdiff_t>(i),
                                          segments.begin() + static_cast<std::ptrdiff_t>(j));
        i = j;
        double weighted = 0;
        double total = 0;
        for (const Segment* s : group) {
            weighted += s->weighted;
            total += s->total;
        }
        std::sort(group.begin(), group.end(), [](const Segment* a, const Segment* b) { return a->from < b->from; });
        Rule rule;
        rule.pos = (weighted / total + 0.5) / scale;
        int from = group.front()->from;
        int to = group.front()->to;
        for (const Segment* s : group) {
            if (s->from <= to + kRunJoinPx) {
                to = std::max(to, s->to);
            } else {
                rule.spans.push_back(Span{from / scale, (to + 1) / scale});
                from = s->from;
                to = s->to;
            }
        }
        rule.spans.push_back(Span{from / scale, (to + 1) / scale});
        rules.push_back(std::move(rule));
    }
    return rules;
}

}  // namespace

// Tables ruled across only: stacks of four or more horizontal strokes whose
// ends line up (within 3% of their length), each within a few text lines of
// the next. A lone underline or a pair of rules around a title is no table.
// Stacks side by side at the same height are one table whose rules a merged
// column interrupts; a rule above or below that spans the whole stack (the
// table's border, a header's rule) extends it. A header row above the first
// rule and a last row below the last are for the reader to add.
std::vector<RowRuledTable> RowRuledTables(std::vector<const Segment*> strokes, const PageImage& image) {
    std::sort(strokes.begin(), strokes.end(), [](const Segment* a, const Segment* b) { return a->pos < b->pos; });
    struct Stack {
        double x0, y0, x1, y1;
        double gap;                 // the median distance between its rules
        std::vector<double> rules;  // where its rules lie
    };
    std::vector<bool> taken(strokes.size(), false);
    std::vector<Stack> stacks;
    for (std::size_t i = 0; i < strokes.size(); ++i) {
        if (taken[i]) continue;
        const Segment& first = *strokes[i];
        const double length = first.to - first.from;
        if (length < image.width / 6.0) continue;  // a short stroke: an underline, a divider
        const double slack = 0.03 * length;
        std::vector<std::size_t> stack = {i};
        double last = first.pos;
        for (std::size_t j = i + 1; j < strokes.size(); ++j) {
            const Segment& s = *strokes[j];
            if (s.pos - last > image.height / 6.0) break;  // too far below to be the next row
            if (std::abs(s.from - first.from) <= slack && std::abs(s.to - first.to) <= slack) {
                stack.push_back(j);
                last = s.pos;
            }
        }
        if (stack.size() < 4) continue;  // three rows at least: a ruled title box is no table
        for (std::size_t k : stack) taken[k] = true;
        std::vector<double> gaps;
        for (std::size_t k = 1; k < stack.size(); ++k) gaps.push_back(strokes[stack[k]]->pos - strokes[stack[k - 1]]->pos);
        std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2), gaps.end());
        std::vector<double> rules;
        for (std::size_t k : stack) rules.push_back(strokes[k]->pos);
        stacks.push_back(Stack{static_cast<double>(first.from), first.pos, static_cast<double>(first.to), last,
                               gaps[gaps.size() / 2], std::move(rules)});
    }
    // Side by side with their rules at the same heights (a merged column
    // interrupts them): one table. Panels side by side rule their own rows.
    auto same_rules = [&](const Stack& s, const Stack& t) {
        const Stack& fewer = s.rules.size() <= t.rules.size() ? s : t;
        const Stack& more = s.rules.size() <= t.rules.size() ? t : s;
        std::size_t matched = 0;
        for (double y : fewer.rules) {
            matched += std::any_of(more.rules.begin(), more.rules.end(),
                                   [&](double other) { return std::abs(other - y) <= 2 * kMergePt * image.scale; });
        }
        return matched * 4 >= fewer.rules.size() * 3;
    };
    for (std::size_t a = 0; a < stacks.size(); ++a) {
        for (std::size_t b = a + 1; b < stacks.size();) {
            Stack& s = stacks[a];
            const Stack& t = stacks[b];
            const double apart = std::max(s.x0, t.x0) - std::min(s.x1, t.x1);
            if (same_rules(s, t) && apart <= 0.5 * std::max(s.x1 - s.x0, t.x1 - t.x0)) {
                std::vector<double> rules = s.rules;
                rules.insert(rules.end(), t.rules.begin(), t.rules.end());
                s = Stack{std::min(s.x0, t.x0), std::min(s.y0, t.y0), std::max(s.x1, t.x1), std::max(s.y1, t.y1),
                          std::max(s.gap, t.gap), std::move(rules)};
                stacks.erase(stacks.begin() + static_cast<std::ptrdiff_t>(b));
                b = a + 1;
            } else {
                ++b;
            }
        }
    }
    std::vector<RowRuledTable> boxes;
    for (Stack& s : stacks) {
        // Rules spanning the whole stack just above or below it.
        for (bool grew = true; grew;) {
            grew = false;
            for (std::size_t k = 0; k < strokes.size(); ++k) {
                const Segment& r = *strokes[k];
                if (r.from > s.x0 + 0.05 * (s.x1 - s.x0) || r.to < s.x1 - 0.05 * (s.x1 - s.x0)) continue;
                if (r.pos < s.y0 && r.pos >= s.y0 - 1.5 * s.gap) {
                    s.y0 = r.pos;
                    grew = true;
                } else if (r.pos > s.y1 && r.pos <= s.y1 + 1.5 * s.gap) {
                    s.y1 = r.pos;
                    grew = true;
                }
            }
        }
        boxes.push_back(RowRuledTable{Box{s.x0 / image.scale, s.y0 / image.scale, s.x1 / image.scale, s.y1 / image.scale},
                                      s.gap / image.scale});
    }
    return boxes;
}

std::vector<TableRules> FindTableRules(const PageImage& image, const std::vector<TextArea>& text_areas,
                                       std::vector<RowRuledTable>* row_ruled) {
    std::vector<TableRules> tables;
    if (image.bgra == nullptr || image.width < 8 || image.height < 8) return tables;
    // Kernels have odd sizes: OpenCV's opening with an even kernel shifts
    // the result by a pixel.
    auto odd = [](long v) { return static_cast<int>(v | 1); };
    const Params p{
        odd(std::max(7L, std::lround(kMinLinePt * image.scale))),
        odd(std::max(3L, std::lround(kMaxLineThicknessPt * image.scale)) + 1),
        std::max(2, static_cast<int>(std::lround(kMergePt * image.scale))),
    };

    // Ink: brightest channel below `max_below`, or else luminance below
    // `luminance_below`.
    auto ink_mask = [&](int max_below, int luminance_below) {
        cv::Mat ink(image.height, image.width, CV_8U);
        for (int y = 0; y < image.height; ++y) {
            const std::uint8_t* px = image.bgra + y * image.stride;
            auto* row = ink.ptr<std::uint8_t>(y);
            for (int x = 0; x < image.width; ++x, px += 4) {
                const bool on =
                    max_below > 0 ? std::max({px[0], px[1], px[2]}) < max_below : Luminance(px) < luminance_below;
                row[x] = on ? 255 : 0;
            }
        }
        return ink;
    };
    // Photos: the first pass also takes pixels ink_contrast darker than the
    // lightest pixel around them, a window wider than any line: a faint line
    // on white paper is ink, a light grey fill's noise is not.
    auto add_faint_ink = [&](cv::Mat& ink) {
        cv::Mat brightest(image.height, image.width, CV_8U);
        for (int y = 0; y < image.height; ++y) {
            const std::uint8_t* px = image.bgra + y * image.stride;
            auto* row = brightest.ptr<std::uint8_t>(y);
            for (int x = 0; x < image.width; ++x, px += 4) row[x] = std::max({px[0], px[1], px[2]});
        }
        cv::Mat ground;
        cv::dilate(brightest, ground, Kernel(2 * p.thickness + 1, 2 * p.thickness + 1));
        cv::Mat faint;
        cv::subtract(ground, brightest, faint);
        ink |= faint > image.ink_contrast;
    };
    const cv::Rect page(0, 0, image.width, image.height);
    auto to_pixels = [&](const Box& box, int grow) {
        const cv::Point from(static_cast<int>(std::floor(box.x0 * image.scale)) - grow,
                             static_cast<int>(std::floor(box.y0 * image.scale)) - grow);
        const cv::Point to(static_cast<int>(std::ceil(box.x1 * image.scale)) + grow,
                           static_cast<int>(std::ceil(box.y1 * image.scale)) + grow);
        return cv::Rect(from, to) & page;
    };
    std::vector<cv::Rect> text;   // cores
    std::vector<cv::Rect> words;  // whole boxes, a pixel larger
    for (const TextArea& area : text_areas) {
        if (const cv::Rect core = to_pixels(area.core, 0); !core.empty()) text.push_back(core);
        if (const cv::Rect box = to_pixels(area.box, 1); !box.empty()) words.push_back(box);
    }
    cv::Mat horizontal = cv::Mat::zeros(image.height, image.width, CV_8U);
    cv::Mat vertical = cv::Mat::zeros(image.height, image.width, CV_8U);
    std::vector<int> passes = {-1};  // luminance thresholds; -1: the first pass
    for (std::size_t i = 0; i < passes.size() && i < kMaxPasses; ++i) {
        cv::Mat ink = passes[i] < 0 ? ink_mask(kFirstInk, 0) : ink_mask(0, passes[i]);
        if (passes[i] < 0 && image.ink_contrast > 0) add_faint_ink(ink);
        cv::Mat solid;
        const int fill = SolidMask(image, ink, text, p, solid);
        horizontal |= LineMask(ink, solid, true, p);
        vertical |= LineMask(ink, solid, false, p);
        if (fill < 0) continue;
        for (int next : {fill + kLighterBy, static_cast<int>(kDarkerShare * fill)}) {
            const bool known = std::any_of(passes.begin(), passes.end(), [&](int done) {
                return done >= 0 && std::abs(done - next) < kLighterBy / 2;
            });
            if (!known && next >= kMinInk && next < kFirstInk) passes.push_back(next);
        }
    }

    // A stroke inside a word's box is part of a letter.
    auto outside_words = [&](std::vector<Segment> segments, bool is_horizontal) {
        std::erase_if(segments, [&](const Segment& s) {
            const int across = static_cast<int>(std::lround(s.pos));
            const cv::Rect stroke = is_horizontal ? cv::Rect(s.from, across, s.to - s.from + 1, 1)
                                                  : cv::Rect(across, s.from, 1, s.to - s.from + 1);
            return std::any_of(words.begin(), words.end(),
                               [&](const cv::Rect& word) { return (stroke & word) == stroke; });
        });
        return segments;
    };
    const std::vector<Segment> hs = outside_words(SegmentsOf(CollectRuns(horizontal, true), p), true);
    const std::vector<Segment> vs = outside_words(SegmentsOf(CollectRuns(vertical, false), p), false);
    // Tables are the connected sets of strokes: a horizontal and a vertical
    // stroke that cross or touch (within the merge distance) belong together.
    UnionFind sets(hs.size() + vs.size());
    const double reach = p.merge;
    for (std::size_t i = 0; i < hs.size(); ++i) {
        for (std::size_t j = 0; j < vs.size(); ++j) {
            const Segment& h = hs[i];
            const Segment& v = vs[j];
            if (v.pos >= h.from - reach && v.pos <= h.to + reach && h.pos >= v.from - reach && h.pos <= v.to + reach) {
                sets.Unite(i, hs.size() + j);
            }
        }
    }
    struct Group {
        std::vector<const Segment*> horizontals, verticals;
    };
    std::vector<Group> groups(hs.size() + vs.size());
    for (std::size_t i = 0; i < hs.size(); ++i) groups[sets.Find(i)].horizontals.push_back(&hs[i]);
    for (std::size_t j = 0; j < vs.size(); ++j) groups[sets.Find(hs.size() + j)].verticals.push_back(&vs[j]);
    // Horizontal strokes no vertical divides: none joins them, or only near
    // their ends (a border, the edge of a filled first column).
    std::vector<const Segment*> unjoined;
    for (Group& group : groups) {
        if (group.horizontals.empty()) continue;
        int from = group.horizontals.front()->from, to = group.horizontals.front()->to;
        for (const Segment* h : group.horizontals) {
            from = std::min(from, h->from);
            to = std::max(to, h->to);
        }
        const double margin = 0.2 * (to - from);
        const bool divided = std::any_of(group.verticals.begin(), group.verticals.end(), [&](const Segment* v) {
            return v->pos > from + margin && v->pos < to - margin;
        });
        if (!divided) unjoined.insert(unjoined.end(), group.horizontals.begin(), group.horizontals.end());
        if (group.horizontals.size() < 2 || group.verticals.size() < 2) continue;
        TableRules table;
        table.horizontals = RulesOf(std::move(group.horizontals), p, image.scale);
        table.verticals = RulesOf(std::move(group.verticals), p, image.scale);
        if (table.horizontals.size() < 2 || table.verticals.size() < 2) continue;
        tables.push_back(std::move(table));
    }
    if (row_ruled != nullptr) *row_ruled = RowRuledTables(std::move(unjoined), image);
    return tables;
}

bool TakeHeaderBand(RowRuledTable& ruled, const Box& band) {
    const double shared = std::min(ruled.box.x1, band.x1) - std::max(ruled.box.x0, band.x0);
    if (shared <= 0.9 * ruled.box.width() || band.y0 >= ruled.box.y0 ||
        band.y1 < ruled.box.y0 - 1.5 * ruled.row_height || band.height() > 1.5 * ruled.row_height) {
        return false;
    }
    ruled.box.y0 = std::min(ruled.box.y0, band.y0);
    ruled.header_band = true;
    return true;
}

bool Inside(const Box& box, const RowRuledTable& ruled) {
    const double slack = 0.25 * ruled.row_height;
    return box.x0 >= ruled.box.x0 - slack && box.x1 <= ruled.box.x1 + slack && box.y0 >= ruled.box.y0 - slack &&
           box.y1 <= ruled.box.y1 + slack;
}

}  // namespace ly::extract::pdf
