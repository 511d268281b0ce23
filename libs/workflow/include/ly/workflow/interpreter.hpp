// Runs one execution of a Definition by deterministic replay: steps already in the history are answered from it,
// new steps are appended before they take effect. Returns when the execution ends or must wait.
#pragma once

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ly/base/result.hpp"
#include "ly/workflow/definition.hpp"
#include "ly/workflow/history.hpp"
#include "ly/workflow/task_runner.hpp"

namespace ly::workflow {

using MillisClock = std::function<std::int64_t()>;               // Unix ms
using Sleeper = std::function<void(std::chrono::milliseconds)>;  // tests advance a fake clock instead

struct RunOptions {
    MillisClock clock;  // defaults to the system clock
    Sleeper sleeper;    // defaults to std::this_thread::sleep_for
    // Waits (and retry back-offs) up to this long are slept on the thread; longer ones suspend the execution.
    std::chrono::milliseconds max_inline_wait{1000};
    // Threads one Parallel/Map state uses at most (MaxConcurrency 0 means this many).
    int max_branch_threads = 4;
    // Called after each new event is durably appended (never for events answered from the history).
    std::function<void(const HistoryEvent&)> observer;
    // Set from another thread to stop at the next step (kStopped): the engine lost its lease.
    const std::atomic<bool>* stop = nullptr;
    // Makes a new callback token; the default draws 128 random bits.
    std::function<std::string()> new_token;
};

struct ExecutionInfo {
    std::string id;
    std::string state_machine;  // the definition's name, for $$.StateMachine
    boost::json::value input;
    std::uint64_t seed = 0;  // drives States.UUID, States.MathRandom and retry jitter, so replays decide alike
};

struct RunOutcome {
    enum class Status { kSucceeded, kFailed, kWaiting, kStopped };
    Status status = Status::kFailed;
    boost::json::value output;  // kSucceeded
    std::string error;          // kFailed (ASL error name), kStopped (why)
    std::string cause;
    // kWaiting: when to run again; nullopt when only a callback can wake it.
    std::optional<std::int64_t> wake_at_ms;
};

// Runs (or resumes) an execution. An Error is returned only when the history cannot be read or written;
// everything the machine does, including failing, is a RunOutcome.
Result<RunOutcome> RunExecution(const Definition& definition, const ExecutionInfo& execution, HistoryStore& history,
                                TaskRunner& tasks, const RunOptions& options);

}  // namespace ly::workflow
