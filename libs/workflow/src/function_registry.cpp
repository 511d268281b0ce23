#include <boost/json.hpp>
#include <exception>

#include "ly/workflow/history.hpp"
#include "ly/workflow/task_runner.hpp"

namespace ly::workflow {
namespace json = boost::json;

namespace {
constexpr std::pair<EventType, std::string_view> kEventNames[] = {
    {EventType::kExecutionStarted, "ExecutionStarted"},
    {EventType::kStateEntered, "StateEntered"},
    {EventType::kStateExited, "StateExited"},
    {EventType::kTaskScheduled, "TaskScheduled"},
    {EventType::kTaskSucceeded, "TaskSucceeded"},
    {EventType::kTaskFailed, "TaskFailed"},
    {EventType::kWaitStarted, "WaitStarted"},
    {EventType::kCallbackRequested, "CallbackRequested"},
    {EventType::kExecutionSucceeded, "ExecutionSucceeded"},
    {EventType::kExecutionFailed, "ExecutionFailed"},
};
}  // namespace

std::string_view EventTypeName(EventType type) {
    for (const auto& [value, name] : kEventNames) {
        if (value == type) return name;
    }
    return "?";
}

std::optional<EventType> ParseEventType(std::string_view name) {
    for (const auto& [value, known] : kEventNames) {
        if (known == name) return value;
    }
    return std::nullopt;
}

Error MakeTaskError(std::string_view error_name, std::string_view cause) {
    return MakeError(ErrorCode::kInternal, "[" + std::string(error_name) + "] " + std::string(cause));
}

TaskFailure ParseTaskError(const Error& error) {
    const std::string& message = error.message;
    if (message.size() > 2 && message[0] == '[') {
        std::size_t close = message.find(']');
        if (close != std::string::npos && close > 1 && message.substr(1, close - 1).find(' ') == std::string::npos) {
            std::size_t cause_start = close + 1 < message.size() && message[close + 1] == ' ' ? close + 2 : close + 1;
            return {message.substr(1, close - 1), message.substr(cause_start)};
        }
    }
    return {"States.TaskFailed", message};
}

bool IsCallbackResource(std::string_view resource) { return resource.ends_with(".waitForTaskToken"); }

Result<std::string> FunctionRegistry::FunctionName(std::string_view resource, const json::value& input) {
    std::string_view plain = resource;
    if (plain.ends_with(".waitForTaskToken")) plain.remove_suffix(std::string_view(".waitForTaskToken").size());
    if (plain.ends_with(".sync")) plain.remove_suffix(std::string_view(".sync").size());
    if (plain.rfind("arn:", 0) != 0) return std::string(plain);
    // arn:aws:states:::lambda:invoke — the function is named by the Parameters' FunctionName.
    if (plain.ends_with(":lambda:invoke")) {
        const auto* object = input.if_object();
        const json::value* name = object ? object->if_contains("FunctionName") : nullptr;
        if (!name || !name->is_string()) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "resource " + std::string(resource) + " needs Parameters.FunctionName");
        }
        return FunctionName(name->as_string(), json::value());
    }
    // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
    std::size_t marker = plain.find(":function:");
    if (marker == std::string_view::npos) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            "resource " + std::string(resource) + " is not a Lambda function ARN (arn:aws:lambda:…:function:NAME)");
    }
    std::string_view name = plain.substr(marker + std::string_view(":function:").size());
    if (std::size_t colon = name.find(':'); colon != std::string_view::npos) name = name.substr(0, colon);
    if (name.empty())
        return MakeError(ErrorCode::kInvalidArgument, "resource " + std::string(resource) + " names no function");
    return std::string(name);
}

void FunctionRegistry::Register(std::string name, TaskFunction function) {
    std::lock_guard lock(mutex_);
    functions_[std::move(name)] = std::move(function);
}

Result<json::value> FunctionRegistry::Run(const TaskRequest& request) {
    auto name = FunctionName(request.resource, request.input);
    if (!name) return MakeTaskError("States.TaskFailed", name.error().message);
    TaskFunction function;
    {
        std::lock_guard lock(mutex_);
        auto found = functions_.find(*name);
        if (found == functions_.end()) {
            return MakeTaskError("States.TaskFailed", "no function named \"" + *name + "\" is registered");
        }
        function = found->second;
    }
    // The event is the input, or for lambda:invoke the Payload inside it (as Step Functions passes it on).
    json::value event = request.input;
    if (request.resource.find(":lambda:invoke") != std::string::npos) {
        if (const auto* object = request.input.if_object(); object && object->if_contains("Payload")) {
            event = object->at("Payload");
        }
    }
    TaskContext context{request.execution_id, request.state_name, request.attempt, request.task_token, std::nullopt};
    const auto started = std::chrono::steady_clock::now();
    if (request.timeout_seconds) {
        context.deadline =
            started + std::chrono::milliseconds(static_cast<std::int64_t>(*request.timeout_seconds * 1000));
    }
    Result<json::value> result = MakeTaskError("States.TaskFailed", "the function did not run");
    try {
        result = function(event, context);
    } catch (const std::exception& e) {
        return MakeTaskError("States.TaskFailed", "function \"" + *name + "\" threw: " + e.what());
    } catch (...) {
        return MakeTaskError("States.TaskFailed", "function \"" + *name + "\" threw");
    }
    if (context.deadline && std::chrono::steady_clock::now() > *context.deadline) {
        return MakeTaskError("States.Timeout", "function \"" + *name + "\" ran longer than its TimeoutSeconds");
    }
    return result;
}

}  // namespace ly::workflow
