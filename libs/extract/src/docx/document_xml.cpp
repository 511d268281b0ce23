#include "docx/document_xml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <pugixml.hpp>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ly::extract::docx {

namespace {

constexpr std::string_view kWordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kStrictWordNamespace = "http://purl.oclc.org/ooxml/wordprocessingml/main";
constexpr std::string_view kCompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006";

constexpr double kDefaultFontSize = 10;  // points: Word's size when no style names one
constexpr double kTwipsPerPoint = 20;
constexpr double kLineSpacing = 1.2;        // line height ÷ font size
constexpr double kCharWidth = 0.5;          // average glyph width ÷ font size
constexpr double kTabChars = 4;             // a tab as wide as four characters
constexpr double kCellMargin = 108;         // Word's default left and right cell margin, twips
constexpr double kDefaultTextWidth = 9026;  // A4 less 1-inch margins, twips
constexpr double kEmphasisRatio = 1.2;      // "notably larger" than the surrounding text
constexpr int kMaxDepth = 32;               // nested tables, content controls, text boxes
constexpr int kMaxColumns = 1000;
constexpr int kMaxStyleChain = 20;

// ---------------------------------------------------------------------------
// XML names

// Element and attribute names of one namespace, matched by the prefix the
// document binds to it. Word writes "w:", but any prefix is legal.
class Names {
  public:
    explicit Names(std::string prefix) : prefix_(std::move(prefix)) {}

    // The local name of an element of this namespace; "" for other elements.
    std::string_view Local(const pugi::xml_node& node) const {
        const std::string_view name = node.name();
        if (!name.starts_with(prefix_)) return {};
        const std::string_view local = name.substr(prefix_.size());
        return local.find(':') == std::string_view::npos ? local : std::string_view{};
    }
    bool Is(const pugi::xml_node& node, std::string_view local) const { return Local(node) == local; }

    pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) const {
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
            if (Is(child, local)) return child;
        }
        return {};
    }

    // Attributes are qualified ("w:val"); producers that write a bare "val" are accepted too.
    pugi::xml_attribute Attr(const pugi::xml_node& node, std::string_view local) const {
        for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
            const std::string_view name = attr.name();
            if (name == local || (name.starts_with(prefix_) && name.substr(prefix_.size()) == local)) return attr;
        }
        return {};
    }
    std::string_view AttrValue(const pugi::xml_node& node, std::string_view local) const {
        return Attr(node, local).value();
    }
    // The w:val of child `local`; "" when the child or its value is absent.
    std::string_view ChildVal(const pugi::xml_node& node, std::string_view local) const {
        const pugi::xml_node child = Child(node, local);
        return child ? AttrValue(child, "val") : std::string_view{};
    }

  private:
    std::string prefix_;  // "w:" — or "" for a default namespace
};

// The prefix (with its colon) that `root` binds to one of `uris`.
std::string PrefixFor(const pugi::xml_node& root, std::initializer_list<std::string_view> uris, std::string fallback) {
    for (pugi::xml_attribute attr = root.first_attribute(); attr; attr = attr.next_attribute()) {
        const std::string_view name = attr.name();
        const std::string_view value = attr.value();
        if (std::find(uris.begin(), uris.end(), value) == uris.end()) continue;
        if (name == "xmlns") return "";
        if (name.starts_with("xmlns:")) return std::string(name.substr(6)) + ":";
    }
    return fallback;
}

// ---------------------------------------------------------------------------
// Values

std::optional<double> ParseNumber(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    double value = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc{} || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

// ST_TwipsMeasure / ST_SignedTwipsMeasure: twips, or a number with a unit.
std::optional<double> ParseTwips(std::string_view text) {
    double factor = 1;
    struct Unit {
        std::string_view suffix;
        double twips;
    };
    static constexpr Unit kUnits[] = {{"mm", 1440 / 25.4}, {"cm", 1440 / 2.54}, {"in", 1440},
                                      {"pt", 20},          {"pc", 240},         {"pi", 240}};
    for (const Unit& unit : kUnits) {
        if (text.ends_with(unit.suffix)) {
            text.remove_suffix(unit.suffix.size());
            factor = unit.twips;
            break;
        }
    }
    const auto number = ParseNumber(text);
    if (!number) return std::nullopt;
    return *number * factor;
}

std::optional<int> ParseInt(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<Rgb> ParseHexColour(std::string_view text) {
    if (text.size() != 6) return std::nullopt;
    std::uint8_t channels[3] = {};
    for (int i = 0; i < 3; ++i) {
        const int high = HexDigit(text[2 * i]);
        const int low = HexDigit(text[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        channels[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return Rgb{channels[0], channels[1], channels[2]};
}

constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kWhite{255, 255, 255};

void AppendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// w:sym: a character of a symbol font. Symbol-font code points live at
// U+F0xx; the few that mean text are mapped, pictures (Wingdings smileys,
// ticks) are decoration and dropped.
std::string SymbolText(std::string_view font, std::string_view hex) {
    std::uint32_t code = 0;
    if (hex.empty() || hex.size() > 6) return {};
    for (char c : hex) {
        const int digit = HexDigit(c);
        if (digit < 0) return {};
        code = code * 16 + static_cast<std::uint32_t>(digit);
    }
    if (code >= 0xF000 && code <= 0xF0FF) {
        if (font != "Symbol") return {};
        code -= 0xF000;
    }
    if (code < 0x100 && font == "Symbol") {
        switch (code) {
            case 0x20:
                return " ";
            case 0x2D:
                return "\xE2\x88\x92";  // minus
            case 0xAC:
                return "\xE2\x86\x90";  // ←
            case 0xAE:
                return "\xE2\x86\x92";  // →
            case 0xB0:
                return "\xC2\xB0";  // °
            case 0xB4:
                return "\xC3\x97";  // ×
            case 0xB7:
                return "\xE2\x80\xA2";  // bullet
            case 0xBE:
                return "\xE2\x80\x94";  // horizontal bar → em dash
            default:
                if ((code >= '0' && code <= '9') || code == '(' || code == ')' || code == '+' || code == '=' ||
                    code == ',' || code == '.' || code == '/' || code == ':' || code == ';') {
                    return std::string(1, static_cast<char>(code));
                }
                return {};
        }
    }
    if (code < 0x20 || (code >= 0xD800 && code < 0xF900) || code > 0x10FFFF) {
        return {};  // controls, surrogates, private use
    }
    std::string out;
    AppendUtf8(out, code);
    return out;
}

// Code points that are not white space: the weight of a piece of text.
double VisibleChars(std::string_view text) {
    double count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) continue;  // NBSP
        count += 1;
    }
    return count;
}

// Estimated printed width of a line in characters.
double WidthInChars(std::string_view text) {
    double count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
        count += c == '\t' ? kTabChars : 1;
    }
    return count;
}

std::string_view TrimSpaces(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// ---------------------------------------------------------------------------
// Run properties and styles

struct RunProps {
    std::optional<bool> bold;
    std::optional<bool> caps;
    std::optional<bool> hidden;
    std::optional<double> size;  // points
    std::optional<Rgb> colour;   // black stands for "auto"

    void Overlay(const RunProps& top) {
        if (top.bold) bold = top.bold;
        if (top.caps) caps = top.caps;
        if (top.hidden) hidden = top.hidden;
        if (top.size) size = top.size;
        if (top.colour) colour = top.colour;
    }
};

// A toggle property (w:b, w:caps …): present means on unless its value says off.
std::optional<bool> Toggle(const Names& w, const pugi::xml_node& rpr, std::string_view local) {
    const pugi::xml_node element = w.Child(rpr, local);
    if (!element) return std::nullopt;
    const pugi::xml_attribute val = w.Attr(element, "val");
    if (!val) return true;
    const std::string_view value = val.value();
    return !(value == "0" || value == "false" || value == "off" || value == "none");
}

RunProps ReadRunProps(const Names& w, const pugi::xml_node& rpr) {
    RunProps props;
    if (!rpr) return props;
    props.bold = Toggle(w, rpr, "b");
    props.caps = Toggle(w, rpr, "caps");
    props.hidden = Toggle(w, rpr, "vanish");
    const std::string_view size = w.ChildVal(rpr, "sz");
    if (!size.empty()) {
        // Half-points, or a universal measure ("12pt").
        std::optional<double> points;
        if (size.back() >= '0' && size.back() <= '9') {
            if (const auto half_points = ParseNumber(size)) points = *half_points / 2;
        } else if (const auto twips = ParseTwips(size)) {
            points = *twips / kTwipsPerPoint;
        }
        if (points && *points > 0) props.size = *points;
    }
    const std::string_view colour = w.ChildVal(rpr, "color");
    if (colour == "auto") {
        props.colour = kBlack;
    } else if (auto rgb = ParseHexColour(colour)) {
        props.colour = *rgb;
    }
    return props;
}

// word/styles.xml: run properties of paragraph and character styles along
// their basedOn chains, and the document defaults.
class StyleSheet {
  public:
    explicit StyleSheet(std::string_view xml) {
        if (xml.empty()) return;
        if (!doc_.load_buffer(xml.data(), xml.size())) return;
        const pugi::xml_node root = doc_.document_element();
        const Names w(PrefixFor(root, {kWordNamespace, kStrictWordNamespace}, "w:"));
        const pugi::xml_node defaults = w.Child(w.Child(w.Child(root, "docDefaults"), "rPrDefault"), "rPr");
        defaults_ = ReadRunProps(w, defaults);
        for (pugi::xml_node style = root.first_child(); style; style = style.next_sibling()) {
            if (!w.Is(style, "style")) continue;
            const std::string id(w.AttrValue(style, "styleId"));
            const std::string_view type = w.AttrValue(style, "type");
            if (type == "paragraph") {
                const std::string_view is_default = w.AttrValue(style, "default");
                if ((is_default == "1" || is_default == "true" || is_default == "on") && default_paragraph_.empty()) {
                    default_paragraph_ = id;
                }
            }
            Style entry;
            entry.based_on = std::string(w.ChildVal(style, "basedOn"));
            entry.runs = ReadRunProps(w, w.Child(style, "rPr"));
            styles_.emplace(id, std::move(entry));
        }
    }

    // Document defaults, then the paragraph style (the default style when none).
    RunProps ParagraphRuns(std::string_view style_id) const {
        RunProps props = defaults_;
        const std::string id(style_id.empty() || !styles_.contains(std::string(style_id)) ? default_paragraph_
                                                                                          : std::string(style_id));
        props.Overlay(Resolve(id));
        return props;
    }

    RunProps CharacterRuns(std::string_view style_id) const {
        if (style_id.empty()) return {};
        return Resolve(std::string(style_id));
    }

  private:
    struct Style {
        std::string based_on;
        RunProps runs;
    };

    RunProps Resolve(const std::string& id) const {
        if (const auto cached = resolved_.find(id); cached != resolved_.end()) return cached->second;
        // Walk up the chain (guarding against cycles), then apply from the root down.
        std::vector<const Style*> chain;
        std::string current = id;
        while (!current.empty() && static_cast<int>(chain.size()) < kMaxStyleChain) {
            const auto found = styles_.find(current);
            if (found == styles_.end()) break;
            chain.push_back(&found->second);
            current = found->second.based_on;
        }
        RunProps props;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) props.Overlay((*it)->runs);
        resolved_.emplace(id, props);
        return props;
    }

    pugi::xml_document doc_;
    RunProps defaults_;
    std::string default_paragraph_;
    std::unordered_map<std::string, Style> styles_;
    mutable std::unordered_map<std::string, RunProps> resolved_;
};

// ---------------------------------------------------------------------------
// Lines under construction

// How much of a line's text is bold, at which sizes, in which colours.
struct TextStats {
    double chars = 0;
    double bold_chars = 0;
    std::vector<std::pair<double, double>> sizes;  // points, weight
    std::vector<std::pair<Rgb, double>> colours;   // colour, weight

    void Add(double count, bool bold, double size, Rgb colour) {
        if (count <= 0) return;
        chars += count;
        if (bold) bold_chars += count;
        AddWeight(sizes, size, count);
        AddWeight(colours, colour, count);
    }
    void Add(const TextStats& other) {
        chars += other.chars;
        bold_chars += other.bold_chars;
        for (const auto& [size, weight] : other.sizes) AddWeight(sizes, size, weight);
        for (const auto& [colour, weight] : other.colours) AddWeight(colours, colour, weight);
    }

    bool Bold() const { return chars > 0 && bold_chars * 2 > chars; }
    double Size(double fallback) const { return sizes.empty() ? fallback : Heaviest(sizes); }
    // The colour of most of the text, when it is not black.
    std::optional<Rgb> Colour() const {
        if (colours.empty()) return std::nullopt;
        const Rgb colour = Heaviest(colours);
        if (colour == kBlack) return std::nullopt;
        return colour;
    }

  private:
    template <typename T>
    static void AddWeight(std::vector<std::pair<T, double>>& weights, const T& key, double weight) {
        for (auto& entry : weights) {
            if (entry.first == key) {
                entry.second += weight;
                return;
            }
        }
        weights.emplace_back(key, weight);
    }
    template <typename T>
    static T Heaviest(const std::vector<std::pair<T, double>>& weights) {
        return std::max_element(weights.begin(), weights.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; })
            ->first;
    }
};

enum class Align { kLeft, kCenter, kRight };

struct LineDraft {
    std::string text;
    TextStats stats;
    int paragraph = 0;
    double default_size = kDefaultFontSize;  // the paragraph's size where the line has no text
    Align align = Align::kLeft;
    double indent = 0;  // twips
    Box box;

    double Size() const { return stats.Size(default_size); }
    double LineHeight() const { return Size() * kTwipsPerPoint * kLineSpacing; }
    double TextWidth() const { return WidthInChars(text) * Size() * kCharWidth * kTwipsPerPoint; }
    // Height when wrapped into `width` twips.
    double WrappedHeight(double width) const {
        const double lines = width > 0 ? std::max(1.0, std::ceil(TextWidth() / width)) : 1.0;
        return lines * LineHeight();
    }
};

// The text of one paragraph, split into lines at w:br.
class ParagraphBuilder {
  public:
    ParagraphBuilder(int paragraph, double default_size, Align align, double indent) {
        current_.paragraph = paragraph;
        current_.default_size = default_size;
        current_.align = align;
        current_.indent = indent;
    }

    void Append(std::string_view text, const RunProps& props) {
        std::string piece;
        piece.reserve(text.size());
        for (std::size_t i = 0; i < text.size(); ++i) {
            char c = text[i];
            if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {  // no-break space
                piece += ' ';
                ++i;
                continue;
            }
            if (c == '\n' || c == '\r') c = ' ';
            if (props.caps.value_or(false) && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            piece += c;
        }
        current_.stats.Add(VisibleChars(piece), props.bold.value_or(false), props.size.value_or(kDefaultFontSize),
                           props.colour.value_or(kBlack));
        current_.text += piece;
    }

    void Break() {
        LineDraft next;
        next.paragraph = current_.paragraph;
        next.default_size = current_.default_size;
        next.align = current_.align;
        next.indent = current_.indent;
        Finish(std::move(current_));
        current_ = std::move(next);
    }

    std::vector<LineDraft> Take() {
        Finish(std::move(current_));
        return std::move(lines_);
    }

  private:
    void Finish(LineDraft line) {
        const std::string_view trimmed = TrimSpaces(line.text);
        if (trimmed.empty()) return;
        line.text = std::string(trimmed);
        lines_.push_back(std::move(line));
    }

    LineDraft current_;
    std::vector<LineDraft> lines_;
};

// Body size of a group of lines: the size most of their text is set in.
double BodySize(const std::vector<LineDraft>& lines) {
    TextStats all;
    for (const LineDraft& line : lines) all.Add(line.stats);
    return all.Size(lines.empty() ? kDefaultFontSize : lines.front().default_size);
}

TextLine ToTextLine(const LineDraft& draft, double body_size, bool size_can_emphasise) {
    TextLine line;
    line.text = draft.text;
    line.box = draft.box;
    line.confidence = 1.0;
    line.emphasised = draft.stats.Bold() || (size_can_emphasise && draft.Size() >= kEmphasisRatio * body_size);
    line.colour = draft.stats.Colour();
    line.paragraph = draft.paragraph;
    return line;
}

std::optional<Rgb> ShadingFill(const Names& w, const pugi::xml_node& shd) {
    if (!shd) return std::nullopt;
    const std::string_view pattern = w.AttrValue(shd, "val");
    if (pattern == "nil") return std::nullopt;
    std::optional<Rgb> colour;
    if (pattern == "solid") colour = ParseHexColour(w.AttrValue(shd, "color"));  // the pattern covers the fill
    if (!colour) colour = ParseHexColour(w.AttrValue(shd, "fill"));
    if (!colour || *colour == kWhite) return std::nullopt;
    return colour;
}

TextOrientation OrientationOf(std::string_view direction) {
    // Transitional names, then Strict's.
    if (direction == "btLr" || direction == "lr") return TextOrientation::kUp;
    if (direction == "tbRl" || direction == "tbRlV" || direction == "tbLrV" || direction == "rl" ||
        direction == "rlV" || direction == "lrV") {
        return TextOrientation::kDown;
    }
    return TextOrientation::kHorizontal;
}

// ---------------------------------------------------------------------------
// The document walk

enum class Merge { kNone, kRestart, kContinue };

struct RawCell {
    pugi::xml_node tc;
    int col = 0;
    int span = 1;
    Merge v_merge = Merge::kNone;
    Merge h_merge = Merge::kNone;
    std::optional<double> width;  // w:tcW in twips
};

enum class HeightRule { kAtLeast, kExact, kAuto };

struct RawRow {
    std::vector<RawCell> cells;
    double height = 0;
    HeightRule rule = HeightRule::kAtLeast;
};

class DocumentReader {
  public:
    DocumentReader(const Names& w, const Names& mc, const StyleSheet& styles, double text_width)
        : w_(w), mc_(mc), styles_(styles), text_width_(text_width) {
        default_size_ = styles_.ParagraphRuns("").size.value_or(kDefaultFontSize);
    }

    CellGrid Read(const pugi::xml_node& body) {
        ForEachContent(body, 0, [&](const pugi::xml_node& node, int depth) {
            const std::string_view local = w_.Local(node);
            if (local == "p") {
                std::vector<LineDraft> lines;
                ReadParagraph(node, lines, loose_paragraphs_, depth);
                AddLoose(std::move(lines));
            } else if (local == "tbl") {
                if (auto table = ReadTable(node, depth)) {
                    y_ = table->box.y1;
                    grid_.tables.push_back(std::move(*table));
                }
            }
        });
        // Body text outside tables is in the default paragraph style's size
        // when any line uses it; a long footnote in small print is not body.
        const bool default_used = std::any_of(loose_.begin(), loose_.end(), [&](const LineDraft& line) {
            return std::abs(line.Size() - default_size_) < 0.01;
        });
        const double body_size = default_used ? default_size_ : BodySize(loose_);
        for (const LineDraft& draft : loose_) grid_.loose_lines.push_back(ToTextLine(draft, body_size, true));
        grid_.pages = 1;
        if (too_deep_) grid_.warnings.emplace_back("parts of the Word document nested too deeply were skipped");
        if (too_wide_) {
            grid_.warnings.push_back("a table wider than " + std::to_string(kMaxColumns) +
                                     " columns was cut to its first " + std::to_string(kMaxColumns));
        }
        return std::move(grid_);
    }

  private:
    using Visitor = std::function<void(const pugi::xml_node&, int)>;

    // The chosen branch of mc:AlternateContent: the first Choice (what Word
    // shows), else the Fallback.
    pugi::xml_node ChosenAlternative(const pugi::xml_node& alternate) const {
        pugi::xml_node fallback;
        for (pugi::xml_node child = alternate.first_child(); child; child = child.next_sibling()) {
            if (mc_.Is(child, "Choice")) return child;
            if (mc_.Is(child, "Fallback")) fallback = child;
        }
        return fallback;
    }

    bool ShowsPlaceholder(const pugi::xml_node& sdt) const {
        return static_cast<bool>(w_.Child(w_.Child(sdt, "sdtPr"), "showingPlcHdr"));
    }

    // Visits the children of `parent`, looking through wrappers that do not
    // change the content: content controls, custom XML, tracked insertions.
    // Tracked deletions and placeholder text are left out.
    void ForEachContent(const pugi::xml_node& parent, int depth, const Visitor& visit) {
        if (depth > kMaxDepth) {
            too_deep_ = true;
            return;
        }
        for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
            const std::string_view local = w_.Local(child);
            if (local == "sdt") {
                if (!ShowsPlaceholder(child)) ForEachContent(w_.Child(child, "sdtContent"), depth + 1, visit);
            } else if (local == "customXml" || local == "smartTag" || local == "ins" || local == "moveTo") {
                ForEachContent(child, depth + 1, visit);
            } else if (local == "del" || local == "moveFrom") {
                continue;
            } else if (mc_.Is(child, "AlternateContent")) {
                ForEachContent(ChosenAlternative(child), depth + 1, visit);
            } else {
                visit(child, depth);
            }
        }
    }

    // --- paragraphs ---

    // Appends the lines of paragraph `p` (numbered `paragraphs`, then
    // incremented), then those of any text boxes anchored in it.
    void ReadParagraph(const pugi::xml_node& p, std::vector<LineDraft>& out, int& paragraphs, int depth) {
        const pugi::xml_node ppr = w_.Child(p, "pPr");
        const RunProps paragraph_runs = styles_.ParagraphRuns(w_.ChildVal(ppr, "pStyle"));
        const std::string_view jc = w_.ChildVal(ppr, "jc");
        Align align = Align::kLeft;
        if (jc == "center") align = Align::kCenter;
        if (jc == "right" || jc == "end") align = Align::kRight;
        double indent = 0;
        if (const pugi::xml_node ind = w_.Child(ppr, "ind")) {
            std::string_view left = w_.AttrValue(ind, "left");
            if (left.empty()) left = w_.AttrValue(ind, "start");
            indent = std::max(0.0, ParseTwips(left).value_or(0));
        }
        ParagraphBuilder builder(paragraphs++, paragraph_runs.size.value_or(kDefaultFontSize), align, indent);
        std::vector<pugi::xml_node> text_boxes;
        ReadInline(p, paragraph_runs, builder, text_boxes, depth + 1);
        for (LineDraft& line : builder.Take()) out.push_back(std::move(line));
        for (const pugi::xml_node& box : text_boxes) ReadBlocksAsLines(box, out, paragraphs, depth + 1);
    }

    // Runs and the inline wrappers around them (hyperlinks, fields, content
    // controls, tracked insertions).
    void ReadInline(const pugi::xml_node& parent, const RunProps& paragraph_runs, ParagraphBuilder& builder,
                    std::vector<pugi::xml_node>& text_boxes, int depth) {
        ForEachContent(parent, depth, [&](const pugi::xml_node& node, int inner_depth) {
            const std::string_view local = w_.Local(node);
            if (local == "r") {
                ReadRun(node, paragraph_runs, builder, text_boxes, inner_depth);
            } else if (local == "hyperlink" || local == "fldSimple" || local == "dir" || local == "bdo") {
                ReadInline(node, paragraph_runs, builder, text_boxes, inner_depth + 1);
            }
        });
    }

    void ReadRun(const pugi::xml_node& r, const RunProps& paragraph_runs, ParagraphBuilder& builder,
                 std::vector<pugi::xml_node>& text_boxes, int depth) {
        const pugi::xml_node rpr = w_.Child(r, "rPr");
        RunProps props = paragraph_runs;
        props.Overlay(styles_.CharacterRuns(w_.ChildVal(rpr, "rStyle")));
        props.Overlay(ReadRunProps(w_, rpr));
        if (props.hidden.value_or(false)) return;
        for (pugi::xml_node child = r.first_child(); child; child = child.next_sibling()) {
            const std::string_view local = w_.Local(child);
            if (local == "t") {
                builder.Append(child.text().get(), props);
            } else if (local == "tab" || local == "ptab") {
                builder.Append("\t", props);
            } else if (local == "br" || local == "cr") {
                builder.Break();
            } else if (local == "noBreakHyphen") {
                builder.Append("-", props);
            } else if (local == "sym") {
                builder.Append(SymbolText(w_.AttrValue(child, "font"), w_.AttrValue(child, "char")), props);
            } else if (local == "drawing" || local == "pict" || local == "object" ||
                       mc_.Is(child, "AlternateContent")) {
                FindTextBoxes(child, text_boxes, depth + 1);
            }
            // delText, instrText (field codes), softHyphen, rPr … are not shown text.
        }
    }

    void FindTextBoxes(const pugi::xml_node& node, std::vector<pugi::xml_node>& out, int depth) {
        if (depth > kMaxDepth) {
            too_deep_ = true;
            return;
        }
        if (w_.Is(node, "txbxContent")) {
            out.push_back(node);
            return;
        }
        if (mc_.Is(node, "AlternateContent")) {
            if (const pugi::xml_node chosen = ChosenAlternative(node)) FindTextBoxes(chosen, out, depth + 1);
            return;
        }
        for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
            if (child.type() == pugi::node_element) FindTextBoxes(child, out, depth + 1);
        }
    }

    // Block content inside a cell or a text box, as lines: paragraphs as they
    // are, nested tables one line per row with the cells separated by tabs.
    void ReadBlocksAsLines(const pugi::xml_node& parent, std::vector<LineDraft>& out, int& paragraphs, int depth) {
        ForEachContent(parent, depth, [&](const pugi::xml_node& node, int inner_depth) {
            const std::string_view local = w_.Local(node);
            if (local == "p") {
                ReadParagraph(node, out, paragraphs, inner_depth);
            } else if (local == "tbl") {
                FlattenTable(node, out, paragraphs, inner_depth + 1);
            }
        });
    }

    void FlattenTable(const pugi::xml_node& tbl, std::vector<LineDraft>& out, int& paragraphs, int depth) {
        ForEachContent(tbl, depth, [&](const pugi::xml_node& tr, int row_depth) {
            if (!w_.Is(tr, "tr")) return;
            LineDraft row;
            row.paragraph = paragraphs;
            row.default_size = default_size_;
            ForEachContent(tr, row_depth + 1, [&](const pugi::xml_node& tc, int cell_depth) {
                if (!w_.Is(tc, "tc")) return;
                std::vector<LineDraft> cell_lines;
                int cell_paragraphs = 0;
                ReadBlocksAsLines(tc, cell_lines, cell_paragraphs, cell_depth + 1);
                std::string text;
                for (const LineDraft& line : cell_lines) {
                    if (!text.empty()) text += ' ';
                    text += line.text;
                    row.stats.Add(line.stats);
                }
                if (text.empty()) return;
                if (!row.text.empty()) row.text += '\t';
                row.text += text;
            });
            if (row.text.empty()) return;
            ++paragraphs;
            out.push_back(std::move(row));
        });
    }

    void AddLoose(std::vector<LineDraft> lines) {
        if (lines.empty()) {
            y_ += default_size_ * kTwipsPerPoint * kLineSpacing;  // an empty paragraph still takes a line
            return;
        }
        for (LineDraft& line : lines) {
            const double available = std::max(text_width_ - line.indent, text_width_ / 4);
            const double width = std::min(line.TextWidth(), available);
            const double height = line.WrappedHeight(available);
            double x0 = line.indent;
            if (line.align == Align::kCenter) x0 = line.indent + (available - width) / 2;
            if (line.align == Align::kRight) x0 = line.indent + available - width;
            line.box = Box{x0, y_, x0 + width, y_ + height};
            y_ += height;
            loose_.push_back(std::move(line));
        }
    }

    // --- tables ---

    std::optional<Table> ReadTable(const pugi::xml_node& tbl, int depth) {
        const pugi::xml_node tblpr = w_.Child(tbl, "tblPr");
        const std::optional<Rgb> table_fill = ShadingFill(w_, w_.Child(tblpr, "shd"));

        std::vector<double> grid_widths;
        for (pugi::xml_node col = w_.Child(w_.Child(tbl, "tblGrid"), "gridCol"); col; col = col.next_sibling()) {
            if (!w_.Is(col, "gridCol")) continue;
            grid_widths.push_back(ParseTwips(w_.AttrValue(col, "w")).value_or(0));
        }

        std::vector<RawRow> rows = ReadRows(tbl, depth);
        if (rows.empty()) return std::nullopt;
        int cols = static_cast<int>(std::min<std::size_t>(grid_widths.size(), kMaxColumns));
        bool any_cell = false;
        for (const RawRow& row : rows) {
            for (const RawCell& cell : row.cells) {
                cols = std::max(cols, cell.col + cell.span);
                any_cell = true;
            }
        }
        if (!any_cell || cols == 0) return std::nullopt;

        Table table;
        table.rows = static_cast<int>(rows.size());
        table.cols = cols;
        table.page = 1;
        table.col_edges = ColumnEdges(tbl, grid_widths, rows, cols);

        // Cells, with their lines still as drafts; vertical merges extend the
        // cell above instead of adding one.
        std::vector<std::vector<LineDraft>> drafts;
        std::vector<int> open_cell(static_cast<std::size_t>(cols), -1);  // by column: cell ending at the previous row
        for (int r = 0; r < table.rows; ++r) {
            for (const RawCell& raw : rows[static_cast<std::size_t>(r)].cells) {
                std::vector<LineDraft> lines;
                int paragraphs = 0;
                ReadBlocksAsLines(raw.tc, lines, paragraphs, depth + 1);
                const auto col = static_cast<std::size_t>(raw.col);
                if (raw.v_merge == Merge::kContinue) {
                    const int above = open_cell[col];
                    if (above >= 0) {
                        Cell& target = table.cells[static_cast<std::size_t>(above)];
                        if (target.row + target.row_span == r) {
                            ++target.row_span;
                            AppendDrafts(drafts[static_cast<std::size_t>(above)], std::move(lines));
                            continue;
                        }
                    }
                }
                if (raw.h_merge == Merge::kContinue && !table.cells.empty()) {
                    Cell& left = table.cells.back();
                    if (left.row == r && left.row_span == 1 && left.col + left.col_span == raw.col) {
                        left.col_span += raw.span;
                        AppendDrafts(drafts.back(), std::move(lines));
                        continue;
                    }
                }
                Cell cell;
                cell.row = r;
                cell.col = raw.col;
                cell.col_span = raw.span;
                const pugi::xml_node tcpr = w_.Child(raw.tc, "tcPr");
                cell.orientation = OrientationOf(w_.ChildVal(tcpr, "textDirection"));
                cell.fill = w_.Child(tcpr, "shd") ? ShadingFill(w_, w_.Child(tcpr, "shd")) : table_fill;
                open_cell[col] = static_cast<int>(table.cells.size());
                table.cells.push_back(std::move(cell));
                drafts.push_back(std::move(lines));
            }
        }

        table.row_edges = RowEdges(rows, table, drafts);
        table.box =
            Box{table.col_edges.front(), table.row_edges.front(), table.col_edges.back(), table.row_edges.back()};

        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            Cell& cell = table.cells[i];
            cell.box = Box{table.col_edges[static_cast<std::size_t>(cell.col)],
                           table.row_edges[static_cast<std::size_t>(cell.row)],
                           table.col_edges[static_cast<std::size_t>(cell.col + cell.col_span)],
                           table.row_edges[static_cast<std::size_t>(cell.row + cell.row_span)]};
            PlaceLines(cell, drafts[i]);
            const double body_size = BodySize(drafts[i]);
            const bool several = drafts[i].size() > 1;
            for (const LineDraft& draft : drafts[i]) cell.lines.push_back(ToTextLine(draft, body_size, several));
        }
        return table;
    }

    static void AppendDrafts(std::vector<LineDraft>& target, std::vector<LineDraft> more) {
        if (more.empty()) return;
        int next = 0;
        for (const LineDraft& line : target) next = std::max(next, line.paragraph + 1);
        for (LineDraft& line : more) {
            line.paragraph += next;
            target.push_back(std::move(line));
        }
    }

    std::vector<RawRow> ReadRows(const pugi::xml_node& tbl, int depth) {
        std::vector<RawRow> rows;
        ForEachContent(tbl, depth, [&](const pugi::xml_node& tr, int row_depth) {
            if (!w_.Is(tr, "tr")) return;
            const pugi::xml_node trpr = w_.Child(tr, "trPr");
            if (w_.Child(trpr, "del")) return;  // a tracked row deletion
            RawRow row;
            if (const pugi::xml_node height = w_.Child(trpr, "trHeight")) {
                row.height = std::max(0.0, ParseTwips(w_.AttrValue(height, "val")).value_or(0));
                const std::string_view rule = w_.AttrValue(height, "hRule");
                row.rule = rule == "exact"  ? HeightRule::kExact
                           : rule == "auto" ? HeightRule::kAuto
                                            : HeightRule::kAtLeast;
                if (row.height <= 0) row.rule = HeightRule::kAuto;
            }
            int col = std::clamp(ParseInt(w_.ChildVal(trpr, "gridBefore")).value_or(0), 0, kMaxColumns);
            ForEachContent(tr, row_depth + 1, [&](const pugi::xml_node& tc, int) {
                if (!w_.Is(tc, "tc")) return;
                if (col >= kMaxColumns) {
                    too_wide_ = true;
                    return;
                }
                const pugi::xml_node tcpr = w_.Child(tc, "tcPr");
                RawCell cell;
                cell.tc = tc;
                cell.col = col;
                cell.span = std::clamp(ParseInt(w_.ChildVal(tcpr, "gridSpan")).value_or(1), 1, kMaxColumns - col);
                if (const pugi::xml_node v_merge = w_.Child(tcpr, "vMerge")) {
                    cell.v_merge = w_.AttrValue(v_merge, "val") == "restart" ? Merge::kRestart : Merge::kContinue;
                }
                if (const pugi::xml_node h_merge = w_.Child(tcpr, "hMerge")) {
                    cell.h_merge = w_.AttrValue(h_merge, "val") == "restart" ? Merge::kRestart : Merge::kContinue;
                }
                if (const pugi::xml_node width = w_.Child(tcpr, "tcW")) {
                    const std::string_view type = w_.AttrValue(width, "type");
                    if (type.empty() || type == "dxa") {
                        const auto twips = ParseTwips(w_.AttrValue(width, "w"));
                        if (twips && *twips > 0) cell.width = *twips;
                    }
                }
                col += cell.span;
                row.cells.push_back(cell);
            });
            rows.push_back(std::move(row));
        });
        return rows;
    }

    // Column edges from w:tblGrid; columns it lacks (or gives no width) take a
    // single-column cell's w:tcW, else the mean width, else an equal share.
    std::vector<double> ColumnEdges(const pugi::xml_node& tbl, const std::vector<double>& grid_widths,
                                    const std::vector<RawRow>& rows, int cols) const {
        std::vector<double> widths(static_cast<std::size_t>(cols), 0);
        for (std::size_t c = 0; c < widths.size() && c < grid_widths.size(); ++c) widths[c] = grid_widths[c];
        for (const RawRow& row : rows) {
            for (const RawCell& cell : row.cells) {
                auto& width = widths[static_cast<std::size_t>(cell.col)];
                if (width <= 0 && cell.span == 1 && cell.width) width = *cell.width;
            }
        }
        double sum = 0;
        int known = 0;
        for (const double width : widths) {
            if (width > 0) {
                sum += width;
                ++known;
            }
        }
        const double fallback = known > 0 ? sum / known : text_width_ / cols;
        for (double& width : widths) {
            if (width <= 0) width = fallback;
        }

        const pugi::xml_node tblpr = w_.Child(tbl, "tblPr");
        double total = 0;
        for (const double width : widths) total += width;
        double x = 0;
        const std::string_view jc = w_.ChildVal(tblpr, "jc");
        if (jc == "center") {
            x = std::max(0.0, (text_width_ - total) / 2);
        } else if (jc == "right" || jc == "end") {
            x = std::max(0.0, text_width_ - total);
        } else if (const pugi::xml_node ind = w_.Child(tblpr, "tblInd")) {
            const std::string_view type = w_.AttrValue(ind, "type");
            if (type.empty() || type == "dxa") x = ParseTwips(w_.AttrValue(ind, "w")).value_or(0);
        }
        std::vector<double> edges{x};
        for (const double width : widths) edges.push_back(edges.back() + width);
        return edges;
    }

    double ContentHeight(const Cell& cell, const std::vector<LineDraft>& lines, double width) const {
        if (cell.orientation != TextOrientation::kHorizontal) {
            double longest = 0;
            for (const LineDraft& line : lines) longest = std::max(longest, line.TextWidth());
            return longest + 2 * kCellMargin;
        }
        double height = 0;
        for (const LineDraft& line : lines) height += line.WrappedHeight(width - 2 * kCellMargin);
        return height;
    }

    // Row heights: w:trHeight where given (exact, or at least), otherwise
    // the tallest content; a merged cell's overflow goes to its last row.
    std::vector<double> RowEdges(const std::vector<RawRow>& rows, const Table& table,
                                 const std::vector<std::vector<LineDraft>>& drafts) const {
        const double min_height = default_size_ * kTwipsPerPoint * kLineSpacing;
        std::vector<double> heights(rows.size(), 0);
        for (std::size_t r = 0; r < rows.size(); ++r) {
            // Even an empty row holds one (empty) paragraph.
            switch (rows[r].rule) {
                case HeightRule::kExact:
                    heights[r] = rows[r].height;
                    break;
                case HeightRule::kAtLeast:
                    heights[r] = std::max(rows[r].height, min_height);
                    break;
                case HeightRule::kAuto:
                    heights[r] = min_height;
                    break;
            }
        }
        auto width_of = [&](const Cell& cell) {
            return table.col_edges[static_cast<std::size_t>(cell.col + cell.col_span)] -
                   table.col_edges[static_cast<std::size_t>(cell.col)];
        };
        // Single-row cells first, then merged cells over the rows they span.
        for (int pass = 0; pass < 2; ++pass) {
            for (std::size_t i = 0; i < table.cells.size(); ++i) {
                const Cell& cell = table.cells[i];
                if ((cell.row_span == 1) != (pass == 0)) continue;
                const double needed = ContentHeight(cell, drafts[i], width_of(cell));
                double have = 0;
                int last_flexible = -1;
                for (int r = cell.row; r < cell.row + cell.row_span; ++r) {
                    have += heights[static_cast<std::size_t>(r)];
                    if (rows[static_cast<std::size_t>(r)].rule != HeightRule::kExact) last_flexible = r;
                }
                if (needed > have && last_flexible >= 0) {
                    heights[static_cast<std::size_t>(last_flexible)] += needed - have;
                }
            }
        }
        std::vector<double> edges{y_};
        for (const double height : heights) edges.push_back(edges.back() + height);
        return edges;
    }

    // Line boxes inside the cell: stacked from the top (or, for turned text,
    // side by side), clipped to the cell.
    static void PlaceLines(const Cell& cell, std::vector<LineDraft>& lines) {
        const Box& box = cell.box;
        const double margin = std::min(kCellMargin, box.width() / 4);
        double offset = 0;
        for (LineDraft& line : lines) {
            if (cell.orientation == TextOrientation::kHorizontal) {
                const double available = box.width() - 2 * margin;
                const double width = std::min(line.TextWidth(), available);
                double x0 = box.x0 + margin;
                if (line.align == Align::kCenter) x0 += (available - width) / 2;
                if (line.align == Align::kRight) x0 += available - width;
                const double height = line.WrappedHeight(available);
                const double y0 = std::min(box.y0 + offset, box.y1);
                line.box = Box{x0, y0, x0 + width, std::min(y0 + height, box.y1)};
                offset += height;
            } else {
                const double length = std::min(line.TextWidth(), box.height());
                const double x0 = std::min(box.x0 + margin + offset, box.x1);
                const double x1 = std::min(x0 + line.LineHeight(), box.x1);
                line.box = cell.orientation == TextOrientation::kUp ? Box{x0, box.y1 - length, x1, box.y1}
                                                                    : Box{x0, box.y0, x1, box.y0 + length};
                offset += line.LineHeight();
            }
        }
    }

    const Names& w_;
    const Names& mc_;
    const StyleSheet& styles_;
    double text_width_;
    double default_size_ = kDefaultFontSize;
    double y_ = 0;
    int loose_paragraphs_ = 0;
    bool too_deep_ = false;
    bool too_wide_ = false;
    std::vector<LineDraft> loose_;
    CellGrid grid_;
};

// The width between the margins of the document's last (body) section.
double TextWidth(const Names& w, const pugi::xml_node& body) {
    pugi::xml_node section;
    for (pugi::xml_node child = body.last_child(); child; child = child.previous_sibling()) {
        if (w.Is(child, "sectPr")) {
            section = child;
            break;
        }
    }
    if (!section) return kDefaultTextWidth;
    const auto page = ParseTwips(w.AttrValue(w.Child(section, "pgSz"), "w"));
    const pugi::xml_node margins = w.Child(section, "pgMar");
    const double left = ParseTwips(w.AttrValue(margins, "left")).value_or(1440);
    const double right = ParseTwips(w.AttrValue(margins, "right")).value_or(1440);
    if (!page) return kDefaultTextWidth;
    const double width = *page - left - right;
    return width > 0 ? width : kDefaultTextWidth;
}

}  // namespace

Result<CellGrid> ParseDocument(std::string document_xml, std::string_view styles_xml, std::string_view document_path) {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer_inplace(document_xml.data(), document_xml.size(),
                                                                  pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (parsed.status == pugi::status_out_of_memory) {
        return MakeError(ErrorCode::kTooLarge, "the Word document is too large to read in memory");
    }
    if (!parsed) {
        return MakeError(ErrorCode::kCorruptDocument, "the Word document is damaged: " + std::string(document_path) +
                                                          " is not well-formed XML (" + parsed.description() +
                                                          " at byte " + std::to_string(parsed.offset) + ")");
    }
    const pugi::xml_node root = doc.document_element();
    const Names w(PrefixFor(root, {kWordNamespace, kStrictWordNamespace}, "w:"));
    const Names mc(PrefixFor(root, {kCompatibilityNamespace}, "mc:"));
    if (!w.Is(root, "document")) {
        return MakeError(ErrorCode::kCorruptDocument, "the Word document is damaged: " + std::string(document_path) +
                                                          " holds <" + root.name() + ">, not a Word document");
    }
    const pugi::xml_node body = w.Child(root, "body");
    if (!body) {
        return MakeError(ErrorCode::kCorruptDocument,
                         "the Word document is damaged: " + std::string(document_path) + " has no body");
    }
    const StyleSheet styles(styles_xml);
    DocumentReader reader(w, mc, styles, TextWidth(w, body));
    return reader.Read(body);
}

}  // namespace ly::extract::docx
