#include "pdf/pdf_words.hpp"

#include <algorithm>
#include <cctype>
#include <array>

namespace ly::extract::pdf {

namespace {

// Two words overlapping across the reading direction by this share of the
// smaller one's height sit on one line (superscripts included, the next
// line of a paragraph not: its overlap is a line gap's worth at most).
constexpr double kSameLineOverlap = 0.5;
// A gap wider than this share of the line height reads as a space even when
// the text layer has none.
constexpr double kSpaceGap = 0.15;

// A box in the word's reading frame: u along the reading direction, v
// across it, growing in the order lines are read.
struct Frame {
    double u0, u1, v0, v1;
};

Frame FrameOf(const Box& box, int rotation) {
    switch (rotation) {
        case 1:
            return {box.y0, box.y1, -box.x1, -box.x0};  // reads down, lines right to left
        case 2:
            return {-box.x1, -box.x0, -box.y1, -box.y0};
        case 3:
            return {-box.y1, -box.y0, box.x0, box.x1};  // reads up, lines left to right
        default:
            return {box.x0, box.x1, box.y0, box.y1};
    }
}

Box Union(const Box& a, const Box& b) {
    return Box{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

double Median(std::vector<double> values) {
    if (values.empty()) return 0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

void Finish(WordLine& line) {
    std::sort(line.words.begin(), line.words.end(), [&](const PdfWord* a, const PdfWord* b) {
        return FrameOf(a->box, line.rotation).u0 < FrameOf(b->box, line.rotation).u0;
    });
    std::vector<double> heights;
    heights.reserve(line.words.size());
    line.box = line.words.front()->box;
    for (const PdfWord* word : line.words) {
        const Frame f = FrameOf(word->box, line.rotation);
        heights.push_back(f.v1 - f.v0);
        line.box = Union(line.box, word->box);
    }
    line.height = Median(std::move(heights));
}

}  // namespace

TextOrientation OrientationOf(int rotation) {
    switch (rotation) {
        case 1:
            return TextOrientation::kDown;
        case 3:
            return TextOrientation::kUp;
        default:
            return TextOrientation::kHorizontal;
    }
}

double ReadingGap(const PdfWord& before, const PdfWord& after, int rotation) {
    return FrameOf(after.box, rotation).u0 - FrameOf(before.box, rotation).u1;
}

std::vector<WordLine> GroupIntoLines(const std::vector<const PdfWord*>& words) {
    std::vector<WordLine> result;
    for (int rotation : std::array{0, 1, 3, 2}) {
        std::vector<const PdfWord*> mine;
        for (const PdfWord* word : words) {
            if ((word->rotation & 3) == rotation) mine.push_back(word);
        }
        if (mine.empty()) continue;
        std::sort(mine.begin(), mine.end(), [&](const PdfWord* a, const PdfWord* b) {
            const Frame fa = FrameOf(a->box, rotation);
            const Frame fb = FrameOf(b->box, rotation);
            return fa.v0 + fa.v1 < fb.v0 + fb.v1;
        });
        struct Open {
            WordLine line;
            double v0, v1;
        };
        std::vector<Open> open;
        for (const PdfWord* word : mine) {
            const Frame f = FrameOf(word->box, rotation);
            const double height = std::max(f.v1 - f.v0, 1e-6);
            Open* best = nullptr;
            double best_overlap = 0;
            // Words come sorted by centre, so lines far above cannot match.
            for (std::size_t k = open.size(); k-- > 0;) {
                Open& candidate = open[k];
                if (candidate.v0 + candidate.v1 < 2 * f.v0 - 4 * height) break;
                const double overlap = std::min(f.v1, candidate.v1) - std::max(f.v0, candidate.v0);
                const double needed = kSameLineOverlap * std::min(height, candidate.v1 - candidate.v0);
                if (overlap >= needed && overlap > best_overlap) {
                    best = &candidate;
                    best_overlap = overlap;
                }
            }
            if (best == nullptr) {
                open.push_back(Open{WordLine{{word}, word->box, rotation, height}, f.v0, f.v1});
            } else {
                best->line.words.push_back(word);
            }
        }
        std::sort(open.begin(), open.end(), [](const Open& a, const Open& b) { return a.v0 + a.v1 < b.v0 + b.v1; });
        for (Open& item : open) {
            Finish(item.line);
            result.push_back(std::move(item.line));
        }
    }
    return result;
}

bool DashInNumberRange(const std::vector<const PdfWord*>& words, std::size_t i) {
    if (i == 0 || i + 1 >= words.size()) return false;
    const std::string& text = words[i]->text;
    const bool dash = text == "-" || text == "\u2013" || text == "\u2014" || text == "\u2212";
    auto starts_with_digit = [](const std::string& t) {
        return !t.empty() && std::isdigit(static_cast<unsigned char>(t.front())) != 0;
    };
    return dash && starts_with_digit(words[i - 1]->text) && starts_with_digit(words[i + 1]->text);
}

std::vector<WordLine> SplitPhrases(const WordLine& line, double gap) {
    std::vector<WordLine> phrases;
    for (std::size_t i = 0; i < line.words.size(); ++i) {
        const bool in_range = i > 0 && (DashInNumberRange(line.words, i) || DashInNumberRange(line.words, i - 1));
        const bool split = i == 0 || (!in_range && ReadingGap(*line.words[i - 1], *line.words[i], line.rotation) >
                                                       gap * line.height);
        if (split) phrases.push_back(WordLine{{}, line.words[i]->box, line.rotation, 0});
        phrases.back().words.push_back(line.words[i]);
    }
    for (WordLine& phrase : phrases) Finish(phrase);
    return phrases;
}

std::string JoinWords(const WordLine& line, double tab_gap) {
    std::string text;
    for (std::size_t i = 0; i < line.words.size(); ++i) {
        if (i > 0) {
            const PdfWord& before = *line.words[i - 1];
            const double gap = ReadingGap(before, *line.words[i], line.rotation);
            if (tab_gap > 0 && gap > tab_gap * line.height) {
                text += '\t';
            } else if (before.space_after || gap > kSpaceGap * line.height) {
                text += ' ';
            }
        }
        text += line.words[i]->text;
    }
    return text;
}

double FontSize(const WordLine& line) {
    double sum = 0;
    double weight = 0;
    for (const PdfWord* word : line.words) {
        sum += word->font_size * word->chars;
        weight += word->chars;
    }
    return weight > 0 ? sum / weight : 0;
}

bool IsBold(const WordLine& line) {
    int bold = 0;
    int total = 0;
    for (const PdfWord* word : line.words) {
        total += word->chars;
        if (word->bold) bold += word->chars;
    }
    return total > 0 && 2 * bold > total;
}

}  // namespace ly::extract::pdf
