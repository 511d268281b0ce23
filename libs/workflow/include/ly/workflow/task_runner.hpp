// How Task states reach code: the TaskRunner port, and FunctionRegistry, which runs Lambda-style resources
// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`) as local functions registered by NAME.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::workflow {

struct TaskRequest {
    std::string resource;  // as written in the definition
    boost::json::value input;
    std::optional<double> timeout_seconds;
    std::optional<double> heartbeat_seconds;
    std::string execution_id;
    std::string state_name;
    int attempt = 0;         // 0 the first time, 1 on the first retry …
    std::string task_token;  // callback tasks (`.waitForTaskToken`) only; also in the input via $$.Task.Token
};

// What a function learns about the call besides its event.
struct TaskContext {
    std::string execution_id;
    std::string state_name;
    int attempt = 0;
    std::string task_token;                                         // empty unless a callback task
    std::optional<std::chrono::steady_clock::time_point> deadline;  // from TimeoutSeconds
};

// A task failure with an ASL error name (what Retry/Catch ErrorEquals match) and a cause. Encoded in an ly::Error
// as "[Name] cause" so task functions keep the house Result<T>; an Error without a name is States.TaskFailed.
Error MakeTaskError(std::string_view error_name, std::string_view cause);
struct TaskFailure {
    std::string error;
    std::string cause;
};
TaskFailure ParseTaskError(const Error& error);

class TaskRunner {
  public:
    virtual ~TaskRunner() = default;
    virtual Result<boost::json::value> Run(const TaskRequest& request) = 0;
};

using TaskFunction = std::function<Result<boost::json::value>(const boost::json::value& event, const TaskContext&)>;

// Resources `arn:aws:lambda:…:function:NAME` (also with a `:qualifier`), `arn:aws:states:::lambda:invoke` with
// Parameters.FunctionName, their `.waitForTaskToken` forms, and a bare NAME all resolve to the function
// registered as NAME. An unknown function is States.TaskFailed naming it. A function that runs past its
// TimeoutSeconds is reported as States.Timeout (functions run to completion; TaskContext.deadline lets them stop
// early). Exceptions thrown by a function are caught and reported as States.TaskFailed.
class FunctionRegistry : public TaskRunner {
  public:
    void Register(std::string name, TaskFunction function);
    Result<boost::json::value> Run(const TaskRequest& request) override;

    // The function NAME a resource names, or an error saying what is wrong with it.
    static Result<std::string> FunctionName(std::string_view resource, const boost::json::value& input);

  private:
    std::mutex mutex_;
    std::map<std::string, TaskFunction, std::less<>> functions_;
};

// True for resources whose task completes by SendTaskSuccess/SendTaskFailure with a token.
bool IsCallbackResource(std::string_view resource);

}  // namespace ly::workflow
