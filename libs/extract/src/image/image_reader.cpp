// Images (and PDF pages without a text layer) into a cell grid: decode,
// prepare, find the tables' ruling lines (the same detector as for PDF
// pages), build cells, read each cell with Tesseract.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdlib>
#include <future>
#include <iostream>
#include <mutex>
#include <thread>

#include "image/decode.hpp"
#include "image/preprocess.hpp"
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

Box Scaled(const Box& box, double scale) {
    return Box{box.x0 * scale, box.y0 * scale, box.x1 * scale, box.y1 * scale};
}

// A short stroke that does not run between two long crossing lines is a letter's
// stem or bar, not a ruling line: without a text layer the detector cannot
// tell them apart by the words' boxes, as it does on PDF pages.
void DropFloatingStrokes(pdf::TableRules& rules) {
    constexpr double kShortPt = 25;   // longer strokes are lines whatever they touch
    constexpr double kReachPt = 4;    // how near an end must come to a crossing line
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

Status ReadPage(const cv::Mat& bgr, int page_number, ocr::OcrEnginePool& pool, CellGrid& grid) {
    cv::Mat colour, gray;
    image::Preprocess(bgr, image::PreprocessSettings{}, colour, gray);

    cv::Mat bgra;
    cv::cvtColor(colour, bgra, cv::COLOR_BGR2BGRA);
    const pdf::PageImage page = AsPageImage(bgra);

    std::vector<Table> tables;
    for (pdf::TableRules& rules : pdf::FindTableRules(page, {})) {
        DropFloatingStrokes(rules);
        if (rules.horizontals.size() < 2 || rules.verticals.size() < 2) continue;
        tables.push_back(pdf::BuildRuledTable(rules, page_number));
        ToPixels(tables.back(), page.scale);
    }

    // Every cell of every table read in one parallel pass.
    std::vector<Box> boxes;
    for (const Table& table : tables) {
        for (const Cell& cell : table.cells) boxes.push_back(cell.box);
    }
    const bool no_tables = boxes.empty();
    if (no_tables) boxes.push_back(Box{0, 0, static_cast<double>(gray.cols), static_cast<double>(gray.rows)});
    auto texts = ocr::RecognizeCells(pool, gray, boxes);
    if (!texts.ok()) return texts.error();

    if (no_tables) {
        // No ruling lines: the page's text, line by line, for the list reader.
        for (TextLine& line : (*texts)[0].lines) grid.loose_lines.push_back(std::move(line));
        return Ok{};
    }
    pdf::PageImage pixels = page;  // boxes are in pixels from here on
    pixels.scale = 1;
    std::size_t next = 0;
    for (Table& table : tables) {
        for (Cell& cell : table.cells) FillCell(cell, std::move((*texts)[next++]), pixels);
        grid.tables.push_back(std::move(table));
    }
    return Ok{};
}

}  // namespace

Result<CellGrid> ReadImage(std::string_view bytes, const ReaderLimits& limits) {
    // Start the OCR engines while the image is decoded and its tables found.
    auto pool_future = std::async(std::launch::async, SharedPool);

    image::DecodeLimits decode_limits;
    decode_limits.max_pixels = limits.max_image_pixels;
    decode_limits.max_pages = limits.max_pages;
    auto pages = image::DecodePages(bytes, decode_limits);
    if (!pages.ok()) return pages.error();
    auto pool = pool_future.get();
    if (!pool.ok()) return pool.error();

    CellGrid grid;
    grid.pages = static_cast<int>(pages->size());
    try {
        for (std::size_t i = 0; i < pages->size(); ++i) {
            auto status = ReadPage((*pages)[i], static_cast<int>(i) + 1, **pool, grid);
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

}  // namespace ly::extract
