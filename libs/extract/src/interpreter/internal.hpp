// Pieces of the interpreter, shared by its source files only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ly/extract/cell_grid.hpp"
#include "ly/extract/interpreter.hpp"
#include "ly/timetable/time_parse.hpp"

namespace ly::extract::interpreter {

// --- text helpers (cell_text.cpp) ---

// Collapses runs of white space to one space and trims.
std::string CollapseSpaces(std::string_view text);

// True when the text holds at least one letter or digit (a smiley does not).
bool HasAlnum(std::string_view text);
// True when the text holds a letter (times and numbers alone do not).
bool HasLetter(std::string_view text);

// How sure OCR was of a cell's words: its lowest line with a letter. Lines
// of only times and numbers do not count: they are checked by parsing and
// by the week's shape, and OCR is habitually unsure of digits it reads right.
double NameConfidence(const Cell& cell);

// A line wholly in parentheses: "(Cafeteria)".
bool IsParenthesised(std::string_view line);

// The text's letters and digits only, e.g. "B." → "B".
std::string AlnumOnly(std::string_view text);

// A cell's text split into the event's name and its notes. Lines are joined
// into the name unless something marks the next line as secondary: a
// different colour or emphasis, a name line ending in ':', a line that is
// all parentheses, or a break the author made: a DOCX paragraph, or a visual
// line whose first word would have fitted on the line before (so it is not
// a wrap). `line_room` is the cell's width along the text (0: unknown).
struct NameAndNotes {
    std::string name;
    std::string notes;
};
NameAndNotes SplitNameAndNotes(const std::vector<TextLine>& lines, double line_room = 0);

// A cell whose lines are single letters ("B\nR\nE\nA\nK") read as one word.
std::optional<std::string> LettersAsWord(const std::vector<TextLine>& lines);

// Metadata written as "Class: 4M  Teacher: Mrs Patel". Returns true when the
// line held at least one labelled value.
bool ReadMetadataLine(std::string_view line, timetable::Metadata& metadata);

// Class and term written inside a title: "Class 2K Timetable – Summer 2025"
// gives class "2K" and term "Summer 2025". Fills only empty fields.
void ReadEmbeddedMetadata(std::string_view text, timetable::Metadata& metadata);

// A short class code standing alone ("4M", "2EJ", "Year 3", "Class 5B").
bool LooksLikeClassName(std::string_view text);

// --- readers of structure ---

// A block before its times are final. Times are minutes; exact is false when
// a time was estimated from geometry.
struct DraftBlock {
    timetable::DayOfWeek day = timetable::DayOfWeek::kMonday;
    int start = 0;
    std::optional<int> end;
    bool start_exact = true;
    bool end_exact = true;
    std::string name;
    std::string notes;
    double text_confidence = 1.0;
    // Where the block came from in a grid: the slot range along the time
    // axis, used to snap neighbours together. -1 for list lines.
    int time_lo = -1, time_hi = -1;
};

struct TableResult {
    bool is_timetable = false;  // a day axis and a time axis were found
    std::vector<DraftBlock> blocks;
    double structure_score = 0.0;
    std::vector<std::string> warnings;
    std::vector<std::string> other_text;  // titles and remarks, for metadata
    int unplaced_cells = 0;                // named body cells no time could be found for
};

// A table with days along one axis and times along the other.
TableResult ReadGridTable(const Table& table);

// Lines of a list timetable ("Monday" then "09:00 - 09:15  Registration").
struct ListResult {
    std::vector<DraftBlock> blocks;
    std::vector<std::string> unused_lines;  // candidates for metadata
};
// One line of a list, with how sure the reader was of its text.
struct ListLine {
    ListLine(std::string line_text, double line_confidence = 1.0, Box line_box = {})
        : text(std::move(line_text)), confidence(line_confidence), box(line_box) {}
    std::string text;
    double confidence = 1.0;
    Box box;  // where the reader saw it; zero height when unknown
};
ListResult ReadList(const std::vector<ListLine>& lines);
// A table of list rows without days of its own ("7.50 | Students Arrive"),
// read under the loose line just above it when that line is a day heading
// (a document of one such table per day, each under its heading). The
// heading must stand between `above` (the previous table's bottom, or
// none) and the table's top; its index goes to `used`. Nothing when no
// such heading gives the rows days.
ListResult ReadListUnderHeading(const std::vector<ListLine>& rows, const Table& table,
                                const std::vector<TextLine>& loose, std::optional<double> above,
                                std::vector<std::size_t>& used);

// --- period numbers resolved through a key (period_key.cpp) ---

// "1", "P1", "Period 3", "Lesson 4", "2nd": the period's number.
std::optional<int> ParsePeriodLabel(std::string_view text);

// The times of numbered periods written somewhere on the page ("Period 1
// 8:45–9:30" lines, or a small table of label and time), with where they
// were found. Empty unless at least two periods have times.
struct PeriodKey {
    std::vector<std::pair<int, timetable::TimeRange>> times;
    std::vector<std::size_t> loose_lines;  // indices into CellGrid::loose_lines
    std::vector<std::size_t> tables;       // indices into CellGrid::tables
};
PeriodKey FindPeriodKey(const CellGrid& grid);

// The table with its row or column of period labels replaced by the key's
// times, when it has such a line (two labels or more the key knows) and no
// time axis of its own; nothing otherwise.
std::optional<Table> ResolvePeriodLabels(const Table& table, const PeriodKey& key);

// A table that is not a grid, read row by row as list lines.
std::vector<ListLine> TableRowsAsLines(const Table& table);

// The table with the loose lines that stand over its columns (or beside its
// rows) added as its first row (or column): headers drawn outside its lines.
// Needs such lines over two columns (or rows) at least; nothing otherwise.
// `used` receives the indices of the lines taken (floating_headers.cpp).
std::optional<Table> WithFloatingHeaders(const Table& table, const std::vector<TextLine>& loose,
                                         std::vector<std::size_t>& used);

// --- checks of a finished reading against its page (read_checks.cpp) ---

// What the reading leaves unexplained on the page: a day named without
// blocks, notes holding other blocks' names, times no block uses, days that
// overlap or leave school hours, much text no block accounts for. `score`
// (1 when clean) multiplies the document's confidence; each finding is a
// warning for the teacher or reviewer.
struct ReadingCheck {
    double score = 1.0;  // multiplies the confidence: something looks lost
    double cap = 1.0;    // the confidence is at most this: something is in doubt
    std::vector<std::string> findings;
};
// `unplaced_cells`: grid cells with words that no time could be found for
// (TableResult), each a block lost.
ReadingCheck CheckReading(const CellGrid& grid, const std::vector<timetable::Timeblock>& blocks,
                          const timetable::Metadata& metadata, int unplaced_cells);

}  // namespace ly::extract::interpreter
