// A small JSON Schema (draft 2020-12) validator for the subset our event schemas use: type, properties, required,
// additionalProperties false, enum, const, pattern, min/maxLength, minimum/maximum, items, minItems, date-time.
#pragma once

#include <memory>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::events {

class JsonSchema {
  public:
    struct Node;  // the compiled schema (src/)

    // Compiles a schema. A keyword outside the subset, or a keyword with a value of the wrong kind, is
    // kInvalidArgument naming where it is ("schema /properties/x: unsupported keyword \"oneOf\"") — so a schema
    // never silently checks less than it says.
    static Result<JsonSchema> Compile(std::string_view schema_json);

    // Ok, or kInvalidArgument listing every violation with the JSON pointer of the bad value
    // ("/detail/confidence: 150 is greater than the maximum 100").
    Status Validate(std::string_view instance_json) const;

    const Node& root() const { return *root_; }

  private:
    explicit JsonSchema(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
    std::shared_ptr<const Node> root_;
};

}  // namespace ly::events
