// A state machine in Amazon States Language, parsed from JSON and validated on load: every error names the state
// and the field. The interpreter (interpreter.hpp) runs it; nothing here does I/O.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::workflow {

class Definition;

enum class StateType { kTask, kChoice, kPass, kWait, kSucceed, kFail, kParallel, kMap };

std::string_view StateTypeName(StateType type);

// InputPath / OutputPath: a path, or null (the state sees or emits {}). Absent means "$".
struct PathField {
    bool is_null = false;
    std::string path = "$";
};

// ResultPath: where the result goes in the state's input; null discards the result (output = input).
struct ResultPathField {
    bool discard = false;
    std::string path = "$";
};

struct Retrier {
    std::vector<std::string> error_equals;
    double interval_seconds = 1;
    int max_attempts = 3;  // 0: never retried
    double backoff_rate = 2.0;
    std::optional<double> max_delay_seconds;
    bool jitter_full = false;  // JitterStrategy FULL: the delay is drawn uniformly from [0, delay]
};

struct Catcher {
    std::vector<std::string> error_equals;
    std::string next;
    ResultPathField result_path;  // the {"Error","Cause"} object goes here in the state's input
};

// One Choice rule: a comparison of Variable against a value (or a path), or And/Or/Not over nested rules.
struct ChoiceRule {
    enum class Kind { kCompare, kAnd, kOr, kNot };
    Kind kind = Kind::kCompare;
    std::vector<ChoiceRule> children;  // And/Or: several; Not: one
    std::string variable;              // kCompare: a path into the state's input
    std::string comparator;            // "StringEquals", "NumericLessThanPath", "IsPresent", …
    boost::json::value operand;        // the value compared with, or the path for …Path comparators
    std::string next;                  // top-level rules only
};

struct State {
    std::string name;
    StateType type = StateType::kPass;
    std::string next;  // empty when end or for Choice/Succeed/Fail
    bool end = false;

    PathField input_path;
    PathField output_path;
    ResultPathField result_path;
    std::optional<boost::json::value> parameters;       // Parameters (Map: ItemSelector too, see item_selector)
    std::optional<boost::json::value> result_selector;  // Task, Parallel, Map
    std::optional<boost::json::value> result;           // Pass

    // Task
    std::string resource;
    std::optional<double> timeout_seconds;
    std::string timeout_seconds_path;
    std::optional<double> heartbeat_seconds;
    std::string heartbeat_seconds_path;
    std::vector<Retrier> retry;  // Task, Parallel, Map
    std::vector<Catcher> catchers;

    // Choice
    std::vector<ChoiceRule> choices;
    std::string default_next;

    // Wait: exactly one of these
    std::optional<double> seconds;
    std::string seconds_path;
    std::string timestamp;
    std::string timestamp_path;

    // Fail
    std::string error;
    std::string cause;
    std::string error_path;
    std::string cause_path;

    // Parallel
    std::vector<std::shared_ptr<const Definition>> branches;

    // Map
    std::string items_path = "$";
    std::optional<boost::json::value> item_selector;
    std::shared_ptr<const Definition> item_processor;
    int max_concurrency = 0;  // 0: no limit beyond the engine's thread cap
};

// A parsed, validated state machine (or a Parallel branch / Map processor, which have the same shape).
class Definition {
  public:
    // Parses and validates. Errors are kInvalidArgument naming the state and the field, e.g.
    // `state "Classify": Next "Nowhere" is not a state of this machine`.
    static Result<std::shared_ptr<const Definition>> Parse(std::string_view json_text);
    static Result<std::shared_ptr<const Definition>> FromJson(const boost::json::value& json);

    const std::string& start_at() const { return start_at_; }
    const std::string& comment() const { return comment_; }
    // The whole execution's TimeoutSeconds (top-level machines): past it, the execution fails with States.Timeout.
    std::optional<double> timeout_seconds() const { return timeout_seconds_; }
    // nullptr when there is no state of that name.
    const State* Find(std::string_view name) const;
    const std::map<std::string, State, std::less<>>& states() const { return states_; }

  private:
    friend class DefinitionParser;
    std::string start_at_;
    std::string comment_;
    std::optional<double> timeout_seconds_;
    std::map<std::string, State, std::less<>> states_;
};

// The ASL error names the interpreter raises (custom names come from tasks and Fail states).
namespace errors {
inline constexpr std::string_view kAll = "States.ALL";
inline constexpr std::string_view kTaskFailed = "States.TaskFailed";
inline constexpr std::string_view kTimeout = "States.Timeout";
inline constexpr std::string_view kHeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr std::string_view kRuntime = "States.Runtime";
inline constexpr std::string_view kBranchFailed = "States.BranchFailed";
inline constexpr std::string_view kNoChoiceMatched = "States.NoChoiceMatched";
inline constexpr std::string_view kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr std::string_view kParameterPathFailure = "States.ParameterPathFailure";
inline constexpr std::string_view kResultPathMatchFailure = "States.ResultPathMatchFailure";
}  // namespace errors

}  // namespace ly::workflow
