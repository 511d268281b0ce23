// Trust but verify: an LLM's timetable checked against the document itself — every block name must be written
// on the page (fuzzy, as ../shared/eval/score.py matches), every time must be one the page shows (a header or
// in-cell time, or one the engine derived), and blocks that contradict the engine's sure blocks are reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ly/timetable/timetable.hpp"

namespace ly::llm {

// Lower case, accents and punctuation dropped, white space collapsed (score.py's fold).
std::string Fold(std::string_view text);
// difflib's ratio on folded text: 2·matches / (|a| + |b|), matches by longest common subsequence.
double Similarity(std::string_view a, std::string_view b);

// The document's own text (cells and loose lines as read by OCR or a text layer).
class PageText {
  public:
    explicit PageText(const std::vector<std::string>& lines);
    // The name (folded) is written on the page: inside a line, across lines, spelled out letter by letter, or
    // a run of words similar at ≥ 0.8.
    bool Contains(std::string_view name) const;
    // The times written on the page (minutes since midnight), header and in-cell alike.
    bool HasTime(int minutes) const;
    bool has_times() const { return !times_.empty(); }
    void AddTime(int minutes);

  private:
    std::vector<std::vector<std::string>> lines_;  // folded words per line
    std::string joined_;                           // every folded line, one space apart
    std::string joined_tight_;                     // the same without spaces (B R E A K → break)
    std::vector<int> times_;                       // sorted
};

struct CheckResult {
    std::vector<std::string> problems;       // the answer cannot be saved: names or times not on the page
    std::vector<std::string> disagreements;  // blocks that contradict the engine's sure blocks (reported)
    double confidence = 0;                   // the answer's own: 1 less half the share of blocks disagreeing
};

// Blocks of the engine at or above this confidence are "sure": an answer contradicting one is reported.
inline constexpr double kSureBlock = 0.95;

CheckResult CheckAnswer(const std::vector<timetable::Timeblock>& answer, const timetable::Timetable& engine_draft,
                        const PageText& page);

}  // namespace ly::llm
