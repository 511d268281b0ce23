#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ly/extract/readers.hpp"

namespace ly::extract {
namespace {

// --- helpers ---------------------------------------------------------------

std::string ReadFixture(const std::string& name) {
    const std::string path = std::string(LY_SOURCE_DIR) + "/tests/fixtures/docx/" + name;
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in.good()) << "missing fixture " << path;
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

struct Entry {
    std::string name;
    std::string content;
};

// A zip built in memory with libzip. `encrypt` puts AES on every entry.
std::string MakeZip(const std::vector<Entry>& entries, bool encrypt = false) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    EXPECT_NE(buffer, nullptr);
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    EXPECT_NE(archive, nullptr);
    for (const Entry& entry : entries) {
        zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
        const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
        EXPECT_GE(index, 0);
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
        if (encrypt) {
            EXPECT_EQ(zip_file_set_encryption(archive, static_cast<zip_uint64_t>(index), ZIP_EM_AES_256, "secret"), 0);
        }
    }
    EXPECT_EQ(zip_close(archive), 0);
    std::string bytes;
    zip_stat_t stat;
    zip_stat_init(&stat);
    EXPECT_EQ(zip_source_stat(buffer, &stat), 0);
    EXPECT_EQ(zip_source_open(buffer), 0);
    bytes.resize(static_cast<std::size_t>(stat.size));
    EXPECT_EQ(zip_source_read(buffer, bytes.data(), bytes.size()), static_cast<zip_int64_t>(bytes.size()));
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return bytes;
}

constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string DocumentXml(const std::string& body, const std::string& prefix = "w") {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<" + prefix +
                      ":document xmlns:" + prefix + "=\"" + kWordNs +
                      "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><" + prefix +
                      ":body>" + body + "</" + prefix + ":body></" + prefix + ":document>";
    return xml;
}

std::string Docx(const std::string& body, const std::string& styles = "") {
    std::vector<Entry> entries{{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", DocumentXml(body)}};
    if (!styles.empty()) entries.push_back({"word/styles.xml", styles});
    return MakeZip(entries);
}

const Cell* CellAt(const Table& table, int row, int col) {
    for (const Cell& cell : table.cells) {
        if (cell.row == row && cell.col == col) return &cell;
    }
    return nullptr;
}

// The cell whose area covers grid slot (row, col).
const Cell* CellCovering(const Table& table, int row, int col) {
    for (const Cell& cell : table.cells) {
        if (row >= cell.row && row < cell.row + cell.row_span && col >= cell.col && col < cell.col + cell.col_span) {
            return &cell;
        }
    }
    return nullptr;
}

std::vector<std::string> LooseTexts(const CellGrid& grid) {
    std::vector<std::string> texts;
    for (const TextLine& line : grid.loose_lines) texts.push_back(line.text);
    return texts;
}

bool Contains(const std::vector<std::string>& texts, const std::string& text) {
    return std::find(texts.begin(), texts.end(), text) != texts.end();
}

void ExpectIncreasing(const std::vector<double>& edges) {
    for (std::size_t i = 1; i < edges.size(); ++i) EXPECT_LT(edges[i - 1], edges[i]) << "edge " << i;
}

// Every cell inside its table, on the grid, its lines inside the cell; no slot covered twice.
void ExpectConsistent(const Table& table) {
    ASSERT_EQ(table.row_edges.size(), static_cast<std::size_t>(table.rows + 1));
    ASSERT_EQ(table.col_edges.size(), static_cast<std::size_t>(table.cols + 1));
    ExpectIncreasing(table.row_edges);
    ExpectIncreasing(table.col_edges);
    std::vector<int> covered(static_cast<std::size_t>(table.rows * table.cols), 0);
    for (const Cell& cell : table.cells) {
        ASSERT_GE(cell.row, 0);
        ASSERT_GE(cell.col, 0);
        ASSERT_LE(cell.row + cell.row_span, table.rows);
        ASSERT_LE(cell.col + cell.col_span, table.cols);
        EXPECT_DOUBLE_EQ(cell.box.x0, table.col_edges[static_cast<std::size_t>(cell.col)]);
        EXPECT_DOUBLE_EQ(cell.box.y1, table.row_edges[static_cast<std::size_t>(cell.row + cell.row_span)]);
        for (int r = cell.row; r < cell.row + cell.row_span; ++r) {
            for (int c = cell.col; c < cell.col + cell.col_span; ++c) {
                ++covered[static_cast<std::size_t>(r * table.cols + c)];
            }
        }
        for (const TextLine& line : cell.lines) {
            EXPECT_GE(line.box.x0, cell.box.x0) << line.text;
            EXPECT_LE(line.box.x1, cell.box.x1) << line.text;
            EXPECT_GE(line.box.y0, cell.box.y0) << line.text;
            EXPECT_LE(line.box.y1, cell.box.y1) << line.text;
        }
    }
    for (const int count : covered) EXPECT_LE(count, 1);
    EXPECT_DOUBLE_EQ(table.box.x0, table.col_edges.front());
    EXPECT_DOUBLE_EQ(table.box.y1, table.row_edges.back());
}

// --- the committed fixtures --------------------------------------------------

TEST(DocxReader, DaysAsRowsWithMergedBreakAndLunch) {
    const auto grid = ReadDocx(ReadFixture("days_rows_merged.docx"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(grid->pages, 1);
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 6);
    EXPECT_EQ(table.cols, 9);
    ExpectConsistent(table);

    EXPECT_EQ(CellAt(table, 0, 0)->Text(), "");
    EXPECT_EQ(CellAt(table, 0, 1)->Text(), "8:45 – 9:00");
    EXPECT_EQ(CellAt(table, 0, 6)->Text(), "12.15 – 1.15pm");
    EXPECT_EQ(CellAt(table, 0, 7)->Text(), "1.15-2pm");
    EXPECT_EQ(CellAt(table, 5, 0)->Text(), "Friday");

    // Break: one cell merged down all five days; the continuations add no cells.
    const Cell* break_cell = CellAt(table, 1, 3);
    ASSERT_NE(break_cell, nullptr);
    EXPECT_EQ(break_cell->Text(), "Break");
    EXPECT_EQ(break_cell->row_span, 5);
    EXPECT_EQ(break_cell->col_span, 1);
    EXPECT_EQ(break_cell->fill, (Rgb{0xFC, 0xE4, 0xD6}));
    for (int row = 2; row <= 5; ++row) EXPECT_EQ(CellCovering(table, row, 3), break_cell);
    EXPECT_DOUBLE_EQ(break_cell->box.y0, table.row_edges[1]);
    EXPECT_DOUBLE_EQ(break_cell->box.y1, table.row_edges[6]);

    const Cell* lunch = CellAt(table, 1, 6);
    ASSERT_NE(lunch, nullptr);
    EXPECT_EQ(lunch->Text(), "Lunch");
    EXPECT_EQ(lunch->row_span, 5);
    EXPECT_EQ(lunch->orientation, TextOrientation::kUp);

    // Wednesday's Science over both afternoon columns.
    const Cell* science = CellAt(table, 3, 7);
    ASSERT_NE(science, nullptr);
    EXPECT_EQ(science->Text(), "Science");
    EXPECT_EQ(science->col_span, 2);
    EXPECT_EQ(science->row_span, 1);
    EXPECT_EQ(CellAt(table, 3, 8), nullptr);
    EXPECT_DOUBLE_EQ(science->box.x1, table.col_edges[9]);

    // "PE" with its notes as a second paragraph, in red.
    const Cell* pe = CellAt(table, 1, 8);
    ASSERT_NE(pe, nullptr);
    ASSERT_EQ(pe->lines.size(), 2u);
    EXPECT_EQ(pe->lines[0].text, "PE");
    EXPECT_EQ(pe->lines[1].text, "Hall – bring kit");
    EXPECT_EQ(pe->lines[0].paragraph, 0);
    EXPECT_EQ(pe->lines[1].paragraph, 1);
    EXPECT_FALSE(pe->lines[0].colour.has_value());
    EXPECT_EQ(pe->lines[1].colour, (Rgb{0xC0, 0x00, 0x00}));
    EXPECT_TRUE(pe->lines[0].emphasised);  // 11 pt over 9 pt notes
    EXPECT_FALSE(pe->lines[1].emphasised);
    EXPECT_LT(pe->lines[0].box.y0, pe->lines[1].box.y0);

    // Shading: Thursday's Art, and the grey header row.
    EXPECT_EQ(CellAt(table, 4, 7)->Text(), "Art");
    EXPECT_EQ(CellAt(table, 4, 7)->fill, (Rgb{0xE2, 0xEF, 0xDA}));
    EXPECT_EQ(CellAt(table, 0, 2)->fill, (Rgb{0xD9, 0xD9, 0xD9}));
    EXPECT_FALSE(CellAt(table, 4, 8)->fill.has_value());
    EXPECT_TRUE(CellAt(table, 1, 0)->lines[0].emphasised);   // bold day name
    EXPECT_FALSE(CellAt(table, 1, 1)->lines[0].emphasised);  // plain lesson

    // Text around the table, in reading order: title lines above, a remark below.
    const auto texts = LooseTexts(*grid);
    ASSERT_EQ(texts.size(), 4u);
    EXPECT_EQ(texts[0], "Oakfield Primary School");
    EXPECT_EQ(texts[1], "Class: 4M   Teacher: Mrs Patel");
    EXPECT_EQ(texts[2], "Term: Spring 2025");
    EXPECT_EQ(texts[3], "PPA: Thursday afternoon (Mrs Okafor covers Art and French).");
    EXPECT_TRUE(grid->loose_lines[0].emphasised);
    EXPECT_FALSE(grid->loose_lines[2].emphasised);
    EXPECT_LT(grid->loose_lines[2].box.y1, table.box.y0 + 1);
    EXPECT_GE(grid->loose_lines[3].box.y0, table.box.y1);
    EXPECT_TRUE(grid->warnings.empty());
}

TEST(DocxReader, DaysAsColumnsWithEmptyCellsAndLunchRow) {
    const auto grid = ReadDocx(ReadFixture("days_columns.docx"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 10);
    EXPECT_EQ(table.cols, 6);
    ExpectConsistent(table);
    const std::vector<std::string> header{"Time", "Mon", "Tue", "Wed", "Thu", "Fri"};
    for (int col = 0; col < 6; ++col) EXPECT_EQ(CellAt(table, 0, col)->Text(), header[static_cast<std::size_t>(col)]);
    EXPECT_EQ(CellAt(table, 2, 0)->Text(), "09:00-09:30");

    const Cell* lunch = CellAt(table, 6, 1);
    ASSERT_NE(lunch, nullptr);
    EXPECT_EQ(lunch->Text(), "Lunch");
    EXPECT_EQ(lunch->col_span, 5);
    EXPECT_EQ(CellAt(table, 6, 0)->Text(), "12:00-13:00");

    EXPECT_TRUE(CellAt(table, 7, 2)->Empty());
    EXPECT_TRUE(CellAt(table, 9, 4)->Empty());
    EXPECT_EQ(CellAt(table, 7, 3)->Text(), "Story");
    EXPECT_EQ(CellAt(table, 3, 5)->Text(), "Maths\nArithmetic quiz");

    const auto texts = LooseTexts(*grid);
    EXPECT_EQ(texts, (std::vector<std::string>{"Year 1 Timetable", "Teacher: Miss Hughes"}));
}

TEST(DocxReader, ListTimetableIsLooseLinesInOrder) {
    const auto grid = ReadDocx(ReadFixture("list.docx"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_TRUE(grid->tables.empty());
    const auto texts = LooseTexts(*grid);
    ASSERT_EQ(texts.size(), 3u + 5u + 34u);  // title lines, day headings, lessons; empty paragraphs skipped
    EXPECT_EQ(texts[0], "Weekly Timetable");
    EXPECT_EQ(texts[1], "Class: 3S");
    EXPECT_EQ(texts[3], "Monday");
    EXPECT_EQ(texts[4], "09:00 - 09:15  Registration");
    EXPECT_EQ(texts[5], "9.15 – 10.30 English (Guided reading)");
    EXPECT_TRUE(Contains(texts, "09:00 - 09:15\tRegistration"));  // Thursday's lines use tabs
    EXPECT_TRUE(Contains(texts, "2:00-3:15 Golden Time"));
    EXPECT_TRUE(grid->loose_lines[3].emphasised);  // "Monday", a heading
    EXPECT_FALSE(grid->loose_lines[4].emphasised);
    for (std::size_t i = 1; i < grid->loose_lines.size(); ++i) {
        EXPECT_LT(grid->loose_lines[i - 1].box.y0, grid->loose_lines[i].box.y0);
        EXPECT_LT(grid->loose_lines[i - 1].paragraph, grid->loose_lines[i].paragraph);
    }
}

TEST(DocxReader, LettersSpelledDownAColumn) {
    const auto grid = ReadDocx(ReadFixture("days_rows_letters.docx"));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 6);
    EXPECT_EQ(table.cols, 8);
    ExpectConsistent(table);
    const std::string brk = "BREAK";
    const std::string lunch = "LUNCH";
    for (int row = 1; row <= 5; ++row) {
        const Cell* letter = CellAt(table, row, 3);
        ASSERT_NE(letter, nullptr);
        EXPECT_EQ(letter->Text(), std::string(1, brk[static_cast<std::size_t>(row - 1)]));
        EXPECT_EQ(letter->row_span, 1);
        EXPECT_EQ(CellAt(table, row, 5)->Text(), std::string(1, lunch[static_cast<std::size_t>(row - 1)]));
    }
    EXPECT_EQ(CellAt(table, 0, 1)->Text(), "8.40");
    EXPECT_EQ(CellAt(table, 0, 7)->Text(), "3.15");
    EXPECT_EQ(CellAt(table, 2, 0)->Text(), "Tues");
    EXPECT_EQ(CellAt(table, 4, 0)->Text(), "Thurs");
    EXPECT_EQ(CellAt(table, 2, 6)->Text(), "PE\noutdoor kit");
    EXPECT_EQ(LooseTexts(*grid), (std::vector<std::string>{"Class 2K Timetable – Summer 2025"}));
}

// --- WordprocessingML features, in hand-written document.xml ------------------

TEST(DocxReader, GridBeforeSpansAndRowHeights) {
    const std::string body =
        "<w:tbl><w:tblGrid><w:gridCol w:w=\"1000\"/><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"3000\"/></w:tblGrid>"
        "<w:tr><w:trPr><w:trHeight w:val=\"500\" w:hRule=\"exact\"/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/><w:trHeight w:val=\"800\"/></w:trPr>"
        "<w:tc><w:tcPr><w:textDirection w:val=\"tbRl\"/></w:tcPr><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:textDirection w:val=\"btLr\"/></w:tcPr><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>orphan continuation</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p/></w:tc></w:tr>"
        "</w:tbl>";
    const auto grid = ReadDocx(Docx(body));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->tables.size(), 1u);
    const Table& table = grid->tables[0];
    ExpectConsistent(table);
    EXPECT_EQ(table.rows, 4);
    EXPECT_EQ(table.cols, 3);
    EXPECT_EQ(table.col_edges, (std::vector<double>{0, 1000, 3000, 6000}));
    EXPECT_DOUBLE_EQ(table.row_edges[1] - table.row_edges[0], 500);  // exact
    EXPECT_DOUBLE_EQ(table.row_edges[2] - table.row_edges[1], 800);  // at least, and enough
    EXPECT_GE(table.row_edges[4] - table.row_edges[3], 200);         // an empty row is still a line tall
    EXPECT_EQ(CellAt(table, 0, 1)->col_span, 2);
    EXPECT_EQ(CellAt(table, 1, 0), nullptr);  // gridBefore leaves the slot empty
    EXPECT_EQ(CellAt(table, 1, 1)->Text(), "C");
    EXPECT_EQ(CellAt(table, 1, 1)->orientation, TextOrientation::kDown);
    EXPECT_EQ(CellAt(table, 1, 2)->orientation, TextOrientation::kUp);
    EXPECT_EQ(CellAt(table, 2, 0)->Text(), "orphan continuation");  // nothing above to merge into
}

TEST(DocxReader, RunsBreaksTrackedChangesAndSymbols) {
    const std::string body =
        "<w:p><w:r><w:t xml:space=\"preserve\">Maths </w:t></w:r>"
        "<w:del w:id=\"1\"><w:r><w:delText>Science</w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\"><w:r><w:t>set</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
        "<w:r><w:t>3</w:t><w:br/><w:t>Room</w:t><w:tab/><w:t>12</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Year</w:t><w:noBreakHyphen/><w:t>4 </w:t><w:sym w:font=\"Symbol\" w:char=\"F0AE\"/>"
        "<w:t xml:space=\"preserve\"> hall</w:t><w:sym w:font=\"Wingdings\" w:char=\"F04A\"/></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>!</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        "<w:p/><w:p><w:r><w:t xml:space=\"preserve\">   </w:t></w:r></w:p>"
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Click here to enter text.</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:hyperlink><w:r><w:t>Linked\xC2\xA0text</w:t></w:r></w:hyperlink>"
        "</w:p></w:sdtContent></w:sdt>";
    const auto grid = ReadDocx(Docx(body));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(LooseTexts(*grid),
              (std::vector<std::string>{"Maths set 3", "Room\t12", "Year-4 \xE2\x86\x92 hall!", "Linked text"}));
    EXPECT_EQ(grid->loose_lines[0].paragraph, grid->loose_lines[1].paragraph);  // a w:br, not a new paragraph
    EXPECT_NE(grid->loose_lines[1].paragraph, grid->loose_lines[2].paragraph);
    for (std::size_t i = 1; i < grid->loose_lines.size(); ++i) {
        EXPECT_LT(grid->loose_lines[i - 1].box.y0, grid->loose_lines[i].box.y0);
    }
}

TEST(DocxReader, EmphasisAndColourFromRunsAndStyles) {
    const std::string styles =
        std::string("<w:styles xmlns:w=\"") + kWordNs +
        "\"><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:rPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:basedOn w:val=\"Heading1\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:basedOn w:val=\"Normal\"/>"
        "<w:rPr><w:b/><w:color w:val=\"2F5496\"/></w:rPr></w:style>"
        "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:rPr><w:b/></w:rPr></w:style></w:styles>";
    const std::string body =
        "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Monday</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>Strong words</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:sz w:val=\"40\"/></w:rPr><w:t>Big title</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:color w:val=\"auto\"/></w:rPr><w:t>Plain</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:b w:val=\"0\"/></w:rPr><w:t>x</w:t></w:r><w:r><w:t>plain body text</w:t></w:r></w:p>"
        "<w:tbl><w:tblGrid><w:gridCol w:w=\"3000\"/></w:tblGrid><w:tr><w:tc>"
        "<w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFFFFF\"/></w:tcPr>"
        "<w:p><w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr><w:t>Art</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:color w:val=\"FF0000\"/></w:rPr><w:t>with Mr Jones in the studio</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl>";
    const auto grid = ReadDocx(Docx(body, styles));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    ASSERT_EQ(grid->loose_lines.size(), 5u);
    EXPECT_TRUE(grid->loose_lines[0].emphasised);  // bold by Heading1 through Heading2
    EXPECT_EQ(grid->loose_lines[0].colour, (Rgb{0x2F, 0x54, 0x96}));
    EXPECT_TRUE(grid->loose_lines[1].emphasised);  // bold by a character style
    EXPECT_TRUE(grid->loose_lines[2].emphasised);  // 20 pt over an 11 pt body
    EXPECT_FALSE(grid->loose_lines[3].emphasised);
    EXPECT_FALSE(grid->loose_lines[3].colour.has_value());
    EXPECT_FALSE(grid->loose_lines[4].emphasised);
    ASSERT_EQ(grid->tables.size(), 1u);
    const Cell& art = grid->tables[0].cells.at(0);
    EXPECT_FALSE(art.fill.has_value());  // white is no fill
    ASSERT_EQ(art.lines.size(), 2u);
    EXPECT_TRUE(art.lines[0].emphasised);  // 14 pt over 11 pt
    EXPECT_FALSE(art.lines[1].emphasised);
    EXPECT_EQ(art.lines[1].colour, (Rgb{0xFF, 0, 0}));
}

TEST(DocxReader, NestedTablesAndTextBoxesAreFlattened) {
    const std::string body =
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>Class: 5B</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Class: 5B</w:t></w:r></w:p></w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent><w:t>Anchor</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Monday</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>9:00</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Maths</w:t></w:r></w:p><w:p><w:r><w:t>Set 2</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>10:00</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>English</w:t></w:r></w:p>"
        "</w:tc></w:tr></w:tbl><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>Tuesday</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    const auto grid = ReadDocx(Docx(body));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(LooseTexts(*grid), (std::vector<std::string>{"Anchor", "Class: 5B"}));
    ASSERT_EQ(grid->tables.size(), 1u);  // the nested table is not a table of its own
    const Table& table = grid->tables[0];
    EXPECT_EQ(table.rows, 1);
    EXPECT_EQ(table.cols, 2);  // no w:tblGrid: columns from the cells
    ExpectConsistent(table);
    EXPECT_EQ(CellAt(table, 0, 0)->Text(), "Monday\n9:00\tMaths Set 2\n10:00\tEnglish");
    EXPECT_EQ(CellAt(table, 0, 1)->Text(), "Tuesday");
}

TEST(DocxReader, AnyNamespacePrefix) {
    const std::string body =
        "<x:p><x:r><x:t>Title</x:t></x:r></x:p><x:tbl><x:tblGrid><x:gridCol x:w=\"1440\"/></x:tblGrid>"
        "<x:tr><x:tc><x:tcPr><x:vMerge x:val=\"restart\"/></x:tcPr><x:p><x:r><x:t>Lunch</x:t></x:r></x:p></x:tc></x:tr>"
        "<x:tr><x:tc><x:tcPr><x:vMerge/></x:tcPr><x:p/></x:tc></x:tr></x:tbl>";
    const auto grid = ReadDocx(MakeZip({{"word/document.xml", DocumentXml(body, "x")}}));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(LooseTexts(*grid), (std::vector<std::string>{"Title"}));
    ASSERT_EQ(grid->tables.size(), 1u);
    ASSERT_EQ(grid->tables[0].cells.size(), 1u);
    EXPECT_EQ(grid->tables[0].cells[0].row_span, 2);
    EXPECT_DOUBLE_EQ(grid->tables[0].col_edges[1] - grid->tables[0].col_edges[0], 1440);
}

TEST(DocxReader, MainPartFoundThroughPackageRelationships) {
    const std::string rels =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "officeDocument\" Target=\"/word/document2.xml\"/></Relationships>";
    const auto grid = ReadDocx(
        MakeZip({{"_rels/.rels", rels}, {"word/document2.xml", DocumentXml("<w:p><w:r><w:t>Hi</w:t></w:r></w:p>")}}));
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(LooseTexts(*grid), (std::vector<std::string>{"Hi"}));
}

// --- bad input ---------------------------------------------------------------

// Sets the uncompressed size of every entry, in the local headers and the
// central directory, to `size`: a zip that lies about what it holds.
std::string ClaimUncompressedSize(std::string zip, std::uint32_t size) {
    auto put = [&](std::size_t at) { std::memcpy(zip.data() + at, &size, 4); };  // little-endian host
    for (std::size_t at = zip.find("PK\x03\x04"); at != std::string::npos; at = zip.find("PK\x03\x04", at + 4)) {
        put(at + 22);
    }
    for (std::size_t at = zip.find("PK\x01\x02"); at != std::string::npos; at = zip.find("PK\x01\x02", at + 4)) {
        put(at + 24);
    }
    return zip;
}

TEST(DocxReader, TruncatedFileIsCorrupt) {
    const std::string bytes = ReadFixture("days_rows_merged.docx");
    const auto grid = ReadDocx(std::string_view(bytes).substr(0, bytes.size() / 2));
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(grid.error().message.find("zip"), std::string::npos) << grid.error().message;
}

TEST(DocxReader, ZipWithoutDocumentIsCorrupt) {
    const auto grid = ReadDocx(MakeZip({{"photos/a.txt", "not a word document"}}));
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(grid.error().message.find("word/document.xml"), std::string::npos) << grid.error().message;
}

TEST(DocxReader, MalformedXmlIsCorrupt) {
    const auto grid = ReadDocx(MakeZip({{"word/document.xml", "<w:document><w:body><w:p></w:body>"}}));
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(grid.error().message.find("not well-formed XML"), std::string::npos) << grid.error().message;

    const auto not_word = ReadDocx(MakeZip({{"word/document.xml", "<html><body/></html>"}}));
    ASSERT_FALSE(not_word.ok());
    EXPECT_EQ(not_word.error().code, ErrorCode::kCorruptDocument);

    const auto empty = ReadDocx(MakeZip({{"word/document.xml", ""}}));
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ErrorCode::kCorruptDocument);
}

TEST(DocxReader, NotAZipIsCorrupt) {
    for (const std::string& bytes :
         {std::string(), std::string("PK\x03\x04 garbage that is not a zip"), std::string(1000, '\0')}) {
        const auto grid = ReadDocx(bytes);
        ASSERT_FALSE(grid.ok());
        EXPECT_EQ(grid.error().code, ErrorCode::kCorruptDocument);
    }
}

TEST(DocxReader, ZipBombIsRefused) {
    // 8 MB of zeros deflate to a few kilobytes; the limit here is 1 MB.
    const std::string zeros =
        "<w:document xmlns:w=\"" + std::string(kWordNs) + "\"><w:body/></w:document>" + std::string(8u << 20, ' ');
    const std::string bomb = MakeZip({{"word/document.xml", zeros}});
    ASSERT_LT(bomb.size(), 100u << 10);
    ReaderLimits limits;
    limits.max_uncompressed_bytes = 1u << 20;
    const auto grid = ReadDocx(bomb, limits);
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(grid.error().message.find("zip bomb"), std::string::npos) << grid.error().message;

    // The same bomb claiming to hold 100 bytes: stopped by the bytes actually read.
    const auto lying = ReadDocx(ClaimUncompressedSize(bomb, 100), limits);
    ASSERT_FALSE(lying.ok());
    EXPECT_EQ(lying.error().code, ErrorCode::kTooLarge) << lying.error().message;
}

TEST(DocxReader, CentralDirectoryClaimingHugeSizesIsRefused) {
    const std::string docx = Docx("<w:p><w:r><w:t>Hi</w:t></w:r></w:p>");
    const auto grid = ReadDocx(ClaimUncompressedSize(docx, 0xF0000000u));  // 3.75 GB each, default limits
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kTooLarge);
}

TEST(DocxReader, TooManyEntriesIsRefused) {
    std::vector<Entry> entries{{"word/document.xml", DocumentXml("")}};
    for (int i = 0; i < 20; ++i) entries.push_back({"word/media/image" + std::to_string(i) + ".txt", "x"});
    ReaderLimits limits;
    limits.max_zip_entries = 10;
    const auto grid = ReadDocx(MakeZip(entries), limits);
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(grid.error().message.find("21 files"), std::string::npos) << grid.error().message;
}

TEST(DocxReader, ZipLevelEncryptionIsReported) {
    if (zip_encryption_method_supported(ZIP_EM_AES_256, 1) == 0) GTEST_SKIP() << "libzip built without AES";
    const std::string bytes = MakeZip({{"word/document.xml", DocumentXml("")}}, /*encrypt=*/true);
    const auto grid = ReadDocx(bytes);
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kEncrypted);
}

TEST(DocxReader, DamagedBytesNeverCrash) {
    const std::string original = ReadFixture("days_columns.docx");
    ASSERT_FALSE(original.empty());
    // Cuts at many lengths, and single-byte flips across the file.
    for (std::size_t cut = 0; cut < original.size(); cut += original.size() / 61 + 1) {
        const auto grid = ReadDocx(std::string_view(original).substr(0, cut));
        EXPECT_FALSE(grid.ok()) << "cut at " << cut;
    }
    std::size_t read_anyway = 0;
    for (std::size_t at = 0; at < original.size(); at += original.size() / 97 + 1) {
        std::string damaged = original;
        damaged[at] = static_cast<char>(damaged[at] ^ 0x5A);
        const auto grid = ReadDocx(damaged);
        if (grid.ok()) {
            ++read_anyway;
        } else {
            EXPECT_TRUE(grid.error().code == ErrorCode::kCorruptDocument || grid.error().code == ErrorCode::kTooLarge)
                << at << ": " << grid.error().message;
        }
    }
    EXPECT_GT(read_anyway, 0u);  // most flips land in parts the reader does not need
}

}  // namespace
}  // namespace ly::extract
