#include "ly/workflow/definition.hpp"

#include <boost/json.hpp>
#include <set>

#include "json_path.hpp"
#include "payload.hpp"

namespace ly::workflow {
namespace json = boost::json;

std::string_view StateTypeName(StateType type) {
    switch (type) {
        case StateType::kTask:
            return "Task";
        case StateType::kChoice:
            return "Choice";
        case StateType::kPass:
            return "Pass";
        case StateType::kWait:
            return "Wait";
        case StateType::kSucceed:
            return "Succeed";
        case StateType::kFail:
            return "Fail";
        case StateType::kParallel:
            return "Parallel";
        case StateType::kMap:
            return "Map";
    }
    return "?";
}

namespace {

const std::set<std::string, std::less<>> kComparators = {"StringEquals",
                                                         "StringLessThan",
                                                         "StringGreaterThan",
                                                         "StringLessThanEquals",
                                                         "StringGreaterThanEquals",
                                                         "StringMatches",
                                                         "NumericEquals",
                                                         "NumericLessThan",
                                                         "NumericGreaterThan",
                                                         "NumericLessThanEquals",
                                                         "NumericGreaterThanEquals",
                                                         "BooleanEquals",
                                                         "TimestampEquals",
                                                         "TimestampLessThan",
                                                         "TimestampGreaterThan",
                                                         "TimestampLessThanEquals",
                                                         "TimestampGreaterThanEquals",
                                                         "IsNull",
                                                         "IsPresent",
                                                         "IsNumeric",
                                                         "IsString",
                                                         "IsBoolean",
                                                         "IsTimestamp"};

// Fields each state type may have (beyond Type, Comment).
const std::set<std::string, std::less<>>& AllowedFields(StateType type) {
    static const std::set<std::string, std::less<>> kTask = {"Next",
                                                             "End",
                                                             "InputPath",
                                                             "OutputPath",
                                                             "ResultPath",
                                                             "Parameters",
                                                             "ResultSelector",
                                                             "Resource",
                                                             "TimeoutSeconds",
                                                             "TimeoutSecondsPath",
                                                             "HeartbeatSeconds",
                                                             "HeartbeatSecondsPath",
                                                             "Retry",
                                                             "Catch",
                                                             "Credentials",
                                                             "Arguments",
                                                             "Output",
                                                             "Assign"};
    static const std::set<std::string, std::less<>> kChoice = {"Choices", "Default", "InputPath", "OutputPath",
                                                               "Assign"};
    static const std::set<std::string, std::less<>> kPass = {"Next",       "End",        "InputPath", "OutputPath",
                                                             "ResultPath", "Parameters", "Result",    "Assign"};
    static const std::set<std::string, std::less<>> kWait = {
        "Next", "End", "InputPath", "OutputPath", "Seconds", "SecondsPath", "Timestamp", "TimestampPath", "Assign"};
    static const std::set<std::string, std::less<>> kSucceed = {"InputPath", "OutputPath"};
    static const std::set<std::string, std::less<>> kFail = {"Error", "Cause", "ErrorPath", "CausePath"};
    static const std::set<std::string, std::less<>> kParallel = {
        "Next",           "End",      "InputPath", "OutputPath", "ResultPath", "Parameters",
        "ResultSelector", "Branches", "Retry",     "Catch",      "Assign"};
    static const std::set<std::string, std::less<>> kMap = {"Next",
                                                            "End",
                                                            "InputPath",
                                                            "OutputPath",
                                                            "ResultPath",
                                                            "Parameters",
                                                            "ResultSelector",
                                                            "ItemsPath",
                                                            "ItemSelector",
                                                            "ItemProcessor",
                                                            "Iterator",
                                                            "MaxConcurrency",
                                                            "Retry",
                                                            "Catch",
                                                            "Label",
                                                            "Assign",
                                                            "ToleratedFailurePercentage",
                                                            "ToleratedFailureCount",
                                                            "MaxConcurrencyPath",
                                                            "ItemReader",
                                                            "ResultWriter",
                                                            "ItemBatcher"};
    switch (type) {
        case StateType::kTask:
            return kTask;
        case StateType::kChoice:
            return kChoice;
        case StateType::kPass:
            return kPass;
        case StateType::kWait:
            return kWait;
        case StateType::kSucceed:
            return kSucceed;
        case StateType::kFail:
            return kFail;
        case StateType::kParallel:
            return kParallel;
        case StateType::kMap:
            return kMap;
    }
    return kPass;
}

}  // namespace

// Builds a Definition; each method returns an error message naming the state and field, or "".
class DefinitionParser {
  public:
    Result<std::shared_ptr<const Definition>> Parse(const json::value& json, const std::string& where) {
        where_ = where;
        auto definition = std::make_shared<Definition>();
        const auto* root = json.if_object();
        if (!root) return Fail("the state machine must be a JSON object");
        const auto* start_at = root->if_contains("StartAt");
        if (!start_at || !start_at->is_string()) return Fail("StartAt must be a string naming the first state");
        definition->start_at_ = std::string(start_at->as_string());
        if (const auto* comment = root->if_contains("Comment"); comment && comment->is_string()) {
            definition->comment_ = std::string(comment->as_string());
        }
        for (const auto& member : *root) {
            const std::string_view key = member.key();
            if (key == "QueryLanguage" && member.value() != json::value("JSONPath")) {
                return Fail("QueryLanguage " + json::serialize(member.value()) + " is not supported (JSONPath only)");
            }
            if (key == "ProcessorConfig") {  // a Map's ItemProcessor: only inline processing is supported
                const auto* config = member.value().if_object();
                const auto* mode = config ? config->if_contains("Mode") : nullptr;
                if (mode && *mode != json::value("INLINE")) {
                    return Fail("ProcessorConfig Mode " + json::serialize(*mode) + " is not supported (INLINE only)");
                }
                continue;
            }
            if (key != "StartAt" && key != "States" && key != "Comment" && key != "Version" &&
                key != "TimeoutSeconds" && key != "QueryLanguage") {
                return Fail("field " + std::string(key) + " is not allowed at the top of a state machine");
            }
        }
        if (const auto* timeout = root->if_contains("TimeoutSeconds")) {
            if (!timeout->is_int64() || timeout->as_int64() < 1)
                return Fail("TimeoutSeconds must be a positive integer");
            definition->timeout_seconds_ = static_cast<double>(timeout->as_int64());
        }
        const auto* states = root->if_contains("States");
        if (!states || !states->is_object() || states->as_object().empty()) {
            return Fail("States must be an object with at least one state");
        }
        for (const auto& member : states->as_object()) {
            std::string name(member.key());
            if (name.empty() || name.size() > 80) return Fail("state names must have 1 to 80 characters");
            auto state = ParseState(name, member.value());
            if (!state) return state.error();
            definition->states_.emplace(name, std::move(*state));
        }
        if (!definition->Find(definition->start_at_)) {
            return Fail("StartAt \"" + definition->start_at_ + "\" is not a state of this machine");
        }
        // Every transition must land on a state of this same machine (branches cannot jump out).
        for (const auto& [name, state] : definition->states_) {
            auto check = [&](const std::string& next, const std::string& field) -> Status {
                if (!next.empty() && !definition->Find(next)) {
                    return Fail("state \"" + name + "\": " + field + " \"" + next +
                                "\" is not a state of this machine");
                }
                return Ok{};
            };
            if (auto ok = check(state.next, "Next"); !ok) return ok.error();
            if (auto ok = check(state.default_next, "Default"); !ok) return ok.error();
            for (const auto& rule : state.choices) {
                if (auto ok = check(rule.next, "Choices[].Next"); !ok) return ok.error();
            }
            for (const auto& catcher : state.catchers) {
                if (auto ok = check(catcher.next, "Catch[].Next"); !ok) return ok.error();
            }
        }
        // Every state must be reachable from StartAt, and the machine must be able to end.
        std::set<std::string, std::less<>> reached;
        std::vector<std::string> frontier{definition->start_at_};
        bool can_end = false;
        while (!frontier.empty()) {
            std::string name = std::move(frontier.back());
            frontier.pop_back();
            if (!reached.insert(name).second) continue;
            const State& state = *definition->Find(name);
            can_end = can_end || state.end || state.type == StateType::kSucceed || state.type == StateType::kFail;
            for (const std::string* next : {&state.next, &state.default_next}) {
                if (!next->empty()) frontier.push_back(*next);
            }
            for (const auto& rule : state.choices) frontier.push_back(rule.next);
            for (const auto& catcher : state.catchers) frontier.push_back(catcher.next);
        }
        for (const auto& [name, state] : definition->states_) {
            if (!reached.count(name)) return Fail("state \"" + name + "\" cannot be reached from StartAt");
        }
        if (!can_end) return Fail("no state ends the machine (End, Succeed or Fail): it would run forever");
        return std::shared_ptr<const Definition>(std::move(definition));
    }

  private:
    Error Fail(const std::string& message) const {
        return MakeError(ErrorCode::kInvalidArgument, where_.empty() ? message : where_ + ": " + message);
    }
    Error StateFail(const std::string& state, const std::string& message) const {
        return Fail("state \"" + state + "\": " + message);
    }

    Result<State> ParseState(const std::string& name, const json::value& value) {
        State state;
        state.name = name;
        const auto* object = value.if_object();
        if (!object) return StateFail(name, "must be a JSON object");
        const auto* type = object->if_contains("Type");
        if (!type || !type->is_string()) return StateFail(name, "Type is missing");
        static const std::map<std::string, StateType, std::less<>> kTypes = {
            {"Task", StateType::kTask},         {"Choice", StateType::kChoice},   {"Pass", StateType::kPass},
            {"Wait", StateType::kWait},         {"Succeed", StateType::kSucceed}, {"Fail", StateType::kFail},
            {"Parallel", StateType::kParallel}, {"Map", StateType::kMap}};
        auto known = kTypes.find(type->as_string());
        if (known == kTypes.end()) {
            return StateFail(name, "Type \"" + std::string(type->as_string()) + "\" is not a state type");
        }
        state.type = known->second;
        const auto& allowed = AllowedFields(state.type);
        for (const auto& member : *object) {
            if (member.key() == "Type" || member.key() == "Comment") continue;
            static const std::set<std::string, std::less<>> kUnsupported = {"Assign",
                                                                            "Arguments",
                                                                            "Output",
                                                                            "Credentials",
                                                                            "ToleratedFailurePercentage",
                                                                            "ToleratedFailureCount",
                                                                            "ItemReader",
                                                                            "ResultWriter",
                                                                            "ItemBatcher",
                                                                            "MaxConcurrencyPath",
                                                                            "QueryLanguage"};
            if (kUnsupported.count(member.key())) {
                return StateFail(name, "field " + std::string(member.key()) +
                                           " is not supported by this interpreter (JSONPath ASL without variables, "
                                           "distributed Map or JSONata)");
            }
            if (!allowed.count(member.key())) {
                return StateFail(name, "field " + std::string(member.key()) + " is not allowed in a " +
                                           std::string(StateTypeName(state.type)) + " state");
            }
        }
        std::string problem;
        auto string_field = [&](std::string_view field, std::string& out) {
            if (const auto* found = object->if_contains(field)) {
                if (!found->is_string()) {
                    problem = std::string(field) + " must be a string";
                    return;
                }
                out = std::string(found->as_string());
            }
        };
        auto path_field = [&](std::string_view field, std::string& out) {
            string_field(field, out);
            if (problem.empty() && !out.empty()) {
                auto path = ParsePath(out);
                if (!path) problem = std::string(field) + ": " + path.error().message;
            }
        };
        auto number_field = [&](std::string_view field, std::optional<double>& out, bool integer, double minimum) {
            if (const auto* found = object->if_contains(field)) {
                if (!found->is_number() ||
                    (integer && found->is_double() &&
                     found->as_double() != static_cast<double>(static_cast<long long>(found->as_double())))) {
                    problem = std::string(field) + " must be " + (integer ? "an integer" : "a number");
                    return;
                }
                out = found->to_number<double>();
                if (*out < minimum)
                    problem = std::string(field) + " must be at least " + std::to_string(static_cast<int>(minimum));
            }
        };

        // Transitions
        const bool terminal_type = state.type == StateType::kSucceed || state.type == StateType::kFail;
        if (state.type != StateType::kChoice && !terminal_type) {
            string_field("Next", state.next);
            if (const auto* end = object->if_contains("End")) {
                if (!end->is_bool()) return StateFail(name, "End must be true or false");
                state.end = end->as_bool();
            }
            if (state.end && !state.next.empty()) return StateFail(name, "has both Next and End");
            if (!state.end && state.next.empty() && problem.empty()) {
                return StateFail(name, "needs Next or \"End\": true");
            }
        }

        // Input and output processing
        auto io_path = [&](std::string_view field, PathField& out) {
            if (const auto* found = object->if_contains(field)) {
                if (found->is_null()) {
                    out.is_null = true;
                } else {
                    path_field(field, out.path);
                }
            }
        };
        if (state.type != StateType::kFail) {
            io_path("InputPath", state.input_path);
            io_path("OutputPath", state.output_path);
        }
        if (!problem.empty()) return StateFail(name, problem);
        if (const auto* found = object->if_contains("ResultPath")) {
            auto parsed = ParseResultPath(*found);
            if (!parsed) return StateFail(name, "ResultPath " + parsed.error().message);
            state.result_path = *parsed;
        }
        auto template_field = [&](std::string_view field, std::optional<json::value>& out) -> Status {
            if (const auto* found = object->if_contains(field)) {
                if (auto ok = ValidatePayload(*found); !ok)
                    return StateFail(name, std::string(field) + " " + ok.error().message);
                out = *found;
            }
            return Ok{};
        };
        if (auto ok = template_field("Parameters", state.parameters); !ok) return ok.error();
        if (auto ok = template_field("ResultSelector", state.result_selector); !ok) return ok.error();
        if (auto ok = template_field("ItemSelector", state.item_selector); !ok) return ok.error();
        if (state.parameters && state.item_selector) return StateFail(name, "has both Parameters and ItemSelector");
        if (const auto* found = object->if_contains("Result")) state.result = *found;

        switch (state.type) {
            case StateType::kTask: {
                string_field("Resource", state.resource);
                if (problem.empty() && state.resource.empty()) problem = "Resource is missing";
                number_field("TimeoutSeconds", state.timeout_seconds, true, 1);
                number_field("HeartbeatSeconds", state.heartbeat_seconds, true, 1);
                path_field("TimeoutSecondsPath", state.timeout_seconds_path);
                path_field("HeartbeatSecondsPath", state.heartbeat_seconds_path);
                if (problem.empty() && state.timeout_seconds && !state.timeout_seconds_path.empty()) {
                    problem = "has both TimeoutSeconds and TimeoutSecondsPath";
                }
                if (problem.empty() && state.heartbeat_seconds && !state.heartbeat_seconds_path.empty()) {
                    problem = "has both HeartbeatSeconds and HeartbeatSecondsPath";
                }
                if (problem.empty() && state.timeout_seconds && state.heartbeat_seconds &&
                    *state.heartbeat_seconds >= *state.timeout_seconds) {
                    problem = "HeartbeatSeconds must be smaller than TimeoutSeconds";
                }
                break;
            }
            case StateType::kChoice: {
                const auto* choices = object->if_contains("Choices");
                if (!choices || !choices->is_array() || choices->as_array().empty()) {
                    return StateFail(name, "Choices must be a non-empty array");
                }
                std::size_t index = 0;
                for (const auto& rule_json : choices->as_array()) {
                    auto rule = ParseRule(rule_json, true, "Choices[" + std::to_string(index++) + "]");
                    if (!rule) return StateFail(name, rule.error().message);
                    state.choices.push_back(std::move(*rule));
                }
                string_field("Default", state.default_next);
                break;
            }
            case StateType::kWait: {
                number_field("Seconds", state.seconds, true, 0);
                path_field("SecondsPath", state.seconds_path);
                string_field("Timestamp", state.timestamp);
                path_field("TimestampPath", state.timestamp_path);
                if (!problem.empty()) break;
                int count = (state.seconds ? 1 : 0) + !state.seconds_path.empty() + !state.timestamp.empty() +
                            !state.timestamp_path.empty();
                if (count != 1)
                    problem = "needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath";
                else if (!state.timestamp.empty() && !ParseTimestampNanos(state.timestamp)) {
                    problem = "Timestamp \"" + state.timestamp + "\" is not an RFC 3339 timestamp";
                }
                break;
            }
            case StateType::kFail: {
                string_field("Error", state.error);
                string_field("Cause", state.cause);
                path_field("ErrorPath", state.error_path);
                path_field("CausePath", state.cause_path);
                if (problem.empty() && !state.error.empty() && !state.error_path.empty())
                    problem = "has both Error and ErrorPath";
                if (problem.empty() && !state.cause.empty() && !state.cause_path.empty())
                    problem = "has both Cause and CausePath";
                break;
            }
            case StateType::kParallel: {
                const auto* branches = object->if_contains("Branches");
                if (!branches || !branches->is_array() || branches->as_array().empty()) {
                    return StateFail(name, "Branches must be a non-empty array of state machines");
                }
                std::size_t index = 0;
                for (const auto& branch : branches->as_array()) {
                    auto parsed =
                        DefinitionParser().Parse(branch, Nested(name, "Branches[" + std::to_string(index++) + "]"));
                    if (!parsed) return parsed.error();
                    state.branches.push_back(std::move(*parsed));
                }
                break;
            }
            case StateType::kMap: {
                std::string items_path;
                path_field("ItemsPath", items_path);
                if (!items_path.empty()) state.items_path = items_path;
                if (state.parameters) {  // the older name of ItemSelector
                    state.item_selector = std::move(state.parameters);
                    state.parameters.reset();
                }
                const json::value* processor = object->if_contains("ItemProcessor");
                const char* field = "ItemProcessor";
                if (!processor) {
                    processor = object->if_contains("Iterator");
                    field = "Iterator";
                }
                if (!processor) return StateFail(name, "needs ItemProcessor (or Iterator)");
                if (object->if_contains("ItemProcessor") && object->if_contains("Iterator")) {
                    return StateFail(name, "has both ItemProcessor and Iterator");
                }
                auto parsed = DefinitionParser().Parse(*processor, Nested(name, field));
                if (!parsed) return parsed.error();
                state.item_processor = std::move(*parsed);
                std::optional<double> concurrency;
                number_field("MaxConcurrency", concurrency, true, 0);
                if (concurrency) state.max_concurrency = static_cast<int>(*concurrency);
                break;
            }
            default:
                break;
        }
        if (!problem.empty()) return StateFail(name, problem);

        if (const auto* retry = object->if_contains("Retry")) {
            if (!retry->is_array()) return StateFail(name, "Retry must be an array");
            std::size_t index = 0;
            for (const auto& item : retry->as_array()) {
                auto retrier = ParseRetrier(item);
                if (!retrier)
                    return StateFail(name, "Retry[" + std::to_string(index) + "]: " + retrier.error().message);
                state.retry.push_back(std::move(*retrier));
                ++index;
            }
            if (auto ok = CheckAllLast(state.retry, "Retry"); !ok) return StateFail(name, ok.error().message);
        }
        if (const auto* catchers = object->if_contains("Catch")) {
            if (!catchers->is_array()) return StateFail(name, "Catch must be an array");
            std::size_t index = 0;
            for (const auto& item : catchers->as_array()) {
                auto catcher = ParseCatcher(item);
                if (!catcher)
                    return StateFail(name, "Catch[" + std::to_string(index) + "]: " + catcher.error().message);
                state.catchers.push_back(std::move(*catcher));
                ++index;
            }
            if (auto ok = CheckAllLast(state.catchers, "Catch"); !ok) return StateFail(name, ok.error().message);
        }
        return state;
    }

    std::string Nested(const std::string& state, const std::string& field) const {
        std::string here = "state \"" + state + "\" " + field;
        return where_.empty() ? here : where_ + ": " + here;
    }

    static Result<ResultPathField> ParseResultPath(const json::value& value) {
        ResultPathField field;
        if (value.is_null()) {
            field.discard = true;
            return field;
        }
        if (!value.is_string()) return MakeError(ErrorCode::kInvalidArgument, "must be a path or null");
        auto path = ParsePath(value.as_string());
        if (!path) return path.error();
        if (path->context || !path->IsReference()) {
            return MakeError(ErrorCode::kInvalidArgument, "\"" + std::string(value.as_string()) +
                                                              "\" must be a reference path ($.a.b, $['a'], $.a[0])");
        }
        field.path = std::string(value.as_string());
        return field;
    }

    static Result<std::vector<std::string>> ParseErrorEquals(const json::object& object) {
        const auto* equals = object.if_contains("ErrorEquals");
        if (!equals || !equals->is_array() || equals->as_array().empty()) {
            return MakeError(ErrorCode::kInvalidArgument, "ErrorEquals must be a non-empty array of error names");
        }
        std::vector<std::string> names;
        for (const auto& item : equals->as_array()) {
            if (!item.is_string() || item.as_string().empty()) {
                return MakeError(ErrorCode::kInvalidArgument, "ErrorEquals must hold strings");
            }
            names.emplace_back(item.as_string());
        }
        if (std::find(names.begin(), names.end(), "States.ALL") != names.end() && names.size() > 1) {
            return MakeError(ErrorCode::kInvalidArgument, "States.ALL must appear alone in ErrorEquals");
        }
        return names;
    }

    template <typename T>
    static Status CheckAllLast(const std::vector<T>& items, const std::string& field) {
        for (std::size_t i = 0; i + 1 < items.size(); ++i) {
            if (items[i].error_equals.front() == "States.ALL") {
                return MakeError(ErrorCode::kInvalidArgument, field + ": States.ALL must be in the last entry");
            }
        }
        return Ok{};
    }

    static Result<Retrier> ParseRetrier(const json::value& value) {
        const auto* object = value.if_object();
        if (!object) return MakeError(ErrorCode::kInvalidArgument, "must be an object");
        Retrier retrier;
        auto names = ParseErrorEquals(*object);
        if (!names) return names.error();
        retrier.error_equals = std::move(*names);
        static const std::set<std::string, std::less<>> kFields = {"ErrorEquals", "IntervalSeconds", "MaxAttempts",
                                                                   "BackoffRate", "MaxDelaySeconds", "JitterStrategy",
                                                                   "Comment"};
        for (const auto& member : *object) {
            if (!kFields.count(member.key())) {
                return MakeError(ErrorCode::kInvalidArgument, "field " + std::string(member.key()) + " is not allowed");
            }
        }
        auto integer = [&](std::string_view field, double minimum, double& out) -> Status {
            if (const auto* found = object->if_contains(field)) {
                if (!found->is_int64() && !found->is_uint64()) {
                    return MakeError(ErrorCode::kInvalidArgument, std::string(field) + " must be an integer");
                }
                out = found->to_number<double>();
                if (out < minimum) {
                    return MakeError(ErrorCode::kInvalidArgument, std::string(field) + " must be at least " +
                                                                      std::to_string(static_cast<int>(minimum)));
                }
            }
            return Ok{};
        };
        if (auto ok = integer("IntervalSeconds", 1, retrier.interval_seconds); !ok) return ok.error();
        double attempts = retrier.max_attempts;
        if (auto ok = integer("MaxAttempts", 0, attempts); !ok) return ok.error();
        retrier.max_attempts = static_cast<int>(std::min(attempts, 1e6));
        if (object->if_contains("MaxDelaySeconds")) {
            double delay = 0;
            if (auto ok = integer("MaxDelaySeconds", 1, delay); !ok) return ok.error();
            retrier.max_delay_seconds = delay;
        }
        if (const auto* found = object->if_contains("BackoffRate")) {
            if (!found->is_number() || found->to_number<double>() < 1.0) {
                return MakeError(ErrorCode::kInvalidArgument, "BackoffRate must be a number of at least 1.0");
            }
            retrier.backoff_rate = found->to_number<double>();
        }
        if (const auto* found = object->if_contains("JitterStrategy")) {
            if (!found->is_string() || (found->as_string() != "FULL" && found->as_string() != "NONE")) {
                return MakeError(ErrorCode::kInvalidArgument, "JitterStrategy must be \"FULL\" or \"NONE\"");
            }
            retrier.jitter_full = found->as_string() == "FULL";
        }
        return retrier;
    }

    static Result<Catcher> ParseCatcher(const json::value& value) {
        const auto* object = value.if_object();
        if (!object) return MakeError(ErrorCode::kInvalidArgument, "must be an object");
        Catcher catcher;
        auto names = ParseErrorEquals(*object);
        if (!names) return names.error();
        catcher.error_equals = std::move(*names);
        for (const auto& member : *object) {
            if (member.key() != "ErrorEquals" && member.key() != "Next" && member.key() != "ResultPath" &&
                member.key() != "Comment") {
                return MakeError(ErrorCode::kInvalidArgument, "field " + std::string(member.key()) + " is not allowed");
            }
        }
        const auto* next = object->if_contains("Next");
        if (!next || !next->is_string()) return MakeError(ErrorCode::kInvalidArgument, "Next must be a state name");
        catcher.next = std::string(next->as_string());
        if (const auto* found = object->if_contains("ResultPath")) {
            auto parsed = ParseResultPath(*found);
            if (!parsed) return MakeError(ErrorCode::kInvalidArgument, "ResultPath " + parsed.error().message);
            catcher.result_path = *parsed;
        }
        return catcher;
    }

    static Result<ChoiceRule> ParseRule(const json::value& value, bool top_level, const std::string& where) {
        auto fail = [&](const std::string& why) { return MakeError(ErrorCode::kInvalidArgument, where + ": " + why); };
        const auto* object = value.if_object();
        if (!object) return fail("a Choice rule must be an object");
        ChoiceRule rule;
        if (const auto* next = object->if_contains("Next")) {
            if (!top_level) return fail("Next is only allowed in top-level Choice rules");
            if (!next->is_string()) return fail("Next must be a state name");
            rule.next = std::string(next->as_string());
        } else if (top_level) {
            return fail("Next is missing");
        }
        int kinds = 0;
        for (const char* boolean : {"And", "Or", "Not"}) {
            if (!object->if_contains(boolean)) continue;
            ++kinds;
            const auto& inner = object->at(boolean);
            if (std::string_view(boolean) == "Not") {
                rule.kind = ChoiceRule::Kind::kNot;
                auto child = ParseRule(inner, false, where + ".Not");
                if (!child) return child.error();
                rule.children.push_back(std::move(*child));
            } else {
                rule.kind = std::string_view(boolean) == "And" ? ChoiceRule::Kind::kAnd : ChoiceRule::Kind::kOr;
                if (!inner.is_array() || inner.as_array().empty())
                    return fail(std::string(boolean) + " must be a non-empty array of rules");
                std::size_t index = 0;
                for (const auto& child_json : inner.as_array()) {
                    auto child =
                        ParseRule(child_json, false, where + "." + boolean + "[" + std::to_string(index++) + "]");
                    if (!child) return child.error();
                    rule.children.push_back(std::move(*child));
                }
            }
        }
        std::vector<std::string> comparators;
        for (const auto& member : *object) {
            if (kComparators.count(member.key()) ||
                (member.key().ends_with("Path") && member.key() != "Variable" &&
                 kComparators.count(member.key().substr(0, member.key().size() - 4)))) {
                comparators.emplace_back(member.key());
            } else if (member.key() != "Next" && member.key() != "Variable" && member.key() != "And" &&
                       member.key() != "Or" && member.key() != "Not" && member.key() != "Comment") {
                return fail("field " + std::string(member.key()) + " is not a comparison operator");
            }
        }
        if (kinds > 1 || (kinds == 1 && !comparators.empty()))
            return fail("a rule takes one of And, Or, Not or one comparison");
        if (kinds == 1) {
            if (object->if_contains("Variable")) return fail("And/Or/Not rules take no Variable");
            return rule;
        }
        if (comparators.size() != 1) {
            return fail(comparators.empty()
                            ? "no comparison operator (StringEquals, NumericLessThan, …)"
                            : "more than one comparison operator (" + comparators[0] + ", " + comparators[1] + ")");
        }
        const auto* variable = object->if_contains("Variable");
        if (!variable || !variable->is_string()) return fail("Variable must be a path");
        auto variable_path = ParsePath(variable->as_string());
        if (!variable_path) return fail("Variable: " + variable_path.error().message);
        rule.variable = std::string(variable->as_string());
        rule.comparator = comparators[0];
        rule.operand = object->at(rule.comparator);
        const std::string& op = rule.comparator;
        const bool is_path = op.ends_with("Path") && !kComparators.count(op);
        if (is_path) {
            if (!rule.operand.is_string()) return fail(op + " must be a path");
            auto path = ParsePath(rule.operand.as_string());
            if (!path) return fail(op + ": " + path.error().message);
        } else if (op.rfind("Is", 0) == 0 || op == "BooleanEquals") {
            if (!rule.operand.is_bool()) return fail(op + " must be true or false");
        } else if (op.rfind("String", 0) == 0) {
            if (!rule.operand.is_string()) return fail(op + " must be a string");
        } else if (op.rfind("Numeric", 0) == 0) {
            if (!rule.operand.is_number()) return fail(op + " must be a number");
        } else if (op.rfind("Timestamp", 0) == 0) {
            if (!rule.operand.is_string() || !ParseTimestampNanos(rule.operand.as_string())) {
                return fail(op + " must be an RFC 3339 timestamp");
            }
        }
        return rule;
    }

    std::string where_;
};

Result<std::shared_ptr<const Definition>> Definition::FromJson(const json::value& json) {
    return DefinitionParser().Parse(json, "");
}

Result<std::shared_ptr<const Definition>> Definition::Parse(std::string_view json_text) {
    boost::system::error_code ec;
    json::value parsed = json::parse(json_text, ec);
    if (ec) return MakeError(ErrorCode::kInvalidArgument, "the state machine is not valid JSON: " + ec.message());
    return FromJson(parsed);
}

const State* Definition::Find(std::string_view name) const {
    auto found = states_.find(name);
    return found == states_.end() ? nullptr : &found->second;
}

}  // namespace ly::workflow
