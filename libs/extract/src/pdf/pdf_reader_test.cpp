#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ly/extract/readers.hpp"
#include "ly/testing/files.hpp"

namespace ly::extract {
namespace {

using ::ly::testing::ReadFile;

std::string Fixture(const std::string& name) {
    return ReadFile(std::string(LY_SOURCE_DIR) + "/tests/fixtures/pdf/" + name);
}
std::string Sample(const std::string& name) { return ReadFile(std::string(LY_SAMPLES_DIR) + "/" + name); }

// The real samples live beside the project (../shared/samples); a clone
// without them skips the tests that read them.
#define SKIP_WITHOUT_SAMPLES() \
    if (!std::filesystem::exists(LY_SAMPLES_DIR)) GTEST_SKIP() << "no samples at " LY_SAMPLES_DIR

// A compact dump of the grid for failure messages.
std::string Describe(const CellGrid& grid) {
    std::string out;
    for (const Table& table : grid.tables) {
        out += std::to_string(table.rows) + "x" + std::to_string(table.cols) + " table\n";
        for (const Cell& cell : table.cells) {
            out += "  r" + std::to_string(cell.row) + " c" + std::to_string(cell.col) + " " +
                   std::to_string(cell.row_span) + "x" + std::to_string(cell.col_span) + " [" + cell.Text() + "]\n";
        }
    }
    for (const TextLine& line : grid.loose_lines) out += "loose [" + line.text + "]\n";
    return out;
}

// A cell's text with its lines run together ("M\nO\nN" → "MON").
std::string Flat(const Cell& cell) {
    std::string text = cell.Text();
    std::erase(text, '\n');
    return text;
}

const Cell* FindCell(const Table& table, const std::string& flat_text) {
    for (const Cell& cell : table.cells) {
        if (Flat(cell) == flat_text) return &cell;
    }
    return nullptr;
}

// Every slot of a ruled table's finest grid is covered by exactly one cell.
void ExpectTiled(const Table& table) {
    std::vector<int> cover(static_cast<std::size_t>(table.rows) * static_cast<std::size_t>(table.cols), 0);
    for (const Cell& cell : table.cells) {
        ASSERT_GE(cell.row, 0);
        ASSERT_GE(cell.col, 0);
        ASSERT_LE(cell.row + cell.row_span, table.rows);
        ASSERT_LE(cell.col + cell.col_span, table.cols);
        for (int r = cell.row; r < cell.row + cell.row_span; ++r) {
            for (int c = cell.col; c < cell.col + cell.col_span; ++c) {
                ++cover[static_cast<std::size_t>(r) * static_cast<std::size_t>(table.cols) +
                        static_cast<std::size_t>(c)];
            }
        }
    }
    EXPECT_TRUE(std::all_of(cover.begin(), cover.end(), [](int n) { return n == 1; }));
    EXPECT_EQ(table.row_edges.size(), static_cast<std::size_t>(table.rows + 1));
    EXPECT_EQ(table.col_edges.size(), static_cast<std::size_t>(table.cols + 1));
    EXPECT_TRUE(std::is_sorted(table.row_edges.begin(), table.row_edges.end()));
    EXPECT_TRUE(std::is_sorted(table.col_edges.begin(), table.col_edges.end()));
}

// A one-page A4 PDF around `content` (a content stream; font /F1 is
// Helvetica), with a correct cross-reference table.
std::string MinimalPdf(const std::string& content) {
    const std::string page =
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
        ">>";
    const std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    };
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        std::array<char, 32> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n \n", offset);
        pdf += line.data();
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

// Content-stream pieces: a line, a filled rectangle, a word (PDF
// coordinates: origin bottom-left).
std::string Line(int x0, int y0, int x1, int y1) {
    return std::to_string(x0) + " " + std::to_string(y0) + " m " + std::to_string(x1) + " " + std::to_string(y1) +
           " l S\n";
}
std::string Fill(const char* rgb, int x, int y, int w, int h) {
    return std::string(rgb) + " rg " + std::to_string(x) + " " + std::to_string(y) + " " + std::to_string(w) + " " +
           std::to_string(h) + " re f 0 0 0 rg\n";
}
std::string Word(const std::string& text, int x, int y) {
    return "BT /F1 10 Tf " + std::to_string(x) + " " + std::to_string(y) + " Td (" + text + ") Tj ET\n";
}

// Two rows (y 700–650–600) of two columns (x 100–200–300), outer border
// and middle horizontal included; the middle vertical is up to the caller.
std::string TwoByTwo(const std::string& middle_vertical) {
    return "1 w\n" + Line(100, 700, 300, 700) + Line(100, 650, 300, 650) + Line(100, 600, 300, 600) +
           Line(100, 700, 100, 600) + Line(300, 700, 300, 600) + middle_vertical;
}

Result<CellGrid> ReadContent(const std::string& content) { return ReadPdf(MinimalPdf(content)); }

// The sample, read once for all its tests.
const CellGrid& SampleGrid() {
    static const CellGrid grid = [] {
        auto read = ReadPdf(Sample("Teacher Timetable Example 2.pdf"));
        EXPECT_TRUE(read.ok()) << read.error().message;
        return read.ok() ? std::move(read).value() : CellGrid{};
    }();
    return grid;
}

const Table& SampleTable() {
    static const Table empty;
    const CellGrid& grid = SampleGrid();
    return grid.tables.empty() ? empty : grid.tables.front();
}

TEST(SamplePdf, OneTableNoLooseText) {
    SKIP_WITHOUT_SAMPLES();
    ASSERT_EQ(SampleGrid().tables.size(), 1u) << Describe(SampleGrid());
    EXPECT_TRUE(SampleGrid().loose_lines.empty());
    EXPECT_EQ(SampleGrid().pages, 1);
    EXPECT_EQ(SampleTable().page, 1);
    ExpectTiled(SampleTable());
    EXPECT_EQ(SampleTable().rows, 7) << Describe(SampleGrid());  // title, times, five days
}

TEST(SamplePdf, TitleSpansAllColumns) {
    SKIP_WITHOUT_SAMPLES();
    const Cell* title = FindCell(SampleTable(), "4M");
    ASSERT_NE(title, nullptr);
    EXPECT_EQ(title->row, 0);
    EXPECT_EQ(title->col, 0);
    EXPECT_EQ(title->col_span, SampleTable().cols);
    ASSERT_TRUE(title->fill.has_value());  // light blue-grey
    EXPECT_TRUE(title->lines.at(0).emphasised);
}

TEST(SamplePdf, DayLabelsOneLetterPerLine) {
    SKIP_WITHOUT_SAMPLES();
    const Cell* monday = FindCell(SampleTable(), "MON");
    ASSERT_NE(monday, nullptr);
    EXPECT_EQ(monday->lines.size(), 3u);
    EXPECT_EQ(monday->col, 0);
    const Cell* tuesday = FindCell(SampleTable(), "TUES");
    ASSERT_NE(tuesday, nullptr);
    EXPECT_EQ(tuesday->row, monday->row + 1);
}

TEST(SamplePdf, VerticallySpelledColumnHasOneLetterPerRowCell) {
    SKIP_WITHOUT_SAMPLES();
    const Table& table = SampleTable();
    const Cell* b = FindCell(table, "B");
    ASSERT_NE(b, nullptr);
    ASSERT_TRUE(b->fill.has_value());
    EXPECT_GT(b->fill->b, b->fill->r);  // light blue
    int row = b->row;
    for (const char* letter : {"R", "E", "A", "K"}) {
        const auto it = std::find_if(table.cells.begin(), table.cells.end(),
                                     [&](const Cell& cell) { return cell.col == b->col && cell.row == row + 1; });
        ASSERT_NE(it, table.cells.end()) << letter;
        EXPECT_EQ(Flat(*it), letter);
        EXPECT_EQ(it->row_span, 1);
        row = it->row;
    }
}

TEST(SamplePdf, WednesdayRowSplitsAHeaderColumn) {
    SKIP_WITHOUT_SAMPLES();
    const Table& table = SampleTable();
    const Cell* header = FindCell(table, "10.30 – 11.40");
    ASSERT_NE(header, nullptr) << Describe(SampleGrid());
    ASSERT_GE(header->col_span, 2);  // the finest grid has an edge inside it
    const Cell* music = FindCell(table, "10.30-11.15Music:Brass –Trumpet");
    ASSERT_NE(music, nullptr) << Describe(SampleGrid());
    const Cell* wednesday = FindCell(table, "WED");
    ASSERT_NE(wednesday, nullptr);
    EXPECT_EQ(music->row, wednesday->row);
    EXPECT_EQ(music->col, header->col);
    EXPECT_LT(music->col_span, header->col_span);
    // The next cell of that row starts inside the header's column: "Maths".
    const auto maths = std::find_if(table.cells.begin(), table.cells.end(), [&](const Cell& cell) {
        return cell.row == wednesday->row && cell.col == music->col + music->col_span;
    });
    ASSERT_NE(maths, table.cells.end());
    EXPECT_EQ(Flat(*maths), "Maths");
    EXPECT_LT(maths->col, header->col + header->col_span);
    // Other days keep the header's width.
    const Cell* monday = FindCell(table, "MON");
    const auto monday_maths = std::find_if(table.cells.begin(), table.cells.end(), [&](const Cell& cell) {
        return cell.row == monday->row && cell.col == header->col;
    });
    ASSERT_NE(monday_maths, table.cells.end());
    EXPECT_EQ(monday_maths->col_span, header->col_span);
}

TEST(SamplePdf, YellowCellsAreFilledAndWhiteOnesAreNot) {
    SKIP_WITHOUT_SAMPLES();
    const Table& table = SampleTable();
    const Cell* pe = FindCell(table, "PE");
    ASSERT_NE(pe, nullptr);
    ASSERT_TRUE(pe->fill.has_value());
    EXPECT_GT(pe->fill->r, 200);
    EXPECT_GT(pe->fill->g, 200);
    EXPECT_LT(pe->fill->b, 100);
    const Cell* science = FindCell(table, "Science");
    ASSERT_NE(science, nullptr);
    EXPECT_FALSE(science->fill.has_value());
    EXPECT_FALSE(science->lines.at(0).colour.has_value());  // black text
}

TEST(PdfReader, RuledDaysRows) {
    auto grid = ReadPdf(Fixture("ruled_days_rows.pdf"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    ExpectTiled(table);
    EXPECT_EQ(table.rows, 6);
    EXPECT_EQ(table.cols, 8);
    ASSERT_NE(FindCell(table, "9:00 – 9:30"), nullptr);
    const Cell* lunch = FindCell(table, "Lunch");
    ASSERT_NE(lunch, nullptr);
    EXPECT_EQ(lunch->row, 1);
    EXPECT_EQ(lunch->row_span, 5);  // down every day row
    ASSERT_TRUE(lunch->fill.has_value());
    const Cell* art = FindCell(table, "Art");
    ASSERT_NE(art, nullptr);
    EXPECT_EQ(art->col_span, 2);
    const Cell* golden = FindCell(table, "Golden Time");
    ASSERT_NE(golden, nullptr);
    ASSERT_TRUE(golden->fill.has_value());
    EXPECT_GT(golden->fill->r, 200);
    EXPECT_LT(golden->fill->b, 150);
    ASSERT_EQ(grid->loose_lines.size(), 1u);
    EXPECT_EQ(grid->loose_lines[0].text, "Class 5B");
    EXPECT_TRUE(grid->loose_lines[0].emphasised);
    EXPECT_TRUE(grid->warnings.empty());
}

TEST(PdfReader, RotatedPageReadsUpright) {
    auto grid = ReadPdf(Fixture("rotated_page.pdf"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 6);
    EXPECT_EQ(table.cols, 8);
    const Cell* monday = FindCell(table, "Monday");
    ASSERT_NE(monday, nullptr);
    EXPECT_EQ(monday->orientation, TextOrientation::kHorizontal);
    EXPECT_EQ(monday->col, 0);
    const Cell* lunch = FindCell(table, "Lunch");
    ASSERT_NE(lunch, nullptr);
    EXPECT_EQ(lunch->row_span, 5);
}

TEST(PdfReader, UnruledTableFromTextAlignment) {
    auto grid = ReadPdf(Fixture("unruled_list.pdf"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 9) << Describe(*grid);  // days, then eight times
    EXPECT_EQ(table.cols, 6);
    const Cell* monday = FindCell(table, "Monday");
    ASSERT_NE(monday, nullptr);
    EXPECT_EQ(monday->row, 0);
    EXPECT_EQ(monday->col, 1);
    const Cell* first_time = FindCell(table, "8:50 - 9:00");
    ASSERT_NE(first_time, nullptr);
    EXPECT_EQ(first_time->col, 0);
    EXPECT_EQ(first_time->row, 1);
    const Cell* pe = FindCell(table, "PEHall");
    ASSERT_NE(pe, nullptr);
    EXPECT_EQ(pe->lines.size(), 2u);
    EXPECT_EQ(pe->col, 3);  // Wednesday
    const Cell* eleven = FindCell(table, "11:15 - 12:00");
    ASSERT_NE(eleven, nullptr);
    EXPECT_EQ(pe->row, eleven->row);
    ASSERT_EQ(grid->loose_lines.size(), 1u);
    EXPECT_EQ(grid->loose_lines[0].text, "Class 3A");
}

// Centred text has no common left edge: columns come from the gutters
// between them, rows stand far apart, and a merged cell shows only as one
// word in the middle of its column (or row).
TEST(PdfReader, UnruledCentredTableFromGutters) {
    auto grid = ReadPdf(Fixture("unruled_centred.pdf"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 6) << Describe(*grid);  // times, then five days
    EXPECT_EQ(table.cols, 7) << Describe(*grid);
    const Cell* brk = FindCell(table, "Break");
    ASSERT_NE(brk, nullptr);
    EXPECT_EQ(brk->row, 1);
    EXPECT_EQ(brk->row_span, 5);  // down every day row
    const Cell* monday = FindCell(table, "MONDAY");
    ASSERT_NE(monday, nullptr);
    int islamic = 0;  // two neighbouring cells, not one phrase
    for (const Cell& cell : table.cells) islamic += cell.row == monday->row && cell.Text() == "Islamic Studies";
    EXPECT_EQ(islamic, 2) << Describe(*grid);

    auto cols = ReadPdf(Fixture("unruled_centred_cols.pdf"));
    ASSERT_TRUE(cols.ok()) << cols.error().message;
    ASSERT_EQ(cols->tables.size(), 1u) << Describe(*cols);
    const Cell* across = FindCell(cols->tables[0], "Break");
    ASSERT_NE(across, nullptr);
    EXPECT_EQ(across->col, 1);
    EXPECT_EQ(across->col_span, 5);  // across every day column
}

TEST(PdfReader, LinesWithoutTextStillMakeATable) {
    const std::string pdf = MinimalPdf(TwoByTwo(Line(200, 700, 200, 600)));
    EXPECT_FALSE(PdfHasTextLayer(pdf));
    auto grid = ReadPdf(pdf);
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 2);
    EXPECT_EQ(table.cols, 2);
    EXPECT_EQ(table.cells.size(), 4u);
    EXPECT_NEAR(table.box.x0, 100, 1.5);
    EXPECT_NEAR(table.box.y0, 842 - 700, 1.5);  // points, origin top-left
    EXPECT_NEAR(table.box.x1, 300, 1.5);
    EXPECT_NEAR(table.box.y1, 842 - 600, 1.5);
}

TEST(PdfReader, LineAcrossPartOfTheTableMergesTheOtherRow) {
    // The middle vertical runs through the bottom row only.
    auto grid = ReadContent(TwoByTwo(Line(200, 650, 200, 600)));
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    ExpectTiled(table);
    ASSERT_EQ(table.cells.size(), 3u) << Describe(*grid);
    EXPECT_EQ(table.cells[0].col_span, 2);  // top row: one cell
    EXPECT_EQ(table.cells[1].col_span, 1);
    EXPECT_EQ(table.cells[2].col_span, 1);
}

TEST(PdfReader, StubLineDoesNotSplitACell) {
    // A stub covering a fifth of the top row's edge separates nothing there.
    auto grid = ReadContent(TwoByTwo(Line(200, 700, 200, 690) + Line(200, 650, 200, 600)));
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 1u);
    ASSERT_EQ(grid->tables[0].cells.size(), 3u) << Describe(*grid);
    EXPECT_EQ(grid->tables[0].cells[0].col_span, 2);
}

TEST(PdfReader, FillsDoNotMakeOrHideLines) {
    // Yellow and light blue cells are not lines; a dark cell's edge is.
    const std::string content = Fill("1 1 0", 100, 650, 100, 50) + Fill("0.78 0.85 0.95", 200, 650, 100, 50) +
                                Fill("0.1 0.1 0.4", 100, 600, 100, 50) + TwoByTwo(Line(200, 700, 200, 600)) +
                                Word("Maths", 120, 670) + "1 1 1 rg\n" + Word("PE", 120, 620);
    auto grid = ReadContent(content);
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    ASSERT_EQ(table.cells.size(), 4u) << Describe(*grid);
    ASSERT_TRUE(table.cells[0].fill.has_value());
    EXPECT_EQ(*table.cells[0].fill, (Rgb{255, 255, 0}));
    EXPECT_EQ(table.cells[0].Text(), "Maths");
    ASSERT_TRUE(table.cells[1].fill.has_value());
    ASSERT_TRUE(table.cells[2].fill.has_value());
    EXPECT_EQ(table.cells[2].Text(), "PE");
    ASSERT_EQ(table.cells[2].lines.size(), 1u);
    ASSERT_TRUE(table.cells[2].lines[0].colour.has_value());  // white text
    EXPECT_EQ(*table.cells[2].lines[0].colour, (Rgb{255, 255, 255}));
    EXPECT_FALSE(table.cells[3].fill.has_value());
}

TEST(PdfReader, TableWithoutOuterBorder) {
    // Only inner lines: the lines' ends bound the outer rows and columns.
    auto grid = ReadContent("1 w\n" + Line(100, 650, 400, 650) + Line(100, 600, 400, 600) + Line(200, 700, 200, 550) +
                            Line(300, 700, 300, 550) + Word("Mon", 110, 620) + Word("Tue", 110, 570));
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 1u) << Describe(*grid);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 3);
    EXPECT_EQ(table.cols, 3);
    ExpectTiled(table);
    EXPECT_NE(FindCell(table, "Mon"), nullptr) << Describe(*grid);
    EXPECT_TRUE(grid->loose_lines.empty()) << Describe(*grid);
    EXPECT_TRUE(grid->warnings.empty());
}

TEST(PdfReader, SeveralTablesOnAPageAndTextAround) {
    std::string content = TwoByTwo(Line(200, 700, 200, 600));
    content += Line(100, 400, 300, 400) + Line(100, 350, 300, 350) + Line(100, 300, 300, 300) +
               Line(100, 400, 100, 300) + Line(300, 400, 300, 300) + Line(250, 400, 250, 300);
    content += Word("Week A", 100, 720) + Word("Week B", 100, 420) + Word("Notes", 100, 200);
    auto grid = ReadContent(content);
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 2u) << Describe(*grid);
    EXPECT_LT(grid->tables[0].box.y0, grid->tables[1].box.y0);  // top to bottom
    ASSERT_EQ(grid->loose_lines.size(), 3u) << Describe(*grid);
    EXPECT_EQ(grid->loose_lines[0].text, "Week A");
    EXPECT_EQ(grid->loose_lines[2].text, "Notes");
}

TEST(PdfReader, RotatedWordsSetTheCellOrientation) {
    // Text turned a quarter anticlockwise reads bottom to top.
    auto grid = ReadContent(TwoByTwo(Line(200, 700, 200, 600)) + "BT /F1 10 Tf 0 1 -1 0 150 605 Tm (LUNCH) Tj ET\n");
    ASSERT_TRUE(grid.ok());
    ASSERT_EQ(grid->tables.size(), 1u);
    const Cell* lunch = FindCell(grid->tables[0], "LUNCH");
    ASSERT_NE(lunch, nullptr) << Describe(*grid);
    EXPECT_EQ(lunch->orientation, TextOrientation::kUp);
}

TEST(PdfReader, TwoAlignedColumnsStayALooseList) {
    // A day heading, then time and event at two tab stops: a list, not a table.
    std::string content;
    int y = 760;
    for (const char* day : {"Monday", "Tuesday"}) {
        content += Word(day, 72, y);
        y -= 16;
        for (const char* event : {"Maths", "Break", "English"}) {
            content += Word("9:00 - 10:00", 72, y) + Word(event, 180, y);
            y -= 14;
        }
    }
    auto grid = ReadContent(content);
    ASSERT_TRUE(grid.ok());
    EXPECT_TRUE(grid->tables.empty()) << Describe(*grid);
    ASSERT_EQ(grid->loose_lines.size(), 8u) << Describe(*grid);
    EXPECT_EQ(grid->loose_lines[0].text, "Monday");
    EXPECT_EQ(grid->loose_lines[1].text, "9:00 - 10:00\tMaths");
}

TEST(PdfReader, HasTextLayer) {
    EXPECT_TRUE(PdfHasTextLayer(Fixture("ruled_days_rows.pdf")));
    EXPECT_TRUE(PdfHasTextLayer(Fixture("unruled_list.pdf")));
    EXPECT_FALSE(PdfHasTextLayer(Fixture("encrypted.pdf")));
    EXPECT_FALSE(PdfHasTextLayer("%PDF-1.4 garbage"));
    EXPECT_FALSE(PdfHasTextLayer(""));
}

TEST(PdfReader, TruncatedIsCorrupt) {
    const std::string whole = Fixture("ruled_days_rows.pdf");
    for (std::size_t size : {std::size_t{10}, whole.size() / 3, whole.size() / 2}) {
        auto grid = ReadPdf(whole.substr(0, size));
        ASSERT_FALSE(grid.ok()) << size;
        EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument) << size;
    }
}

TEST(PdfReader, GarbageIsCorrupt) {
    for (const std::string& bytes : {std::string("%PDF-"), std::string("%PDF-1.7\n\x01\x02\x03 not a pdf at all"),
                                     std::string(4096, '\xff').insert(0, "%PDF-1.4\n"), std::string()}) {
        auto grid = ReadPdf(bytes);
        ASSERT_FALSE(grid.ok());
        EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument);
    }
}

TEST(PdfReader, PasswordProtectedIsEncrypted) {
    auto grid = ReadPdf(Fixture("encrypted.pdf"));
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kEncrypted);
}

TEST(PdfReader, OwnerPasswordOnlyIsRead) {
    // Encrypted, but opens without a password (copying "forbidden"): read it.
    auto grid = ReadPdf(Fixture("restricted.pdf"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->loose_lines.size(), 1u);
    EXPECT_NE(grid->loose_lines[0].text.find("Monday"), std::string::npos);
}

TEST(PdfReader, TooManyPages) {
    ReaderLimits limits;
    limits.max_pages = 0;
    auto grid = ReadPdf(Fixture("ruled_days_rows.pdf"), limits);
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kTooLarge);
}

TEST(PdfReader, MissingEndIsAWarning) {
    std::string pdf = Fixture("ruled_days_rows.pdf");
    pdf.resize(pdf.rfind("%%EOF"));
    auto grid = ReadPdf(pdf);
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(grid->tables.size(), 1u);
    EXPECT_FALSE(grid->warnings.empty());
}

TEST(PdfReader, DebugGridGoesToStderr) {
    ::setenv("LY_DEBUG_GRID", "1", 1);  // NOLINT(concurrency-mt-unsafe): tests run one at a time
    ::testing::internal::CaptureStderr();
    auto grid = ReadPdf(Fixture("ruled_days_rows.pdf"));
    const std::string printed = ::testing::internal::GetCapturedStderr();
    ::unsetenv("LY_DEBUG_GRID");  // NOLINT(concurrency-mt-unsafe)
    ASSERT_TRUE(grid.ok());
    EXPECT_NE(printed.find("6 rows x 8 cols"), std::string::npos) << printed;
    EXPECT_NE(printed.find("[r1 c5 5x1] fill #"), std::string::npos) << printed;  // Lunch
    EXPECT_NE(printed.find("\"Lunch\""), std::string::npos) << printed;
}

}  // namespace
}  // namespace ly::extract
