// Data-driven tests of the interpreter: each file in testdata/interpreter/
// holds a grid drawn as text and the blocks it must give.
//
//   grid:                       one table; '|' separates cells; every row has
//   |        | 9:00-10:00 | …   the same number of slots. '<' merges a slot
//   | Monday | Maths      | …   into the cell on its left, '^' into the cell
//   | Tuesday| Art        | ^   above. "\n" inside a cell breaks the line.
//   text:                       loose lines (outside tables), one per line
//   expect:                     one block per line, in sorted order:
//   monday 09:00-10:00 Maths [notes]      end "-" for none
//   metadata: class=4M                     optional checks of metadata
//   widths: 1 1 2 …                        optional slot widths (default 1)
//   finding: text                          a reading check must say this
//   finding: none                          (read_checks.cpp); "none": none may
#include "ly/extract/interpreter.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ly/timetable/timetable.hpp"

namespace ly::extract {
namespace {

namespace fs = std::filesystem;

std::string Trim(const std::string& text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos) return "";
    const auto end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

std::vector<std::string> SplitRow(const std::string& line) {
    std::vector<std::string> slots;
    std::string body = Trim(line);
    if (!body.empty() && body.front() == '|') body.erase(0, 1);
    if (!body.empty() && body.back() == '|') body.pop_back();
    std::stringstream in(body);
    std::string slot;
    while (std::getline(in, slot, '|')) slots.push_back(Trim(slot));
    return slots;
}

std::vector<TextLine> Lines(const std::string& text) {
    std::vector<TextLine> lines;
    std::size_t pos = 0;
    while (true) {
        const auto next = text.find("\\n", pos);
        TextLine line;
        line.text = text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
        lines.push_back(line);
        if (next == std::string::npos) break;
        pos = next + 2;
    }
    return lines;
}

Table BuildTable(const std::vector<std::vector<std::string>>& rows, const std::vector<double>& widths) {
    Table table;
    table.rows = static_cast<int>(rows.size());
    table.cols = static_cast<int>(rows.at(0).size());
    table.col_edges.push_back(0);
    for (int c = 0; c < table.cols; ++c) {
        table.col_edges.push_back(table.col_edges.back() + (c < static_cast<int>(widths.size()) ? widths[c] : 1.0));
    }
    for (int r = 0; r <= table.rows; ++r) table.row_edges.push_back(r);
    std::vector<std::vector<int>> owner(rows.size(), std::vector<int>(table.cols, -1));
    for (int r = 0; r < table.rows; ++r) {
        for (int c = 0; c < table.cols; ++c) {
            const std::string& slot = rows[r].at(c);
            if (slot == "<" && c > 0) {
                owner[r][c] = owner[r][c - 1];
                Cell& cell = table.cells[owner[r][c]];
                cell.col_span = std::max(cell.col_span, c - cell.col + 1);
            } else if (slot == "^" && r > 0) {
                owner[r][c] = owner[r - 1][c];
                Cell& cell = table.cells[owner[r][c]];
                cell.row_span = std::max(cell.row_span, r - cell.row + 1);
            } else {
                Cell cell;
                cell.row = r;
                cell.col = c;
                if (!slot.empty()) cell.lines = Lines(slot);
                owner[r][c] = static_cast<int>(table.cells.size());
                table.cells.push_back(cell);
            }
        }
    }
    for (Cell& cell : table.cells) {
        cell.box = Box{table.col_edges[cell.col], table.row_edges[cell.row], table.col_edges[cell.col + cell.col_span],
                       table.row_edges[cell.row + cell.row_span]};
    }
    return table;
}

struct Case {
    CellGrid grid;
    std::vector<std::string> expected;
    std::vector<std::pair<std::string, std::string>> metadata;
    std::vector<std::string> findings;  // expected reading-check findings; "none" for a clean reading
};

Case Load(const fs::path& path) {
    std::ifstream in(path);
    Case result;
    std::string section, line;
    std::vector<std::vector<std::string>> rows;
    std::vector<double> widths;
    auto flush_table = [&] {
        if (rows.empty()) return;
        result.grid.tables.push_back(BuildTable(rows, widths));
        rows.clear();
        widths.clear();
    };
    while (std::getline(in, line)) {
        if (line.starts_with("#")) continue;
        if (line == "grid:" || line == "text:" || line == "expect:") {
            flush_table();
            section = line;
            continue;
        }
        if (line.starts_with("metadata:")) {
            std::stringstream fields(line.substr(9));
            std::string field;
            while (fields >> field) {
                const auto eq = field.find('=');
                result.metadata.emplace_back(field.substr(0, eq), field.substr(eq + 1));
            }
            continue;
        }
        if (line.starts_with("finding:")) {
            result.findings.push_back(Trim(line.substr(8)));
            continue;
        }
        if (line.starts_with("widths:")) {
            std::stringstream numbers(line.substr(7));
            double w;
            while (numbers >> w) widths.push_back(w);
            continue;
        }
        if (Trim(line).empty()) continue;
        if (section == "grid:") rows.push_back(SplitRow(line));
        if (section == "text:") result.grid.loose_lines.push_back(TextLine{Trim(line), {}, 1.0, false, {}, -1});
        if (section == "expect:") result.expected.push_back(Trim(line));
    }
    flush_table();
    return result;
}

std::string Describe(const timetable::Timeblock& b) {
    std::string text = std::string(timetable::DayName(b.day)) + " " + timetable::FormatTime(b.start) + "-" +
                       (b.end ? timetable::FormatTime(*b.end) : "-") + " " + b.name;
    if (!b.notes.empty()) text += " [" + b.notes + "]";
    return text;
}

std::string MetadataValue(const timetable::Metadata& m, const std::string& key) {
    if (key == "title") return m.title;
    if (key == "school") return m.school;
    if (key == "class") return m.class_name;
    if (key == "teacher") return m.teacher;
    if (key == "term") return m.term;
    if (key == "week") return m.week;
    return "?";
}

TEST(Interpreter, DataDrivenCases) {
    const fs::path dir = fs::path(LY_SOURCE_DIR) / "libs/extract/testdata/interpreter";
    int cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".txt") continue;
        SCOPED_TRACE(entry.path().filename().string());
        ++cases;
        const Case c = Load(entry.path());
        Interpretation result = Interpret(c.grid);
        timetable::SortBlocks(result.blocks);
        std::vector<std::string> got;
        for (const auto& block : result.blocks) got.push_back(Describe(block));
        std::vector<std::string> want = c.expected;
        EXPECT_EQ(got, want);
        for (const auto& [key, value] : c.metadata) {
            std::string expected_value = value;
            std::replace(expected_value.begin(), expected_value.end(), '_', ' ');
            EXPECT_EQ(MetadataValue(result.metadata, key), expected_value) << key;
        }
        for (const std::string& finding : c.findings) {
            if (finding == "none") {
                EXPECT_EQ(result.reading_score, 1.0) << ::testing::PrintToString(result.warnings);
                EXPECT_EQ(result.confidence_cap, 1.0) << ::testing::PrintToString(result.warnings);
                continue;
            }
            EXPECT_TRUE(std::any_of(result.warnings.begin(), result.warnings.end(),
                                    [&](const std::string& w) { return w.find(finding) != std::string::npos; }))
                << "no finding '" << finding << "' in " << ::testing::PrintToString(result.warnings);
            EXPECT_LT(std::min(result.reading_score, result.confidence_cap), 0.98);
        }
    }
    EXPECT_GE(cases, 8);
}

// A header time with digits left over ("$:35-" beside "8:45": OCR misread
// the 8) is taken, but the table fits less well and its blocks are estimates.
TEST(Interpreter, AHeaderTimeWithDigitsLeftOverIsDoubtful) {
    auto read = [](const std::string& first_header) {
        CellGrid grid;
        grid.tables.push_back(BuildTable({{"", first_header, "9:00-10:00", "10:00-11:00"},
                                          {"Monday", "Register", "Maths", "Art"},
                                          {"Tuesday", "Register", "English", "PE"}},
                                         {}));
        Interpretation result = Interpret(grid);
        timetable::SortBlocks(result.blocks);
        return result;
    };
    const Interpretation clean = read("8:35-8:45"), doubtful = read("$:35-\\n8:45");
    ASSERT_EQ(clean.blocks.size(), 6u);
    ASSERT_EQ(doubtful.blocks.size(), 6u);
    EXPECT_DOUBLE_EQ(clean.structure_score, 1.0);
    EXPECT_LT(doubtful.structure_score, 0.8);                                     // one of three header times
    EXPECT_LT(doubtful.blocks[0].confidence, clean.blocks[0].confidence);         // Monday's Register
    EXPECT_DOUBLE_EQ(doubtful.blocks[1].confidence, clean.blocks[1].confidence);  // Maths: its own header is clean
}

// A named cell under a header OCR could not read gives no block: the table
// fits less well, so the document is not taken as read in full.
TEST(Interpreter, ANamedCellWithoutATimeLowersTheFit) {
    CellGrid grid;
    grid.tables.push_back(BuildTable({{"", "Ln\\nSto", "9:00-10:00", "10:00-11:00"},
                                      {"Monday", "Register", "Maths", "Art"},
                                      {"Tuesday", "Register", "English", "PE"}},
                                     {}));
    const Interpretation result = Interpret(grid);
    EXPECT_EQ(result.blocks.size(), 4u);
    EXPECT_LT(result.structure_score, 0.8);
}

TEST(Interpreter, ANameThatSaysItselfTwiceIsTwoCellsReadAsOne) {
    CellGrid grid;
    for (const char* text :
         {"Monday", "9:00-10:00 Lunch Lunch Recess Recess", "10:00-11:00 Morning Recess Morning Recess",
          "11:00-12:00 Maths", "12:00-13:00 Art Art Club"}) {
        TextLine line;
        line.text = text;
        line.confidence = 0.95;
        grid.loose_lines.push_back(line);
    }
    Interpretation result = Interpret(grid);
    timetable::SortBlocks(result.blocks);
    ASSERT_EQ(result.blocks.size(), 4u);
    EXPECT_LT(result.blocks[0].confidence, 0.6);
    EXPECT_LT(result.blocks[1].confidence, 0.6);
    EXPECT_GT(result.blocks[2].confidence, 0.9);  // "Maths"
    EXPECT_LT(result.blocks[3].confidence, 0.6);  // "Art Art Club": a word said twice
}

TEST(Interpreter, AOneLetterNameIsLessSureThanAWord) {
    CellGrid grid;
    for (const char* text : {"Monday", "9:00-10:00 L", "10:00-11:00 PE", "11:00-12:00 Maths", "12:00-13:00 (1)"}) {
        TextLine line;
        line.text = text;
        line.confidence = 0.95;
        grid.loose_lines.push_back(line);
    }
    Interpretation result = Interpret(grid);
    timetable::SortBlocks(result.blocks);
    ASSERT_EQ(result.blocks.size(), 4u);
    EXPECT_LT(result.blocks[0].confidence, 0.6);                                 // "L"
    EXPECT_LT(result.blocks[3].confidence, 0.6);                                 // "(1)": no letters
    EXPECT_DOUBLE_EQ(result.blocks[1].confidence, result.blocks[2].confidence);  // "PE" as sure as "Maths"
}

}  // namespace
}  // namespace ly::extract
