#include "ly/events/json_schema.hpp"

#include <gtest/gtest.h>

namespace ly::events {
namespace {

JsonSchema MustCompile(std::string_view text) {
    auto schema = JsonSchema::Compile(text);
    EXPECT_TRUE(schema.ok()) << schema.error().message;
    return std::move(schema).value();
}

// The violation message, or "" when the instance is valid.
std::string Violations(const JsonSchema& schema, std::string_view instance) {
    auto checked = schema.Validate(instance);
    return checked.ok() ? "" : checked.error().message;
}

TEST(JsonSchema, Type) {
    auto schema = MustCompile(R"({"type":"string"})");
    EXPECT_EQ(Violations(schema, R"("x")"), "");
    EXPECT_EQ(Violations(schema, "3"), "/: must be string, not integer");
    auto integer = MustCompile(R"({"type":"integer"})");
    EXPECT_EQ(Violations(integer, "3"), "");
    EXPECT_EQ(Violations(integer, "3.0"), "");  // an integer by value, as draft 2020-12 says
    EXPECT_EQ(Violations(integer, "3.5"), "/: must be integer, not number");
    auto number = MustCompile(R"({"type":"number"})");
    EXPECT_EQ(Violations(number, "3"), "");
    EXPECT_EQ(Violations(number, "null"), "/: must be number, not null");
}

TEST(JsonSchema, TypeArray) {
    auto schema = MustCompile(R"({"type":["string","null"]})");
    EXPECT_EQ(Violations(schema, "null"), "");
    EXPECT_EQ(Violations(schema, R"("a")"), "");
    EXPECT_EQ(Violations(schema, "true"), "/: must be string or null, not boolean");
}

TEST(JsonSchema, PropertiesRequiredAndAdditionalProperties) {
    auto schema = MustCompile(R"({"type":"object","properties":{"a":{"type":"string"},"b/c":{"type":"integer"}},
                                  "required":["a"],"additionalProperties":false})");
    EXPECT_EQ(Violations(schema, R"({"a":"x","b/c":1})"), "");
    EXPECT_EQ(Violations(schema, R"({"b/c":1})"), "/: missing required property \"a\"");
    EXPECT_EQ(Violations(schema, R"({"a":"x","b/c":"1"})"), "/b~1c: must be integer, not string");
    EXPECT_EQ(Violations(schema, R"({"a":"x","z~":1})"), "/z~0: property not allowed here");
    auto open = MustCompile(R"({"properties":{"a":{"type":"string"}}})");
    EXPECT_EQ(Violations(open, R"({"z":1})"), "");
}

TEST(JsonSchema, EveryViolationIsListed) {
    auto schema = MustCompile(R"({"properties":{"a":{"type":"string"},"b":{"minimum":0}},"required":["c"]})");
    EXPECT_EQ(Violations(schema, R"({"a":1,"b":-1})"),
              "/: missing required property \"c\"; /a: must be string, not integer; /b: -1 is less than the minimum 0");
}

TEST(JsonSchema, EnumAndConst) {
    auto schema = MustCompile(R"({"properties":{"r":{"enum":["llm","review",1]},"v":{"const":"0"}}})");
    EXPECT_EQ(Violations(schema, R"({"r":"llm","v":"0"})"), "");
    EXPECT_EQ(Violations(schema, R"({"r":1.0})"), "");  // numbers by value
    EXPECT_EQ(Violations(schema, R"({"r":"LLM"})"), R"(/r: "LLM" is not one of "llm", "review", 1)");
    EXPECT_EQ(Violations(schema, R"({"v":0})"), R"(/v: must be "0", not 0)");
}

TEST(JsonSchema, PatternAndLengths) {
    auto schema = MustCompile(R"({"type":"string","pattern":"^[a-f0-9]+$","minLength":2,"maxLength":4})");
    EXPECT_EQ(Violations(schema, R"("abc")"), "");
    EXPECT_EQ(Violations(schema, R"("a")"), "/: is shorter than 2 characters");
    EXPECT_EQ(Violations(schema, R"("abcde")"), "/: is longer than 4 characters");
    EXPECT_EQ(Violations(schema, R"("xyz")"), R"(/: "xyz" does not match the pattern ^[a-f0-9]+$)");
    // Lengths count characters, not bytes: "é" is one.
    auto two = MustCompile(R"({"maxLength":2})");
    EXPECT_EQ(Violations(two, "\"\xc3\xa9\xc3\xa9\""), "");
    // Unanchored, as in JSON Schema.
    auto digit = MustCompile(R"({"pattern":"[0-9]"})");
    EXPECT_EQ(Violations(digit, R"("ab3")"), "");
}

TEST(JsonSchema, MinimumAndMaximum) {
    auto schema = MustCompile(R"({"minimum":0,"maximum":1})");
    EXPECT_EQ(Violations(schema, "0"), "");
    EXPECT_EQ(Violations(schema, "1"), "");
    EXPECT_EQ(Violations(schema, "0.5"), "");
    EXPECT_EQ(Violations(schema, "1.5"), "/: 1.5 is greater than the maximum 1");
    EXPECT_NE(Violations(schema, "-1").find("less than the minimum"), std::string::npos);
    EXPECT_EQ(Violations(schema, R"("2")"), "");  // applies to numbers only
}

TEST(JsonSchema, ItemsAndMinItems) {
    auto schema = MustCompile(R"({"type":"array","items":{"type":"string","minLength":1},"minItems":1})");
    EXPECT_EQ(Violations(schema, R"(["a","b"])"), "");
    EXPECT_EQ(Violations(schema, "[]"), "/: has fewer than 1 items");
    EXPECT_EQ(Violations(schema, R"(["a",2,""])"), "/1: must be string, not integer; /2: is shorter than 1 characters");
}

TEST(JsonSchema, NestedPointers) {
    auto schema = MustCompile(
        R"({"properties":{"detail":{"properties":{"pages":{"items":{"properties":{"n":{"type":"integer"}}}}}}}})");
    EXPECT_EQ(Violations(schema, R"({"detail":{"pages":[{"n":1},{"n":"x"}]}})"),
              "/detail/pages/1/n: must be integer, not string");
}

TEST(JsonSchema, DateTimeFormat) {
    auto schema = MustCompile(R"({"type":"string","format":"date-time"})");
    EXPECT_EQ(Violations(schema, R"("2026-11-28T19:42:48Z")"), "");
    EXPECT_EQ(Violations(schema, R"("2026-11-28T19:42:48.5+01:00")"), "");
    EXPECT_EQ(Violations(schema, R"("2026-11-31T00:00:00Z")"),
              R"(/: "2026-11-31T00:00:00Z" is not an RFC 3339 date-time)");
    EXPECT_NE(Violations(schema, R"("tomorrow")"), "");
}

TEST(JsonSchema, AnnotationsAreIgnored) {
    auto schema = MustCompile(
        R"({"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"x","title":"t","description":"d"})");
    EXPECT_EQ(Violations(schema, "1"), "");
}

TEST(JsonSchema, CompileRefusesWhatItWouldNotCheck) {
    auto error = [](std::string_view text) {
        auto schema = JsonSchema::Compile(text);
        return schema.ok() ? std::string() : schema.error().message;
    };
    EXPECT_EQ(error(R"({"oneOf":[]})"), "schema /: unsupported keyword \"oneOf\"");
    EXPECT_EQ(error(R"({"properties":{"a":{"minimun":1}}})"), "schema /properties/a: unsupported keyword \"minimun\"");
    EXPECT_EQ(error(R"({"type":"text"})"), "schema /: unknown type \"text\"");
    EXPECT_EQ(error(R"({"pattern":"("})"), "schema /: \"pattern\" is not a valid regular expression: (");
    EXPECT_EQ(error(R"({"format":"email"})"), "schema /: only \"format\": \"date-time\" is supported");
    EXPECT_EQ(error(R"({"additionalProperties":{}})"), "schema /: \"additionalProperties\" must be true or false");
    EXPECT_EQ(error(R"({"minLength":-1})"), "schema /: \"minLength\" must be a non-negative integer");
    EXPECT_EQ(error(R"({"items":{"enum":[]}})"), "schema /items: \"enum\" must be a non-empty array");
    EXPECT_NE(error("{"), "");
    EXPECT_EQ(error("[]"), "schema /: a schema must be a JSON object");
}

TEST(JsonSchema, ValidateRefusesInvalidJson) {
    auto schema = MustCompile("{}");
    EXPECT_NE(Violations(schema, "{").find("not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace ly::events
