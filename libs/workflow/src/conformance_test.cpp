// The ASL conformance suite: cases in testdata/conformance.json, most taken from the examples of the Amazon States
// Language specification and the Step Functions documentation. Each case is a definition, one or more runs (input,
// how the task functions behave, the expected output or error, the back-off sleeps), or a definition that must be
// refused with a message holding a given text.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "ly/workflow/definition.hpp"
#include "ly/workflow/interpreter.hpp"
#include "ly/workflow/task_runner.hpp"
#include "memory_history_store.hpp"

namespace ly::workflow {
namespace {
namespace json = boost::json;

struct CaseRun {
    std::string name;
    json::object spec;  // the case
    json::object run;   // one run of it
};

void PrintTo(const CaseRun& run, std::ostream* out) { *out << run.name; }

std::vector<CaseRun> LoadRuns() {
    std::ifstream file(std::string(LY_SOURCE_DIR) + "/libs/workflow/testdata/conformance.json");
    std::stringstream text;
    text << file.rdbuf();
    json::value cases = json::parse(text.str());
    std::vector<CaseRun> runs;
    for (const auto& item : cases.as_array()) {
        const json::object& spec = item.as_object();
        std::string name(spec.at("name").as_string());
        if (const auto* many = spec.if_contains("runs")) {
            std::size_t index = 0;
            for (const auto& run : many->as_array()) {
                runs.push_back({name + "_" + std::to_string(index++), spec, run.as_object()});
            }
        } else {
            runs.push_back({name, spec, spec});
        }
    }
    return runs;
}

// A task function as the case describes it: "echo", {"return": v}, {"sum": true}, or {"sequence": [...]} whose
// entries are used in turn (the last repeats); an entry {"error": E, "cause": C} fails.
class ScriptedFunction {
  public:
    explicit ScriptedFunction(json::value behaviour) : behaviour_(std::move(behaviour)) {}

    Result<json::value> Call(const json::value& event) {
        ++calls_;
        if (const auto* object = behaviour_.if_object(); object && object->if_contains("sequence")) {
            const auto& steps = object->at("sequence").as_array();
            const auto& step = steps[std::min(calls_ - 1, steps.size() - 1)];
            return Outcome(step, event);
        }
        return Outcome(behaviour_, event);
    }
    std::size_t calls() const { return calls_; }

  private:
    static Result<json::value> Outcome(const json::value& step, const json::value& event) {
        if (step.is_string() && step.as_string() == "echo") return event;
        const auto& object = step.as_object();
        if (object.if_contains("error")) {
            const auto* cause = object.if_contains("cause");
            return MakeTaskError(object.at("error").as_string(), cause ? std::string(cause->as_string()) : "");
        }
        if (object.if_contains("sum")) {
            double sum = 0;
            for (const auto& member : event.as_object()) sum += member.value().to_number<double>();
            return json::value(sum);
        }
        return object.at("return");
    }

    json::value behaviour_;
    std::size_t calls_ = 0;
};

class Conformance : public testing::TestWithParam<CaseRun> {};

TEST_P(Conformance, Case) {
    const CaseRun& run = GetParam();
    auto definition = Definition::FromJson(run.spec.at("definition"));
    if (const auto* invalid = run.spec.if_contains("invalid")) {
        ASSERT_FALSE(definition.ok()) << "the definition should have been refused";
        EXPECT_NE(definition.error().message.find(invalid->as_string()), std::string::npos)
            << "message: " << definition.error().message;
        return;
    }
    ASSERT_TRUE(definition.ok()) << definition.error().message;

    FunctionRegistry registry;
    std::map<std::string, std::shared_ptr<ScriptedFunction>> functions;
    if (const auto* given = run.run.if_contains("functions")) {
        for (const auto& member : given->as_object()) {
            auto scripted = std::make_shared<ScriptedFunction>(member.value());
            functions[std::string(member.key())] = scripted;
            registry.Register(std::string(member.key()), [scripted](const json::value& event, const TaskContext&) {
                return scripted->Call(event);
            });
        }
    }
    std::int64_t now = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
    std::vector<std::int64_t> sleeps;
    RunOptions options;
    options.clock = [&now] { return now; };
    options.sleeper = [&](std::chrono::milliseconds wait) {
        sleeps.push_back(wait.count());
        now += wait.count();
    };
    options.max_inline_wait = std::chrono::hours(24 * 365);
    MemoryHistoryStore history;
    ExecutionInfo execution{"exec-1", "conformance", run.run.at("input"), 42};
    auto outcome = RunExecution(**definition, execution, history, registry, options);
    ASSERT_TRUE(outcome.ok()) << outcome.error().message;

    if (const auto* output = run.run.if_contains("output")) {
        ASSERT_EQ(outcome->status, RunOutcome::Status::kSucceeded) << outcome->error << ": " << outcome->cause;
        EXPECT_EQ(outcome->output, *output) << "got " << json::serialize(outcome->output);
    }
    if (const auto* error = run.run.if_contains("error")) {
        ASSERT_EQ(outcome->status, RunOutcome::Status::kFailed) << "output " << json::serialize(outcome->output);
        EXPECT_EQ(outcome->error, error->as_string()) << outcome->cause;
        if (const auto* cause = run.run.if_contains("cause")) {
            EXPECT_NE(outcome->cause.find(cause->as_string()), std::string::npos) << "cause: " << outcome->cause;
        }
    }
    if (const auto* expected = run.run.if_contains("sleeps")) {
        std::vector<std::int64_t> want;
        for (const auto& ms : expected->as_array()) want.push_back(ms.template to_number<std::int64_t>());
        EXPECT_EQ(sleeps, want);
    }
    if (const auto* calls = run.run.if_contains("calls")) {
        for (const auto& member : calls->as_object()) {
            EXPECT_EQ(functions.at(std::string(member.key()))->calls(),
                      static_cast<std::size_t>(member.value().as_int64()))
                << "calls of " << member.key();
        }
    }

    // Replaying the history up to (not including) its last event reaches the same end without calling any
    // function again or sleeping again: every step is answered from the history.
    std::map<std::string, std::size_t> calls_before;
    for (const auto& [name, function] : functions) calls_before[name] = function->calls();
    const std::size_t sleeps_before = sleeps.size();
    std::vector<HistoryEvent> events = history.All();
    ASSERT_FALSE(events.empty());
    events.pop_back();
    MemoryHistoryStore truncated;
    truncated.Seed(events);
    auto replayed = RunExecution(**definition, execution, truncated, registry, options);
    ASSERT_TRUE(replayed.ok()) << replayed.error().message;
    EXPECT_EQ(replayed->status, outcome->status);
    EXPECT_EQ(replayed->output, outcome->output);
    EXPECT_EQ(replayed->error, outcome->error);
    EXPECT_EQ(sleeps.size(), sleeps_before);
    for (const auto& [name, function] : functions) EXPECT_EQ(function->calls(), calls_before[name]) << name;
}

INSTANTIATE_TEST_SUITE_P(Asl, Conformance, testing::ValuesIn(LoadRuns()),
                         [](const testing::TestParamInfo<CaseRun>& param_info) {
                             std::string name = param_info.param.name;
                             for (char& c : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             }
                             return name;
                         });

}  // namespace
}  // namespace ly::workflow
