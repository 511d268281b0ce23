// The engine over a real SQLite database: executions survive a killed process, callbacks arrive through another
// engine on the same database, leases pass to another worker when they expire, workers run what is started.
#include "ly/workflow/engine.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <thread>

#include "ly/storage/clock.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::workflow {
namespace {
namespace json = boost::json;

constexpr char kPipeline[] = R"({"StartAt": "Classify", "States": {
    "Classify": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:Classify",
                 "ResultPath": "$.type", "Next": "Ocr"},
    "Ocr": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:Ocr",
            "ResultPath": "$.text", "Next": "Save"},
    "Save": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:123456789012:function:Save",
             "ResultPath": "$.saved", "End": true}}})";

constexpr char kReview[] = R"({"StartAt": "Review", "States": {
    "Review": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
               "Parameters": {"FunctionName": "HitlQueue", "Payload": {"token.$": "$$.Task.Token"}},
               "ResultPath": "$.review", "Next": "Save"},
    "Save": {"Type": "Task", "Resource": "Save", "ResultPath": "$.saved", "End": true}}})";

std::unique_ptr<storage::Database> OpenDatabase(const std::filesystem::path& path) {
    return ::ly::testing::OpenMigratedDatabase(path);
}

std::shared_ptr<const Definition> Parse(const char* text) {
    auto definition = Definition::Parse(text);
    EXPECT_TRUE(definition.ok()) << definition.error().message;
    return *definition;
}

struct Counters {
    std::atomic<int> classify{0}, ocr{0}, save{0};
};

void RegisterPipeline(FunctionRegistry& functions, Counters& counters) {
    functions.Register("Classify", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++counters.classify;
        return json::value("image");
    });
    functions.Register("Ocr", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++counters.ocr;
        return json::value("Monday 9:00 Maths");
    });
    functions.Register("Save", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++counters.save;
        return json::value(true);
    });
}

// A database in a temporary folder, the engine's store over it, and the test pipeline's functions.
class OnDisk : public ::testing::Test {
  protected:
    void SetUp() override { RegisterPipeline(functions_, counters_); }

    testing::TempFolder folder_;
    std::unique_ptr<storage::Database> database_ = OpenDatabase(folder_.path() / "ly.db");
    SqlExecutionStore store_{*database_};
    FunctionRegistry functions_;
    Counters counters_;
};
class EngineOnDisk : public OnDisk {};
class DurabilityOnDisk : public OnDisk {};

TEST_F(EngineOnDisk, RunsAnExecutionToItsEndAndDescribesItsStates) {
    std::vector<HistoryEvent> observed;
    EngineOptions options;
    options.observer = [&](const HistoryEvent& event) { observed.push_back(event); };
    WorkflowEngine engine(store_, functions_, options);
    engine.AddDefinition("document-processing", Parse(kPipeline));

    auto started = engine.Start("document-processing", json::parse(R"({"documentId": "d1"})"), "doc-d1");
    ASSERT_TRUE(started.ok()) << started.error().message;
    auto ran = engine.RunReady("w1");
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_TRUE(*ran);
    auto idle = engine.RunReady("w1");
    ASSERT_TRUE(idle.ok());
    EXPECT_FALSE(*idle);

    auto described = engine.Describe("doc-d1");
    ASSERT_TRUE(described.ok());
    EXPECT_EQ(described->execution.status, ExecutionStatus::kSucceeded);
    EXPECT_EQ(described->execution.output,
              json::parse(R"({"documentId": "d1", "type": "image", "text": "Monday 9:00 Maths", "saved": true})"));
    ASSERT_EQ(described->states.size(), 3u);
    EXPECT_EQ(described->states[0].name, "Classify");
    EXPECT_EQ(described->states[2].name, "Save");
    for (const auto& state : described->states) {
        EXPECT_EQ(state.status, "succeeded");
        ASSERT_TRUE(state.exited_at_ms.has_value());
        EXPECT_GE(*state.exited_at_ms, state.entered_at_ms);
        EXPECT_EQ(state.attempts, 1);
    }
    auto events = store_.Events("doc-d1");
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(observed.size(), events->size());

    json::value answer = DescriptionToJson(*described);
    EXPECT_EQ(answer.at("executionId"), json::value("doc-d1"));
    EXPECT_EQ(answer.at("status"), json::value("succeeded"));
    EXPECT_EQ(answer.at("states").as_array().size(), 3u);
    const auto& first = answer.at("states").at(0);
    EXPECT_EQ(first.at("name"), json::value("Classify"));
    EXPECT_TRUE(first.at("enteredAt").is_string());
    EXPECT_GE(first.at("durationMs").as_int64(), 0);
    EXPECT_FALSE(answer.as_object().contains("input"));
    EXPECT_EQ(DescriptionToJson(*described, true).at("output"), described->execution.output);

    // Starting the same id again is the same execution; under another machine it is a conflict.
    auto again = engine.Start("document-processing", json::object(), "doc-d1");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->status, ExecutionStatus::kSucceeded);
    engine.AddDefinition("other", Parse(kPipeline));
    auto conflict = engine.Start("other", json::object(), "doc-d1");
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
    EXPECT_EQ(counters_.save.load(), 1);
    auto unknown = engine.Start("nope", json::object());
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(EngineOnDisk, DescribesAFailureAtTheStateThatFailed) {
    functions_.Register("Ocr", [](const json::value&, const TaskContext&) -> Result<json::value> {
        return MakeTaskError("OcrFailed", "no text found");
    });
    WorkflowEngine engine(store_, functions_);
    engine.AddDefinition("p", Parse(kPipeline));
    ASSERT_TRUE(engine.Start("p", json::object(), "e1").ok());
    ASSERT_TRUE(engine.RunReady("w").ok());
    auto described = engine.Describe("e1");
    ASSERT_TRUE(described.ok());
    EXPECT_EQ(described->execution.status, ExecutionStatus::kFailed);
    EXPECT_EQ(described->execution.error, "OcrFailed");
    EXPECT_EQ(described->execution.cause, "no text found");
    ASSERT_EQ(described->states.size(), 2u);
    EXPECT_EQ(described->states[1].status, "failed");
    EXPECT_EQ(described->states[1].error, "OcrFailed");
}

// The process is killed (_exit, no clean-up, like kill -9) while OCR runs. A new process on the same database
// takes the execution over when the lease expires: Classify is not run again, OCR is, Save runs exactly once.
TEST(Durability, AKilledProcessIsResumedByAnotherAndEachFinishedStepRunsOnce) {
    testing::TempFolder folder;
    const auto path = folder.path() / "ly.db";
    OpenDatabase(path)->Close();  // migrated before the child starts

    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        auto database = storage::OpenSqliteDatabase({.path = path, .synchronous_full = true});
        if (!database) _exit(2);
        SqlExecutionStore store(**database);
        FunctionRegistry functions;
        functions.Register("Classify", [](const json::value&, const TaskContext&) -> Result<json::value> {
            return json::value("image");
        });
        functions.Register("Ocr", [](const json::value&, const TaskContext&) -> Result<json::value> {
            _exit(9);  // killed in the middle of OCR
        });
        functions.Register("Save", [](const json::value&, const TaskContext&) -> Result<json::value> { _exit(3); });
        WorkflowEngine engine(store, functions);
        engine.AddDefinition("p", *Definition::Parse(kPipeline));
        if (!engine.Start("p", json::parse(R"({"documentId": "d1"})"), "e1").ok()) _exit(4);
        (void)engine.RunReady("dead-process");
        _exit(5);  // never reached: OCR kills the process
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 9);

    auto database = OpenDatabase(path);
    SqlExecutionStore store(*database);
    FunctionRegistry functions;
    Counters counters;
    RegisterPipeline(functions, counters);
    std::int64_t now = storage::SystemUnixMillis();
    EngineOptions options;
    options.clock = [&now] { return now; };
    std::vector<HistoryEvent> observed;
    options.observer = [&](const HistoryEvent& event) { observed.push_back(event); };
    WorkflowEngine engine(store, functions, options);
    engine.AddDefinition("p", Parse(kPipeline));

    auto early = engine.RunReady("restarted");  // the dead process's lease is still live
    ASSERT_TRUE(early.ok());
    EXPECT_FALSE(*early);
    now += options.lease_duration.count() + 1;
    auto resumed = engine.RunReady("restarted");
    ASSERT_TRUE(resumed.ok()) << resumed.error().message;
    EXPECT_TRUE(*resumed);

    auto described = engine.Describe("e1");
    ASSERT_TRUE(described.ok());
    EXPECT_EQ(described->execution.status, ExecutionStatus::kSucceeded);
    EXPECT_EQ(described->execution.output,
              json::parse(R"({"documentId": "d1", "type": "image", "text": "Monday 9:00 Maths", "saved": true})"));
    EXPECT_EQ(counters.classify.load(), 0);  // recorded by the dead process
    EXPECT_EQ(counters.ocr.load(), 1);
    EXPECT_EQ(counters.save.load(), 1);
    auto events = store.Events("e1");
    ASSERT_TRUE(events.ok());
    int scheduled_ocr = 0, succeeded = 0;
    for (const auto& event : *events) {
        scheduled_ocr += event.type == EventType::kTaskScheduled && event.state == "Ocr";
        succeeded += event.type == EventType::kExecutionSucceeded;
    }
    EXPECT_EQ(scheduled_ocr, 1);  // the schedule was recorded once; the re-run answers it from the history
    EXPECT_EQ(succeeded, 1);
    // Observers hear only what the new process recorded: nothing about Classify again.
    for (const auto& event : observed) EXPECT_NE(event.state, "Classify");
    ASSERT_FALSE(observed.empty());
    EXPECT_EQ(observed.front().type, EventType::kTaskSucceeded);
    EXPECT_EQ(observed.front().state, "Ocr");
}

TEST(Durability, ACallbackSentThroughAnotherEngineResumesTheExecution) {
    testing::TempFolder folder;
    const auto path = folder.path() / "ly.db";
    auto database_a = OpenDatabase(path);
    auto database_b = OpenDatabase(path);
    SqlExecutionStore store_a(*database_a), store_b(*database_b);
    FunctionRegistry functions;
    std::string token;
    std::atomic<int> queued{0}, saved{0};
    functions.Register("HitlQueue", [&](const json::value& event, const TaskContext&) -> Result<json::value> {
        ++queued;
        token = std::string(event.at("token").as_string());
        return json::value();
    });
    functions.Register("Save", [&](const json::value& input, const TaskContext&) -> Result<json::value> {
        ++saved;
        return input.at("review");
    });
    WorkflowEngine engine_a(store_a, functions), engine_b(store_b, functions);
    engine_a.AddDefinition("review", Parse(kReview));
    engine_b.AddDefinition("review", Parse(kReview));

    ASSERT_TRUE(engine_a.Start("review", json::parse(R"({"documentId": "d1"})"), "e1").ok());
    ASSERT_TRUE(*engine_a.RunReady("a"));
    auto waiting = engine_a.Describe("e1");
    ASSERT_TRUE(waiting.ok());
    EXPECT_EQ(waiting->execution.status, ExecutionStatus::kWaiting);
    EXPECT_EQ(waiting->states.at(0).status, "waiting");
    EXPECT_FALSE(*engine_a.RunReady("a"));  // nothing to do until the callback arrives
    ASSERT_FALSE(token.empty());

    auto wrong = engine_b.SendTaskSuccess("not-a-token", json::object());
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(engine_b.SendTaskHeartbeat(token).ok());
    EXPECT_EQ(engine_b.SendTaskHeartbeat("not-a-token").error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(engine_b.SendTaskSuccess(token, json::parse(R"({"blocks": 12})")).ok());
    EXPECT_EQ(engine_b.SendTaskHeartbeat(token).error().code, ErrorCode::kConflict);
    auto twice = engine_b.SendTaskSuccess(token, json::object());
    ASSERT_FALSE(twice.ok());
    EXPECT_EQ(twice.error().code, ErrorCode::kConflict);

    ASSERT_TRUE(*engine_a.RunReady("a"));
    auto done = engine_a.Describe("e1");
    ASSERT_TRUE(done.ok());
    EXPECT_EQ(done->execution.status, ExecutionStatus::kSucceeded);
    EXPECT_EQ(done->execution.output,
              json::parse(R"({"documentId": "d1", "review": {"blocks": 12}, "saved": {"blocks": 12}})"));
    EXPECT_EQ(queued.load(), 1);
    EXPECT_EQ(saved.load(), 1);
}

TEST_F(DurabilityOnDisk, ALeaseIsTakenOverOnlyAfterItExpiresAndTheOldHolderCannotWriteAnyMore) {
    std::int64_t now = 1'800'000'000'000;
    EngineOptions options;
    options.clock = [&now] { return now; };
    options.lease_duration = std::chrono::seconds(30);
    WorkflowEngine engine(store_, functions_, options);
    engine.AddDefinition("p", Parse(kPipeline));
    ASSERT_TRUE(engine.Start("p", json::object(), "e1").ok());

    // A worker takes the lease and then hangs (or dies) without finishing.
    auto taken = store_.LeaseRunnable("stuck", now, now + 30'000);
    ASSERT_TRUE(taken.ok());
    ASSERT_TRUE(taken->has_value());

    now += 29'000;
    EXPECT_FALSE(*engine.RunReady("healthy"));
    now += 2'000;
    auto ran = engine.RunReady("healthy");
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    EXPECT_TRUE(*ran);
    EXPECT_EQ(engine.Describe("e1")->execution.status, ExecutionStatus::kSucceeded);
    EXPECT_EQ(counters_.save.load(), 1);

    // The stuck worker wakes up: its writes are refused.
    const auto recorded = store_.Events("e1");
    ASSERT_TRUE(recorded.ok());
    HistoryEvent late{"e1", recorded->back().seq + 1, EventType::kTaskSucceeded, "Save", "", json::object(), now};
    auto refused = store_.AppendLeased({late}, "stuck", now, now + 30'000);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    auto finish =
        store_.Finish("e1", "stuck", RunOutcome{RunOutcome::Status::kFailed, nullptr, "X", "", std::nullopt}, now);
    EXPECT_FALSE(finish.ok());
    EXPECT_EQ(engine.Describe("e1")->execution.status, ExecutionStatus::kSucceeded);
}

// Events are written in batches, but never later than the effect they lead to: when a task runs, everything
// before it — its own TaskScheduled included — is in the database already.
TEST_F(DurabilityOnDisk, WhenATaskRunsItsHistoryUpToItIsStoredAlready) {
    std::vector<std::string> stored_before_task;  // "state:last stored event type" per task run
    auto remember = [&](std::string state) {
        return [&, state](const json::value&, const TaskContext&) -> Result<json::value> {
            auto events = store_.Events("e1");
            if (!events) return events.error();
            if (events->empty()) {
                stored_before_task.push_back(state + ": nothing stored");
                return json::value(true);
            }
            stored_before_task.push_back(state + ":" + std::string(EventTypeName(events->back().type)) + ":" +
                                         events->back().state);
            return json::value(true);
        };
    };
    functions_.Register("Classify", remember("Classify"));
    functions_.Register("Ocr", remember("Ocr"));
    functions_.Register("Save", remember("Save"));
    WorkflowEngine engine(store_, functions_, EngineOptions{});
    engine.AddDefinition("p", Parse(kPipeline));
    ASSERT_TRUE(engine.Start("p", json::object(), "e1").ok());
    auto ran = engine.RunReady("w1");
    ASSERT_TRUE(ran.ok()) << ran.error().message;

    EXPECT_EQ(stored_before_task, (std::vector<std::string>{"Classify:TaskScheduled:Classify", "Ocr:TaskScheduled:Ocr",
                                                            "Save:TaskScheduled:Save"}));
    auto events = store_.Events("e1");
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->back().type, EventType::kExecutionSucceeded);
    for (std::size_t i = 0; i < events->size(); ++i) EXPECT_EQ((*events)[i].seq, static_cast<std::int64_t>(i) + 1);
}

TEST_F(DurabilityOnDisk, AnAppendThatDoesNotFollowTheStoredHistoryIsRefused) {
    WorkflowEngine engine(store_, functions_, EngineOptions{});
    engine.AddDefinition("p", Parse(kPipeline));
    ASSERT_TRUE(engine.Start("p", json::object(), "e1").ok());
    const std::int64_t now = storage::SystemUnixMillis();
    auto taken = store_.LeaseRunnable("w1", now, now + 30'000);
    ASSERT_TRUE(taken.ok() && taken->has_value());

    HistoryEvent first{"e1", 1, EventType::kExecutionStarted, "", "", json::object(), now};
    ASSERT_TRUE(store_.AppendLeased({first}, "w1", now, now + 30'000).ok());
    HistoryEvent gap{"e1", 3, EventType::kStateEntered, "Classify", "", json::object(), now};
    auto refused = store_.AppendLeased({gap}, "w1", now, now + 30'000);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(store_.Events("e1")->size(), 1u);
}

TEST_F(DurabilityOnDisk, ALeaseLostDuringATaskStopsTheRunBeforeItRecordsMore) {
    std::int64_t now = 1'800'000'000'000;
    functions_.Register("Ocr", [&](const json::value&, const TaskContext&) -> Result<json::value> {
        ++counters_.ocr;
        if (counters_.ocr == 1) {
            now += 60'000;  // the task outlives the lease and another worker takes the execution over
            auto other = store_.LeaseRunnable("other", now, now + 30'000);
            EXPECT_TRUE(other.ok() && other->has_value());
        }
        return json::value("text");
    });
    EngineOptions options;
    options.clock = [&now] { return now; };
    WorkflowEngine engine(store_, functions_, options);
    engine.AddDefinition("p", Parse(kPipeline));
    ASSERT_TRUE(engine.Start("p", json::object(), "e1").ok());
    auto ran = engine.RunReady("first");
    ASSERT_TRUE(ran.ok()) << ran.error().message;
    auto events = store_.Events("e1");
    ASSERT_TRUE(events.ok());
    EXPECT_EQ(events->back().type, EventType::kTaskScheduled);  // OCR's result was not recorded by the loser
    EXPECT_EQ(counters_.save.load(), 0);

    now += 31'000;  // "other" never finished either; the next worker resumes
    ASSERT_TRUE(*engine.RunReady("third"));
    EXPECT_EQ(engine.Describe("e1")->execution.status, ExecutionStatus::kSucceeded);
    EXPECT_EQ(counters_.classify.load(), 1);
    EXPECT_EQ(counters_.save.load(), 1);
}

TEST_F(EngineOnDisk, ALongWaitSuspendsAndIsRunnableAgainWhenItsTimeComes) {
    std::int64_t now = 1'800'000'000'000;
    EngineOptions options;
    options.clock = [&now] { return now; };
    WorkflowEngine engine(store_, functions_, options);
    engine.AddDefinition("w",
                         Parse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}})"));
    ASSERT_TRUE(engine.Start("w", json::parse("{\"a\": 1}"), "e1").ok());
    ASSERT_TRUE(*engine.RunReady("w1"));
    auto waiting = engine.Describe("e1");
    EXPECT_EQ(waiting->execution.status, ExecutionStatus::kWaiting);
    EXPECT_EQ(waiting->execution.wake_at_ms, now + 3'600'000);
    now += 3'599'000;
    EXPECT_FALSE(*engine.RunReady("w1"));
    now += 1'000;
    ASSERT_TRUE(*engine.RunReady("w1"));
    EXPECT_EQ(engine.Describe("e1")->execution.status, ExecutionStatus::kSucceeded);
}

TEST_F(EngineOnDisk, WorkerThreadsRunEveryStartedExecutionOnce) {
    EngineOptions options;
    options.workers = 3;
    options.poll_interval = std::chrono::milliseconds(50);
    WorkflowEngine engine(store_, functions_, options);
    engine.AddDefinition("p", Parse(kPipeline));
    engine.StartWorkers();
    constexpr int kExecutions = 8;
    for (int i = 0; i < kExecutions; ++i) {
        ASSERT_TRUE(engine.Start("p", json::object(), "e" + std::to_string(i)).ok());
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int done = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        done = 0;
        for (int i = 0; i < kExecutions; ++i) {
            done += engine.Describe("e" + std::to_string(i))->execution.status == ExecutionStatus::kSucceeded;
        }
        if (done == kExecutions) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    engine.StopWorkers();
    EXPECT_EQ(done, kExecutions);
    EXPECT_EQ(counters_.classify.load(), kExecutions);
    EXPECT_EQ(counters_.save.load(), kExecutions);
}

}  // namespace
}  // namespace ly::workflow
