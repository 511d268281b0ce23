// Images (and PDF pages without a text layer) into a cell grid: decode,
// prepare, find the tables' ruling lines (the same detector as for PDF
// pages), build cells, read each cell with Tesseract.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <span>
#include <thread>

#include "image/decode.hpp"
#include "image/encode.hpp"
#include "image/fill_edges.hpp"
#include "image/preprocess.hpp"
#include "image/text_tables.hpp"
#include "ly/extract/readers.hpp"
#include "ocr/ocr.hpp"
#include "pdf/grid_debug.hpp"
#include "pdf/grid_from_rules.hpp"
#include "pdf/page_colours.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract {

namespace {

// Tesseract engines take 0.1–0.3 s each to start and are tied to one thread
// at a time, so the process keeps one pool for its life. It is the engine's
// one shared resource; everything else is passed in.
Result<ocr::OcrEnginePool*> SharedPool() {
    static std::once_flag once;
    static std::unique_ptr<ocr::OcrEnginePool> pool;
    static Error failure{ErrorCode::kInternal, ""};
    std::call_once(once, [] {
        ocr::EngineSettings settings;
        settings.max_engines = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        auto created = ocr::OcrEnginePool::Create(settings);
        if (created.ok()) {
            pool = std::move(*created);
            // The other engines too, while the first page is prepared. One
            // that fails to start is reported by the read that needs it.
            (void)pool->StartAll();
            // Tesseract's own caches are statics made while the engines
            // started; the engines must go before them at exit, or Tesseract
            // reports their shared data as leaked. atexit runs in reverse.
            std::atexit([] { pool.reset(); });
        } else {
            failure = created.error();
        }
    });
    if (!pool) return failure;
    return pool.get();
}

// The ruling-line detector measures in points (its stroke and gap sizes are
// a printed page's); an image is taken as a page whose long side is A4's.
constexpr double kA4LongSidePoints = 842;

pdf::PageImage AsPageImage(const cv::Mat& bgra) {
    const double scale = std::max(bgra.cols, bgra.rows) / kA4LongSidePoints;
    return pdf::PageImage{bgra.data, bgra.cols, bgra.rows, static_cast<std::ptrdiff_t>(bgra.step), scale};
}

// A photo (its light was flattened): a pixel this far below the lightest
// around it is ink. Its thin grey lines, blurred, sit 50–60 levels below the
// paper; a light fill's noise stays within ±15 or so of the fill.
constexpr int kFlattenedInkContrast = 35;

bool LightFlattened(const image::Prepared& prepared) {
    return std::any_of(prepared.checks.begin(), prepared.checks.end(),
                       [](const image::StepCheck& c) { return c.step == "flatten_light" && c.applied; });
}

Box Scaled(const Box& box, double scale) { return Box{box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale}; }

// A short stroke that does not run between two long crossing lines is a letter's
// stem or bar, not a ruling line: without a text layer the detector cannot
// tell them apart by the words' boxes, as it does on PDF pages.
void DropFloatingStrokes(pdf::TableRules& rules) {
    constexpr double kShortPt = 25;  // longer strokes are lines whatever they touch
    constexpr double kReachPt = 4;   // how near an end must come to a crossing line
    auto anchored = [&](double at, double across, const std::vector<pdf::Rule>& crossing) {
        for (const pdf::Rule& rule : crossing) {
            if (std::abs(rule.pos - at) > kReachPt) continue;
            for (const pdf::Span& span : rule.spans) {
                // Only long lines anchor: letters' strokes must not hold each other up.
                if (span.to - span.from >= kShortPt && span.from - kReachPt <= across && across <= span.to + kReachPt) {
                    return true;
                }
            }
        }
        return false;
    };
    auto filter = [&](std::vector<pdf::Rule>& rules_to_filter, const std::vector<pdf::Rule>& crossing) {
        for (pdf::Rule& rule : rules_to_filter) {
            std::erase_if(rule.spans, [&](const pdf::Span& span) {
                return span.to - span.from < kShortPt &&
                       !(anchored(span.from, rule.pos, crossing) && anchored(span.to, rule.pos, crossing));
            });
        }
        std::erase_if(rules_to_filter, [](const pdf::Rule& rule) { return rule.spans.empty(); });
    };
    const pdf::TableRules original = rules;
    filter(rules.verticals, original.horizontals);
    filter(rules.horizontals, original.verticals);
}

// The table in pixels rather than the detector's points.
void ToPixels(Table& table, double scale) {
    for (double& edge : table.row_edges) edge *= scale;
    for (double& edge : table.col_edges) edge *= scale;
    table.box = Scaled(table.box, scale);
    for (Cell& cell : table.cells) cell.box = Scaled(cell.box, scale);
}

// The text read in one cell, moved into the grid's cell.
void FillCell(Cell& cell, ocr::CellText text, const pdf::PageImage& page) {
    std::vector<Box> word_boxes;
    for (const auto& line_words : text.words) {
        for (const Word& word : line_words) word_boxes.push_back(word.box);
    }
    cell.fill = pdf::FillColour(page, cell.box, word_boxes);
    cell.orientation = text.orientation;
    cell.lines = std::move(text.lines);
}

// Words of one OCR line split where a wide gap separates them: headings
// side by side ("Monday" … "Tuesday") are separate lines.
std::vector<TextLine> SplitAtGaps(const TextLine& line, const std::vector<Word>& words) {
    if (words.size() < 2) return {line};
    std::vector<TextLine> parts;
    TextLine current;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& word = words[i];
        const double height = std::max(1.0, word.box.height());
        if (i > 0 && word.box.x0 - words[i - 1].box.x1 > 3 * height) {
            parts.push_back(current);
            current = TextLine{};
        }
        if (current.text.empty()) {
            current = line;
            current.text = word.text;
            current.box = word.box;
            current.confidence = word.confidence;
        } else {
            current.text += " " + word.text;
            current.box = Box{std::min(current.box.x0, word.box.x0), std::min(current.box.y0, word.box.y0),
                              std::max(current.box.x1, word.box.x1), std::max(current.box.y1, word.box.y1)};
            current.confidence = std::min(current.confidence, word.confidence);
        }
    }
    parts.push_back(current);
    return parts;
}

// What is left of an OCR line when a table took some of its words: the
// rest, split at wide gaps as a whole line is. Nothing when none is left.
std::vector<TextLine> LineOfWords(const TextLine& line, const std::vector<Word>& words) {
    if (words.empty()) return {};
    TextLine rest = line;
    rest.text.clear();
    rest.box = words.front().box;
    rest.confidence = 1.0;
    for (const Word& word : words) {
        rest.text += (rest.text.empty() ? "" : " ") + word.text;
        rest.box = Box{std::min(rest.box.x0, word.box.x0), std::min(rest.box.y0, word.box.y0),
                       std::max(rest.box.x1, word.box.x1), std::max(rest.box.y1, word.box.y1)};
        rest.confidence = std::min(rest.confidence, word.confidence);
    }
    return SplitAtGaps(rest, words);
}

// The median height of the ink's letter-sized marks (0 when there are
// none): a measure of the type size that needs no OCR.
double TypicalLetterHeight(const cv::Mat& ink) {
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
    std::vector<int> heights;
    for (int i = 1; i < count; ++i) {
        const int h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH);
        if (h >= 6 && h <= ink.rows / 20 && w <= 3 * h) heights.push_back(h);
    }
    if (heights.empty()) return 0;
    std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
    return heights[heights.size() / 2];
}

// Where text lies on a page with its tables blanked: ink smeared along
// lines of text into one box per phrase, specks and slivers of ruling
// lines left out. Each box is read by OCR on its own, in parallel.
std::vector<Box> TextRegions(const cv::Mat& gray) {
    cv::Mat ink;
    cv::threshold(gray, ink, 160, 255, cv::THRESH_BINARY_INV);
    // Joins letters and words, not columns: a space grows with the type, so
    // the smear is scaled by the letters' typical height where that is more
    // than the page's width suggests.
    const int gap = std::max({9, gray.cols / 150, static_cast<int>(0.9 * TypicalLetterHeight(ink))});
    cv::Mat smeared;
    cv::dilate(ink, smeared, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(gap, 3)));
    std::vector<std::vector<cv::Point>> contours;
    cv::findContours(smeared, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<Box> regions;
    constexpr int kPad = 4;
    for (const auto& contour : contours) {
        const cv::Rect r = cv::boundingRect(contour);
        if (r.height < 8 || r.width < 10 || r.height > gray.rows / 4) continue;  // specks, rules, pictures
        if (cv::countNonZero(ink(r)) < r.area() / 20) continue;                  // a frame's corner, not text
        regions.push_back(Box{static_cast<double>(std::max(0, r.x - kPad)),
                              static_cast<double>(std::max(0, r.y - kPad)),
                              static_cast<double>(std::min(gray.cols, r.x + r.width + kPad)),
                              static_cast<double>(std::min(gray.rows, r.y + r.height + kPad))});
    }
    return regions;
}

// The words of word_lines[line] no table took (all of them when no table
// was built from words).
std::vector<Word> UnusedWords(const std::vector<std::vector<Word>>& word_lines,
                              const std::vector<std::vector<bool>>& used, std::size_t line) {
    std::vector<Word> unused;
    for (std::size_t w = 0; w < word_lines[line].size(); ++w) {
        if (used.empty() || !used[line][w]) unused.push_back(word_lines[line][w]);
    }
    return unused;
}

// A block of loose text: a framed box's lines, or one line outside any box.
struct TextBlock {
    Box box;
    std::vector<TextLine> lines;
};

// Loose lines that OCR read as separate regions although they are one line:
// words set wider apart than the region finder's smear (large type, wide
// spacing, "10.15  –  10.45am"). Two pieces on the same line join when the
// gap between them is under their line height, far less than any column
// gutter, so "Arrival & Unpack" reads as one line in its place.
void JoinSplitLines(std::vector<TextBlock>& blocks) {
    std::sort(blocks.begin(), blocks.end(), [](const TextBlock& a, const TextBlock& b) { return a.box.x0 < b.box.x0; });
    std::vector<TextBlock> joined;
    for (TextBlock& block : blocks) {
        auto left = joined.end();
        if (block.lines.size() == 1) {
            left = std::find_if(joined.begin(), joined.end(), [&](const TextBlock& j) {
                if (j.lines.size() != 1) return false;
                // The shorter piece (a dash may be a few pixels tall) sits
                // within the taller one's band.
                const Box& tall = j.box.height() >= block.box.height() ? j.box : block.box;
                const Box& low = j.box.height() >= block.box.height() ? block.box : j.box;
                const double middle = (low.y0 + low.y1) / 2;
                const double gap = block.box.x0 - j.box.x1;
                return middle > tall.y0 && middle < tall.y1 &&
                       gap > -0.2 * tall.height() && gap < 1.0 * tall.height();
            });
        }
        if (left == joined.end()) {
            joined.push_back(std::move(block));
            continue;
        }
        TextLine& line = left->lines.front();
        const TextLine& next = block.lines.front();
        line.text += " " + next.text;
        line.box = Box{std::min(line.box.x0, next.box.x0), std::min(line.box.y0, next.box.y0),
                       std::max(line.box.x1, next.box.x1), std::max(line.box.y1, next.box.y1)};
        line.confidence = std::min(line.confidence, next.confidence);
        left->box = line.box;
    }
    blocks = std::move(joined);
}

// Reading order of loose text: blocks in columns (blocks whose x ranges
// overlap), columns left to right, top to bottom inside each, so a heading
// above a framed list comes just before the list.
std::vector<TextLine> InReadingOrder(std::vector<TextBlock> blocks) {
    std::sort(blocks.begin(), blocks.end(), [](const TextBlock& a, const TextBlock& b) { return a.box.x0 < b.box.x0; });
    std::vector<std::pair<Box, std::vector<TextBlock>>> columns;
    for (TextBlock& block : blocks) {
        auto column = std::find_if(columns.begin(), columns.end(), [&](const auto& c) {
            const double overlap = std::min(c.first.x1, block.box.x1) - std::max(c.first.x0, block.box.x0);
            return overlap > 0.5 * std::min(c.first.width(), block.box.width());
        });
        if (column == columns.end()) {
            columns.push_back({block.box, {}});
            column = std::prev(columns.end());
        }
        column->first = Box{std::min(column->first.x0, block.box.x0), 0, std::max(column->first.x1, block.box.x1), 0};
        column->second.push_back(std::move(block));
    }
    std::vector<TextLine> lines;
    for (auto& [extent, column_blocks] : columns) {
        std::sort(column_blocks.begin(), column_blocks.end(),
                  [](const TextBlock& a, const TextBlock& b) { return a.box.y0 < b.box.y0; });
        for (TextBlock& block : column_blocks) {
            for (TextLine& line : block.lines) lines.push_back(std::move(line));
        }
    }
    return lines;
}

// Every box read in one parallel pass. Should one box fail to read (a
// photo's noise can leave OCR a speck it cannot scale), the boxes are read
// one by one and only the failing ones come back empty: one bad cell must
// not cost the page.
Result<std::vector<ocr::CellText>> ReadBoxes(ocr::OcrEnginePool& pool, const cv::Mat& image,
                                             const std::vector<Box>& boxes, const ocr::CellOptions& options = {}) {
    auto texts = ocr::RecognizeCells(pool, image, boxes, options);
    if (texts.ok() || boxes.empty()) return texts;
    std::vector<ocr::CellText> each(boxes.size());
    std::size_t read = 0;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        auto one = ocr::RecognizeCells(pool, image, std::span<const Box>(&boxes[i], 1), options);
        if (!one.ok() || one->empty()) continue;
        each[i] = std::move(one->front());
        ++read;
    }
    if (read == 0) return texts;  // nothing reads: the page's fault, not a cell's
    return each;
}

// An 8-bit grey or BGR image as binary PGM or PPM, for debugging.
void WriteNetpbm(const std::string& path, const cv::Mat& image) {
    std::ofstream out(path, std::ios::binary);
    const bool grey = image.channels() == 1;
    out << (grey ? "P5\n" : "P6\n") << image.cols << " " << image.rows << "\n255\n";
    cv::Mat rgb;
    if (grey) {
        rgb = image;
    } else {
        cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
    }
    for (int y = 0; y < rgb.rows; ++y) {
        out.write(reinterpret_cast<const char*>(rgb.ptr(y)), static_cast<std::streamsize>(rgb.cols * rgb.elemSize()));
    }
}

// The OCR pool as it is started: pages are prepared while it starts.
using PoolFuture = std::shared_future<Result<ocr::OcrEnginePool*>>;

// A page after preparation: what the reading stage needs of it.
struct PreparedMats {
    cv::Mat colour;  // BGR
    cv::Mat gray;
    bool light_flattened = false;
    std::vector<std::string> steps;
};

PreparedMats PreparePage(const cv::Mat& bgr, int page_number, const image::PreprocessSettings& settings) {
    PreparedMats out;
    const image::Prepared prepared = image::Preprocess(bgr, settings, out.colour, out.gray);
    out.light_flattened = LightFlattened(prepared);
    out.steps = prepared.steps;
    // Read each time (tests and debugging turn it on): what each step measured
    // and did, and the prepared page as Netpbm files (ly links no image encoder) in that folder.
    if (const char* dump = std::getenv("LY_DEBUG_PREPROCESS");  // NOLINT(concurrency-mt-unsafe)
        dump != nullptr && *dump != '\0') {
        for (const image::StepCheck& check : prepared.checks) {
            std::cerr << check.step << (check.applied ? " [applied] " : " ") << check.detail << " ("
                      << static_cast<int>(check.milliseconds) << " ms)\n";
        }
        const std::string prefix = std::string(dump) + "/page" + std::to_string(page_number);
        WriteNetpbm(prefix + "_colour.ppm", out.colour);
        WriteNetpbm(prefix + "_gray.pgm", out.gray);
    }
    return out;
}

// Ruled tables of a page, in pixels; a ruled box of one cell is a frame
// around text, not a table. `row_ruled`, when given, receives the tables
// ruled across only (in pixels), a header band on top of one included.
void FindRuledTables(const pdf::PageImage& page, int page_number, std::vector<Table>& tables, std::vector<Box>& frames,
                     std::vector<pdf::RowRuledTable>* row_ruled = nullptr) {
    for (pdf::TableRules& rules : pdf::FindTableRules(page, {}, row_ruled)) {
        DropFloatingStrokes(rules);
        if (rules.horizontals.size() < 2 || rules.verticals.size() < 2) continue;
        Table table = pdf::BuildRuledTable(rules, page_number);
        ToPixels(table, page.scale);
        if (table.cells.size() == 1) {
            frames.push_back(table.cells[0].box);
        } else {
            tables.push_back(std::move(table));
        }
    }
    if (row_ruled == nullptr) return;
    for (pdf::RowRuledTable& ruled : *row_ruled) {
        const Box& b = ruled.box;
        ruled.box = Box{b.x0 * page.scale, b.y0 * page.scale, b.x1 * page.scale, b.y1 * page.scale};
        ruled.row_height *= page.scale;
        // A header drawn as a filled band on top is a lone frame, or a row
        // of its own that the band's edges rule: its words are the table's
        // first row, read with the rest.
        std::erase_if(frames, [&](const Box& frame) { return pdf::TakeHeaderBand(ruled, frame); });
        std::erase_if(tables,
                      [&](const Table& table) { return table.rows == 1 && pdf::TakeHeaderBand(ruled, table.box); });
        // Tables found inside it are its own rows joined only at their ends
        // (a border, a filled first column), or letters' strokes on its
        // header band: the rules across say what it is.
        std::erase_if(tables, [&](const Table& table) { return pdf::Inside(table.box, ruled); });
    }
}

// `box` in whole pixels, grown by `pad` on each side and clipped to the page.
cv::Rect OnPage(const Box& box, const cv::Mat& page, int pad = 0) {
    return cv::Rect(cv::Point(static_cast<int>(box.x0) - pad, static_cast<int>(box.y0) - pad),
                    cv::Point(static_cast<int>(box.x1) + pad, static_cast<int>(box.y1) + pad)) &
           cv::Rect(0, 0, page.cols, page.rows);
}

// The share of `box` covered by fill: pixels clearly tinted or grey, but
// lighter than ink.
double FillShare(const cv::Mat& bgr, const Box& box) {
    const cv::Rect area = OnPage(box, bgr);
    if (area.empty()) return 0;
    std::size_t filled = 0;
    for (int y = area.y; y < area.y + area.height; ++y) {
        const auto* px = bgr.ptr<cv::Vec3b>(y);
        for (int x = area.x; x < area.x + area.width; ++x) {
            const int low = std::min({px[x][0], px[x][1], px[x][2]});
            const int high = std::max({px[x][0], px[x][1], px[x][2]});
            filled += low < 235 && high >= 150;
        }
    }
    return static_cast<double>(filled) / static_cast<double>(area.area());
}

// The rules of a table ruled across only (and a border down its sides),
// whited out where its text is looked for: a rule that touches a line of
// text would join it into one region and garble its OCR.
void EraseRules(cv::Mat& gray, const Box& box) {
    constexpr int kPad = 6;  // the first and last rules lie on the box's edge
    const cv::Rect area = OnPage(box, gray, kPad);
    if (area.width < 8 || area.height < 3) return;
    const cv::Mat ink = gray(area) < 160;
    // Thin strokes only, across (the rules) and down (a border at its ends):
    // a dark band (a header's fill) keeps its ground.
    auto thin = [&](cv::Size along, cv::Size thick) {
        cv::Mat lines, bands;
        cv::morphologyEx(ink, lines, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, along));
        cv::morphologyEx(ink, bands, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, thick));
        cv::dilate(bands, bands, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
        lines.setTo(0, bands);
        cv::dilate(lines, lines, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
        return lines;
    };
    const int across = std::max(8, area.width / 4), down = std::max(8, area.height / 4);
    gray(area).setTo(255, thin(cv::Size(across, 1), cv::Size(across, 9)));
    gray(area).setTo(255, thin(cv::Size(1, down), cv::Size(9, down)));
}

// A grid found by its fills often has its headers outside them: times over
// its columns, day names left of its rows, on the plain page. The band of
// ink just above (and left of) the grid, up to the first clear gap, joins it
// as a header row (column) cut by the grid's own column (row) edges, so its
// cells are read like the others, turned labels included.
void AddHeaderBands(Table& table, const cv::Mat& gray) {
    const cv::Mat dark = gray < 128;
    auto ink_in = [&](int x0, int y0, int x1, int y1) {
        x0 = std::clamp(x0, 0, gray.cols);
        x1 = std::clamp(x1, 0, gray.cols);
        y0 = std::clamp(y0, 0, gray.rows);
        y1 = std::clamp(y1, 0, gray.rows);
        return x1 > x0 && y1 > y0 && cv::countNonZero(dark(cv::Rect(x0, y0, x1 - x0, y1 - y0))) > 2;
    };
    const int gap = std::max(12, gray.rows / 80);  // a clear band this tall ends the header
    const Box box = table.box;
    // Above: rows of ink going up from the grid's top.
    int top = static_cast<int>(box.y0);
    {
        const int limit = static_cast<int>(box.y0 - 0.35 * box.height());
        int blank = 0;
        for (int y = static_cast<int>(box.y0) - 3; y >= std::max(0, limit); --y) {
            if (ink_in(static_cast<int>(box.x0), y, static_cast<int>(box.x1), y + 1)) {
                top = y;
                blank = 0;
            } else if (++blank > gap && top < static_cast<int>(box.y0)) {
                break;
            }
        }
    }
    int left = static_cast<int>(box.x0);
    {
        const int limit = static_cast<int>(box.x0 - 0.35 * box.width());
        int blank = 0;
        for (int x = static_cast<int>(box.x0) - 3; x >= std::max(0, limit); --x) {
            if (ink_in(x, static_cast<int>(box.y0), x + 1, static_cast<int>(box.y1))) {
                left = x;
                blank = 0;
            } else if (++blank > gap && left < static_cast<int>(box.x0)) {
                break;
            }
        }
    }
    const bool add_row = top < static_cast<int>(box.y0) - 4;
    const bool add_col = left < static_cast<int>(box.x0) - 4;
    const int dr = add_row ? 1 : 0, dc = add_col ? 1 : 0;
    if (!add_row && !add_col) return;
    for (Cell& cell : table.cells) {
        cell.row += dr;
        cell.col += dc;
    }
    if (add_row) table.row_edges.insert(table.row_edges.begin(), top - 2.0);
    if (add_col) table.col_edges.insert(table.col_edges.begin(), left - 2.0);
    table.rows += dr;
    table.cols += dc;
    auto add = [&](int row, int col) {
        Cell cell;
        cell.row = row;
        cell.col = col;
        cell.box = Box{table.col_edges[static_cast<std::size_t>(col)], table.row_edges[static_cast<std::size_t>(row)],
                       table.col_edges[static_cast<std::size_t>(col) + 1], table.row_edges[static_cast<std::size_t>(row) + 1]};
        table.cells.push_back(cell);
    };
    if (add_row) {
        for (int c = dc; c < table.cols; ++c) add(0, c);
    }
    if (add_col) {
        for (int r = dr; r < table.rows; ++r) add(r, 0);
    }
    table.box = Box{table.col_edges.front(), table.row_edges.front(), table.col_edges.back(), table.row_edges.back()};
}

Status ReadPreparedPage(const cv::Mat& colour, const cv::Mat& gray, bool light_flattened, int page_number,
                        const PoolFuture& pool_future, CellGrid& grid) {
    cv::Mat bgra;
    cv::cvtColor(colour, bgra, cv::COLOR_BGR2BGRA);
    pdf::PageImage page = AsPageImage(bgra);
    if (light_flattened) page.ink_contrast = kFlattenedInkContrast;

    std::vector<Table> tables;
    std::vector<Box> frames;
    std::vector<pdf::RowRuledTable> row_ruled;
    FindRuledTables(page, page_number, tables, frames, &row_ruled);
    // Rows ruled by the edges of coloured fills are a colour-coded grid: its
    // fills' borders give its columns (below), not its words.
    std::erase_if(row_ruled, [&](const pdf::RowRuledTable& across) { return FillShare(colour, across.box) > 0.5; });
    // A page of fills with few lines among them (a colour-coded grid with
    // white gutters, one pastel against the next): the borders between the
    // fills are drawn in and the tables found again. Only there: on a ruled
    // page the borders add nothing but doubt.
    double ruled_area = 0;
    for (const Table& table : tables) ruled_area += table.box.width() * table.box.height();
    cv::Mat ruled;
    // (A table ruled across only has its rows; its columns come from its
    // words' alignment, not from its fills.)
    if (row_ruled.empty() && image::DrawFillEdges(colour, bgra, ruled_area, ruled) > 0) {
        if (const char* dump = std::getenv("LY_DEBUG_PREPROCESS");  // NOLINT(concurrency-mt-unsafe)
            dump != nullptr && *dump != '\0') {
            cv::Mat drawn;
            cv::cvtColor(ruled, drawn, cv::COLOR_BGRA2BGR);
            WriteNetpbm(std::string(dump) + "/page" + std::to_string(page_number) + "_fill_edges.ppm", drawn);
        }
        pdf::PageImage lines_page = AsPageImage(ruled);
        lines_page.ink_contrast = page.ink_contrast;
        std::vector<Table> fill_tables;
        std::vector<Box> fill_frames;
        FindRuledTables(lines_page, page_number, fill_tables, fill_frames);
        // Filled boxes in a single row or column are panels of text (a
        // day's list each): the page stays as it was read without them.
        std::erase_if(fill_tables, [](const Table& table) { return table.rows < 2 || table.cols < 2; });
        if (!fill_tables.empty()) {
            for (Table& table : fill_tables) AddHeaderBands(table, gray);
            tables = std::move(fill_tables);
            frames = std::move(fill_frames);
        }
    }

    const Result<ocr::OcrEnginePool*>& started = pool_future.get();
    if (!started.ok()) return started.error();
    ocr::OcrEnginePool& pool = **started;

    // Every cell and frame read in one parallel pass.
    std::vector<Box> boxes;
    for (const Table& table : tables) {
        for (const Cell& cell : table.cells) boxes.push_back(cell.box);
    }
    boxes.insert(boxes.end(), frames.begin(), frames.end());
    auto texts = ReadBoxes(pool, gray, boxes);
    if (!texts.ok()) return texts.error();

    // Text outside tables and frames (titles, headings, unruled lists), read
    // with the tables blanked out.
    cv::Mat outside = gray.clone();
    for (const pdf::RowRuledTable& across : row_ruled) EraseRules(outside, across.box);
    std::vector<Box> covered = frames;
    for (const Table& table : tables) covered.push_back(table.box);
    for (const Box& box : covered) {
        cv::rectangle(outside, cv::Point(static_cast<int>(box.x0), static_cast<int>(box.y0)),
                      cv::Point(static_cast<int>(box.x1), static_cast<int>(box.y1)), cv::Scalar(255), cv::FILLED);
    }
    const std::vector<Box> regions = TextRegions(outside);
    ocr::CellOptions loose_options;
    loose_options.drop_edge_lines = false;  // the boxes hug their text; tables are blanked
    auto outside_text = ReadBoxes(pool, outside, regions, loose_options);
    if (!outside_text.ok()) return outside_text.error();

    // A page without ruled tables may still hold one set apart by fill or
    // white space alone: its words line up in rows and columns.
    std::vector<std::vector<Word>> word_lines;
    for (const ocr::CellText& region : *outside_text) {
        for (std::size_t i = 0; i < region.lines.size(); ++i) {
            word_lines.push_back(i < region.words.size() ? region.words[i] : std::vector<Word>{});
        }
    }
    // A frame holding one line of words (a header band drawn as a filled
    // box over an unruled table) may be the table's header row: its words
    // are offered with the rest, after them.
    std::size_t cell_count = 0;
    for (const Table& table : tables) cell_count += table.cells.size();
    std::vector<std::optional<std::size_t>> frame_line(frames.size());  // its index in word_lines
    if (tables.empty()) {
        for (std::size_t f = 0; f < frames.size(); ++f) {
            const ocr::CellText& text = (*texts)[cell_count + f];
            if (text.lines.size() != 1 || text.words.empty() || text.words[0].size() < 2) continue;
            frame_line[f] = word_lines.size();
            word_lines.push_back(text.words[0]);
        }
    }
    std::vector<std::vector<bool>> used;
    std::vector<Table> text_tables;
    // Tables ruled across only take their columns from their words too.
    for (const pdf::RowRuledTable& across : row_ruled) {
        for (Table& table : image::TablesFromWords(word_lines, page_number, used, &across)) {
            text_tables.push_back(std::move(table));
        }
    }
    if (tables.empty() && row_ruled.empty()) text_tables = image::TablesFromWords(word_lines, page_number, used);

    std::vector<TextBlock> blocks;
    std::size_t line_index = 0;
    for (ocr::CellText& region : *outside_text) {
        for (std::size_t i = 0; i < region.lines.size(); ++i, ++line_index) {
            const std::vector<Word>& words = word_lines[line_index];
            const std::vector<Word> unused = UnusedWords(word_lines, used, line_index);
            if (unused.size() == words.size()) {
                for (TextLine& part : SplitAtGaps(region.lines[i], words)) blocks.push_back(TextBlock{part.box, {part}});
                continue;
            }
            for (TextLine& part : LineOfWords(region.lines[i], unused)) blocks.push_back(TextBlock{part.box, {part}});
        }
    }
    std::size_t next = 0;
    pdf::PageImage pixels = page;  // boxes are in pixels from here on
    pixels.scale = 1;
    for (Table& table : tables) {
        for (Cell& cell : table.cells) FillCell(cell, std::move((*texts)[next++]), pixels);
        grid.tables.push_back(std::move(table));
    }
    for (Table& table : text_tables) {
        for (Cell& cell : table.cells) {
            std::vector<Box> word_boxes;
            for (const TextLine& line : cell.lines) word_boxes.push_back(line.box);
            cell.fill = pdf::FillColour(pixels, cell.box, word_boxes);
        }
        grid.tables.push_back(std::move(table));
    }
    JoinSplitLines(blocks);
    for (std::size_t f = 0; f < frames.size(); ++f, ++next) {
        const std::optional<std::size_t> l = frame_line[f];
        if (l && !used.empty() && std::find(used[*l].begin(), used[*l].end(), true) != used[*l].end()) {
            // A table took the frame's words: what it left is loose text.
            for (TextLine& part : LineOfWords((*texts)[next].lines.front(), UnusedWords(word_lines, used, *l))) {
                blocks.push_back(TextBlock{part.box, {part}});
            }
            continue;
        }
        blocks.push_back(TextBlock{frames[f], std::move((*texts)[next].lines)});
    }
    for (TextLine& line : InReadingOrder(std::move(blocks))) grid.loose_lines.push_back(std::move(line));
    return Ok{};
}

image::PreprocessSettings SettingsOf(const ImageSteps& steps) {
    image::PreprocessSettings settings;
    settings.orient = steps.orient;
    settings.rectify = steps.rectify;
    settings.deskew = steps.deskew;
    settings.flatten_light = steps.flatten_light;
    settings.denoise = steps.denoise;
    return settings;
}

std::string Bytes(const cv::Mat& mat) {
    const cv::Mat continuous = mat.isContinuous() ? mat : mat.clone();
    return std::string(reinterpret_cast<const char*>(continuous.data), continuous.total() * continuous.elemSize());
}

// Every page of an image or scanned PDF, within the reader's limits.
Result<std::vector<cv::Mat>> DecodeWithin(std::string_view bytes, const ReaderLimits& limits) {
    image::DecodeLimits decode_limits;
    decode_limits.max_pixels = limits.max_image_pixels;
    decode_limits.max_pages = limits.max_pages;
    return image::DecodePages(bytes, decode_limits);
}

}  // namespace

Result<CellGrid> ReadImage(std::string_view bytes, const ReaderLimits& limits, const ImageSteps& steps) {
    // Start the OCR engines while the image is decoded and its tables found.
    const PoolFuture pool_future = std::async(std::launch::async, SharedPool).share();

    auto pages = DecodeWithin(bytes, limits);
    if (!pages.ok()) return pages.error();

    const image::PreprocessSettings settings = SettingsOf(steps);

    CellGrid grid;
    grid.pages = static_cast<int>(pages->size());
    grid.read_by_ocr = true;
    try {
        for (std::size_t i = 0; i < pages->size(); ++i) {
            const int page_number = static_cast<int>(i) + 1;
            const PreparedMats prepared = PreparePage((*pages)[i], page_number, settings);
            auto status = ReadPreparedPage(prepared.colour, prepared.gray, prepared.light_flattened, page_number,
                                           pool_future, grid);
            if (!status.ok()) return status.error();
        }
    } catch (const cv::Exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("image processing failed: ") + e.what());
    }
    // Read each time (tests turn it on); nothing in the process writes it.
    if (const char* debug = std::getenv("LY_DEBUG_GRID");  // NOLINT(concurrency-mt-unsafe)
        debug != nullptr && std::string_view(debug) == "1") {
        std::cerr << pdf::DescribeGrid(grid);
    }
    return grid;
}

Result<PreparedImage> PrepareImage(std::string_view bytes, const ReaderLimits& limits, const ImageSteps& steps) {
    auto pages = DecodeWithin(bytes, limits);
    if (!pages.ok()) return pages.error();
    const image::PreprocessSettings settings = SettingsOf(steps);
    PreparedImage image;
    try {
        for (std::size_t i = 0; i < pages->size(); ++i) {
            PreparedMats prepared = PreparePage((*pages)[i], static_cast<int>(i) + 1, settings);
            image.pages.push_back(PreparedPage{.width = prepared.colour.cols,
                                               .height = prepared.colour.rows,
                                               .colour_bgr = Bytes(prepared.colour),
                                               .gray = Bytes(prepared.gray),
                                               .light_flattened = prepared.light_flattened,
                                               .steps = std::move(prepared.steps)});
        }
    } catch (const cv::Exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("image processing failed: ") + e.what());
    }
    return image;
}

Result<std::string> PreviewPng(const PreparedPage& page) {
    return image::EncodeGrayPng(page.gray, page.width, page.height);
}

Result<CellGrid> ReadPreparedImage(const PreparedImage& image) {
    if (image.pages.empty()) return MakeError(ErrorCode::kInvalidArgument, "a prepared image has no pages");
    const PoolFuture pool_future = std::async(std::launch::async, SharedPool).share();
    CellGrid grid;
    grid.pages = static_cast<int>(image.pages.size());
    grid.read_by_ocr = true;
    try {
        for (std::size_t i = 0; i < image.pages.size(); ++i) {
            const PreparedPage& page = image.pages[i];
            const auto pixels = static_cast<std::size_t>(page.width) * static_cast<std::size_t>(page.height);
            if (page.width <= 0 || page.height <= 0 || page.colour_bgr.size() != pixels * 3 ||
                page.gray.size() != pixels) {
                return MakeError(ErrorCode::kInvalidArgument,
                                 "prepared page " + std::to_string(i + 1) + " has the wrong size for its planes");
            }
            // Views of the caller's bytes: nothing here writes to them.
            const cv::Mat colour(page.height, page.width, CV_8UC3, const_cast<char*>(page.colour_bgr.data()));
            const cv::Mat gray(page.height, page.width, CV_8UC1, const_cast<char*>(page.gray.data()));
            auto status =
                ReadPreparedPage(colour, gray, page.light_flattened, static_cast<int>(i) + 1, pool_future, grid);
            if (!status.ok()) return status.error();
        }
    } catch (const cv::Exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("image processing failed: ") + e.what());
    }
    return grid;
}

}  // namespace ly::extract
