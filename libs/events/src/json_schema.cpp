#include "ly/events/json_schema.hpp"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <regex>
#include <set>

#include "event_json.hpp"
#include "json_schema_internal.hpp"

namespace ly::events {

struct JsonSchema::Node {
    std::vector<std::string> types;                                               // empty: any type
    std::vector<std::pair<std::string, std::shared_ptr<const Node>>> properties;  // a pointer: Node is incomplete here
    std::vector<std::string> required;
    bool additional_properties = true;
    std::optional<std::vector<boost::json::value>> enum_values;
    std::optional<boost::json::value> const_value;
    std::optional<std::regex> pattern;
    std::string pattern_text;
    std::optional<std::uint64_t> min_length, max_length, min_items;
    std::optional<double> minimum, maximum;
    std::shared_ptr<Node> items;
    bool date_time = false;
};

namespace internal {
namespace {

using Node = JsonSchema::Node;

bool HasType(const boost::json::value& value, std::string_view type) {
    if (type == "null") return value.is_null();
    if (type == "boolean") return value.is_bool();
    if (type == "object") return value.is_object();
    if (type == "array") return value.is_array();
    if (type == "string") return value.is_string();
    if (type == "number") return value.is_number();
    if (type == "integer") {
        if (value.is_int64() || value.is_uint64()) return true;
        return value.is_double() && std::isfinite(value.get_double()) &&
               std::floor(value.get_double()) == value.get_double();
    }
    return false;
}

std::string JsonTypeName(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::null:
            return "null";
        case boost::json::kind::bool_:
            return "boolean";
        case boost::json::kind::object:
            return "object";
        case boost::json::kind::array:
            return "array";
        case boost::json::kind::string:
            return "string";
        default:
            return HasType(value, "integer") ? "integer" : "number";
    }
}

std::uint64_t CodePoints(std::string_view text) {
    std::uint64_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

// --- compiling ---

Error SchemaError(const std::string& pointer, const std::string& message) {
    return MakeError(ErrorCode::kInvalidArgument, "schema " + (pointer.empty() ? "/" : pointer) + ": " + message);
}

Result<std::uint64_t> NonNegative(const boost::json::value& value, const std::string& pointer, std::string_view key) {
    if (value.is_uint64()) return value.get_uint64();
    if (value.is_int64() && value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
    return SchemaError(pointer, "\"" + std::string(key) + "\" must be a non-negative integer");
}

Result<Node> CompileNode(const boost::json::value& schema, const std::string& pointer) {
    static const std::set<std::string_view> kKnownTypes = {"null",   "boolean", "object", "array",
                                                           "string", "number",  "integer"};
    // Annotations only: accepted and ignored.
    static const std::set<std::string_view> kAnnotations = {"$schema",     "$id",      "$comment", "title",
                                                            "description", "examples", "default"};
    if (!schema.is_object()) return SchemaError(pointer, "a schema must be a JSON object");
    Node node;
    for (const auto& [key_view, value] : schema.get_object()) {
        const std::string key(key_view);
        const std::string here = pointer + "/" + EscapePointerToken(key);
        if (kAnnotations.contains(key)) continue;
        if (key == "type") {
            std::vector<boost::json::value> names;
            if (value.is_string()) {
                names.push_back(value);
            } else if (value.is_array() && !value.get_array().empty()) {
                names.assign(value.get_array().begin(), value.get_array().end());
            } else {
                return SchemaError(pointer, "\"type\" must be a type name or a non-empty array of them");
            }
            for (const boost::json::value& name : names) {
                if (!name.is_string() || !kKnownTypes.contains(name.get_string())) {
                    return SchemaError(pointer, "unknown type " + Short(name));
                }
                node.types.emplace_back(name.get_string());
            }
        } else if (key == "properties") {
            if (!value.is_object()) return SchemaError(pointer, "\"properties\" must be an object");
            for (const auto& [name, sub] : value.get_object()) {
                auto compiled = CompileNode(sub, here + "/" + EscapePointerToken(name));
                if (!compiled) return compiled.error();
                node.properties.emplace_back(std::string(name), std::make_shared<const Node>(std::move(*compiled)));
            }
        } else if (key == "required") {
            if (!value.is_array()) return SchemaError(pointer, "\"required\" must be an array of names");
            for (const boost::json::value& name : value.get_array()) {
                if (!name.is_string()) return SchemaError(pointer, "\"required\" must be an array of names");
                node.required.emplace_back(name.get_string());
            }
        } else if (key == "additionalProperties") {
            // Only the boolean form: a schema here would be a keyword we do not check.
            if (!value.is_bool()) return SchemaError(pointer, "\"additionalProperties\" must be true or false");
            node.additional_properties = value.get_bool();
        } else if (key == "enum") {
            if (!value.is_array() || value.get_array().empty()) {
                return SchemaError(pointer, "\"enum\" must be a non-empty array");
            }
            node.enum_values.emplace(value.get_array().begin(), value.get_array().end());
        } else if (key == "const") {
            node.const_value = value;
        } else if (key == "pattern") {
            if (!value.is_string()) return SchemaError(pointer, "\"pattern\" must be a string");
            node.pattern_text = std::string(value.get_string());
            try {
                node.pattern.emplace(node.pattern_text, std::regex::ECMAScript);
            } catch (const std::regex_error& error) {
                return SchemaError(pointer, "\"pattern\" is not a valid regular expression: " + node.pattern_text);
            }
        } else if (key == "minLength" || key == "maxLength" || key == "minItems") {
            auto count = NonNegative(value, pointer, key);
            if (!count) return count.error();
            (key == "minLength" ? node.min_length : key == "maxLength" ? node.max_length : node.min_items) = *count;
        } else if (key == "minimum" || key == "maximum") {
            const auto number = AsNumber(value);
            if (!number) return SchemaError(pointer, "\"" + key + "\" must be a number");
            (key == "minimum" ? node.minimum : node.maximum) = *number;
        } else if (key == "items") {
            auto compiled = CompileNode(value, here);
            if (!compiled) return compiled.error();
            node.items = std::make_shared<Node>(std::move(*compiled));
        } else if (key == "format") {
            if (!value.is_string() || value.get_string() != "date-time") {
                return SchemaError(pointer, "only \"format\": \"date-time\" is supported");
            }
            node.date_time = true;
        } else {
            return SchemaError(pointer, "unsupported keyword \"" + key + "\"");
        }
    }
    return node;
}

}  // namespace

std::string EscapePointerToken(std::string_view token) {
    std::string escaped;
    for (const char c : token) {
        if (c == '~') {
            escaped += "~0";
        } else if (c == '/') {
            escaped += "~1";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

bool JsonEqual(const boost::json::value& a, const boost::json::value& b) {
    if (a.is_number() && b.is_number()) return AsNumber(a) == AsNumber(b);
    if (a.is_array() && b.is_array()) {
        const auto& x = a.get_array();
        const auto& y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!JsonEqual(x[i], y[i])) return false;
        }
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto& x = a.get_object();
        const auto& y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& [key, value] : x) {
            const boost::json::value* other = y.if_contains(key);
            if (other == nullptr || !JsonEqual(value, *other)) return false;
        }
        return true;
    }
    return a == b;
}

void CollectViolations(const Node& schema, const boost::json::value& instance, const std::string& pointer,
                       std::vector<std::string>& violations) {
    const std::string where = pointer.empty() ? "/" : pointer;
    auto violation = [&](const std::string& message) { violations.push_back(where + ": " + message); };

    if (!schema.types.empty()) {
        bool matches = false;
        for (const std::string& type : schema.types) matches = matches || HasType(instance, type);
        if (!matches) {
            std::string expected;
            for (const std::string& type : schema.types) expected += (expected.empty() ? "" : " or ") + type;
            violation("must be " + expected + ", not " + JsonTypeName(instance));
            return;  // the other keywords would only repeat the same mistake
        }
    }
    if (schema.const_value && !JsonEqual(instance, *schema.const_value)) {
        violation("must be " + Short(*schema.const_value) + ", not " + Short(instance));
    }
    if (schema.enum_values) {
        bool found = false;
        for (const boost::json::value& allowed : *schema.enum_values) found = found || JsonEqual(instance, allowed);
        if (!found) {
            std::string allowed_list;
            for (const boost::json::value& allowed : *schema.enum_values) {
                allowed_list += (allowed_list.empty() ? "" : ", ") + Short(allowed);
            }
            violation(Short(instance) + " is not one of " + allowed_list);
        }
    }
    if (instance.is_string()) {
        const std::string_view text = instance.get_string();
        const std::uint64_t length = CodePoints(text);
        if (schema.min_length && length < *schema.min_length) {
            violation("is shorter than " + std::to_string(*schema.min_length) + " characters");
        }
        if (schema.max_length && length > *schema.max_length) {
            violation("is longer than " + std::to_string(*schema.max_length) + " characters");
        }
        if (schema.pattern && !std::regex_search(text.begin(), text.end(), *schema.pattern)) {
            violation(Short(instance) + " does not match the pattern " + schema.pattern_text);
        }
        if (schema.date_time && !ParseRfc3339(text)) violation(Short(instance) + " is not an RFC 3339 date-time");
    }
    if (const auto number = AsNumber(instance)) {
        if (schema.minimum && *number < *schema.minimum) {
            violation(Short(instance) + " is less than the minimum " + FormatNumber(*schema.minimum));
        }
        if (schema.maximum && *number > *schema.maximum) {
            violation(Short(instance) + " is greater than the maximum " + FormatNumber(*schema.maximum));
        }
    }
    if (instance.is_object()) {
        const boost::json::object& object = instance.get_object();
        for (const std::string& name : schema.required) {
            if (!object.contains(name)) violation("missing required property \"" + name + "\"");
        }
        for (const auto& [name, value] : object) {
            const std::string child = pointer + "/" + EscapePointerToken(name);
            const Node* property = nullptr;
            for (const auto& [known, sub] : schema.properties) {
                if (known == name) property = sub.get();
            }
            if (property != nullptr) {
                CollectViolations(*property, value, child, violations);
            } else if (!schema.additional_properties) {
                violations.push_back(child + ": property not allowed here");
            }
        }
    }
    if (instance.is_array()) {
        const boost::json::array& array = instance.get_array();
        if (schema.min_items && array.size() < *schema.min_items) {
            violation("has fewer than " + std::to_string(*schema.min_items) + " items");
        }
        if (schema.items) {
            for (std::size_t i = 0; i < array.size(); ++i) {
                CollectViolations(*schema.items, array[i], pointer + "/" + std::to_string(i), violations);
            }
        }
    }
}

Status ValidateValue(const JsonSchema& schema, const boost::json::value& instance) {
    std::vector<std::string> violations;
    CollectViolations(schema.root(), instance, "", violations);
    if (violations.empty()) return Ok{};
    std::string message;
    for (const std::string& line : violations) message += (message.empty() ? "" : "; ") + line;
    return MakeError(ErrorCode::kInvalidArgument, message);
}

}  // namespace internal

Result<JsonSchema> JsonSchema::Compile(std::string_view schema_json) {
    auto parsed = internal::ParseJson(schema_json, "schema");
    if (!parsed) return parsed.error();
    auto root = internal::CompileNode(*parsed, "");
    if (!root) return root.error();
    return JsonSchema(std::make_shared<const Node>(std::move(*root)));
}

Status JsonSchema::Validate(std::string_view instance_json) const {
    auto parsed = internal::ParseJson(instance_json, "the document");
    if (!parsed) return parsed.error();
    return internal::ValidateValue(*this, *parsed);
}

}  // namespace ly::events
