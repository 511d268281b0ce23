// The PDF reader: Poppler gives the words with their boxes and a rendering
// of each page; ruling lines found in the rendering give the tables' grids
// (pdf/ruling_lines, pdf/grid_from_rules), text alignment gives them on
// pages without lines (pdf/grid_from_text). Poppler stays inside this file.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ly/extract/readers.hpp"
#include "pdf/grid_debug.hpp"
#include "pdf/grid_from_rules.hpp"
#include "pdf/grid_from_text.hpp"
#include "pdf/page_colours.hpp"
#include "pdf/pdf_document.hpp"
#include "pdf/pdf_words.hpp"
#include "pdf/ruling_lines.hpp"

namespace ly::extract {

namespace {

using pdf::DraftTable;
using pdf::PdfWord;
using pdf::WordLine;

// Poppler's ARGB32 is a native 32-bit word: B, G, R, A in memory here.
static_assert(std::endian::native == std::endian::little, "pdf::PageImage expects BGRA byte order");

// Thin (0.5 pt) ruling lines are a pixel wide at this resolution, the
// narrowest cells several pixels: the lowest that finds lines reliably.
constexpr double kRenderDpi = 72;
// Huge pages are rendered coarser, and not at all below kMinRenderDpi.
constexpr double kMaxRenderPixels = 40e6;
constexpr double kMinRenderDpi = 20;
// A text layer is "meaningful" with this many characters on the first pages
// (more than a scanner's "Scanned with …" stamp).
constexpr int kTextProbePages = 3;
constexpr int kMinTextChars = 32;
// In a line outside tables, a gap wider than this × its height is a tab.
constexpr double kLooseTabGap = 1.5;
// A line this much larger than the cell's (page's) other text is emphasised.
constexpr double kEmphasisRatio = 1.2;
// A word's core (see CoreOf): its box less this share of its height on
// either side, widened by this much.
constexpr double kTextCoreCut = 0.2;
constexpr double kTextCoreWidenPt = 0.5;
// Words further off the page than this (points) are dropped as nonsense.
constexpr double kFarAwayPt = 1e6;
// A complete PDF ends with "%%EOF" within its last bytes.
constexpr std::size_t kEofWindow = 1024;

// Poppler reports syntax errors through one process-wide callback; counted
// per thread so each read can tell whether its document had any.
thread_local int poppler_messages = 0;

void CountPopplerMessage(const std::string& /*message*/, void* /*closure*/) { ++poppler_messages; }

void SilencePoppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(CountPopplerMessage, nullptr); });
}

bool LooksTruncated(std::string_view bytes) {
    const std::size_t from = bytes.size() > kEofWindow ? bytes.size() - kEofWindow : 0;
    return bytes.find("%%EOF", from) == std::string_view::npos;
}

bool IsBoldFont(std::string_view name) {
    if (const auto plus = name.find('+'); plus != std::string_view::npos) name.remove_prefix(plus + 1);
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view weight : {"bold", "black", "heavy", "demi"}) {
        if (lower.find(weight) != std::string::npos) return true;
    }
    return false;
}

std::vector<PdfWord> ReadWords(const poppler::page& page) {
    std::vector<PdfWord> words;
    for (const poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
        const poppler::byte_array utf8 = box.text().to_utf8();
        std::string text(utf8.begin(), utf8.end());
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) continue;
        text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
        const poppler::rectf r = box.bbox();
        const std::array<double, 4> edges = {r.left(), r.top(), r.right(), r.bottom()};
        if (!std::all_of(edges.begin(), edges.end(),
                         [](double v) { return std::isfinite(v) && std::abs(v) < kFarAwayPt; })) {
            continue;  // a degenerate font matrix; nothing a reader could see
        }
        PdfWord word;
        word.box = Box{std::min(edges[0], edges[2]), std::min(edges[1], edges[3]), std::max(edges[0], edges[2]),
                       std::max(edges[1], edges[3])};
        word.rotation = box.rotation() & 3;
        word.space_after = box.has_space_after();
        if (box.has_font_info()) {
            word.font_size = box.get_font_size();
            word.bold = IsBoldFont(box.get_font_name());
        }
        word.chars = static_cast<int>(std::count_if(
            text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
        word.text = std::move(text);
        words.push_back(std::move(word));
    }
    return words;
}

// Renders the page for its lines and colours; false (with a warning) when
// that is impossible, and the page is read from its text alone.
bool RenderPage(const poppler::page& page, int number, const poppler::page_renderer& renderer, poppler::image& image,
                pdf::PageImage& view, std::vector<std::string>& warnings) {
    if (!poppler::page_renderer::can_render()) return false;
    const poppler::rectf rect = page.page_rect();
    const double area = std::max(rect.width(), 1.0) * std::max(rect.height(), 1.0);
    double dpi = kRenderDpi;
    if (area * (dpi / 72) * (dpi / 72) > kMaxRenderPixels) dpi = 72 * std::sqrt(kMaxRenderPixels / area);
    if (dpi < kMinRenderDpi) {
        warnings.push_back("page " + std::to_string(number) + " is too large to look for table lines");
        return false;
    }
    image = renderer.render_page(&page, dpi, dpi);
    if (!image.is_valid() || image.format() != poppler::image::format_argb32) {
        warnings.push_back("page " + std::to_string(number) + " could not be rendered to look for table lines");
        return false;
    }
    view.bgra = reinterpret_cast<const std::uint8_t*>(image.const_data());
    view.width = image.width();
    view.height = image.height();
    view.stride = image.bytes_per_row();
    view.scale = dpi / 72;
    return true;
}

int SlotOf(const std::vector<double>& edges, double v) {
    const auto it = std::upper_bound(edges.begin(), edges.end(), v);
    const int slot = static_cast<int>(it - edges.begin()) - 1;
    return std::clamp(slot, 0, static_cast<int>(edges.size()) - 2);
}

std::size_t SlotIndex(const Table& table, int row, int col) {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(table.cols) + static_cast<std::size_t>(col);
}

bool Contains(const Box& box, double x, double y) { return x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1; }

// Each word goes to the cell holding its centre (of the innermost table, if
// tables nest); words outside every table are loose.
void PlaceWords(const std::vector<PdfWord>& words, std::vector<DraftTable>& drafts,
                std::vector<const PdfWord*>& loose) {
    std::vector<std::vector<int>> slot_cell(drafts.size());
    for (std::size_t t = 0; t < drafts.size(); ++t) {
        const Table& table = drafts[t].table;
        drafts[t].cell_words.resize(table.cells.size());
        slot_cell[t].assign(SlotIndex(table, table.rows, 0), -1);
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const Cell& cell = table.cells[i];
            for (int r = cell.row; r < cell.row + cell.row_span; ++r) {
                for (int c = cell.col; c < cell.col + cell.col_span; ++c) {
                    slot_cell[t][SlotIndex(table, r, c)] = static_cast<int>(i);
                }
            }
        }
    }
    for (const PdfWord& word : words) {
        const double x = word.box.cx();
        const double y = word.box.cy();
        std::size_t best = drafts.size();
        double best_area = 0;
        for (std::size_t t = 0; t < drafts.size(); ++t) {
            const Box& box = drafts[t].table.box;
            const double area = box.width() * box.height();
            if (Contains(box, x, y) && (best == drafts.size() || area < best_area)) {
                best = t;
                best_area = area;
            }
        }
        if (best == drafts.size()) {
            loose.push_back(&word);
            continue;
        }
        const Table& table = drafts[best].table;
        const int cell = slot_cell[best][SlotIndex(table, SlotOf(table.row_edges, y), SlotOf(table.col_edges, x))];
        if (cell < 0) {
            loose.push_back(&word);
        } else {
            drafts[best].cell_words[static_cast<std::size_t>(cell)].push_back(&word);
        }
    }
}

std::vector<Box> BoxesOf(const std::vector<const PdfWord*>& words) {
    std::vector<Box> boxes;
    boxes.reserve(words.size());
    for (const PdfWord* word : words) boxes.push_back(word->box);
    return boxes;
}

// The middle of a word's box, where no ruling line runs: the box less a
// share of its height above and below (where a tight cell's border may touch
// the letters), a little wider than the letters.
Box CoreOf(const PdfWord& word) {
    const Box& box = word.box;
    if (word.rotation == 1 || word.rotation == 3) {
        const double cut = kTextCoreCut * box.width();
        return Box{box.x0 + cut, box.y0 - kTextCoreWidenPt, box.x1 - cut, box.y1 + kTextCoreWidenPt};
    }
    const double cut = kTextCoreCut * box.height();
    return Box{box.x0 - kTextCoreWidenPt, box.y0 + cut, box.x1 + kTextCoreWidenPt, box.y1 - cut};
}

std::vector<pdf::TextArea> TextAreas(const std::vector<PdfWord>& words) {
    std::vector<pdf::TextArea> areas;
    areas.reserve(words.size());
    for (const PdfWord& word : words) areas.push_back(pdf::TextArea{word.box, CoreOf(word)});
    return areas;
}

TextLine MakeLine(const WordLine& line, double tab_gap, double base_size, const pdf::PageImage* view, Rgb background,
                  const std::optional<Box>& clip) {
    TextLine text_line;
    text_line.text = pdf::JoinWords(line, tab_gap);
    text_line.box = line.box;
    text_line.emphasised = pdf::IsBold(line) || (base_size > 0 && pdf::FontSize(line) > kEmphasisRatio * base_size);
    if (view != nullptr) {
        std::vector<Box> cores;
        cores.reserve(line.words.size());
        for (const PdfWord* word : line.words) cores.push_back(CoreOf(*word));
        text_line.colour = pdf::TextColour(*view, cores, background, clip);
    }
    return text_line;
}

// Gives each cell its lines, orientation, fill and text colours.
void FinishTable(DraftTable& draft, const pdf::PageImage* view) {
    for (std::size_t i = 0; i < draft.table.cells.size(); ++i) {
        Cell& cell = draft.table.cells[i];
        const std::vector<const PdfWord*>& words = draft.cell_words[i];
        if (view != nullptr) cell.fill = pdf::FillColour(*view, cell.box, BoxesOf(words));
        if (words.empty()) continue;
        std::array<int, 4> votes{};
        for (const PdfWord* word : words) votes[static_cast<std::size_t>(word->rotation & 3)] += word->chars;
        const int rotation = static_cast<int>(std::max_element(votes.begin(), votes.end()) - votes.begin());
        cell.orientation = pdf::OrientationOf(rotation);
        const std::vector<WordLine> lines = pdf::GroupIntoLines(words);
        // "Larger than the cell's other lines": compared with its smallest.
        double smallest = 0;
        if (lines.size() > 1) {
            for (const WordLine& line : lines) {
                const double size = pdf::FontSize(line);
                if (size > 0 && (smallest == 0 || size < smallest)) smallest = size;
            }
        }
        for (const WordLine& line : lines) {
            cell.lines.push_back(MakeLine(line, 0, smallest, view, cell.fill.value_or(Rgb{}), cell.box));
        }
    }
}

void AddLooseLines(const std::vector<const PdfWord*>& words, const pdf::PageImage* view, std::vector<TextLine>& out) {
    if (words.empty()) return;
    const std::vector<WordLine> lines = pdf::GroupIntoLines(words);
    std::vector<double> sizes;
    sizes.reserve(lines.size());
    for (const WordLine& line : lines) sizes.push_back(pdf::FontSize(line));
    std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2), sizes.end());
    const double median = sizes[sizes.size() / 2];
    for (const WordLine& line : lines) out.push_back(MakeLine(line, kLooseTabGap, median, view, Rgb{}, std::nullopt));
}

void ReadPage(const poppler::page& page, int number, const poppler::page_renderer& renderer, CellGrid& grid) {
    const std::vector<PdfWord> words = ReadWords(page);
    poppler::image image;
    pdf::PageImage view;
    const bool rendered = RenderPage(page, number, renderer, image, view, grid.warnings);

    std::vector<DraftTable> drafts;
    std::vector<pdf::RowRuledTable> row_ruled;
    if (rendered) {
        std::vector<Box> frames;
        for (const pdf::TableRules& rules : pdf::FindTableRules(view, TextAreas(words), &row_ruled)) {
            Table table = pdf::BuildRuledTable(rules, number);
            // A lone frame (a box around a title or the page) is no table.
            if (table.cells.size() > 1) {
                drafts.push_back(DraftTable{std::move(table), {}});
            } else {
                frames.push_back(table.box);
            }
        }
        // A header drawn as a filled band on top of a table ruled across
        // only is a lone frame of its own: it is the table's first row.
        for (pdf::RowRuledTable& ruled : row_ruled) {
            for (const Box& frame : frames) pdf::TakeHeaderBand(ruled, frame);
        }
    }
    // Ruled tables inside a table ruled across are its rows, joined only at
    // their ends (a border, a filled first column).
    for (const pdf::RowRuledTable& ruled : row_ruled) {
        std::erase_if(drafts, [&](const DraftTable& draft) { return pdf::Inside(draft.table.box, ruled); });
    }
    std::vector<const PdfWord*> loose;
    if (!drafts.empty() || !row_ruled.empty()) {
        PlaceWords(words, drafts, loose);
        // A table ruled across only: its columns come from its words'
        // alignment, apart from the words beside it (a key box, notes).
        for (const pdf::RowRuledTable& ruled : row_ruled) {
            const Box box = pdf::WithRowsBeyondRules(ruled, loose);
            std::vector<const PdfWord*> inside, outside;
            for (const PdfWord* word : loose) {
                (Contains(box, word->box.cx(), word->box.cy()) ? inside : outside).push_back(word);
            }
            std::vector<DraftTable> found = pdf::BuildTextTables(inside, number, outside, /*one_table=*/true);
            for (DraftTable& draft : found) drafts.push_back(std::move(draft));
            loose = std::move(outside);
        }
    } else if (!words.empty()) {
        std::vector<const PdfWord*> all;
        all.reserve(words.size());
        for (const PdfWord& word : words) all.push_back(&word);
        drafts = pdf::BuildTextTables(all, number, loose);
    }
    std::stable_sort(drafts.begin(), drafts.end(), [](const DraftTable& a, const DraftTable& b) {
        return a.table.box.y0 != b.table.box.y0 ? a.table.box.y0 < b.table.box.y0 : a.table.box.x0 < b.table.box.x0;
    });
    const pdf::PageImage* pixels = rendered ? &view : nullptr;
    for (DraftTable& draft : drafts) {
        FinishTable(draft, pixels);
        grid.tables.push_back(std::move(draft.table));
    }
    AddLooseLines(loose, pixels, grid.loose_lines);
}

}  // namespace

Result<CellGrid> ReadPdf(std::string_view bytes, const ReaderLimits& limits) {
    SilencePoppler();
    poppler_messages = 0;
    try {
        auto loaded = pdf::LoadDocument(bytes);
        if (!loaded.ok()) return loaded.error();
        const std::unique_ptr<poppler::document> doc = std::move(loaded).value();
        const int pages = doc->pages();
        if (pages > limits.max_pages) {
            return MakeError(ErrorCode::kTooLarge, "the PDF has " + std::to_string(pages) +
                                                       " pages, over the limit of " + std::to_string(limits.max_pages));
        }
        CellGrid grid;
        grid.pages = pages;
        poppler::page_renderer renderer;
        renderer.set_render_hints(0);  // crisp one-pixel lines and exact colours, and faster
        renderer.set_image_format(poppler::image::format_argb32);
        for (int i = 0; i < pages; ++i) {
            const std::unique_ptr<poppler::page> page(doc->create_page(i));
            if (!page) {
                grid.warnings.push_back("page " + std::to_string(i + 1) + " of the PDF could not be read");
                continue;
            }
            ReadPage(*page, i + 1, renderer, grid);
        }
        if (LooksTruncated(bytes)) {
            grid.warnings.emplace_back("the PDF seems cut short; part of it may be missing");
        } else if (poppler_messages > 0) {
            grid.warnings.emplace_back("the PDF has errors; part of it may be missing");
        }
        // Read each time (tests turn it on); nothing in the process writes it.
        if (const char* debug = std::getenv("LY_DEBUG_GRID");  // NOLINT(concurrency-mt-unsafe)
            debug != nullptr && std::string_view(debug) == "1") {
            std::cerr << pdf::DescribeGrid(grid);
        }
        return grid;
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kInternal, std::string("reading the PDF failed: ") + e.what());
    }
}

Result<int> PdfPageCount(std::string_view bytes) {
    SilencePoppler();
    try {
        auto loaded = pdf::LoadDocument(bytes);
        if (!loaded.ok()) return loaded.error();
        return std::move(loaded).value()->pages();
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kCorruptDocument, std::string("the PDF could not be read: ") + e.what());
    }
}

bool PdfHasTextLayer(std::string_view bytes) {
    SilencePoppler();
    try {
        auto loaded = pdf::LoadDocument(bytes);
        if (!loaded.ok()) return false;
        const std::unique_ptr<poppler::document> doc = std::move(loaded).value();
        int chars = 0;
        for (int i = 0; i < std::min(doc->pages(), kTextProbePages); ++i) {
            const std::unique_ptr<poppler::page> page(doc->create_page(i));
            if (!page) continue;
            for (const poppler::text_box& box : page->text_list()) {
                for (const auto unit : box.text()) {
                    if (unit > u' ') ++chars;
                }
                if (chars >= kMinTextChars) return true;
            }
        }
        return false;
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace ly::extract
