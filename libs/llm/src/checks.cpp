#include "ly/llm/checks.hpp"

#include <algorithm>
#include <cctype>

#include "ly/timetable/time_parse.hpp"

namespace ly::llm {
namespace {

std::vector<std::string> Words(std::string_view folded) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < folded.size()) {
        std::size_t end = folded.find(' ', start);
        if (end == std::string_view::npos) end = folded.size();
        if (end > start) words.emplace_back(folded.substr(start, end - start));
        start = end + 1;
    }
    return words;
}

std::string Join(const std::vector<std::string>& words, std::size_t from, std::size_t count) {
    std::string text;
    for (std::size_t i = from; i < from + count; ++i) {
        if (!text.empty()) text += ' ';
        text += words[i];
    }
    return text;
}

std::string Block(const timetable::Timeblock& block) {
    std::string text = std::string(timetable::DayName(block.day)) + " " + timetable::FormatTime(block.start);
    if (block.end) text += "–" + timetable::FormatTime(*block.end);
    return text + " \"" + block.name + "\"";
}

}  // namespace

std::string Fold(std::string_view text) {
    std::string folded;
    bool space = false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // Letters, digits, '_' and every non-ASCII byte (letters of other scripts) are word characters, as \w.
        if (std::isalnum(u) || c == '_' || u >= 0x80) {
            if (space && !folded.empty()) folded += ' ';
            space = false;
            folded += static_cast<char>(std::tolower(u));
        } else {
            space = true;
        }
    }
    return folded;
}

double Similarity(std::string_view a_text, std::string_view b_text) {
    const std::string a = Fold(a_text), b = Fold(b_text);
    if (a.empty() && b.empty()) return 1.0;
    if (a.empty() || b.empty()) return 0.0;
    std::vector<int> previous(b.size() + 1, 0), current(b.size() + 1, 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
        }
        std::swap(previous, current);
    }
    return 2.0 * previous[b.size()] / static_cast<double>(a.size() + b.size());
}

PageText::PageText(const std::vector<std::string>& lines) {
    for (const std::string& line : lines) {
        const std::string folded = Fold(line);
        if (!folded.empty()) {
            lines_.push_back(Words(folded));
            joined_ += ' ' + folded;
        }
        // Every time written in the line: a header ("8:35 – 8:50 am"), an in-cell time ("Swimming 1.15-3PM").
        std::string_view rest = line;
        while (auto found = timetable::FindTimeRange(rest)) {
            AddTime(found->range.start.minutes);
            if (found->range.end) AddTime(found->range.end->minutes);
            rest = rest.substr(found->end);
        }
        if (auto whole = timetable::ParseTimeRange(line)) {
            AddTime(whole->start.minutes);
            if (whole->end) AddTime(whole->end->minutes);
        }
    }
    joined_ += ' ';
    for (const char c : joined_) {
        if (c != ' ') joined_tight_ += c;
    }
}

void PageText::AddTime(int minutes) {
    const auto at = std::lower_bound(times_.begin(), times_.end(), minutes);
    if (at == times_.end() || *at != minutes) times_.insert(at, minutes);
}

bool PageText::HasTime(int minutes) const { return std::binary_search(times_.begin(), times_.end(), minutes); }

bool PageText::Contains(std::string_view name) const {
    const std::string folded = Fold(name);
    if (folded.empty()) return false;
    if (joined_.find(' ' + folded + ' ') != std::string::npos) return true;
    // Spelled down a column one letter a row (B R E A K), or split oddly by OCR: compared without spaces, for
    // names long enough not to hide inside any word.
    std::string tight;
    for (const char c : folded) {
        if (c != ' ') tight += c;
    }
    if (tight.size() >= 5 && joined_tight_.find(tight) != std::string::npos) return true;
    const std::size_t count = Words(folded).size();
    for (const std::vector<std::string>& words : lines_) {
        for (std::size_t n = count > 1 ? count - 1 : 1; n <= count + 1; ++n) {
            for (std::size_t from = 0; from + n <= words.size(); ++from) {
                if (Similarity(Join(words, from, n), folded) >= 0.8) return true;
            }
        }
    }
    return false;
}

CheckResult CheckAnswer(const std::vector<timetable::Timeblock>& answer, const timetable::Timetable& engine_draft,
                        const PageText& page) {
    CheckResult result;
    for (const timetable::Timeblock& block : answer) {
        if (!page.Contains(block.name)) {
            result.problems.push_back(Block(block) + ": the name is not written on the page");
        }
        if (!page.has_times()) continue;  // nothing to compare with: the check would only refuse
        if (!page.HasTime(block.start.minutes)) {
            result.problems.push_back(Block(block) + ": " + timetable::FormatTime(block.start) +
                                      " is not a time the page shows");
        }
        if (block.end && !page.HasTime(block.end->minutes)) {
            result.problems.push_back(Block(block) + ": " + timetable::FormatTime(*block.end) +
                                      " is not a time the page shows");
        }
    }
    for (const timetable::Timeblock& sure : engine_draft.blocks) {
        if (sure.confidence < kSureBlock) continue;
        // The answer's block of that day with the most similar name (≥ 0.8), the one at the same time first.
        const timetable::Timeblock* match = nullptr;
        double best = 0;
        for (const timetable::Timeblock& block : answer) {
            if (block.day != sure.day) continue;
            double score = Similarity(block.name, sure.name);
            if (score < 0.8) continue;
            if (block.start == sure.start) score += 1;
            if (score > best) {
                best = score;
                match = &block;
            }
        }
        if (match == nullptr) {
            result.disagreements.push_back("the engine's sure block " + Block(sure) + " is missing from the answer");
        } else if (match->start != sure.start || match->end != sure.end) {
            result.disagreements.push_back(Block(*match) + " differs from the engine's sure block " + Block(sure));
        }
    }
    const double share =
        static_cast<double>(result.disagreements.size()) / static_cast<double>(std::max<std::size_t>(1, answer.size()));
    result.confidence = result.problems.empty() ? std::clamp(1.0 - 0.5 * share, 0.0, 1.0) : 0.0;
    return result;
}

}  // namespace ly::llm
