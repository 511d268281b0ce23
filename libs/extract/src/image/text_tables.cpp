#include "image/text_tables.hpp"

#include <algorithm>
#include <cctype>

#include "pdf/grid_from_text.hpp"
#include "pdf/pdf_words.hpp"

namespace ly::extract::image {

namespace {

int CodePoints(const std::string& text) {
    return static_cast<int>(std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

int Letters(const std::string& text) {
    return static_cast<int>(
        std::count_if(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) || c >= 0x80; }));
}

}  // namespace

std::vector<Table> TablesFromWords(const std::vector<std::vector<Word>>& word_lines, int page,
                                   std::vector<std::vector<bool>>& used, const pdf::RowRuledTable* within) {
    // The words as a text layer's, with where each came from.
    std::vector<pdf::PdfWord> words;
    std::vector<std::pair<std::size_t, std::size_t>> origin;  // (line, word) of each
    std::vector<double> confidence;
    if (used.size() != word_lines.size()) {
        used.assign(word_lines.size(), {});
        for (std::size_t l = 0; l < word_lines.size(); ++l) used[l].assign(word_lines[l].size(), false);
    }
    for (std::size_t l = 0; l < word_lines.size(); ++l) {
        for (std::size_t w = 0; w < word_lines[l].size(); ++w) {
            const Word& word = word_lines[l][w];
            if (word.text.empty() || used[l][w]) continue;
            pdf::PdfWord pdf_word;
            pdf_word.text = word.text;
            pdf_word.box = word.box;
            pdf_word.chars = CodePoints(word.text);
            pdf_word.font_size = word.box.height();
            words.push_back(std::move(pdf_word));
            origin.emplace_back(l, w);
            confidence.push_back(word.confidence);
        }
    }
    std::vector<const pdf::PdfWord*> all;
    all.reserve(words.size());
    for (const pdf::PdfWord& word : words) all.push_back(&word);
    if (within != nullptr) {
        const Box box = pdf::WithRowsBeyondRules(*within, all);
        std::erase_if(all, [&](const pdf::PdfWord* word) {
            const double x = word->box.cx(), y = word->box.cy();
            return x < box.x0 || x > box.x1 || y < box.y0 || y > box.y1;
        });
    }
    std::vector<const pdf::PdfWord*> loose;
    std::vector<pdf::DraftTable> drafts = pdf::BuildTextTables(all, page, loose, /*one_table=*/within != nullptr);

    std::vector<Table> tables;
    for (pdf::DraftTable& draft : drafts) {
        for (std::size_t c = 0; c < draft.table.cells.size(); ++c) {
            Cell& cell = draft.table.cells[c];
            for (const pdf::WordLine& line : pdf::GroupIntoLines(draft.cell_words[c])) {
                TextLine text_line;
                text_line.text = pdf::JoinWords(line, 0);
                text_line.box = line.box;
                // OCR's confidence of the line: its words', weighted by their
                // letters (a line of digits by its characters), as the cell reader does.
                double sum = 0, weight = 0;
                for (const pdf::PdfWord* word : line.words) {
                    const auto index = static_cast<std::size_t>(word - words.data());
                    const double w = std::max(1, Letters(word->text));
                    sum += confidence[index] * w;
                    weight += w;
                    used[origin[index].first][origin[index].second] = true;
                }
                text_line.confidence = weight > 0 ? sum / weight : 0.0;
                cell.lines.push_back(std::move(text_line));
            }
        }
        tables.push_back(std::move(draft.table));
    }
    return tables;
}

}  // namespace ly::extract::image
