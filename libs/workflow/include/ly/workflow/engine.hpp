// The workflow engine: starts executions of named definitions, runs them on worker threads under leases (a worker
// that dies loses its executions to another after the lease expires), resumes callbacks and timers, describes them.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/workflow/definition.hpp"
#include "ly/workflow/execution_store.hpp"
#include "ly/workflow/history.hpp"
#include "ly/workflow/interpreter.hpp"
#include "ly/workflow/task_runner.hpp"

namespace ly::workflow {

struct EngineOptions {
    int workers = 2;                                  // threads StartWorkers() runs
    std::chrono::milliseconds poll_interval{1000};    // how often idle workers look for due timers
    std::chrono::milliseconds lease_duration{30000};  // renewed while running (every third of it) and on each event
    std::chrono::milliseconds max_inline_wait{1000};  // longer waits suspend the execution instead of a thread
    int max_branch_threads = 4;                       // per Parallel/Map state
    MillisClock clock;                                // Unix ms; the system clock by default
    Sleeper sleeper;                                  // for short waits; std::this_thread::sleep_for by default
    std::string worker_prefix = "worker";             // worker ids are "<prefix>-<n>": make it unique per process
    // Called once per new history event after it is recorded (stored in the database) — never for events answered
    // on replay, except the execution's end: that comes after the execution's record says it ended, and at least
    // once (again if the run that recorded it died before then), so react to it idempotently.
    // It runs on the worker (or Parallel/Map branch) thread that recorded the event: keep it quick and thread-safe.
    // CallbackRequested and TaskScheduled payloads hold the callback token: do not forward them to browsers or logs.
    std::function<void(const HistoryEvent&)> observer;
};

// One state visit as Describe shows it (the data of a visual workflow view).
struct StateSummary {
    std::string name;
    std::string path;  // "" at the top level; "Pages#7/2" inside iteration 2 of Map state "Pages"
    // "running", "waiting", "succeeded", "failed", or "caught": it failed and a Catch went on to another state.
    std::string status;
    std::int64_t entered_at_ms = 0;
    std::optional<std::int64_t> exited_at_ms;
    boost::json::value input;
    boost::json::value output;
    int attempts = 0;   // tasks scheduled in this visit
    std::string error;  // the last task failure in this visit
    std::string cause;
};

struct ExecutionDescription {
    ExecutionRecord execution;
    std::vector<StateSummary> states;  // in the order entered
};

class WorkflowEngine {
  public:
    WorkflowEngine(ExecutionStore& store, TaskRunner& tasks, EngineOptions options = {});
    ~WorkflowEngine();  // stops the workers
    WorkflowEngine(const WorkflowEngine&) = delete;
    WorkflowEngine& operator=(const WorkflowEngine&) = delete;

    // Definitions are looked up by name when an execution runs; add them before starting workers.
    void AddDefinition(std::string name, std::shared_ptr<const Definition> definition);

    // Creates an execution (running, no lease) and nudges the workers. Idempotent on execution_id: starting an
    // existing id of the same machine answers the existing execution; of another machine is kConflict.
    Result<ExecutionRecord> Start(std::string_view definition_name, boost::json::value input,
                                  std::optional<std::string> execution_id = std::nullopt);

    // Leases one runnable execution, runs it until it ends or suspends, records that and releases it.
    // Answers false when nothing was runnable.
    Result<bool> RunReady(std::string_view worker_id);

    // The outcome of a callback task (`.waitForTaskToken`); its execution becomes runnable.
    Status SendTaskSuccess(std::string_view token, boost::json::value output);
    Status SendTaskFailure(std::string_view token, std::string_view error, std::string_view cause);
    // Keeps a callback task with HeartbeatSeconds alive: without one in time it fails with States.HeartbeatTimeout.
    Status SendTaskHeartbeat(std::string_view token);

    Result<ExecutionDescription> Describe(std::string_view execution_id);

    void StartWorkers();
    void StopWorkers();  // waits for runs in progress to end or suspend
    void Nudge();        // wakes idle workers (Start and SendTask* call it)

  private:
    std::int64_t Now() const;
    void WorkerLoop(std::string worker_id);

    ExecutionStore& store_;
    TaskRunner& tasks_;
    EngineOptions options_;
    std::mutex definitions_mutex_;
    std::map<std::string, std::shared_ptr<const Definition>, std::less<>> definitions_;

    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::uint64_t nudges_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

// Describe as JSON for an HTTP answer (GET …/execution): {"executionId", "stateMachine", "status", "startedAt",
// "updatedAt", "error", "cause", "states": [{"name", "path", "status", "enteredAt", "exitedAt", "durationMs",
// "attempts", "error", "cause"}]}, times as RFC 3339 UTC. Inputs and outputs (of the execution and of each
// state) only with with_data, since they can be large; callback tokens never.
boost::json::value DescriptionToJson(const ExecutionDescription& description, bool with_data = false);

// Builds the state list of Describe from a history (also usable on its own).
std::vector<StateSummary> SummarizeStates(const std::vector<HistoryEvent>& events);

}  // namespace ly::workflow
