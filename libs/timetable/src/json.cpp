#include "ly/timetable/json.hpp"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace ly::timetable {

namespace json = boost::json;

namespace {

double Round3(double value) { return std::round(value * 1000.0) / 1000.0; }

// Boost.JSON writes doubles as "9.65E-1"; people and diffs read "0.965".
std::string FormatNumber(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", value);
    std::string text = buffer;
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text == "-0" ? "0" : text;
}

// Writes JSON; indent < 0 writes it on one line. Pretty output puts each
// element of an array (a time block) on one line: compact and easy to diff.
void Write(std::ostringstream& out, const json::value& value, int indent) {
    const bool pretty = indent >= 0;
    const std::string pad(pretty ? static_cast<std::size_t>(indent) * 2 : 0, ' ');
    const std::string inner(pretty ? static_cast<std::size_t>(indent + 1) * 2 : 0, ' ');
    switch (value.kind()) {
        case json::kind::object: {
            const auto& object = value.get_object();
            if (object.empty()) {
                out << "{}";
                return;
            }
            out << (pretty ? "{\n" : "{");
            bool first = true;
            for (const auto& item : object) {
                if (!first) out << (pretty ? ",\n" : ",");
                first = false;
                out << inner << json::serialize(json::string(item.key())) << (pretty ? ": " : ":");
                Write(out, item.value(), pretty ? indent + 1 : -1);
            }
            out << (pretty ? "\n" + pad + "}" : "}");
            return;
        }
        case json::kind::array: {
            const auto& array = value.get_array();
            if (array.empty()) {
                out << "[]";
                return;
            }
            out << (pretty ? "[\n" : "[");
            for (std::size_t i = 0; i < array.size(); ++i) {
                out << inner;
                Write(out, array[i], -1);
                if (i + 1 < array.size()) out << ",";
                if (pretty) out << "\n";
            }
            out << pad << "]";
            return;
        }
        case json::kind::double_:
            out << FormatNumber(value.get_double());
            return;
        default:
            out << json::serialize(value);
    }
}

const json::value* Field(const json::object& object, std::string_view key) { return object.if_contains(key); }

std::string StringField(const json::object& object, std::string_view key) {
    const json::value* value = Field(object, key);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

std::string ToJson(const Timetable& timetable, bool pretty) {
    json::object source{{"filename", timetable.source.filename},
                        {"sha256", timetable.source.sha256},
                        {"type", timetable.source.type},
                        {"pages", timetable.source.pages}};
    json::object metadata;
    const Metadata& m = timetable.metadata;
    for (const auto& [key, value] : {std::pair{"title", &m.title},
                                     {"school", &m.school},
                                     {"class", &m.class_name},
                                     {"teacher", &m.teacher},
                                     {"term", &m.term},
                                     {"week", &m.week}}) {
        if (!value->empty()) metadata[key] = *value;
    }
    json::array blocks;
    for (const Timeblock& block : timetable.blocks) {
        json::object item{{"day", DayName(block.day)},
                          {"start", FormatTime(block.start)},
                          {"end", block.end ? json::value(FormatTime(*block.end)) : json::value(nullptr)},
                          {"name", block.name},
                          {"notes", block.notes},
                          {"confidence", Round3(block.confidence)}};
        blocks.emplace_back(std::move(item));
    }
    json::array warnings;
    for (const std::string& warning : timetable.warnings) warnings.emplace_back(warning);
    json::object root{{"schema", kSchemaV1},
                      {"source", std::move(source)},
                      {"metadata", std::move(metadata)},
                      {"timeblocks", std::move(blocks)},
                      {"confidence", Round3(timetable.confidence)},
                      {"route", timetable.route},
                      {"warnings", std::move(warnings)}};
    std::ostringstream out;
    Write(out, root, pretty ? 0 : -1);
    if (pretty) out << "\n";
    return out.str();
}

Result<Timetable> FromJson(std::string_view text) {
    boost::system::error_code ec;
    json::value root = json::parse(text, ec);
    if (ec) return MakeError(ErrorCode::kInvalidArgument, "not valid JSON: " + ec.message());
    if (!root.is_object()) return MakeError(ErrorCode::kInvalidArgument, "timetable JSON must be an object");
    const json::object& object = root.get_object();
    if (StringField(object, "schema") != kSchemaV1) {
        return MakeError(ErrorCode::kInvalidArgument, "schema must be \"timetable/v1\"");
    }
    Timetable timetable;
    if (const auto* source = Field(object, "source"); source && source->is_object()) {
        const auto& s = source->get_object();
        timetable.source.filename = StringField(s, "filename");
        timetable.source.sha256 = StringField(s, "sha256");
        timetable.source.type = StringField(s, "type");
        if (const auto* pages = Field(s, "pages"); pages && pages->is_int64()) {
            timetable.source.pages = static_cast<int>(pages->get_int64());
        }
    }
    if (const auto* metadata = Field(object, "metadata"); metadata && metadata->is_object()) {
        const auto& md = metadata->get_object();
        timetable.metadata = Metadata{StringField(md, "title"),   StringField(md, "school"), StringField(md, "class"),
                                      StringField(md, "teacher"), StringField(md, "term"),   StringField(md, "week")};
    }
    const auto* blocks = Field(object, "timeblocks");
    if (!blocks || !blocks->is_array()) return MakeError(ErrorCode::kInvalidArgument, "timeblocks must be an array");
    std::size_t index = 0;
    for (const json::value& item : blocks->get_array()) {
        const std::string where = "timeblocks[" + std::to_string(index++) + "]";
        if (!item.is_object()) return MakeError(ErrorCode::kInvalidArgument, where + " must be an object");
        const auto& b = item.get_object();
        Timeblock block;
        auto day = DayFromName(StringField(b, "day"));
        if (!day) return MakeError(ErrorCode::kInvalidArgument, where + ".day must be monday … sunday");
        block.day = *day;
        auto start = ParseHhMm(StringField(b, "start"));
        if (!start) return MakeError(ErrorCode::kInvalidArgument, where + ".start must be HH:MM");
        block.start = *start;
        if (const auto* end = Field(b, "end"); end && !end->is_null()) {
            auto parsed = end->is_string() ? ParseHhMm(end->get_string()) : std::nullopt;
            if (!parsed) return MakeError(ErrorCode::kInvalidArgument, where + ".end must be HH:MM or null");
            block.end = *parsed;
        }
        block.name = StringField(b, "name");
        if (block.name.empty()) return MakeError(ErrorCode::kInvalidArgument, where + ".name must not be empty");
        block.notes = StringField(b, "notes");
        if (const auto* confidence = Field(b, "confidence"); confidence && confidence->is_number()) {
            block.confidence = confidence->to_number<double>();
        }
        timetable.blocks.push_back(std::move(block));
    }
    if (const auto* confidence = Field(object, "confidence"); confidence && confidence->is_number()) {
        timetable.confidence = confidence->to_number<double>();
    }
    timetable.route = StringField(object, "route");
    if (const auto* warnings = Field(object, "warnings"); warnings && warnings->is_array()) {
        for (const auto& warning : warnings->get_array()) {
            if (warning.is_string()) timetable.warnings.emplace_back(warning.get_string());
        }
    }
    return timetable;
}

}  // namespace ly::timetable
