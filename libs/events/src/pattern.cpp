#include "ly/events/pattern.hpp"

#include <boost/json/serialize.hpp>
#include <optional>

#include "event_json.hpp"
#include "json_schema_internal.hpp"
#include "pattern_internal.hpp"

namespace ly::events {

namespace {

// One alternative in a field's list of values.
struct Matcher {
    enum class Kind { kExact, kPrefix, kSuffix, kEqualsIgnoreCase, kWildcard, kAnythingBut, kNumeric, kExists };
    enum class Op { kEqual, kLess, kLessOrEqual, kGreater, kGreaterOrEqual };
    Kind kind = Kind::kExact;
    boost::json::value exact;                       // kExact
    std::string text;                               // prefix, suffix, equals-ignore-case, wildcard
    bool ignore_case = false;                       // prefix/suffix with equals-ignore-case
    std::vector<boost::json::value> excluded;       // anything-but a list of values
    std::shared_ptr<const Matcher> excluded_match;  // anything-but {prefix|suffix|equals-ignore-case|wildcard}
    std::vector<std::pair<Op, double>> numeric;     // all must hold
    bool exists = true;                             // kExists
};

}  // namespace

// An object level of a pattern: fields (each a list of matchers or a nested object) and $or groups.
struct Pattern::Node {
    struct Field {
        std::string name;
        std::vector<Matcher> values;         // a leaf: any of these
        std::shared_ptr<const Node> nested;  // or an object
    };
    std::vector<Field> fields;
    std::vector<std::vector<Node>> any_of;  // each "$or": one of its alternatives must match
};

namespace {

using internal::AsNumber;
using internal::Short;
using Node = Pattern::Node;

Error PatternError(const std::string& pointer, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "event pattern " + (pointer.empty() ? std::string("/") : pointer) + ": " + message);
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (Lower(a[i]) != Lower(b[i])) return false;
    }
    return true;
}

// `*` matches any run of characters (also none); `\*` is a literal star and `\\` a backslash.
bool WildcardMatches(std::string_view pattern, std::string_view text) {
    // Tokens: literal characters or stars; classic greedy matching with backtracking to the last star.
    std::vector<std::pair<char, bool>> tokens;  // (character, is_star)
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\' && i + 1 < pattern.size()) {
            tokens.emplace_back(pattern[++i], false);
        } else {
            tokens.emplace_back(pattern[i], pattern[i] == '*');
        }
    }
    std::size_t t = 0, s = 0, star = std::string_view::npos, star_s = 0;
    while (s < text.size()) {
        if (t < tokens.size() && tokens[t].second) {
            star = t++;
            star_s = s;
        } else if (t < tokens.size() && tokens[t].first == text[s]) {
            ++t;
            ++s;
        } else if (star != std::string_view::npos) {
            t = star + 1;
            s = ++star_s;
        } else {
            return false;
        }
    }
    while (t < tokens.size() && tokens[t].second) ++t;
    return t == tokens.size();
}

bool IsLeafValue(const boost::json::value& value) { return !value.is_object() && !value.is_array(); }

bool ExactEqual(const boost::json::value& expected, const boost::json::value& actual) {
    if (expected.is_number() != actual.is_number()) return false;
    return internal::JsonEqual(expected, actual);
}

bool StringFilterMatches(const Matcher& matcher, std::string_view text) {
    switch (matcher.kind) {
        case Matcher::Kind::kPrefix:
            return text.size() >= matcher.text.size() &&
                   (matcher.ignore_case ? EqualIgnoringCase(text.substr(0, matcher.text.size()), matcher.text)
                                        : text.starts_with(matcher.text));
        case Matcher::Kind::kSuffix:
            return text.size() >= matcher.text.size() &&
                   (matcher.ignore_case
                        ? EqualIgnoringCase(text.substr(text.size() - matcher.text.size()), matcher.text)
                        : text.ends_with(matcher.text));
        case Matcher::Kind::kEqualsIgnoreCase:
            return EqualIgnoringCase(text, matcher.text);
        case Matcher::Kind::kWildcard:
            return WildcardMatches(matcher.text, text);
        default:
            return false;
    }
}

// Does one leaf value of the event satisfy one matcher? (exists is decided by the caller.)
bool LeafMatches(const Matcher& matcher, const boost::json::value& value) {
    switch (matcher.kind) {
        case Matcher::Kind::kExact:
            return ExactEqual(matcher.exact, value);
        case Matcher::Kind::kPrefix:
        case Matcher::Kind::kSuffix:
        case Matcher::Kind::kEqualsIgnoreCase:
        case Matcher::Kind::kWildcard:
            return value.is_string() && StringFilterMatches(matcher, value.get_string());
        case Matcher::Kind::kAnythingBut:
            if (matcher.excluded_match) {
                return value.is_string() && !StringFilterMatches(*matcher.excluded_match, value.get_string());
            }
            for (const boost::json::value& excluded : matcher.excluded) {
                if (ExactEqual(excluded, value)) return false;
            }
            return true;
        case Matcher::Kind::kNumeric: {
            const auto number = AsNumber(value);
            if (!number) return false;
            for (const auto& [op, bound] : matcher.numeric) {
                const bool holds = op == Matcher::Op::kEqual         ? *number == bound
                                   : op == Matcher::Op::kLess        ? *number < bound
                                   : op == Matcher::Op::kLessOrEqual ? *number <= bound
                                   : op == Matcher::Op::kGreater     ? *number > bound
                                                                     : *number >= bound;
                if (!holds) return false;
            }
            return true;
        }
        case Matcher::Kind::kExists:
            return matcher.exists;
    }
    return false;
}

// The leaf values a field holds: itself, or the elements of an array (arrays of arrays flattened); objects are
// not leaves.
void CollectLeaves(const boost::json::value& value, std::vector<const boost::json::value*>& leaves) {
    if (value.is_array()) {
        for (const boost::json::value& element : value.get_array()) CollectLeaves(element, leaves);
    } else if (!value.is_object()) {
        leaves.push_back(&value);
    }
}

bool FieldValuesMatch(const std::vector<Matcher>& matchers, const boost::json::value* value) {
    std::vector<const boost::json::value*> leaves;
    if (value != nullptr) CollectLeaves(*value, leaves);
    for (const Matcher& matcher : matchers) {
        if (matcher.kind == Matcher::Kind::kExists) {
            if (matcher.exists != leaves.empty()) return true;
            continue;
        }
        for (const boost::json::value* leaf : leaves) {
            if (LeafMatches(matcher, *leaf)) return true;
        }
    }
    return false;
}

bool ObjectMatches(const Node& node, const boost::json::object* object);

bool NestedMatches(const Node& nested, const boost::json::value* value) {
    if (value != nullptr && value->is_array()) {
        // An array of objects: any element may match the nested pattern.
        for (const boost::json::value& element : value->get_array()) {
            if (element.is_object() && ObjectMatches(nested, &element.get_object())) return true;
        }
        return ObjectMatches(nested, nullptr);
    }
    return ObjectMatches(nested, value != nullptr && value->is_object() ? &value->get_object() : nullptr);
}

bool ObjectMatches(const Node& node, const boost::json::object* object) {
    for (const Node::Field& field : node.fields) {
        const boost::json::value* value = object != nullptr ? object->if_contains(field.name) : nullptr;
        const bool matches = field.nested ? NestedMatches(*field.nested, value) : FieldValuesMatch(field.values, value);
        if (!matches) return false;
    }
    for (const std::vector<Node>& alternatives : node.any_of) {
        bool any = false;
        for (const Node& alternative : alternatives) {
            if (ObjectMatches(alternative, object)) {
                any = true;
                break;
            }
        }
        if (!any) return false;
    }
    return true;
}

// --- compiling ---

Result<std::string> StringOperand(const boost::json::value& value, const std::string& pointer,
                                  std::string_view filter) {
    if (!value.is_string()) return PatternError(pointer, "\"" + std::string(filter) + "\" takes a string");
    return std::string(value.get_string());
}

Result<Matcher> CompileStringFilter(std::string_view key, const boost::json::value& operand, const std::string& pointer,
                                    bool allow_ignore_case_object) {
    Matcher matcher;
    if (key == "prefix") {
        matcher.kind = Matcher::Kind::kPrefix;
    } else if (key == "suffix") {
        matcher.kind = Matcher::Kind::kSuffix;
    } else if (key == "equals-ignore-case") {
        matcher.kind = Matcher::Kind::kEqualsIgnoreCase;
    } else {
        matcher.kind = Matcher::Kind::kWildcard;
    }
    if ((key == "prefix" || key == "suffix") && allow_ignore_case_object && operand.is_object()) {
        const auto& inner = operand.get_object();
        if (inner.size() != 1 || !inner.contains("equals-ignore-case")) {
            return PatternError(pointer,
                                "\"" + std::string(key) + "\" takes a string or {\"equals-ignore-case\": string}");
        }
        auto text = StringOperand(inner.at("equals-ignore-case"), pointer, "equals-ignore-case");
        if (!text) return text.error();
        matcher.text = std::move(*text);
        matcher.ignore_case = true;
        return matcher;
    }
    auto text = StringOperand(operand, pointer, key);
    if (!text) return text.error();
    matcher.text = std::move(*text);
    if (matcher.kind == Matcher::Kind::kWildcard) {
        for (std::size_t i = 0; i + 1 < matcher.text.size(); ++i) {
            if (matcher.text[i] == '\\') {
                ++i;  // an escaped character
            } else if (matcher.text[i] == '*' && matcher.text[i + 1] == '*') {
                return PatternError(pointer, "a wildcard may not hold consecutive '*' characters");
            }
        }
    }
    return matcher;
}

Result<Matcher> CompileNumeric(const boost::json::value& operand, const std::string& pointer) {
    if (!operand.is_array() || operand.get_array().empty() || operand.get_array().size() % 2 != 0) {
        return PatternError(pointer, "\"numeric\" takes pairs of an operator and a number, e.g. [\">\", 0, \"<=\", 5]");
    }
    Matcher matcher;
    matcher.kind = Matcher::Kind::kNumeric;
    std::optional<double> lower, upper;
    bool equal = false;
    const auto& items = operand.get_array();
    for (std::size_t i = 0; i < items.size(); i += 2) {
        const std::string here = pointer + "/numeric/" + std::to_string(i);
        if (!items[i].is_string()) return PatternError(here, "expected an operator (=, <, <=, >, >=)");
        const std::string_view op = items[i].get_string();
        const auto bound = AsNumber(items[i + 1]);
        if (!bound) {
            return PatternError(pointer + "/numeric/" + std::to_string(i + 1),
                                "expected a number after \"" + std::string(op) + "\", not " + Short(items[i + 1]));
        }
        Matcher::Op parsed = Matcher::Op::kEqual;
        if (op == "=") {
            parsed = Matcher::Op::kEqual;
            equal = true;
        } else if (op == "<" || op == "<=") {
            if (upper) return PatternError(here, "\"numeric\" has two upper bounds");
            parsed = op == "<" ? Matcher::Op::kLess : Matcher::Op::kLessOrEqual;
            upper = *bound;
        } else if (op == ">" || op == ">=") {
            if (lower) return PatternError(here, "\"numeric\" has two lower bounds");
            parsed = op == ">" ? Matcher::Op::kGreater : Matcher::Op::kGreaterOrEqual;
            lower = *bound;
        } else {
            return PatternError(here, "unknown numeric operator \"" + std::string(op) + "\" (=, <, <=, >, >=)");
        }
        matcher.numeric.emplace_back(parsed, *bound);
    }
    if (equal && matcher.numeric.size() > 1) return PatternError(pointer, "\"=\" must stand alone in \"numeric\"");
    if (lower && upper && *lower >= *upper) {
        return PatternError(pointer, "\"numeric\" range is empty: its lower bound is not below its upper bound");
    }
    return matcher;
}

Result<Matcher> CompileAnythingBut(const boost::json::value& operand, const std::string& pointer) {
    Matcher matcher;
    matcher.kind = Matcher::Kind::kAnythingBut;
    const std::string here = pointer + "/anything-but";
    if (operand.is_string() || operand.is_number()) {
        matcher.excluded.push_back(operand);
    } else if (operand.is_array()) {
        if (operand.get_array().empty()) return PatternError(here, "the list of values must not be empty");
        for (const boost::json::value& value : operand.get_array()) {
            if (!value.is_string() && !value.is_number()) {
                return PatternError(here, "takes strings or numbers, not " + Short(value));
            }
            matcher.excluded.push_back(value);
        }
    } else if (operand.is_object() && operand.get_object().size() == 1) {
        const auto& [key, inner] = *operand.get_object().begin();
        if (key != "prefix" && key != "suffix" && key != "equals-ignore-case" && key != "wildcard") {
            return PatternError(
                here, "unknown filter \"" + std::string(key) + "\" (prefix, suffix, equals-ignore-case or wildcard)");
        }
        auto inner_matcher = CompileStringFilter(key, inner, here, false);
        if (!inner_matcher) return inner_matcher.error();
        matcher.excluded_match = std::make_shared<const Matcher>(std::move(*inner_matcher));
    } else {
        return PatternError(here, "takes a string, a number, a list of them, or {\"prefix\": …}");
    }
    return matcher;
}

Result<Matcher> CompileMatcher(const boost::json::value& value, const std::string& pointer) {
    if (IsLeafValue(value)) {
        Matcher matcher;
        matcher.exact = value;
        return matcher;
    }
    if (value.is_array()) return PatternError(pointer, "a list of values may not hold another list");
    const auto& filter = value.get_object();
    if (filter.size() != 1) {
        return PatternError(pointer, "a filter is an object with exactly one key (prefix, suffix, anything-but, ...)");
    }
    const auto& [key, operand] = *filter.begin();
    if (key == "prefix" || key == "suffix" || key == "equals-ignore-case" || key == "wildcard") {
        return CompileStringFilter(key, operand, pointer, true);
    }
    if (key == "anything-but") return CompileAnythingBut(operand, pointer);
    if (key == "numeric") return CompileNumeric(operand, pointer);
    if (key == "exists") {
        if (!operand.is_bool()) return PatternError(pointer, "\"exists\" takes true or false");
        Matcher matcher;
        matcher.kind = Matcher::Kind::kExists;
        matcher.exists = operand.get_bool();
        return matcher;
    }
    return PatternError(pointer, "unknown filter \"" + std::string(key) +
                                     "\" (prefix, suffix, equals-ignore-case, anything-but, numeric, exists, "
                                     "wildcard)");
}

Result<Node> CompileNode(const boost::json::object& object, const std::string& pointer) {
    if (object.empty()) return PatternError(pointer, "an empty object matches nothing; name at least one field");
    Node node;
    for (const auto& [key_view, value] : object) {
        const std::string key(key_view);
        const std::string here = pointer + "/" + internal::EscapePointerToken(key);
        if (key == "$or") {
            if (!value.is_array() || value.get_array().size() < 2) {
                return PatternError(here, "\"$or\" takes a list of at least two patterns");
            }
            std::vector<Node> alternatives;
            for (std::size_t i = 0; i < value.get_array().size(); ++i) {
                const boost::json::value& alternative = value.get_array()[i];
                const std::string alternative_pointer = here + "/" + std::to_string(i);
                if (!alternative.is_object()) return PatternError(alternative_pointer, "expected an object");
                auto compiled = CompileNode(alternative.get_object(), alternative_pointer);
                if (!compiled) return compiled.error();
                alternatives.push_back(std::move(*compiled));
            }
            node.any_of.push_back(std::move(alternatives));
            continue;
        }
        Node::Field field;
        field.name = key;
        if (value.is_object()) {
            auto nested = CompileNode(value.get_object(), here);
            if (!nested) return nested.error();
            field.nested = std::make_shared<const Node>(std::move(*nested));
        } else if (value.is_array()) {
            if (value.get_array().empty()) return PatternError(here, "an empty list of values matches nothing");
            for (std::size_t i = 0; i < value.get_array().size(); ++i) {
                auto matcher = CompileMatcher(value.get_array()[i], here + "/" + std::to_string(i));
                if (!matcher) return matcher.error();
                field.values.push_back(std::move(*matcher));
            }
        } else {
            return PatternError(here, "values to match must be in a list, e.g. [" + Short(value) + "]");
        }
        node.fields.push_back(std::move(field));
    }
    return node;
}

}  // namespace

Result<Pattern> Pattern::Compile(std::string_view pattern_json) {
    auto parsed = internal::ParseJson(pattern_json, "event pattern");
    if (!parsed) return parsed.error();
    if (!parsed->is_object()) return PatternError("", "an event pattern must be a JSON object");
    auto root = CompileNode(parsed->get_object(), "");
    if (!root) return root.error();
    return Pattern(std::string(pattern_json), std::make_shared<const Node>(std::move(*root)));
}

bool Pattern::Matches(const Event& event) const { return internal::MatchesValue(*this, internal::EventToJson(event)); }

Result<bool> Pattern::MatchesJson(std::string_view event_json) const {
    auto parsed = internal::ParseJson(event_json, "event");
    if (!parsed) return parsed.error();
    return internal::MatchesValue(*this, *parsed);
}

namespace internal {

bool MatchesValue(const Pattern& pattern, const boost::json::value& event) {
    return ObjectMatches(pattern.root(), event.is_object() ? &event.get_object() : nullptr);
}

}  // namespace internal

}  // namespace ly::events
