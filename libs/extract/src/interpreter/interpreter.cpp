// The interpreter's top level: every table read as a day × time grid, or
// failing that as a list; text outside tables read as a list and for
// metadata; draft blocks turned into time blocks with a confidence.
#include "ly/extract/interpreter.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include "interpreter/internal.hpp"

namespace ly::extract {

namespace {

using interpreter::DraftBlock;

// Confidence of one block: how sure the text is, times estimated from
// geometry cost 10% each.
// OCR's mean word confidence is not a probability: measured on the
// synthetic corpus (bench/calibrate.py), blocks read at 0.9 were right 97%
// of the time, at 0.7 about 90%, at 0.5 about 80%. This maps one to the other.
double CalibratedTextConfidence(double ocr) {
    struct Knot {
        double ocr, correct;
    };
    static constexpr Knot kKnots[] = {{0.0, 0.5}, {0.5, 0.8}, {0.7, 0.9}, {0.9, 0.97}, {0.95, 0.99}, {1.0, 1.0}};
    for (std::size_t i = 1; i < std::size(kKnots); ++i) {
        if (ocr <= kKnots[i].ocr) {
            const double t = (ocr - kKnots[i - 1].ocr) / (kKnots[i].ocr - kKnots[i - 1].ocr);
            return kKnots[i - 1].correct + t * (kKnots[i].correct - kKnots[i - 1].correct);
        }
    }
    return 1.0;
}

// A name of one letter (a tall merged "LUNCH" read as "L") or of no
// letters at all ("12:25 - 12:40": a time read as a name) is a fragment,
// however sure OCR was of it; two letters ("PE", "RE") are real subjects.
// A name that says itself twice ("Lunch Lunch", "Morning Recess Morning
// Recess") is two cells read as one: a line between them was not seen.
double NamePlausibility(std::string_view name) {
    const auto letters =
        std::count_if(name.begin(), name.end(), [](unsigned char c) { return std::isalpha(c) || c >= 0x80; });
    if (letters < 2) return 0.5;
    std::vector<std::string> words;
    std::istringstream in{std::string(name)};
    for (std::string word; in >> word;) {
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
        words.push_back(std::move(word));
    }
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (words[i].size() >= 3 && words[i] == words[i - 1]) return 0.5;
    }
    const std::size_t half = words.size() / 2;
    if (half > 0 && words.size() % 2 == 0 &&
        std::equal(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(half),
                   words.begin() + static_cast<std::ptrdiff_t>(half))) {
        return 0.5;
    }
    return 1.0;
}

double BlockConfidence(const DraftBlock& block) {
    double confidence = CalibratedTextConfidence(block.text_confidence) * NamePlausibility(block.name);
    if (!block.start_exact) confidence *= 0.9;
    if (block.end && !block.end_exact) confidence *= 0.9;
    return confidence;
}

bool LooksLikeSchool(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view word : {"school", "academy", "primary", "college", "infants", "juniors"}) {
        if (lower.find(word) != std::string::npos) return true;
    }
    return false;
}

// Unlabelled text that still says something: a class code, a school's name,
// or a title (the first such line).
void ReadUnlabelled(const std::string& text, timetable::Metadata& metadata) {
    if (text.empty() || text.size() > 80 || !interpreter::HasAlnum(text)) return;
    if (timetable::ParseTimeRange(text) || timetable::ParseDay(text)) return;
    if (interpreter::LooksLikeClassName(text)) {
        if (metadata.class_name.empty()) metadata.class_name = text;
    } else if (LooksLikeSchool(text)) {
        if (metadata.school.empty()) metadata.school = text;
    } else if (metadata.title.empty()) {
        metadata.title = text;
        interpreter::ReadEmbeddedMetadata(text, metadata);
    }
}

}  // namespace

Interpretation Interpret(const CellGrid& grid) {
    Interpretation out;
    std::vector<DraftBlock> drafts;
    std::vector<std::string> metadata_candidates;
    double structure_sum = 0;
    int structure_count = 0;

    // Grids numbered by period take their times from a key on the page; a
    // key that served gives no blocks of its own.
    const interpreter::PeriodKey period_key = interpreter::FindPeriodKey(grid);
    std::vector<std::optional<Table>> resolved;
    for (const Table& table : grid.tables) resolved.push_back(interpreter::ResolvePeriodLabels(table, period_key));
    const bool key_used = std::any_of(resolved.begin(), resolved.end(), [](const auto& t) { return t.has_value(); });
    auto in_key = [key_used](const std::vector<std::size_t>& indices, std::size_t i) {
        return key_used && std::find(indices.begin(), indices.end(), i) != indices.end();
    };

    std::set<std::size_t> header_lines;  // loose lines that joined a table as its headers
    int unplaced_cells = 0;              // named grid cells without a time, over all grids
    for (std::size_t t = 0; t < grid.tables.size(); ++t) {
        if (in_key(period_key.tables, t)) continue;
        const Table& table = resolved[t] ? *resolved[t] : grid.tables[t];
        interpreter::TableResult result = interpreter::ReadGridTable(table);
        if (!result.is_timetable) {
            // Its headers may stand outside its lines, among the loose text.
            std::vector<std::size_t> used;
            if (auto headed = interpreter::WithFloatingHeaders(table, grid.loose_lines, used)) {
                interpreter::TableResult with_headers = interpreter::ReadGridTable(*headed);
                if (with_headers.is_timetable) {
                    result = std::move(with_headers);
                    header_lines.insert(used.begin(), used.end());
                }
            }
        }
        if (result.is_timetable) {
            unplaced_cells += result.unplaced_cells;
            drafts.insert(drafts.end(), result.blocks.begin(), result.blocks.end());
            out.warnings.insert(out.warnings.end(), result.warnings.begin(), result.warnings.end());
            metadata_candidates.insert(metadata_candidates.end(), result.other_text.begin(), result.other_text.end());
            structure_sum += result.structure_score;
            ++structure_count;
            continue;
        }
        const std::vector<interpreter::ListLine> rows = interpreter::TableRowsAsLines(table);
        interpreter::ListResult list = interpreter::ReadList(rows);
        if (list.blocks.empty() && grid.pages == 1) {  // page coordinates compare on one page only
            // Rows without days may be the list of the day heading above them.
            std::vector<std::size_t> used;
            std::optional<double> above;
            for (const Table& other : grid.tables) {
                if (other.box.y1 <= table.box.y0 && (!above || other.box.y1 > *above)) above = other.box.y1;
            }
            list = interpreter::ReadListUnderHeading(rows, table, grid.loose_lines, above, used);
            if (list.blocks.empty()) list = interpreter::ReadList(rows);
            header_lines.insert(used.begin(), used.end());
        }
        if (!list.blocks.empty()) {
            structure_sum += 1.0;
            ++structure_count;
        }
        drafts.insert(drafts.end(), list.blocks.begin(), list.blocks.end());
        metadata_candidates.insert(metadata_candidates.end(), list.unused_lines.begin(), list.unused_lines.end());
    }

    std::vector<interpreter::ListLine> loose;
    for (std::size_t i = 0; i < grid.loose_lines.size(); ++i) {
        const TextLine& line = grid.loose_lines[i];
        if (header_lines.contains(i)) continue;
        if (!in_key(period_key.loose_lines, i)) loose.push_back({line.text, line.confidence, line.box});
    }
    interpreter::ListResult list = interpreter::ReadList(loose);
    if (!list.blocks.empty()) {
        structure_sum += 1.0;
        ++structure_count;
    }
    drafts.insert(drafts.end(), list.blocks.begin(), list.blocks.end());

    // Metadata: labelled lines first, then what unlabelled text suggests.
    std::vector<std::string> unlabelled;
    for (const std::string& text : list.unused_lines) {
        if (!interpreter::ReadMetadataLine(text, out.metadata)) unlabelled.push_back(text);
    }
    for (const std::string& text : metadata_candidates) {
        if (!interpreter::ReadMetadataLine(text, out.metadata)) unlabelled.push_back(text);
    }
    for (const std::string& text : unlabelled) ReadUnlabelled(text, out.metadata);

    // The same block read twice (a table and its list copy) is kept once.
    std::set<std::tuple<int, int, int, std::string>> seen;
    for (const DraftBlock& draft : drafts) {
        const auto key = std::tuple{static_cast<int>(draft.day), draft.start, draft.end.value_or(-1), draft.name};
        if (!seen.insert(key).second) continue;
        timetable::Timeblock block;
        block.day = draft.day;
        block.start = timetable::TimeOfDay{draft.start};
        if (draft.end) block.end = timetable::TimeOfDay{*draft.end};
        block.name = draft.name;
        block.notes = draft.notes;
        block.confidence = BlockConfidence(draft);
        out.blocks.push_back(std::move(block));
    }
    out.structure_score = structure_count ? structure_sum / structure_count : 0.0;
    interpreter::ReadingCheck check = interpreter::CheckReading(grid, out.blocks, out.metadata, unplaced_cells);
    out.reading_score = check.score;
    out.confidence_cap = check.cap;
    out.warnings.insert(out.warnings.end(), check.findings.begin(), check.findings.end());
    return out;
}

}  // namespace ly::extract
