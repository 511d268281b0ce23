// JSONPath as ASL uses it: `$`-rooted paths over the input, `$$`-rooted ones over the context object; reference
// paths (only .name, ['name'], [n]) for ResultPath and Choice variables. Internal to the interpreter.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::workflow {

struct PathSegment {
    enum class Kind { kField, kIndex, kWildcard, kDescendField, kDescendWildcard, kSlice, kUnion };
    Kind kind = Kind::kField;
    std::string field;
    std::int64_t index = 0;
    std::optional<std::int64_t> slice_start, slice_end;
    std::vector<std::int64_t> indices;
};

struct JsonPath {
    bool context = false;  // `$$`: over the context object
    std::vector<PathSegment> segments;
    bool IsReference() const;  // fields and indices only: names one place
};

Result<JsonPath> ParsePath(std::string_view text);

// The value a path names; nullopt when a reference path names nothing. Paths with wildcards, slices or
// descents answer an array of every match (possibly empty).
std::optional<boost::json::value> FindPath(const JsonPath& path, const boost::json::value& input,
                                           const boost::json::value& context);

// Like FindPath but a missing value is an error naming the path.
Result<boost::json::value> SelectPath(std::string_view text, const boost::json::value& input,
                                      const boost::json::value& context);

// ResultPath: puts `result` into `input` at a reference path, creating objects on the way.
Status PutAtPath(std::string_view text, boost::json::value& input, boost::json::value result);

// Timestamps for Choice and Wait: RFC 3339 (2016-03-14T01:59:00Z, with fractions and offsets).
std::optional<std::int64_t> ParseTimestampNanos(std::string_view text);
std::string FormatTimestampMillis(std::int64_t unix_ms);

}  // namespace ly::workflow
