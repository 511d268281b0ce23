#include "json_path.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace ly::workflow {
namespace json = boost::json;
namespace {

Error PathError(std::string_view text, std::string_view why) {
    return MakeError(ErrorCode::kInvalidArgument, "invalid path \"" + std::string(text) + "\": " + std::string(why));
}

bool ParseInt(std::string_view text, std::int64_t& out) {
    if (text.empty()) return false;
    std::size_t i = 0;
    bool negative = false;
    if (text[0] == '-') {
        negative = true;
        i = 1;
    }
    if (i == text.size()) return false;
    std::int64_t value = 0;
    for (; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
        value = value * 10 + (text[i] - '0');
        if (value > 1'000'000'000'000LL) return false;
    }
    out = negative ? -value : value;
    return true;
}

std::string Trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return std::string(text);
}

void Descend(const json::value& value, const PathSegment& segment, std::vector<const json::value*>& out) {
    if (const auto* object = value.if_object()) {
        for (const auto& member : *object) {
            if (segment.kind == PathSegment::Kind::kDescendWildcard || member.key() == segment.field) {
                out.push_back(&member.value());
            }
            Descend(member.value(), segment, out);
        }
    } else if (const auto* array = value.if_array()) {
        for (const auto& element : *array) {
            if (segment.kind == PathSegment::Kind::kDescendWildcard) out.push_back(&element);
            Descend(element, segment, out);
        }
    }
}

std::int64_t Days(int year, unsigned month, unsigned day) {  // days since 1970-01-01 (civil calendar)
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

bool JsonPath::IsReference() const {
    for (const auto& segment : segments) {
        if (segment.kind != PathSegment::Kind::kField && segment.kind != PathSegment::Kind::kIndex) return false;
    }
    return true;
}

Result<JsonPath> ParsePath(std::string_view text) {
    JsonPath path;
    std::size_t i = 0;
    if (text.substr(0, 2) == "$$") {
        path.context = true;
        i = 2;
    } else if (text.substr(0, 1) == "$") {
        i = 1;
    } else {
        return PathError(text, "a path starts with $");
    }
    while (i < text.size()) {
        PathSegment segment;
        if (text[i] == '.') {
            bool descend = i + 1 < text.size() && text[i + 1] == '.';
            i += descend ? 2 : 1;
            std::size_t end = i;
            while (end < text.size() && text[end] != '.' && text[end] != '[') ++end;
            std::string name(text.substr(i, end - i));
            if (name.empty()) return PathError(text, "a '.' must be followed by a field name");
            if (name == "*") {
                segment.kind = descend ? PathSegment::Kind::kDescendWildcard : PathSegment::Kind::kWildcard;
            } else {
                for (char c : name) {
                    if (c == ' ' || c == ']' || c == '(' || c == ')' || c == ',' || c == '\'' || c == '"') {
                        return PathError(text, "field name \"" + name + "\" holds '" + std::string(1, c) +
                                                   "'; write ['" + name + "'] instead");
                    }
                }
                segment.kind = descend ? PathSegment::Kind::kDescendField : PathSegment::Kind::kField;
                segment.field = std::move(name);
            }
            i = end;
        } else if (text[i] == '[') {
            ++i;
            if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
                const char quote = text[i++];
                std::string name;
                while (i < text.size() && text[i] != quote) {
                    if (text[i] == '\\' && i + 1 < text.size()) ++i;
                    name += text[i++];
                }
                if (i + 1 >= text.size() || text[i + 1] != ']') return PathError(text, "unclosed ['…']");
                i += 2;
                segment.kind = PathSegment::Kind::kField;
                segment.field = std::move(name);
            } else {
                std::size_t close = text.find(']', i);
                if (close == std::string_view::npos) return PathError(text, "unclosed [");
                std::string inside = Trim(text.substr(i, close - i));
                i = close + 1;
                if (inside == "*") {
                    segment.kind = PathSegment::Kind::kWildcard;
                } else if (inside.find(':') != std::string::npos) {
                    segment.kind = PathSegment::Kind::kSlice;
                    std::size_t colon = inside.find(':');
                    std::string start = Trim(inside.substr(0, colon));
                    std::string end = Trim(inside.substr(colon + 1));
                    if (end.find(':') != std::string::npos) return PathError(text, "slice steps are not supported");
                    std::int64_t value = 0;
                    if (!start.empty()) {
                        if (!ParseInt(start, value)) return PathError(text, "slice start is not an integer");
                        segment.slice_start = value;
                    }
                    if (!end.empty()) {
                        if (!ParseInt(end, value)) return PathError(text, "slice end is not an integer");
                        segment.slice_end = value;
                    }
                } else if (inside.find(',') != std::string::npos) {
                    segment.kind = PathSegment::Kind::kUnion;
                    std::size_t start = 0;
                    while (start <= inside.size()) {
                        std::size_t comma = inside.find(',', start);
                        if (comma == std::string::npos) comma = inside.size();
                        std::int64_t value = 0;
                        if (!ParseInt(Trim(inside.substr(start, comma - start)), value)) {
                            return PathError(text, "[a,b] takes integer indices");
                        }
                        segment.indices.push_back(value);
                        start = comma + 1;
                    }
                } else if (!inside.empty() && inside[0] == '?') {
                    return PathError(text, "filter expressions [?(…)] are not supported");
                } else {
                    if (!ParseInt(inside, segment.index) || segment.index < 0) {
                        return PathError(text, "[" + inside + "] is not an array index");
                    }
                    segment.kind = PathSegment::Kind::kIndex;
                }
            }
        } else {
            return PathError(text, "unexpected '" + std::string(1, text[i]) + "'");
        }
        path.segments.push_back(std::move(segment));
    }
    return path;
}

std::optional<json::value> FindPath(const JsonPath& path, const json::value& input, const json::value& context) {
    std::vector<const json::value*> current{path.context ? &context : &input};
    for (const auto& segment : path.segments) {
        std::vector<const json::value*> next;
        for (const json::value* value : current) {
            switch (segment.kind) {
                case PathSegment::Kind::kField:
                    if (const auto* object = value->if_object()) {
                        if (const auto* found = object->if_contains(segment.field)) next.push_back(found);
                    }
                    break;
                case PathSegment::Kind::kIndex:
                    if (const auto* array = value->if_array()) {
                        if (segment.index < static_cast<std::int64_t>(array->size())) {
                            next.push_back(&(*array)[static_cast<std::size_t>(segment.index)]);
                        }
                    }
                    break;
                case PathSegment::Kind::kWildcard:
                    if (const auto* object = value->if_object()) {
                        for (const auto& member : *object) next.push_back(&member.value());
                    } else if (const auto* array = value->if_array()) {
                        for (const auto& element : *array) next.push_back(&element);
                    }
                    break;
                case PathSegment::Kind::kDescendField:
                case PathSegment::Kind::kDescendWildcard:
                    Descend(*value, segment, next);
                    break;
                case PathSegment::Kind::kSlice:
                    if (const auto* array = value->if_array()) {
                        const auto size = static_cast<std::int64_t>(array->size());
                        auto clamp = [size](std::int64_t at) {
                            if (at < 0) at += size;
                            return std::max<std::int64_t>(0, std::min(at, size));
                        };
                        const std::int64_t start = clamp(segment.slice_start.value_or(0));
                        const std::int64_t end = clamp(segment.slice_end.value_or(size));
                        for (std::int64_t at = start; at < end; ++at) {
                            next.push_back(&(*array)[static_cast<std::size_t>(at)]);
                        }
                    }
                    break;
                case PathSegment::Kind::kUnion:
                    if (const auto* array = value->if_array()) {
                        for (std::int64_t at : segment.indices) {
                            if (at < 0) at += static_cast<std::int64_t>(array->size());
                            if (at >= 0 && at < static_cast<std::int64_t>(array->size())) {
                                next.push_back(&(*array)[static_cast<std::size_t>(at)]);
                            }
                        }
                    }
                    break;
            }
        }
        current = std::move(next);
    }
    if (path.IsReference()) {
        if (current.empty()) return std::nullopt;
        return *current.front();
    }
    json::array matches;
    for (const json::value* value : current) matches.push_back(*value);
    return json::value(std::move(matches));
}

Result<json::value> SelectPath(std::string_view text, const json::value& input, const json::value& context) {
    auto path = ParsePath(text);
    if (!path) return path.error();
    auto found = FindPath(*path, input, context);
    if (!found) {
        return MakeError(ErrorCode::kNotFound, "path \"" + std::string(text) + "\" matches nothing in the " +
                                                   (path->context ? "context object" : "input"));
    }
    return std::move(*found);
}

Status PutAtPath(std::string_view text, json::value& input, json::value result) {
    auto path = ParsePath(text);
    if (!path) return path.error();
    if (path->context || !path->IsReference()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "ResultPath \"" + std::string(text) + "\" must be a reference path into the input");
    }
    json::value* at = &input;
    for (const auto& segment : path->segments) {
        if (segment.kind == PathSegment::Kind::kField) {
            if (!at->is_object()) {
                if (!at->is_null()) {
                    return MakeError(ErrorCode::kInvalidArgument, "ResultPath \"" + std::string(text) +
                                                                      "\" runs into a value that is not an object");
                }
                *at = json::object();
            }
            at = &at->as_object()[segment.field];
        } else {
            auto* array = at->if_array();
            if (!array || segment.index >= static_cast<std::int64_t>(array->size())) {
                return MakeError(ErrorCode::kInvalidArgument,
                                 "ResultPath \"" + std::string(text) + "\" names an array element that does not exist");
            }
            at = &(*array)[static_cast<std::size_t>(segment.index)];
        }
    }
    *at = std::move(result);
    return Ok{};
}

std::optional<std::int64_t> ParseTimestampNanos(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
    auto digits = [&](std::size_t at, std::size_t count, int& out) {
        if (at + count > text.size()) return false;
        out = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!digits(0, 4, year) || text.size() < 20 || text[4] != '-' || !digits(5, 2, month) || text[7] != '-' ||
        !digits(8, 2, day) || (text[10] != 'T' && text[10] != 't') || !digits(11, 2, hour) || text[13] != ':' ||
        !digits(14, 2, minute) || text[16] != ':' || !digits(17, 2, second)) {
        return std::nullopt;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    std::size_t i = 19;
    std::int64_t nanos = 0;
    if (i < text.size() && text[i] == '.') {
        ++i;
        std::int64_t scale = 100'000'000;
        std::size_t start = i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            nanos += (text[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == start) return std::nullopt;
    }
    std::int64_t offset_seconds = 0;
    if (i < text.size() && (text[i] == 'Z' || text[i] == 'z')) {
        ++i;
    } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        int offset_hour = 0, offset_minute = 0;
        if (!digits(i + 1, 2, offset_hour) || i + 3 >= text.size() || text[i + 3] != ':' ||
            !digits(i + 4, 2, offset_minute)) {
            return std::nullopt;
        }
        offset_seconds = (offset_hour * 3600 + offset_minute * 60) * (text[i] == '+' ? 1 : -1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != text.size()) return std::nullopt;
    const std::int64_t seconds = Days(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                                 hour * 3600 + minute * 60 + second - offset_seconds;
    return seconds * 1'000'000'000 + nanos;
}

std::string FormatTimestampMillis(std::int64_t unix_ms) {
    std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                  parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(unix_ms % 1000));
    return text;
}

}  // namespace ly::workflow
