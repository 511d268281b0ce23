// Text of cells and lines: names, notes, letter columns and metadata labels.
#include <algorithm>
#include <array>
#include <cctype>

#include "interpreter/internal.hpp"

namespace ly::extract::interpreter {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool IsAsciiAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string ToLower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), Lower);
    return out;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
    return text;
}

bool EndsWithAny(std::string_view text, std::initializer_list<std::string_view> endings) {
    return std::any_of(endings.begin(), endings.end(), [&](std::string_view e) { return text.ends_with(e); });
}

// A line that ends mid-phrase: the next line carries on the same name.
bool EndsInContinuation(std::string_view line) {
    line = Trim(line);
    return EndsWithAny(line, {"/", "&", "-", "\xE2\x80\x93", "\xE2\x80\x94", ",", "+", " and", " of", " the"});
}

bool StartsAsContinuation(std::string_view line) {
    line = Trim(line);
    if (line.empty()) return false;
    const char c = line.front();
    return c == '/' || c == '&' || c == '+' || c == ',' || std::islower(static_cast<unsigned char>(c)) != 0;
}

std::string StripTrailing(std::string text, std::string_view chars) {
    while (!text.empty() && (chars.find(text.back()) != std::string_view::npos || IsSpace(text.back()))) {
        text.pop_back();
    }
    return text;
}

}  // namespace

bool IsParenthesised(std::string_view line) {
    line = Trim(line);
    return line.size() >= 2 && line.front() == '(' && line.back() == ')';
}

std::string CollapseSpaces(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (IsSpace(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

bool HasAlnum(std::string_view text) { return std::any_of(text.begin(), text.end(), IsAsciiAlnum); }

bool HasLetter(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) != 0 || c >= 0x80; });
}

double NameConfidence(const Cell& cell) {
    double lowest = 1.0;
    for (const TextLine& line : cell.lines) {
        if (HasLetter(line.text)) lowest = std::min(lowest, line.confidence);
    }
    return lowest;
}

std::string AlnumOnly(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (IsAsciiAlnum(c)) out += c;
    }
    return out;
}

namespace {

// Could the first word of `next` have gone at the end of `line`, within
// `room`? Widths come from the line boxes; a word's width is estimated from
// the line's mean character width.
bool WouldHaveFitted(const TextLine& line, const TextLine& next, double room) {
    const double line_width = std::max(line.box.width(), line.box.height());
    const double next_width = std::max(next.box.width(), next.box.height());
    const std::string_view next_text = Trim(next.text);
    if (room <= 0 || line_width <= 0 || next_width <= 0 || next_text.empty()) return false;
    const double char_width = next_width / static_cast<double>(next_text.size());
    std::size_t word = next_text.find(' ');
    if (word == std::string_view::npos) word = next_text.size();
    const double needed = line_width + char_width * static_cast<double>(word + 1);
    constexpr double kUsableShare = 0.85;  // cell padding and a margin for estimation
    return needed < room * kUsableShare;
}

}  // namespace

NameAndNotes SplitNameAndNotes(const std::vector<TextLine>& lines, double line_room) {
    std::vector<const TextLine*> kept;
    for (const TextLine& line : lines) {
        if (!Trim(line.text).empty()) kept.push_back(&line);
    }
    NameAndNotes result;
    if (kept.empty()) return result;

    // A word cut across lines ("Engli" / "sh") means the box is so narrow
    // that every break in it is a wrap; such a cut is joined without a space.
    auto cuts_word = [&](std::size_t i) {
        const std::string_view before = Trim(kept[i - 1]->text), after = Trim(kept[i]->text);
        return kept[i]->paragraph < 0 && !before.empty() && !after.empty() &&
               std::isalpha(static_cast<unsigned char>(before.back())) &&
               std::islower(static_cast<unsigned char>(after.front()));
    };
    bool narrow = false;
    for (std::size_t i = 1; i < kept.size(); ++i) narrow = narrow || cuts_word(i);

    std::string name = kept[0]->text;
    std::size_t first_note = kept.size();
    for (std::size_t i = 1; i < kept.size(); ++i) {
        const TextLine& previous = *kept[i - 1];
        const TextLine& line = *kept[i];
        const bool looks_different = line.colour != kept[0]->colour || line.emphasised != kept[0]->emphasised;
        const bool label_ended = Trim(previous.text).ends_with(':');
        const bool new_paragraph = line.paragraph >= 0 ? line.paragraph != previous.paragraph
                                                       : !narrow && WouldHaveFitted(previous, line, line_room);
        const bool author_break =
            new_paragraph && !EndsInContinuation(previous.text) && !StartsAsContinuation(line.text);
        if (looks_different || label_ended || IsParenthesised(line.text) || author_break) {
            first_note = i;
            break;
        }
        if (!cuts_word(i)) name += ' ';
        name += line.text;
    }
    result.name = StripTrailing(CollapseSpaces(name), ":");
    std::string notes;
    for (std::size_t i = first_note; i < kept.size(); ++i) {
        if (!notes.empty()) notes += ' ';
        notes += kept[i]->text;
    }
    notes = CollapseSpaces(notes);
    if (IsParenthesised(notes) && notes.find(')') == notes.size() - 1) notes = notes.substr(1, notes.size() - 2);
    result.notes = notes;
    return result;
}

std::optional<std::string> LettersAsWord(const std::vector<TextLine>& lines) {
    std::string word;
    for (const TextLine& line : lines) {
        const std::string letters = AlnumOnly(line.text);
        if (letters.empty()) continue;
        if (letters.size() != 1 || !std::isalpha(static_cast<unsigned char>(letters[0]))) return std::nullopt;
        word += letters;
    }
    if (word.size() < 3) return std::nullopt;
    return word;
}

bool ReadMetadataLine(std::string_view line, timetable::Metadata& metadata) {
    struct Label {
        std::string_view text;
        std::string timetable::Metadata::*field;
    };
    // Longest first, so "class teacher" wins over "class".
    static const std::array<Label, 12> kLabels = {{
        {"class teacher", &timetable::Metadata::teacher},
        {"week beginning", &timetable::Metadata::week},
        {"week commencing", &timetable::Metadata::week},
        {"half term", &timetable::Metadata::term},
        {"teacher", &timetable::Metadata::teacher},
        {"school", &timetable::Metadata::school},
        {"class", &timetable::Metadata::class_name},
        {"tutor", &timetable::Metadata::teacher},
        {"form", &timetable::Metadata::class_name},
        {"term", &timetable::Metadata::term},
        {"week", &timetable::Metadata::week},
        {"w/b", &timetable::Metadata::week},
    }};
    const std::string lower = ToLower(line);
    struct Found {
        std::size_t label_begin, value_begin;
        std::string timetable::Metadata::*field;
        bool is_week_label;
    };
    std::vector<Found> found;
    for (std::size_t i = 0; i < lower.size(); ++i) {
        if (i > 0 && IsAsciiAlnum(lower[i - 1])) continue;  // labels start a word
        for (const Label& label : kLabels) {
            if (lower.compare(i, label.text.size(), label.text) != 0) continue;
            std::size_t j = i + label.text.size();
            while (j < lower.size() && lower[j] == ' ') ++j;
            if (j < lower.size() && lower[j] == ':') {
                const bool week = label.field == &timetable::Metadata::week;
                found.push_back({i, j + 1, label.field, week && label.text != "week"});
                i = j;
                break;
            }
        }
    }
    for (std::size_t k = 0; k < found.size(); ++k) {
        const std::size_t value_end = k + 1 < found.size() ? found[k + 1].label_begin : line.size();
        std::string value =
            StripTrailing(CollapseSpaces(line.substr(found[k].value_begin, value_end - found[k].value_begin)), "|,;");
        if (value.empty()) continue;
        if (found[k].is_week_label) value = "w/b " + value;
        std::string& field = metadata.*(found[k].field);
        if (field.empty()) field = value;
    }
    return !found.empty();
}

namespace {

std::vector<std::string_view> Words(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && !IsAsciiAlnum(text[pos])) ++pos;
        std::size_t end = pos;
        while (end < text.size() && (IsAsciiAlnum(text[end]) || text[end] == '/')) ++end;
        if (end > pos) words.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

bool IsNumber(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void ReadEmbeddedMetadata(std::string_view text, timetable::Metadata& metadata) {
    const std::vector<std::string_view> words = Words(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string word = ToLower(words[i]);
        const bool has_next = i + 1 < words.size();
        if (metadata.class_name.empty() && has_next && (word == "class" || word == "form") &&
            words[i + 1].size() <= 4 && HasAlnum(words[i + 1]) &&
            std::isdigit(static_cast<unsigned char>(words[i + 1][0]))) {
            metadata.class_name = std::string(words[i + 1]);
        } else if (metadata.class_name.empty() && has_next && (word == "year" || word == "yr") &&
                   IsNumber(words[i + 1]) && words[i + 1].size() <= 2) {
            metadata.class_name = "Year " + std::string(words[i + 1]);
        } else if (metadata.term.empty() &&
                   (word == "autumn" || word == "spring" || word == "summer" || word == "fall" || word == "winter")) {
            // The season, then an optional half number and year: "Autumn 2 2024", "Summer 2025".
            std::size_t last = i;
            while (last + 1 < words.size() && last < i + 2 && IsNumber(words[last + 1])) ++last;
            const std::size_t begin = static_cast<std::size_t>(words[i].data() - text.data());
            const std::size_t end = static_cast<std::size_t>(words[last].data() + words[last].size() - text.data());
            metadata.term = std::string(text.substr(begin, end - begin));
        }
    }
}

bool LooksLikeClassName(std::string_view text) {
    text = Trim(text);
    if (text.empty() || text.size() > 12) return false;
    // "4M", "2EJ", "10B": one or two digits then one to three letters.
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    if (digits >= 1 && digits <= 2 && text.size() - digits >= 1 && text.size() - digits <= 3 &&
        std::all_of(text.begin() + static_cast<std::ptrdiff_t>(digits), text.end(),
                    [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; })) {
        return true;
    }
    // "Year 3", "Class 5B", "Form 7C", "Reception".
    const std::string lower = ToLower(text);
    for (std::string_view prefix : {"year ", "yr ", "class ", "form ", "grade "}) {
        if (lower.starts_with(prefix) && lower.size() > prefix.size() && lower.size() <= prefix.size() + 4) {
            return HasAlnum(lower.substr(prefix.size()));
        }
    }
    return lower == "reception";
}

}  // namespace ly::extract::interpreter
