// The interpreter beyond the conformance cases: replay after a crash, callbacks, suspension, seeded randomness,
// the observer, concurrency limits, and the FunctionRegistry.
#include "ly/workflow/interpreter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <regex>
#include <thread>

#include "ly/workflow/definition.hpp"
#include "ly/workflow/task_runner.hpp"
#include "memory_history_store.hpp"

namespace ly::workflow {
namespace {
namespace json = boost::json;

constexpr std::string_view kLambda = "arn:aws:lambda:eu-west-1:123456789012:function:";

std::shared_ptr<const Definition> Parse(const std::string& text) {
    auto definition = Definition::Parse(text);
    EXPECT_TRUE(definition.ok()) << definition.error().message;
    return *definition;
}

// A fake clock that sleeping advances.
struct FakeTime {
    std::int64_t now = 1'700'000'000'000;
    std::vector<std::int64_t> sleeps;
    RunOptions Options() {
        RunOptions options;
        options.clock = [this] { return now; };
        options.sleeper = [this](std::chrono::milliseconds wait) {
            sleeps.push_back(wait.count());
            now += wait.count();
        };
        options.max_inline_wait = std::chrono::seconds(1);
        return options;
    }
};

std::string TwoTasks() {
    return R"({"StartAt": "Classify", "States": {
        "Classify": {"Type": "Task", "Resource": ")" +
           std::string(kLambda) + R"(Classify", "ResultPath": "$.type", "Next": "Ocr"},
        "Ocr": {"Type": "Task", "Resource": ")" +
           std::string(kLambda) + R"(Ocr", "ResultPath": "$.text", "End": true}}})";
}

TEST(Replay, AStepRecordedBeforeACrashIsNotTakenAgain) {
    auto definition = Parse(TwoTasks());
    MemoryHistoryStore history;
    FunctionRegistry functions;
    int classify_calls = 0, ocr_calls = 0;
    functions.Register("Classify", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++classify_calls;
        return json::value("png");
    });
    functions.Register("Ocr", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        // The first time, the process "dies" while OCR runs: nothing after this point reaches the history.
        if (++ocr_calls == 1) history.FailAppendsAfter(static_cast<int>(history.All().size()));
        return json::value("Monday 9:00");
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "doc", json::parse(R"({"doc": "d1"})"), 7};
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_FALSE(first.ok());  // the store refused: the run stopped where the process died
    EXPECT_EQ(history.All().back().type, EventType::kTaskScheduled);

    history.FailAppendsAfter(-1);  // the restarted process
    auto second = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(second.ok()) << second.error().message;
    ASSERT_EQ(second->status, RunOutcome::Status::kSucceeded) << second->cause;
    EXPECT_EQ(second->output, json::parse(R"({"doc": "d1", "type": "png", "text": "Monday 9:00"})"));
    EXPECT_EQ(classify_calls, 1);  // answered from the history
    EXPECT_EQ(ocr_calls, 2);       // it never finished the first time: run again (at least once)
    int succeeded = 0;
    for (const auto& event : history.All()) succeeded += event.type == EventType::kExecutionSucceeded;
    EXPECT_EQ(succeeded, 1);
}

TEST(Replay, AHistoryOfAnotherMachineIsRefused) {
    MemoryHistoryStore history;
    FunctionRegistry functions;
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::object(), 1};
    auto wait = Parse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}})");
    auto first = RunExecution(*wait, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->status, RunOutcome::Status::kWaiting);
    auto other = Parse(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
    auto second = RunExecution(*other, execution, history, functions, time.Options());
    ASSERT_FALSE(second.ok());
    EXPECT_NE(second.error().message.find("does not match"), std::string::npos) << second.error().message;
}

TEST(Suspend, ALongWaitSuspendsUntilItsTimeAndIsRecordedOnce) {
    auto definition = Parse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "Next": "P"},
                                "P": {"Type": "Pass", "Result": "after", "End": true}}})");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::object(), 1};
    const std::int64_t started = time.now;
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->status, RunOutcome::Status::kWaiting);
    EXPECT_EQ(first->wake_at_ms, started + 3'600'000);

    time.now += 1'000'000;  // woken too early (a poll): still waiting for the same time
    auto early = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(early.ok());
    EXPECT_EQ(early->wake_at_ms, started + 3'600'000);

    time.now = started + 3'600'000;
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, RunOutcome::Status::kSucceeded);
    EXPECT_EQ(done->output, json::value("after"));
    int waits = 0;
    for (const auto& event : history.All()) waits += event.type == EventType::kWaitStarted;
    EXPECT_EQ(waits, 1);
    EXPECT_TRUE(time.sleeps.empty());  // no thread slept for it
}

std::string CallbackMachine(const std::string& extra = "") {
    return R"({"StartAt": "Review", "States": {
        "Review": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                   "Parameters": {"FunctionName": ")" +
           std::string(kLambda) + R"(QueueReview",
                                  "Payload": {"token.$": "$$.Task.Token", "doc.$": "$.doc"}},
                   "ResultPath": "$.review", )" +
           extra + R"( "Next": "Done"},)" +
           // "Failed" is reachable only through a Catch; an unreachable state would be refused.
           (extra.find("Catch") != std::string::npos ? R"("Failed": {"Type": "Pass", "End": true},)" : "") +
           R"("Done": {"Type": "Succeed"}}})";
}

TEST(Callback, SuspendsUntilTheTokenIsCompletedThenContinues) {
    auto definition = Parse(CallbackMachine());
    MemoryHistoryStore history;
    FunctionRegistry functions;
    std::string token;
    int calls = 0;
    functions.Register("QueueReview", [&](const json::value& event, const TaskContext& context) -> Result<json::value> {
        ++calls;
        token = std::string(event.at("token").as_string());
        EXPECT_EQ(token, context.task_token);
        EXPECT_EQ(event.at("doc"), json::value("d1"));
        return json::value(nullptr);
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::parse(R"({"doc": "d1"})"), 1};
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first->status, RunOutcome::Status::kWaiting);
    EXPECT_FALSE(first->wake_at_ms.has_value());  // only the callback wakes it
    ASSERT_GE(token.size(), 32u);

    auto again = RunExecution(*definition, execution, history, functions, time.Options());  // a spurious wake
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status, RunOutcome::Status::kWaiting);
    EXPECT_EQ(calls, 1);  // the function that hands the token on is not called again

    history.Complete(token, CallbackOutcome{true, json::parse(R"({"approved": true})"), "", ""});
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    ASSERT_EQ(done->status, RunOutcome::Status::kSucceeded) << done->cause;
    EXPECT_EQ(done->output, json::parse(R"({"doc": "d1", "review": {"approved": true}})"));
    EXPECT_EQ(calls, 1);
}

TEST(Callback, AFailureSentForTheTokenIsCaught) {
    auto definition =
        Parse(CallbackMachine(R"("Catch": [{"ErrorEquals": ["Rejected"], "ResultPath": "$.why", "Next": "Failed"}],)"));
    MemoryHistoryStore history;
    FunctionRegistry functions;
    std::string token;
    functions.Register("QueueReview", [&](const json::value&, const TaskContext& context) -> Result<json::value> {
        token = context.task_token;
        return json::value(nullptr);
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::parse(R"({"doc": "d1"})"), 1};
    ASSERT_TRUE(RunExecution(*definition, execution, history, functions, time.Options()).ok());
    history.Complete(token, CallbackOutcome{false, nullptr, "Rejected", "blurry scan"});
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    ASSERT_EQ(done->status, RunOutcome::Status::kSucceeded);
    EXPECT_EQ(done->output, json::parse(R"({"doc": "d1", "why": {"Error": "Rejected", "Cause": "blurry scan"}})"));
}

TEST(Callback, TimesOutAfterTimeoutSeconds) {
    auto definition = Parse(CallbackMachine(R"("TimeoutSeconds": 60,)"));
    MemoryHistoryStore history;
    FunctionRegistry functions;
    functions.Register("QueueReview",
                       [](const json::value&, const TaskContext&) -> Result<json::value> { return json::value(); });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::parse(R"({"doc": "d1"})"), 1};
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->status, RunOutcome::Status::kWaiting);
    EXPECT_EQ(first->wake_at_ms, time.now + 60'000);
    time.now += 60'000;
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, RunOutcome::Status::kFailed);
    EXPECT_EQ(done->error, "States.Timeout");
}

TEST(Callback, FailsWithHeartbeatTimeoutWithoutAHeartbeatInTime) {
    auto definition = Parse(CallbackMachine(R"("HeartbeatSeconds": 30, "TimeoutSeconds": 600,)"));
    MemoryHistoryStore history;
    FunctionRegistry functions;
    std::string token;
    functions.Register("QueueReview", [&](const json::value&, const TaskContext& context) -> Result<json::value> {
        token = context.task_token;
        return json::value();
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::parse(R"({"doc": "d1"})"), 1};
    const std::int64_t scheduled = time.now;
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->wake_at_ms, scheduled + 30'000);  // the heartbeat comes due before the timeout

    time.now = scheduled + 20'000;
    history.Heartbeat(token, time.now);  // alive: the deadline moves to 20 s + 30 s
    time.now = scheduled + 30'000;
    auto alive = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(alive.ok());
    ASSERT_EQ(alive->status, RunOutcome::Status::kWaiting);
    EXPECT_EQ(alive->wake_at_ms, scheduled + 50'000);

    time.now = scheduled + 50'000;
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, RunOutcome::Status::kFailed);
    EXPECT_EQ(done->error, "States.HeartbeatTimeout");
}

TEST(Suspend, AnExecutionTimeoutBoundsAWaitingExecution) {
    auto definition = Parse(R"({"TimeoutSeconds": 60, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 3600, "Next": "P"}, "P": {"Type": "Pass", "End": true}}})");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::object(), 1};
    const std::int64_t started = time.now;
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->wake_at_ms, started + 60'000);
    time.now = started + 60'000;
    auto timed_out = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(timed_out.ok());
    EXPECT_EQ(timed_out->status, RunOutcome::Status::kFailed);
    EXPECT_EQ(timed_out->error, "States.Timeout");
}

TEST(Callback, AFunctionThatFailsFailsTheTaskWithoutWaiting) {
    auto definition = Parse(CallbackMachine());
    MemoryHistoryStore history;
    FunctionRegistry functions;
    functions.Register("QueueReview", [](const json::value&, const TaskContext&) -> Result<json::value> {
        return MakeTaskError("QueueFull", "the review queue is full");
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::parse(R"({"doc": "d1"})"), 1};
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->status, RunOutcome::Status::kFailed);
    EXPECT_EQ(done->error, "QueueFull");
}

json::value RunRandom(std::uint64_t seed) {
    auto definition = Parse(R"J({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true,
        "Parameters": {"u.$": "States.UUID()", "v.$": "States.UUID()", "r.$": "States.MathRandom(0, 1000000)"}}}})J");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::object(), seed};
    auto outcome = RunExecution(*definition, execution, history, functions, time.Options());
    EXPECT_TRUE(outcome.ok());
    return outcome->output;
}

TEST(Determinism, UuidAndMathRandomDeriveFromTheExecutionSeed) {
    json::value a = RunRandom(11), b = RunRandom(11), c = RunRandom(12);
    EXPECT_EQ(a, b);
    EXPECT_NE(a.at("u"), c.at("u"));
    EXPECT_NE(a.at("u"), a.at("v"));  // two draws in one state differ
    std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    EXPECT_TRUE(std::regex_match(std::string(a.at("u").as_string()), v4)) << a.at("u");
    EXPECT_GE(a.at("r").as_int64(), 0);
    EXPECT_LT(a.at("r").as_int64(), 1000000);
}

std::vector<std::int64_t> JitterSleeps(std::uint64_t seed) {
    auto definition = Parse(R"({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "Flaky", "End": true,
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 2, "MaxAttempts": 4,
                   "JitterStrategy": "FULL"}]}}})");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    functions.Register("Flaky", [](const json::value&, const TaskContext&) -> Result<json::value> {
        return MakeTaskError("Flaky", "again");
    });
    FakeTime time;
    RunOptions options = time.Options();
    options.max_inline_wait = std::chrono::hours(1);
    auto outcome =
        RunExecution(*definition, ExecutionInfo{"e1", "m", json::object(), seed}, history, functions, options);
    EXPECT_TRUE(outcome.ok());
    EXPECT_EQ(outcome->error, "Flaky");
    return time.sleeps;
}

TEST(Determinism, FullJitterDrawsEachDelayBelowItsBackoffAndTheSameForTheSameSeed) {
    auto sleeps = JitterSleeps(5);
    ASSERT_EQ(sleeps.size(), 4u);
    const std::int64_t caps[] = {10'000, 20'000, 40'000, 80'000};
    bool any_below = false;
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_GE(sleeps[i], 0);
        EXPECT_LE(sleeps[i], caps[i]);
        any_below = any_below || sleeps[i] < caps[i];
    }
    EXPECT_TRUE(any_below);
    EXPECT_EQ(JitterSleeps(5), sleeps);
    EXPECT_NE(JitterSleeps(6), sleeps);
}

TEST(Observer, SeesEachNewEventOnceAndNothingOnReplay) {
    auto definition = Parse(TwoTasks());
    MemoryHistoryStore history;
    FunctionRegistry functions;
    functions.Register("Classify",
                       [](const json::value&, const TaskContext&) -> Result<json::value> { return json::value(1); });
    functions.Register("Ocr",
                       [](const json::value&, const TaskContext&) -> Result<json::value> { return json::value(2); });
    FakeTime time;
    std::vector<HistoryEvent> seen;
    RunOptions options = time.Options();
    options.observer = [&](const HistoryEvent& event) { seen.push_back(event); };
    ExecutionInfo execution{"e1", "m", json::object(), 1};
    ASSERT_TRUE(RunExecution(*definition, execution, history, functions, options).ok());
    ASSERT_EQ(seen.size(), history.All().size());
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(seen.front().type, EventType::kExecutionStarted);
    EXPECT_EQ(seen.back().type, EventType::kExecutionSucceeded);

    auto events = history.All();
    events.pop_back();
    MemoryHistoryStore replay;
    replay.Seed(events);
    seen.clear();
    ASSERT_TRUE(RunExecution(*definition, execution, replay, functions, options).ok());
    ASSERT_EQ(seen.size(), 1u);  // only the one step not yet in the history
    EXPECT_EQ(seen[0].type, EventType::kExecutionSucceeded);
}

TEST(Concurrency, MapHonoursMaxConcurrencyAndKeysEachIterationsHistory) {
    auto definition = Parse(R"({"StartAt": "Pages", "States": {"Pages": {"Type": "Map", "MaxConcurrency": 2,
        "End": true, "ItemProcessor": {"StartAt": "Ocr", "States": {"Ocr": {"Type": "Task", "Resource": "Ocr", "End": true}}}}}})");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    std::atomic<int> running{0}, most{0}, calls{0};
    functions.Register("Ocr", [&](const json::value& page, const TaskContext&) -> Result<json::value> {
        int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        --running;
        ++calls;
        return json::value(page.as_int64() * 10);
    });
    FakeTime time;
    RunOptions options = time.Options();
    options.max_branch_threads = 8;
    ExecutionInfo execution{"e1", "m", json::parse("[1, 2, 3, 4, 5, 6]"), 1};
    auto outcome = RunExecution(*definition, execution, history, functions, options);
    ASSERT_TRUE(outcome.ok());
    ASSERT_EQ(outcome->status, RunOutcome::Status::kSucceeded) << outcome->cause;
    EXPECT_EQ(outcome->output, json::parse("[10, 20, 30, 40, 50, 60]"));
    EXPECT_LE(most.load(), 2);
    EXPECT_EQ(calls.load(), 6);
    std::set<std::string> paths;
    for (const auto& event : history.All()) {
        if (event.type == EventType::kTaskScheduled) paths.insert(event.path);
    }
    EXPECT_EQ(paths,
              (std::set<std::string>{"Pages#2/0", "Pages#2/1", "Pages#2/2", "Pages#2/3", "Pages#2/4", "Pages#2/5"}));

    // Replaying the history with the Map's exit removed calls nothing again.
    auto events = history.All();
    while (!events.empty() && !(events.back().type == EventType::kStateExited && events.back().path.empty())) {
        events.pop_back();
    }
    events.pop_back();
    MemoryHistoryStore replay;
    replay.Seed(events);
    auto again = RunExecution(*definition, execution, replay, functions, options);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->output, outcome->output);
    EXPECT_EQ(calls.load(), 6);
}

TEST(Concurrency, ABranchWaitingForACallbackSuspendsTheParallelAndTheOthersAreNotRunAgain) {
    auto definition = Parse(R"({"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "Fast", "States": {"Fast": {"Type": "Task", "Resource": "Fast", "End": true}}},
        {"StartAt": "Human", "States": {"Human": {"Type": "Task", "Resource": "Ask.waitForTaskToken", "End": true,
                                                  "Parameters": {"t.$": "$$.Task.Token"}}}}]}}})");
    MemoryHistoryStore history;
    FunctionRegistry functions;
    int fast_calls = 0;
    std::string token;
    functions.Register("Fast", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++fast_calls;
        return json::value("fast");
    });
    functions.Register("Ask", [&](const json::value& event, const TaskContext&) -> Result<json::value> {
        token = std::string(event.at("t").as_string());
        return json::value();
    });
    FakeTime time;
    ExecutionInfo execution{"e1", "m", json::object(), 1};
    auto first = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(first.ok());
    ASSERT_EQ(first->status, RunOutcome::Status::kWaiting);
    history.Complete(token, CallbackOutcome{true, json::value("human"), "", ""});
    auto done = RunExecution(*definition, execution, history, functions, time.Options());
    ASSERT_TRUE(done.ok());
    ASSERT_EQ(done->status, RunOutcome::Status::kSucceeded);
    EXPECT_EQ(done->output, json::parse(R"(["fast", "human"])"));
    EXPECT_EQ(fast_calls, 1);
}

TEST(FunctionRegistry, ResolvesLambdaResourcesToFunctionNames) {
    json::value none;
    EXPECT_EQ(*FunctionRegistry::FunctionName("arn:aws:lambda:us-east-1:123456789012:function:OCRProcessor", none),
              "OCRProcessor");
    EXPECT_EQ(*FunctionRegistry::FunctionName("arn:aws:lambda:us-east-1:123456789012:function:OCRProcessor:prod", none),
              "OCRProcessor");
    EXPECT_EQ(*FunctionRegistry::FunctionName("arn:aws:lambda:us-east-1:1:function:HITL.waitForTaskToken", none),
              "HITL");
    EXPECT_EQ(*FunctionRegistry::FunctionName("arn:aws:states:::lambda:invoke.waitForTaskToken",
                                              json::parse(R"({"FunctionName": "arn:aws:lambda:r:1:function:Queue"})")),
              "Queue");
    EXPECT_EQ(*FunctionRegistry::FunctionName("Plain", none), "Plain");
    auto bad = FunctionRegistry::FunctionName("arn:aws:states:::sqs:sendMessage", none);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("not a Lambda function ARN"), std::string::npos);
    EXPECT_FALSE(FunctionRegistry::FunctionName("arn:aws:states:::lambda:invoke", json::object()).ok());
}

TEST(FunctionRegistry, ReportsThrownExceptionsAndOverrunsAsTaskErrors) {
    FunctionRegistry functions;
    functions.Register("Throws", [](const json::value&, const TaskContext&) -> Result<json::value> {
        throw std::runtime_error("disk on fire");
    });
    functions.Register("Slow", [](const json::value&, const TaskContext& context) -> Result<json::value> {
        EXPECT_TRUE(context.deadline.has_value());
        std::this_thread::sleep_for(std::chrono::milliseconds(1100));
        return json::value(1);
    });
    TaskRequest request;
    request.resource = "Throws";
    auto thrown = functions.Run(request);
    ASSERT_FALSE(thrown.ok());
    EXPECT_EQ(ParseTaskError(thrown.error()).error, "States.TaskFailed");
    EXPECT_NE(ParseTaskError(thrown.error()).cause.find("disk on fire"), std::string::npos);
    request.resource = "Slow";
    request.timeout_seconds = 1;
    auto slow = functions.Run(request);
    ASSERT_FALSE(slow.ok());
    EXPECT_EQ(ParseTaskError(slow.error()).error, "States.Timeout");
}

TEST(TaskErrors, RoundTripNameAndCause) {
    TaskFailure failure = ParseTaskError(MakeTaskError("DocumentTooLarge", "30 MB is over the 20 MB limit"));
    EXPECT_EQ(failure.error, "DocumentTooLarge");
    EXPECT_EQ(failure.cause, "30 MB is over the 20 MB limit");
    TaskFailure plain = ParseTaskError(MakeError(ErrorCode::kIo, "[not a name] disk"));
    EXPECT_EQ(plain.error, "States.TaskFailed");
    EXPECT_EQ(plain.cause, "[not a name] disk");
}

}  // namespace
}  // namespace ly::workflow
