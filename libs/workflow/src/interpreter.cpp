#include "ly/workflow/interpreter.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "json_path.hpp"
#include "ly/storage/clock.hpp"
#include "ly/storage/ids.hpp"
#include "payload.hpp"
#include "states_error.hpp"

namespace ly::workflow {
namespace json = boost::json;
namespace {

// Internal control flow, always caught inside RunExecution.
struct Suspend {
    std::optional<std::int64_t> wake_at_ms;  // nullopt: only a callback wakes it
};
struct Abort {
    Error error;
    bool stopped = false;  // the engine asked to stop (lease lost): not a failure of the execution
};

std::uint64_t Mix(std::uint64_t x) {  // SplitMix64's finaliser
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::uint64_t Fnv1a(std::string_view text) {  // stable across builds, unlike std::hash
    std::uint64_t hash = 1469598103934665603ULL;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
    return hash;
}

json::value Member(const json::value& value, std::string_view key) {
    if (const auto* object = value.if_object()) {
        if (const auto* found = object->if_contains(key)) return *found;
    }
    return nullptr;
}

std::string MemberString(const json::value& value, std::string_view key) {
    json::value found = Member(value, key);
    return found.is_string() ? std::string(found.as_string()) : std::string();
}

// Replays recorded events per path and appends new ones. Events of one path are consumed in order.
class Recorder {
  public:
    Recorder(HistoryStore& store, std::string execution_id, std::vector<HistoryEvent> events, const RunOptions& options)
        : store_(store), execution_id_(std::move(execution_id)), options_(options) {
        for (auto& event : events) by_path_[event.path].push_back(std::move(event));
    }

    std::int64_t Now() const { return options_.clock(); }

    std::optional<HistoryEvent> Peek(const std::string& path) {
        std::lock_guard lock(mutex_);
        auto found = by_path_.find(path);
        if (found == by_path_.end() || found->second.empty()) return std::nullopt;
        return found->second.front();
    }

    HistoryEvent Consume(const std::string& path) {
        std::lock_guard lock(mutex_);
        auto& queue = by_path_[path];
        HistoryEvent event = std::move(queue.front());
        queue.pop_front();
        return event;
    }

    // The recorded event for this step, or a new one appended with the payload `make` builds.
    HistoryEvent Step(const std::string& path, EventType type, const std::string& state,
                      const std::function<json::value()>& make) {
        if (auto recorded = Peek(path)) {
            if (recorded->type != type || recorded->state != state) {
                throw Abort{MakeError(
                    ErrorCode::kConflict,
                    "the history of execution " + execution_id_ + " does not match its definition: at " +
                        (path.empty() ? "the top level" : "\"" + path + "\"") + " it recorded " +
                        std::string(EventTypeName(recorded->type)) + " \"" + recorded->state +
                        "\" where the machine now takes " + std::string(EventTypeName(type)) + " \"" + state + "\"")};
            }
            return Consume(path);
        }
        return Record(path, type, state, make());
    }

    HistoryEvent Record(const std::string& path, EventType type, const std::string& state, json::value payload) {
        if (options_.stop && options_.stop->load()) {
            throw Abort{MakeError(ErrorCode::kConflict, "stopped: the execution's lease was lost"), true};
        }
        std::lock_guard lock(append_mutex_);  // one append at a time keeps seq and observer order alike
        HistoryEvent event;
        event.execution_id = execution_id_;
        event.type = type;
        event.state = state;
        event.path = path;
        event.payload = std::move(payload);
        event.at_ms = Now();
        auto appended = store_.Append(std::move(event));
        if (!appended) throw Abort{appended.error(), appended.error().code == ErrorCode::kConflict};
        if (options_.observer) unobserved_.push_back(*appended);
        if (TakesEffect(type)) FlushLocked();
        return std::move(*appended);
    }

    // Makes what was recorded durable (before the execution suspends, for instance).
    void Flush() {
        std::lock_guard lock(append_mutex_);
        FlushLocked();
    }

    // On replay, a state that already exited is answered whole: its events are skipped up to StateExited.
    std::optional<HistoryEvent> SkipToExit(const std::string& path, const std::string& state) {
        std::lock_guard lock(mutex_);
        auto& queue = by_path_[path];
        for (std::size_t i = 0; i < queue.size(); ++i) {
            if (queue[i].type == EventType::kStateEntered) return std::nullopt;
            if (queue[i].type == EventType::kStateExited && queue[i].state == state) {
                HistoryEvent exited = std::move(queue[i]);
                queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                return exited;
            }
        }
        return std::nullopt;
    }

  private:
    // Events after which something happens outside the history: a task runs, the execution suspends or ends.
    // Everything recorded up to them must be durable first.
    static bool TakesEffect(EventType type) {
        switch (type) {
            case EventType::kTaskScheduled:
            case EventType::kWaitStarted:
            case EventType::kCallbackRequested:
            case EventType::kExecutionSucceeded:
            case EventType::kExecutionFailed:
                return true;
            default:
                return false;
        }
    }

    // The observer hears events once they are durable.
    void FlushLocked() {
        if (auto flushed = store_.Flush(); !flushed) {
            unobserved_.clear();
            throw Abort{flushed.error(), flushed.error().code == ErrorCode::kConflict};
        }
        for (const HistoryEvent& event : unobserved_) options_.observer(event);
        unobserved_.clear();
    }

    HistoryStore& store_;
    std::string execution_id_;
    const RunOptions& options_;
    std::mutex mutex_;
    std::mutex append_mutex_;
    std::vector<HistoryEvent> unobserved_;  // recorded, not yet flushed
    std::map<std::string, std::deque<HistoryEvent>> by_path_;
};

// One visit of one state: what its random draws and its context object derive from.
struct Visit {
    const State& state;
    std::string path;
    std::int64_t entered_seq = 0;
    std::int64_t entered_ms = 0;
    int retry_count = 0;
    std::string token;
    std::uint64_t draws = 0;
    const json::value* raw_input = nullptr;  // the state's input, for a callback task's second Parameters pass
};

struct Transition {
    json::value output;
    std::string next;  // empty: the machine ends here
};

class Interpreter {
  public:
    Interpreter(const ExecutionInfo& execution, HistoryStore& store, Recorder& recorder, TaskRunner& tasks,
                const RunOptions& options, std::int64_t start_ms)
        : execution_(execution),
          store_(store),
          recorder_(recorder),
          tasks_(tasks),
          options_(options),
          start_ms_(start_ms) {}

    void SetDeadline(std::optional<std::int64_t> deadline_ms) { deadline_ms_ = deadline_ms; }

    json::value RunMachine(const Definition& definition, json::value input, const std::string& path) {
        std::string current = definition.start_at();
        while (true) {
            const State& state = *definition.Find(current);  // validated on load
            Transition transition = RunState(state, std::move(input), path);
            if (transition.next.empty()) return std::move(transition.output);
            input = std::move(transition.output);
            current = std::move(transition.next);
        }
    }

  private:
    Transition RunState(const State& state, json::value input, const std::string& path) {
        // The execution's TimeoutSeconds is checked before new steps only, so a replay never diverges from what
        // the history already holds.
        if (deadline_ms_ && recorder_.Now() >= *deadline_ms_ && !recorder_.Peek(path)) {
            ThrowStates(errors::kTimeout, "the execution ran longer than its TimeoutSeconds");
        }
        HistoryEvent entered = recorder_.Step(path, EventType::kStateEntered, state.name, [&] {
            return json::value{{"input", input}};
        });
        if (auto exited = recorder_.SkipToExit(path, state.name)) {
            return {Member(exited->payload, "output"), MemberString(exited->payload, "next")};
        }
        Visit visit{state, path, entered.seq, entered.at_ms, 0, "", 0, nullptr};
        Transition transition = Evaluate(visit, input);
        recorder_.Record(path, EventType::kStateExited, state.name,
                         json::value{{"output", transition.output}, {"next", transition.next}});
        return transition;
    }

    std::string NextOf(const State& state) const { return state.end ? std::string() : state.next; }

    Transition Evaluate(Visit& visit, const json::value& input) {
        const State& state = visit.state;
        switch (state.type) {
            case StateType::kPass: {
                json::value effective = Effective(visit, input);
                json::value result = state.result ? *state.result : effective;
                return {Output(visit, input, std::move(result), false), NextOf(state)};
            }
            case StateType::kSucceed:
                return {OutputPath(visit, InputPath(visit, input)), ""};
            case StateType::kFail: {
                std::string error = state.error, cause = state.cause;
                if (!state.error_path.empty()) error = StringAt(visit, state.error_path, input, "ErrorPath");
                if (!state.cause_path.empty()) cause = StringAt(visit, state.cause_path, input, "CausePath");
                throw StatesError{error.empty() ? "States.Fail" : error, cause};
            }
            case StateType::kChoice: {
                json::value effective = InputPath(visit, input);
                json::value context = Context(visit);
                for (const auto& rule : state.choices) {
                    if (Matches(rule, effective, context)) return {OutputPath(visit, effective), rule.next};
                }
                if (!state.default_next.empty()) return {OutputPath(visit, effective), state.default_next};
                ThrowStates(errors::kNoChoiceMatched, "no Choice rule of state \"" + state.name + "\" matched");
            }
            case StateType::kWait: {
                json::value effective = InputPath(visit, input);
                HistoryEvent started = recorder_.Step(visit.path, EventType::kWaitStarted, state.name, [&] {
                    return json::value{{"until", WaitUntil(visit, effective)}};
                });
                WaitUntilTime(Member(started.payload, "until").to_number<std::int64_t>());
                return {OutputPath(visit, effective), NextOf(state)};
            }
            case StateType::kTask:
            case StateType::kParallel:
            case StateType::kMap:
                return WithRetryAndCatch(visit, input);
        }
        ThrowStates(errors::kRuntime, "unknown state type");
    }

    // Task, Parallel, Map: the attempt, retried as Retry says, errors caught as Catch says.
    Transition WithRetryAndCatch(Visit& visit, const json::value& input) {
        const State& state = visit.state;
        std::vector<int> retries(state.retry.size(), 0);
        int attempt = 0;
        visit.raw_input = &input;
        while (true) {
            try {
                // A callback task resolves its Parameters once its token exists (RunTask), for $$.Task.Token.
                const bool callback = state.type == StateType::kTask && IsCallbackResource(state.resource);
                json::value effective = callback ? InputPath(visit, input) : Effective(visit, input);
                json::value result = Attempt(visit, effective, attempt);
                return {Output(visit, input, std::move(result), true), NextOf(state)};
            } catch (const StatesError& failure) {
                std::optional<std::size_t> retrier;
                for (std::size_t i = 0; i < state.retry.size(); ++i) {
                    if (ErrorMatches(state.retry[i].error_equals, failure)) {
                        retrier = i;
                        break;
                    }
                }
                if (retrier && retries[*retrier] < state.retry[*retrier].max_attempts) {
                    const Retrier& policy = state.retry[*retrier];
                    double delay_s = policy.interval_seconds * std::pow(policy.backoff_rate, retries[*retrier]);
                    if (policy.max_delay_seconds) delay_s = std::min(delay_s, *policy.max_delay_seconds);
                    if (policy.jitter_full) {
                        delay_s = delay_s * static_cast<double>(Draw(visit) >> 11) / static_cast<double>(1ULL << 53);
                    }
                    ++retries[*retrier];
                    ++attempt;
                    visit.retry_count = attempt;
                    HistoryEvent started = recorder_.Step(visit.path, EventType::kWaitStarted, state.name, [&] {
                        return json::value{
                            {"until", recorder_.Now() + static_cast<std::int64_t>(std::llround(delay_s * 1000))},
                            {"retry", attempt}};
                    });
                    WaitUntilTime(Member(started.payload, "until").to_number<std::int64_t>());
                    continue;
                }
                for (const auto& catcher : state.catchers) {
                    if (!ErrorMatches(catcher.error_equals, failure)) continue;
                    json::value error{{"Error", failure.error}, {"Cause", failure.cause}};
                    json::value output = input;
                    if (catcher.result_path.discard) return {output, catcher.next};
                    if (catcher.result_path.path == "$") return {error, catcher.next};
                    if (auto put = PutAtPath(catcher.result_path.path, output, error); !put) {
                        ThrowStates(errors::kRuntime, "Catch ResultPath: " + put.error().message);
                    }
                    return {output, catcher.next};
                }
                throw;
            }
        }
    }

    static bool ErrorMatches(const std::vector<std::string>& names, const StatesError& failure) {
        for (const auto& name : names) {
            if (name == failure.error) return true;
            // States.ALL matches everything but States.Runtime, which is never retried or caught by it.
            if (name == errors::kAll && failure.error != errors::kRuntime) return true;
            // States.TaskFailed is a wildcard too: everything but the timeouts (and States.Runtime, as above).
            if (name == errors::kTaskFailed && failure.error != errors::kRuntime && failure.error != errors::kTimeout &&
                failure.error != errors::kHeartbeatTimeout) {
                return true;
            }
            if (name == errors::kBranchFailed && failure.from_branch) return true;
        }
        return false;
    }

    json::value Attempt(Visit& visit, const json::value& effective, int attempt) {
        const State& state = visit.state;
        if (state.type == StateType::kTask) return RunTask(visit, effective, attempt);
        const std::string prefix = visit.path + (visit.path.empty() ? "" : "/") + state.name + "#" +
                                   std::to_string(visit.entered_seq) + (attempt ? "." + std::to_string(attempt) : "") +
                                   "/";
        if (state.type == StateType::kParallel) {
            return RunBranches(state.branches.size(), 0, [&](std::size_t i) {
                return RunMachine(*state.branches[i], effective, prefix + std::to_string(i));
            });
        }
        // Map
        json::value context = Context(visit);
        auto items = SelectPath(state.items_path, effective, context);
        if (!items) ThrowStates(errors::kRuntime, "ItemsPath: " + items.error().message);
        if (!items->is_array()) ThrowStates(errors::kRuntime, "ItemsPath \"" + state.items_path + "\" is not an array");
        std::vector<json::value> inputs;
        const auto& array = items->as_array();
        for (std::size_t i = 0; i < array.size(); ++i) {
            if (!state.item_selector) {
                inputs.push_back(array[i]);
                continue;
            }
            json::value item_context = context;
            item_context.as_object()["Map"] = json::object{{"Item", {{"Index", i}, {"Value", array[i]}}}};
            inputs.push_back(ResolvePayload(*state.item_selector, Env(visit, effective, item_context)));
        }
        return RunBranches(inputs.size(), state.max_concurrency, [&](std::size_t i) {
            return RunMachine(*state.item_processor, inputs[i], prefix + std::to_string(i));
        });
    }

    // Runs count branches on up to max_concurrency threads (0: the engine's cap); answers their outputs in order.
    json::value RunBranches(std::size_t count, int max_concurrency,
                            const std::function<json::value(std::size_t)>& run) {
        std::size_t threads = static_cast<std::size_t>(std::max(1, options_.max_branch_threads));
        if (max_concurrency > 0) threads = std::min(threads, static_cast<std::size_t>(max_concurrency));
        threads = std::min(threads, count);
        std::vector<json::value> outputs(count);
        std::vector<std::optional<StatesError>> failures(count);
        std::vector<std::optional<Suspend>> suspended(count);
        std::optional<Abort> abort;
        std::mutex mutex;
        std::size_t next = 0;
        bool failed = false;
        auto worker = [&] {
            while (true) {
                std::size_t index = 0;
                {
                    std::lock_guard lock(mutex);
                    if (next >= count || failed || abort) return;
                    index = next++;
                }
                try {
                    outputs[index] = run(index);
                } catch (const StatesError& error) {
                    std::lock_guard lock(mutex);
                    failures[index] = error;
                    failed = true;
                } catch (const Suspend& suspend) {
                    suspended[index] = suspend;
                } catch (const Abort& stop) {
                    std::lock_guard lock(mutex);
                    if (!abort) abort = stop;
                } catch (const std::exception& e) {  // an exception must not leave a thread (std::terminate)
                    std::lock_guard lock(mutex);
                    if (!abort)
                        abort = Abort{MakeError(ErrorCode::kInternal, std::string("a branch failed: ") + e.what())};
                }
            }
        };
        if (threads <= 1) {
            worker();
        } else {
            std::vector<std::thread> pool;
            for (std::size_t i = 0; i < threads; ++i) pool.emplace_back(worker);
            for (auto& thread : pool) thread.join();
        }
        if (abort) throw *abort;
        for (auto& failure : failures) {
            if (failure) {
                failure->from_branch = true;
                throw *failure;
            }
        }
        bool any_suspended = false;
        std::optional<std::int64_t> wake;
        for (const auto& suspend : suspended) {
            if (!suspend) continue;
            any_suspended = true;
            if (suspend->wake_at_ms) wake = wake ? std::min(*wake, *suspend->wake_at_ms) : *suspend->wake_at_ms;
        }
        if (any_suspended) throw Suspend{wake};
        return json::array(outputs.begin(), outputs.end());
    }

    json::value RunTask(Visit& visit, const json::value& effective, int attempt) {
        const State& state = visit.state;
        const bool callback = IsCallbackResource(state.resource);
        std::optional<double> timeout = state.timeout_seconds;
        std::optional<double> heartbeat = state.heartbeat_seconds;
        if (!state.timeout_seconds_path.empty())
            timeout = NumberAt(visit, state.timeout_seconds_path, effective, "TimeoutSecondsPath");
        if (!state.heartbeat_seconds_path.empty()) {
            heartbeat = NumberAt(visit, state.heartbeat_seconds_path, effective, "HeartbeatSecondsPath");
        }
        // Parameters were resolved before the token existed; a callback task's token is made here, recorded with
        // the schedule, and its Parameters resolved again so $$.Task.Token reaches the function.
        std::string token;
        HistoryEvent scheduled = recorder_.Step(visit.path, EventType::kTaskScheduled, state.name, [&] {
            json::value payload{{"resource", state.resource}, {"attempt", attempt}};
            if (callback) {
                token = options_.new_token ? options_.new_token() : NewToken();
                payload.as_object()["token"] = token;
            }
            visit.token = token;
            payload.as_object()["input"] = callback ? Effective(visit, *visit.raw_input) : effective;
            return payload;
        });
        token = MemberString(scheduled.payload, "token");
        visit.token = token;
        json::value task_input = Member(scheduled.payload, "input");

        auto finish = [&](const HistoryEvent& outcome) -> json::value {
            if (outcome.type == EventType::kTaskSucceeded) return Member(outcome.payload, "output");
            throw StatesError{MemberString(outcome.payload, "error"), MemberString(outcome.payload, "cause")};
        };
        if (auto next = recorder_.Peek(visit.path);
            next && (next->type == EventType::kTaskSucceeded || next->type == EventType::kTaskFailed)) {
            return finish(recorder_.Consume(visit.path));
        }

        TaskRequest request{state.resource, task_input, timeout, heartbeat, execution_.id, state.name, attempt, token};
        if (!callback) {
            auto result = tasks_.Run(request);
            if (result) {
                return finish(recorder_.Record(visit.path, EventType::kTaskSucceeded, state.name,
                                               json::value{{"output", std::move(*result)}}));
            }
            TaskFailure failure = ParseTaskError(result.error());
            return finish(recorder_.Record(visit.path, EventType::kTaskFailed, state.name,
                                           json::value{{"error", failure.error}, {"cause", failure.cause}}));
        }

        // Callback task: call the function once (it hands the token on), then wait for SendTask*.
        if (auto next = recorder_.Peek(visit.path); next && next->type == EventType::kCallbackRequested) {
            recorder_.Consume(visit.path);
        } else {
            auto result = tasks_.Run(request);
            if (!result) {
                TaskFailure failure = ParseTaskError(result.error());
                return finish(recorder_.Record(visit.path, EventType::kTaskFailed, state.name,
                                               json::value{{"error", failure.error}, {"cause", failure.cause}}));
            }
            recorder_.Record(visit.path, EventType::kCallbackRequested, state.name, json::value{{"token", token}});
        }
        auto outcome = store_.Callback(token);
        if (!outcome) throw Abort{outcome.error()};
        if (*outcome) {
            const CallbackOutcome& sent = **outcome;
            json::value payload = sent.succeeded ? json::value{{"output", sent.output}}
                                                 : json::value{{"error", sent.error}, {"cause", sent.cause}};
            return finish(recorder_.Record(visit.path,
                                           sent.succeeded ? EventType::kTaskSucceeded : EventType::kTaskFailed,
                                           state.name, std::move(payload)));
        }
        std::optional<std::int64_t> wake;
        if (timeout) {
            const std::int64_t deadline = scheduled.at_ms + static_cast<std::int64_t>(*timeout * 1000);
            if (recorder_.Now() >= deadline) {
                return finish(recorder_.Record(
                    visit.path, EventType::kTaskFailed, state.name,
                    json::value{{"error", errors::kTimeout},
                                {"cause", "no SendTaskSuccess/SendTaskFailure within TimeoutSeconds"}}));
            }
            wake = deadline;
        }
        if (heartbeat) {
            auto last = store_.LastHeartbeat(token);
            if (!last) throw Abort{last.error()};
            const std::int64_t since = std::max(scheduled.at_ms, last->value_or(scheduled.at_ms));
            const std::int64_t deadline = since + static_cast<std::int64_t>(*heartbeat * 1000);
            if (recorder_.Now() >= deadline) {
                return finish(recorder_.Record(visit.path, EventType::kTaskFailed, state.name,
                                               json::value{{"error", errors::kHeartbeatTimeout},
                                                           {"cause", "no SendTaskHeartbeat within HeartbeatSeconds"}}));
            }
            wake = wake ? std::min(*wake, deadline) : deadline;
        }
        throw Suspend{wake};
    }

    static std::string NewToken() {
        auto id = storage::NewId();
        if (!id) throw Abort{id.error()};
        auto second = storage::NewId();
        if (!second) throw Abort{second.error()};
        return *id + *second;
    }

    // --- input and output processing ---------------------------------------------------------------------------

    json::value InputPath(const Visit& visit, const json::value& input) {
        const State& state = visit.state;
        if (state.input_path.is_null) return json::object();
        if (state.input_path.path == "$") return input;
        auto selected = SelectPath(state.input_path.path, input, Context(visit));
        if (!selected) ThrowStates(errors::kRuntime, "InputPath: " + selected.error().message);
        return std::move(*selected);
    }

    json::value Effective(Visit& visit, const json::value& input) {
        json::value effective = InputPath(visit, input);
        const State& state = visit.state;
        if (!state.parameters) return effective;
        return ResolvePayload(*state.parameters, Env(visit, effective, Context(visit)));
    }

    json::value Output(Visit& visit, const json::value& raw_input, json::value result, bool selector) {
        const State& state = visit.state;
        if (selector && state.result_selector) {
            result = ResolvePayload(*state.result_selector, Env(visit, result, Context(visit)));
        }
        json::value combined;
        if (state.result_path.discard) {
            combined = raw_input;
        } else if (state.result_path.path == "$") {
            combined = std::move(result);
        } else {
            combined = raw_input;
            if (auto put = PutAtPath(state.result_path.path, combined, std::move(result)); !put) {
                ThrowStates(errors::kRuntime, "ResultPath: " + put.error().message);
            }
        }
        return OutputPath(visit, combined);
    }

    json::value OutputPath(const Visit& visit, const json::value& value) {
        const State& state = visit.state;
        if (state.output_path.is_null) return json::object();
        if (state.output_path.path == "$") return value;
        auto selected = SelectPath(state.output_path.path, value, Context(visit));
        if (!selected) ThrowStates(errors::kRuntime, "OutputPath: " + selected.error().message);
        return std::move(*selected);
    }

    PayloadEnv Env(Visit& visit, const json::value& input, const json::value& context) {
        return PayloadEnv{input, context, [this, &visit] { return Draw(visit); }};
    }

    // Seeded draws: a function of the execution's seed, the path, the state's entered event and a counter, so a
    // replay draws the same numbers for the same visit.
    std::uint64_t Draw(Visit& visit) {
        std::lock_guard lock(draw_mutex_);
        return Mix(execution_.seed ^
                   Mix(Fnv1a(visit.path) ^ Mix(static_cast<std::uint64_t>(visit.entered_seq) * 31 + visit.draws++)));
    }

    json::value Context(const Visit& visit) const {
        json::object context{{"Execution",
                              {{"Id", execution_.id},
                               {"Name", execution_.id},
                               {"Input", execution_.input},
                               {"StartTime", FormatTimestampMillis(start_ms_)}}},
                             {"StateMachine", {{"Id", execution_.state_machine}, {"Name", execution_.state_machine}}},
                             {"State",
                              {{"Name", visit.state.name},
                               {"EnteredTime", FormatTimestampMillis(visit.entered_ms)},
                               {"RetryCount", visit.retry_count}}}};
        if (!visit.token.empty()) context["Task"] = json::object{{"Token", visit.token}};
        return context;
    }

    std::string StringAt(const Visit& visit, const std::string& path, const json::value& input,
                         std::string_view field) {
        auto value = SelectPath(path, input, Context(visit));
        if (!value) ThrowStates(errors::kRuntime, std::string(field) + ": " + value.error().message);
        if (!value->is_string())
            ThrowStates(errors::kRuntime, std::string(field) + " \"" + path + "\" is not a string");
        return std::string(value->as_string());
    }

    double NumberAt(const Visit& visit, const std::string& path, const json::value& input, std::string_view field) {
        auto value = SelectPath(path, input, Context(visit));
        if (!value) ThrowStates(errors::kRuntime, std::string(field) + ": " + value.error().message);
        if (!value->is_number() || value->to_number<double>() < 0) {
            ThrowStates(errors::kRuntime, std::string(field) + " \"" + path + "\" is not a non-negative number");
        }
        return value->to_number<double>();
    }

    // --- Wait ----------------------------------------------------------------------------------------------------

    std::int64_t WaitUntil(const Visit& visit, const json::value& effective) {
        const State& state = visit.state;
        const std::int64_t now = recorder_.Now();
        if (state.seconds) return now + static_cast<std::int64_t>(*state.seconds * 1000);
        if (!state.seconds_path.empty()) {
            return now +
                   static_cast<std::int64_t>(NumberAt(visit, state.seconds_path, effective, "SecondsPath") * 1000);
        }
        std::string text = state.timestamp;
        if (!state.timestamp_path.empty()) text = StringAt(visit, state.timestamp_path, effective, "TimestampPath");
        auto nanos = ParseTimestampNanos(text);
        if (!nanos) ThrowStates(errors::kRuntime, "TimestampPath \"" + text + "\" is not an RFC 3339 timestamp");
        return *nanos / 1'000'000;
    }

    void WaitUntilTime(std::int64_t until_ms) {
        const std::int64_t now = recorder_.Now();
        if (until_ms <= now) return;
        if (until_ms - now > options_.max_inline_wait.count()) throw Suspend{until_ms};
        options_.sleeper(std::chrono::milliseconds(until_ms - now));
    }

    // --- Choice --------------------------------------------------------------------------------------------------

    bool Matches(const ChoiceRule& rule, const json::value& input, const json::value& context) {
        switch (rule.kind) {
            case ChoiceRule::Kind::kAnd:
                return std::all_of(rule.children.begin(), rule.children.end(),
                                   [&](const ChoiceRule& child) { return Matches(child, input, context); });
            case ChoiceRule::Kind::kOr:
                return std::any_of(rule.children.begin(), rule.children.end(),
                                   [&](const ChoiceRule& child) { return Matches(child, input, context); });
            case ChoiceRule::Kind::kNot:
                return !Matches(rule.children.front(), input, context);
            case ChoiceRule::Kind::kCompare:
                break;
        }
        auto variable_path = ParsePath(rule.variable);  // validated on load
        std::optional<json::value> found = FindPath(*variable_path, input, context);
        const std::string& op = rule.comparator;
        if (op == "IsPresent") return found.has_value() == rule.operand.as_bool();
        if (!found) {
            ThrowStates(errors::kRuntime, "Choice Variable \"" + rule.variable + "\" matches nothing in the input");
        }
        const json::value& value = *found;
        if (op == "IsNull") return value.is_null() == rule.operand.as_bool();
        if (op == "IsNumeric") return value.is_number() == rule.operand.as_bool();
        if (op == "IsString") return value.is_string() == rule.operand.as_bool();
        if (op == "IsBoolean") return value.is_bool() == rule.operand.as_bool();
        if (op == "IsTimestamp") {
            return (value.is_string() && ParseTimestampNanos(value.as_string()).has_value()) == rule.operand.as_bool();
        }
        std::string base = op;
        json::value operand = rule.operand;
        if (op.ends_with("Path") && op != "StringMatches") {
            base = op.substr(0, op.size() - 4);
            auto selected = SelectPath(rule.operand.as_string(), input, context);
            if (!selected) ThrowStates(errors::kRuntime, op + ": " + selected.error().message);
            operand = std::move(*selected);
        }
        auto order = [&](int compare) {
            if (base.ends_with("LessThanEquals")) return compare <= 0;
            if (base.ends_with("GreaterThanEquals")) return compare >= 0;
            if (base.ends_with("LessThan")) return compare < 0;
            if (base.ends_with("GreaterThan")) return compare > 0;
            return compare == 0;
        };
        if (base.rfind("String", 0) == 0) {
            if (!value.is_string() || !operand.is_string()) return false;
            if (base == "StringMatches") return Glob(value.as_string(), operand.as_string());
            int compare = std::string_view(value.as_string()).compare(std::string_view(operand.as_string()));
            return order(compare < 0 ? -1 : compare > 0 ? 1 : 0);
        }
        if (base.rfind("Numeric", 0) == 0) {
            if (!value.is_number() || !operand.is_number()) return false;
            double a = value.to_number<double>(), b = operand.to_number<double>();
            return order(a < b ? -1 : a > b ? 1 : 0);
        }
        if (base == "BooleanEquals")
            return value.is_bool() && operand.is_bool() && value.as_bool() == operand.as_bool();
        if (base.rfind("Timestamp", 0) == 0) {
            if (!value.is_string() || !operand.is_string()) return false;
            auto a = ParseTimestampNanos(value.as_string()), b = ParseTimestampNanos(operand.as_string());
            if (!a || !b) return false;
            return order(*a < *b ? -1 : *a > *b ? 1 : 0);
        }
        return false;
    }

    // StringMatches: '*' matches any run of characters; "\*" is a literal star, "\\" a backslash.
    static bool Glob(std::string_view text, std::string_view pattern) {
        std::vector<std::pair<char, bool>> tokens;  // (char, is_wildcard)
        for (std::size_t i = 0; i < pattern.size(); ++i) {
            if (pattern[i] == '\\' && i + 1 < pattern.size()) {
                tokens.emplace_back(pattern[++i], false);
            } else {
                tokens.emplace_back(pattern[i], pattern[i] == '*');
            }
        }
        std::size_t t = 0, p = 0, star = std::string::npos, mark = 0;
        while (t < text.size()) {
            if (p < tokens.size() && !tokens[p].second && tokens[p].first == text[t]) {
                ++t;
                ++p;
            } else if (p < tokens.size() && tokens[p].second) {
                star = p++;
                mark = t;
            } else if (star != std::string::npos) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < tokens.size() && tokens[p].second) ++p;
        return p == tokens.size();
    }

    const ExecutionInfo& execution_;
    HistoryStore& store_;
    Recorder& recorder_;
    TaskRunner& tasks_;
    const RunOptions& options_;
    std::int64_t start_ms_;
    std::optional<std::int64_t> deadline_ms_;
    std::mutex draw_mutex_;
};

}  // namespace

Result<RunOutcome> RunExecution(const Definition& definition, const ExecutionInfo& execution, HistoryStore& history,
                                TaskRunner& tasks, const RunOptions& given) {
    RunOptions options = given;
    if (!options.clock) options.clock = storage::SystemUnixMillis;
    if (!options.sleeper) options.sleeper = [](std::chrono::milliseconds wait) { std::this_thread::sleep_for(wait); };

    auto events = history.Events(execution.id);
    if (!events) return events.error();
    // An execution that already ended answers its end again (a second run changes nothing).
    for (const auto& event : *events) {
        if (!event.path.empty()) continue;
        if (event.type == EventType::kExecutionSucceeded) {
            return RunOutcome{RunOutcome::Status::kSucceeded, Member(event.payload, "output"), "", "", std::nullopt};
        }
        if (event.type == EventType::kExecutionFailed) {
            return RunOutcome{RunOutcome::Status::kFailed, nullptr, MemberString(event.payload, "error"),
                              MemberString(event.payload, "cause"), std::nullopt};
        }
    }
    Recorder recorder(history, execution.id, std::move(*events), options);
    std::optional<std::int64_t> deadline;
    try {
        HistoryEvent started = recorder.Step("", EventType::kExecutionStarted, "", [&] {
            return json::value{{"input", execution.input}};
        });
        Interpreter interpreter(execution, history, recorder, tasks, options, started.at_ms);
        if (definition.timeout_seconds()) {
            deadline = started.at_ms + static_cast<std::int64_t>(*definition.timeout_seconds() * 1000);
            interpreter.SetDeadline(deadline);
        }
        json::value output;
        try {
            output = interpreter.RunMachine(definition, execution.input, "");
        } catch (const StatesError& failure) {
            recorder.Step("", EventType::kExecutionFailed, "", [&] {
                return json::value{{"error", failure.error}, {"cause", failure.cause}};
            });
            return RunOutcome{RunOutcome::Status::kFailed, nullptr, failure.error, failure.cause, std::nullopt};
        }
        recorder.Step("", EventType::kExecutionSucceeded, "", [&] { return json::value{{"output", output}}; });
        return RunOutcome{RunOutcome::Status::kSucceeded, std::move(output), "", "", std::nullopt};
    } catch (const Suspend& suspend) {
        try {
            recorder.Flush();
        } catch (const Abort& abort) {
            if (abort.stopped) return RunOutcome{RunOutcome::Status::kStopped, nullptr, abort.error.message, "", {}};
            return abort.error;
        }
        std::optional<std::int64_t> wake = suspend.wake_at_ms;
        if (deadline && options.clock() >= *deadline) {
            // Still waiting when the execution's time is up: it fails with States.Timeout.
            const std::string cause = "the execution ran longer than its TimeoutSeconds";
            try {
                recorder.Step("", EventType::kExecutionFailed, "", [&] {
                    return json::value{{"error", errors::kTimeout}, {"cause", cause}};
                });
            } catch (const Abort& abort) {
                if (abort.stopped)
                    return RunOutcome{RunOutcome::Status::kStopped, nullptr, abort.error.message, "", {}};
                return abort.error;
            }
            return RunOutcome{RunOutcome::Status::kFailed, nullptr, std::string(errors::kTimeout), cause, std::nullopt};
        }
        if (deadline) wake = wake ? std::min(*wake, *deadline) : *deadline;
        return RunOutcome{RunOutcome::Status::kWaiting, nullptr, "", "", wake};
    } catch (const Abort& abort) {
        if (abort.stopped)
            return RunOutcome{RunOutcome::Status::kStopped, nullptr, abort.error.message, "", std::nullopt};
        return abort.error;
    } catch (const std::exception& e) {
        // Only a corrupt history gets here (a recorded payload of the wrong shape); say so instead of crashing.
        return MakeError(ErrorCode::kInternal, "execution " + execution.id + " could not be run: " + e.what());
    }
}

}  // namespace ly::workflow
