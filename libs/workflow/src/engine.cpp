#include "ly/workflow/engine.hpp"

#include <boost/json.hpp>
#include <mutex>
#include <random>
#include <vector>

#include "json_path.hpp"
#include "ly/storage/clock.hpp"
#include "ly/storage/ids.hpp"

namespace ly::workflow {
namespace json = boost::json;
namespace {

// The interpreter's view of the store for one leased run. Appends are numbered here and held until the
// interpreter flushes them — one transaction (one fsync) per step with an outside effect instead of one per event;
// every flush checks and extends the lease.
class LeasedHistory : public HistoryStore {
  public:
    LeasedHistory(ExecutionStore& store, std::string worker, std::function<std::int64_t()> clock, std::int64_t lease_ms)
        : store_(store), worker_(std::move(worker)), clock_(std::move(clock)), lease_ms_(lease_ms) {}

    Result<std::vector<HistoryEvent>> Events(std::string_view execution_id) override {
        auto events = store_.Events(execution_id);
        if (events && !events->empty()) last_seq_ = events->back().seq;
        return events;
    }
    Result<HistoryEvent> Append(HistoryEvent event) override {
        std::lock_guard lock(mutex_);
        event.seq = ++last_seq_;
        pending_.push_back(event);
        return event;
    }
    Status Flush() override {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) return Ok{};
        const std::int64_t now = clock_();
        auto appended = store_.AppendLeased(pending_, worker_, now, now + lease_ms_);
        pending_.clear();
        return appended;
    }
    Result<std::optional<CallbackOutcome>> Callback(std::string_view token) override { return store_.Callback(token); }
    Result<std::optional<std::int64_t>> LastHeartbeat(std::string_view token) override {
        return store_.LastHeartbeat(token);
    }

  private:
    ExecutionStore& store_;
    std::string worker_;
    std::function<std::int64_t()> clock_;
    std::int64_t lease_ms_;
    std::mutex mutex_;
    std::int64_t last_seq_ = 0;
    std::vector<HistoryEvent> pending_;
};

std::uint64_t NewSeed() {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

std::string PayloadString(const json::value& payload, std::string_view key) {
    if (const auto* object = payload.if_object()) {
        if (const auto* found = object->if_contains(key); found && found->is_string())
            return std::string(found->as_string());
    }
    return {};
}

json::value PayloadValue(const json::value& payload, std::string_view key) {
    if (const auto* object = payload.if_object()) {
        if (const auto* found = object->if_contains(key)) return *found;
    }
    return nullptr;
}

}  // namespace

WorkflowEngine::WorkflowEngine(ExecutionStore& store, TaskRunner& tasks, EngineOptions options)
    : store_(store), tasks_(tasks), options_(std::move(options)) {
    if (!options_.clock) options_.clock = storage::SystemUnixMillis;
}

WorkflowEngine::~WorkflowEngine() { StopWorkers(); }

std::int64_t WorkflowEngine::Now() const { return options_.clock(); }

void WorkflowEngine::AddDefinition(std::string name, std::shared_ptr<const Definition> definition) {
    std::lock_guard lock(definitions_mutex_);
    definitions_[std::move(name)] = std::move(definition);
}

Result<ExecutionRecord> WorkflowEngine::Start(std::string_view definition_name, json::value input,
                                              std::optional<std::string> execution_id) {
    {
        std::lock_guard lock(definitions_mutex_);
        if (!definitions_.count(definition_name)) {
            return MakeError(ErrorCode::kNotFound, "no state machine named \"" + std::string(definition_name) + "\"");
        }
    }
    ExecutionRecord record;
    if (execution_id) {
        if (execution_id->empty() || execution_id->size() > 128) {
            return MakeError(ErrorCode::kInvalidArgument, "an execution id has 1 to 128 characters");
        }
        record.id = *execution_id;
    } else {
        auto id = storage::NewId();
        if (!id) return id.error();
        record.id = std::move(*id);
    }
    record.state_machine = std::string(definition_name);
    record.input = std::move(input);
    record.seed = NewSeed();
    record.created_at_ms = record.updated_at_ms = Now();
    if (auto created = store_.Create(record); !created) {
        if (created.error().code != ErrorCode::kConflict) return created.error();
        // Idempotent start: the same id again is the same execution.
        auto existing = store_.Get(record.id);
        if (!existing) return existing.error();
        if (existing->state_machine != definition_name) {
            return MakeError(ErrorCode::kConflict, "execution " + record.id + " exists already for state machine \"" +
                                                       existing->state_machine + "\"");
        }
        return existing;
    }
    Nudge();
    return record;
}

Result<bool> WorkflowEngine::RunReady(std::string_view worker_id) {
    const std::int64_t lease_ms = options_.lease_duration.count();
    const std::int64_t now = Now();
    auto leased = store_.LeaseRunnable(worker_id, now, now + lease_ms);
    if (!leased) return leased.error();
    if (!*leased) return false;
    const ExecutionRecord& record = **leased;
    const std::string worker(worker_id);

    std::shared_ptr<const Definition> definition;
    {
        std::lock_guard lock(definitions_mutex_);
        if (auto found = definitions_.find(record.state_machine); found != definitions_.end())
            definition = found->second;
    }
    if (!definition) {
        RunOutcome failed{RunOutcome::Status::kFailed, nullptr, "States.Runtime",
                          "no state machine named \"" + record.state_machine + "\" is known to this engine",
                          std::nullopt};
        if (auto finished = store_.Finish(record.id, worker, failed, Now()); !finished) return finished.error();
        return true;
    }

    // Renews the lease while the run takes long (a slow task appends nothing for a while); a lost lease stops
    // the run at its next step.
    std::atomic<bool> stop{false};
    std::mutex renew_mutex;
    std::condition_variable renew_wake;
    bool done = false;
    std::thread renewer([&] {
        std::unique_lock lock(renew_mutex);
        while (!renew_wake.wait_for(lock, options_.lease_duration / 3, [&] { return done; })) {
            const std::int64_t at = Now();
            if (auto renewed = store_.RenewLease(record.id, worker, at, at + lease_ms); !renewed) {
                if (renewed.error().code == ErrorCode::kConflict) {
                    stop = true;
                    return;
                }
            }
        }
    });

    LeasedHistory history(store_, worker, options_.clock, lease_ms);
    RunOptions run_options;
    run_options.clock = options_.clock;
    run_options.sleeper = options_.sleeper;
    run_options.max_inline_wait = options_.max_inline_wait;
    run_options.max_branch_threads = options_.max_branch_threads;
    run_options.observer = options_.observer;
    run_options.stop = &stop;
    ExecutionInfo info{record.id, record.state_machine, record.input, record.seed};
    auto outcome = RunExecution(*definition, info, history, tasks_, run_options);
    {
        std::lock_guard lock(renew_mutex);
        done = true;
    }
    renew_wake.notify_all();
    renewer.join();

    if (!outcome) {
        // The store failed us (or the history no longer matches the definition): give the lease back so another
        // attempt can be made after a fix, unless the history mismatch is permanent — then fail it.
        if (outcome.error().code == ErrorCode::kConflict &&
            outcome.error().message.find("does not match") != std::string::npos) {
            RunOutcome failed{RunOutcome::Status::kFailed, nullptr, "States.Runtime", outcome.error().message,
                              std::nullopt};
            (void)store_.Finish(record.id, worker, failed, Now());
        } else {
            (void)store_.Finish(record.id, worker,
                                RunOutcome{RunOutcome::Status::kStopped, nullptr, "", "", std::nullopt}, Now());
        }
        return outcome.error();
    }
    auto finished = store_.Finish(record.id, worker, *outcome, Now());
    if (!finished && finished.error().code != ErrorCode::kConflict) return finished.error();
    return true;
}

Status WorkflowEngine::SendTaskSuccess(std::string_view token, json::value output) {
    auto completed = store_.CompleteCallback(token, CallbackOutcome{true, std::move(output), "", ""}, Now());
    if (!completed) return completed.error();
    Nudge();
    return Ok{};
}

Status WorkflowEngine::SendTaskFailure(std::string_view token, std::string_view error, std::string_view cause) {
    if (error.empty()) error = "States.TaskFailed";
    auto completed =
        store_.CompleteCallback(token, CallbackOutcome{false, nullptr, std::string(error), std::string(cause)}, Now());
    if (!completed) return completed.error();
    Nudge();
    return Ok{};
}

Status WorkflowEngine::SendTaskHeartbeat(std::string_view token) { return store_.RecordHeartbeat(token, Now()); }

Result<ExecutionDescription> WorkflowEngine::Describe(std::string_view execution_id) {
    auto record = store_.Get(execution_id);
    if (!record) return record.error();
    auto events = store_.Events(execution_id);
    if (!events) return events.error();
    return ExecutionDescription{std::move(*record), SummarizeStates(*events)};
}

json::value DescriptionToJson(const ExecutionDescription& description, bool with_data) {
    const ExecutionRecord& execution = description.execution;
    auto time = [](std::optional<std::int64_t> ms) -> json::value {
        if (!ms) return nullptr;
        return json::string(FormatTimestampMillis(*ms));
    };
    auto text = [](const std::string& value) -> json::value {
        if (value.empty()) return nullptr;
        return json::string(value);
    };
    json::array states;
    for (const auto& state : description.states) {
        json::object item{{"name", state.name},
                          {"path", state.path},
                          {"status", state.status},
                          {"enteredAt", time(state.entered_at_ms)},
                          {"exitedAt", time(state.exited_at_ms)},
                          {"durationMs", state.exited_at_ms ? json::value(*state.exited_at_ms - state.entered_at_ms)
                                                            : json::value(nullptr)},
                          {"attempts", state.attempts},
                          {"error", text(state.error)},
                          {"cause", text(state.cause)}};
        if (with_data) {
            item["input"] = state.input;
            item["output"] = state.output;
        }
        states.push_back(std::move(item));
    }
    json::object out{{"executionId", execution.id},
                     {"stateMachine", execution.state_machine},
                     {"status", ExecutionStatusName(execution.status)},
                     {"startedAt", time(execution.created_at_ms)},
                     {"updatedAt", time(execution.updated_at_ms)},
                     {"wakeAt", time(execution.wake_at_ms)},
                     {"error", text(execution.error)},
                     {"cause", text(execution.cause)},
                     {"states", std::move(states)}};
    if (with_data) {
        out["input"] = execution.input;
        out["output"] = execution.output;
    }
    return out;
}

std::vector<StateSummary> SummarizeStates(const std::vector<HistoryEvent>& events) {
    std::vector<StateSummary> states;
    std::map<std::string, std::size_t> open;  // path → the visit in progress there
    for (const auto& event : events) {
        auto current = open.find(event.path);
        StateSummary* state = current == open.end() ? nullptr : &states[current->second];
        switch (event.type) {
            case EventType::kStateEntered:
                states.push_back(StateSummary{event.state, event.path, "running", event.at_ms, std::nullopt,
                                              PayloadValue(event.payload, "input"), nullptr, 0, "", ""});
                open[event.path] = states.size() - 1;
                break;
            case EventType::kStateExited:
                if (state) {
                    state->status = "succeeded";
                    state->exited_at_ms = event.at_ms;
                    state->output = PayloadValue(event.payload, "output");
                    open.erase(event.path);
                }
                break;
            case EventType::kTaskScheduled:
                if (state) {
                    ++state->attempts;
                    state->status = "running";
                }
                break;
            case EventType::kTaskFailed:
                if (state) {
                    state->error = PayloadString(event.payload, "error");
                    state->cause = PayloadString(event.payload, "cause");
                }
                break;
            case EventType::kCallbackRequested:
            case EventType::kWaitStarted:
                if (state) state->status = "waiting";
                break;
            case EventType::kTaskSucceeded:
                if (state) state->status = "running";
                break;
            case EventType::kExecutionFailed:
                // States still open when the execution failed are where it failed.
                for (auto& [path, index] : open) {
                    states[index].status = "failed";
                    states[index].exited_at_ms = event.at_ms;
                    if (states[index].error.empty()) {
                        states[index].error = PayloadString(event.payload, "error");
                        states[index].cause = PayloadString(event.payload, "cause");
                    }
                }
                open.clear();
                break;
            default:
                break;
        }
    }
    return states;
}

void WorkflowEngine::Nudge() {
    {
        std::lock_guard lock(wake_mutex_);
        ++nudges_;
    }
    wake_.notify_all();
}

void WorkflowEngine::StartWorkers() {
    std::lock_guard lock(wake_mutex_);
    if (!workers_.empty()) return;
    stopping_ = false;
    for (int i = 0; i < std::max(1, options_.workers); ++i) {
        workers_.emplace_back(&WorkflowEngine::WorkerLoop, this, options_.worker_prefix + "-" + std::to_string(i));
    }
}

void WorkflowEngine::StopWorkers() {
    std::vector<std::thread> workers;
    {
        std::lock_guard lock(wake_mutex_);
        stopping_ = true;
        workers.swap(workers_);
    }
    wake_.notify_all();
    for (auto& worker : workers) worker.join();
}

void WorkflowEngine::WorkerLoop(std::string worker_id) {
    while (true) {
        std::uint64_t seen = 0;
        {
            std::lock_guard lock(wake_mutex_);
            if (stopping_) return;
            seen = nudges_;
        }
        auto ran = RunReady(worker_id);
        if (ran && *ran) continue;  // maybe more is runnable
        std::unique_lock lock(wake_mutex_);
        wake_.wait_for(lock, options_.poll_interval, [&] { return stopping_ || nudges_ != seen; });
    }
}

}  // namespace ly::workflow
