// EventBridge event patterns: compiled from JSON with clear errors, then matched against events. Exact values,
// arrays as OR, nested objects, prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, $or.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"

namespace ly::events {

// Semantics (as EventBridge's): every field named in the pattern must match (AND); the values listed for a field
// are alternatives (OR). A field of the event holding an array matches when any of its elements does. Only leaf
// values (strings, numbers, booleans, null) are matched; an object where the pattern expects a value counts as
// absent. `exists: false` matches an absent field (or an empty array); every other filter needs the field present.
// Strings and numbers never equal each other ("5" is not 5); numbers compare by value (5 equals 5.0).
// `anything-but` with a prefix/suffix/equals-ignore-case/wildcard considers string values only.
// `equals-ignore-case` folds ASCII letters only.
class Pattern {
  public:
    struct Node;  // the compiled pattern (src/)

    // kInvalidArgument with the JSON pointer of the bad part: "event pattern /detail/state: ..." .
    static Result<Pattern> Compile(std::string_view pattern_json);

    bool Matches(const Event& event) const;
    // Matches an event given as JSON (any JSON object, not only our envelope).
    Result<bool> MatchesJson(std::string_view event_json) const;

    const std::string& text() const { return text_; }
    const Node& root() const { return *root_; }

  private:
    Pattern(std::string text, std::shared_ptr<const Node> root) : text_(std::move(text)), root_(std::move(root)) {}
    std::string text_;
    std::shared_ptr<const Node> root_;
};

}  // namespace ly::events
