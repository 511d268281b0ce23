// The LLM step end to end against the local fake provider, for each provider's wire format: verify and extract,
// the checks, one retry with the problems listed, review after a second failure, the cache and the budget.
#include "ly/llm/step.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include "ly/llm/image.hpp"
#include "ly/testing/fake_llm.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::llm {
namespace {

namespace json = boost::json;
using ::ly::testing::FakeLlm;

// A week of two days as the engine read it; the page's own text below.
std::string Draft(double confidence) {
    return R"({"schema":"timetable/v1","source":{"filename":"week.png","sha256":"ab","type":"image","pages":1},
      "metadata":{},"timeblocks":[
       {"day":"monday","start":"09:00","end":"10:00","name":"Maths","notes":"","confidence":0.99},
       {"day":"monday","start":"10:00","end":"10:30","name":"Break","notes":"","confidence":0.99},
       {"day":"tuesday","start":"09:00","end":"10:00","name":"Englsh","notes":"","confidence":0.7},
       {"day":"tuesday","start":"10:00","end":"10:30","name":"Break","notes":"","confidence":0.99}],
      "confidence":)" +
           std::to_string(confidence) + R"(,"route":"llm","warnings":[]})";
}

const std::vector<std::string> kPageText = {"Monday", "Tuesday", "9:00 - 10:00", "10:00 - 10:30", "Maths",
                                            "Break",  "English", "Break"};

constexpr std::string_view kExtractAnswer = R"({"metadata":{"title":"","school":"","class":"2EJ","teacher":"",
  "term":"","week":""},"timeblocks":[
  {"day":"monday","start":"09:00","end":"10:00","name":"Maths","notes":""},
  {"day":"monday","start":"10:00","end":"10:30","name":"Break","notes":""},
  {"day":"tuesday","start":"09:00","end":"10:00","name":"English","notes":""},
  {"day":"tuesday","start":"10:00","end":"10:30","name":"Break","notes":""}]})";

class StepTest : public ::testing::TestWithParam<std::string> {
  protected:
    std::unique_ptr<FakeLlm> Fake(const std::string& scenarios, std::vector<std::string> args = {}) {
        const std::string answer_file = (folder_.path() / "extract.json").string();
        std::ofstream(answer_file) << kExtractAnswer;
        args.insert(args.end(), {"--extract-answer", answer_file});
        return std::make_unique<FakeLlm>(scenarios, std::move(args));
    }

    std::unique_ptr<Step> MakeStep(const FakeLlm& fake, Settings settings = {}) {
        settings.provider = GetParam();
        settings.base_url = GetParam() == "anthropic" ? fake.anthropic_url() : fake.openai_url();
        settings.model = "model-1";
        settings.api_key = FakeLlm::kApiKey;
        settings.retry.sleep = [](std::chrono::milliseconds) {};
        auto step = Step::Create(settings, cache_);
        EXPECT_TRUE(step) << step.error().message;
        return std::move(step).value();
    }

    Document Doc(double confidence, const std::string& sha256 = "ab") {
        const int width = 400, height = 300;
        auto png = PagePng(std::string(static_cast<std::size_t>(width) * height * 3, '\xee'), width, height, 3);
        return Document{sha256, Draft(confidence), std::move(png).value(),
                        "table 1: r0 c0 conf 0.99 \"Monday\"\n", kPageText};
    }

    ::ly::testing::TempFolder folder_;
    storage::MemoryCache cache_{64};
};

TEST_P(StepTest, VerifyWithNoEditsSavesTheDraftAsTheLlmsAnswer) {
    auto fake = Fake("ok");
    auto step = MakeStep(*fake);
    auto outcome = step->Run(Doc(0.95));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->accepted);
    EXPECT_EQ(outcome->mode, "verify");
    EXPECT_EQ(outcome->calls, 1);
    EXPECT_GT(outcome->usage.input_tokens, 100);  // the image's tokens at least
    EXPECT_GT(outcome->cost_usd, 0);
    EXPECT_DOUBLE_EQ(outcome->cost_usd, step->CostUsd(outcome->usage));
    const json::value saved = json::parse(outcome->timetable_json);
    EXPECT_EQ(saved.at("route"), "llm");
    ASSERT_EQ(saved.at("timeblocks").as_array().size(), 4u);
    EXPECT_EQ(saved.at("timeblocks").as_array()[2].at("name"), "Englsh");  // the draft's, unchanged
    const auto requests = fake->Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_TRUE(requests[0].at("wellFormed").as_bool()) << json::serialize(requests[0]);
    EXPECT_EQ(requests[0].at("mode"), "verify");
    EXPECT_EQ(requests[0].at("imageWidth"), 400);
}

TEST_P(StepTest, ACachedAnswerIsNotPaidForAgain) {
    auto fake = Fake("ok");
    auto step = MakeStep(*fake);
    int hits = 0;
    step->SetObserver({.on_call = {}, .on_cache_hit = [&](std::string_view) { ++hits; }, .on_failure = {}});
    ASSERT_TRUE(step->Run(Doc(0.95)));
    auto again = step->Run(Doc(0.95));
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->cached);
    EXPECT_TRUE(again->accepted);
    EXPECT_EQ(hits, 1);
    EXPECT_EQ(fake->Requests().size(), 1u);
    ASSERT_TRUE(step->Run(Doc(0.95, "another-sha")));  // another document is asked
    EXPECT_EQ(fake->Requests().size(), 2u);
}

TEST_P(StepTest, NamesNotOnThePageAreRetriedOnceWithTheProblemsThenGoToReviewWithBothAnswers) {
    auto fake = Fake("names");
    auto step = MakeStep(*fake);
    auto outcome = step->Run(Doc(0.95));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_FALSE(outcome->accepted);
    EXPECT_EQ(outcome->calls, 2);
    ASSERT_EQ(outcome->answers_json.size(), 2u);
    for (const std::string& answer : outcome->answers_json) {
        EXPECT_NE(answer.find("Underwater Basket Weaving"), std::string::npos);
        EXPECT_EQ(json::parse(answer).at("route"), "review");
    }
    ASSERT_FALSE(outcome->problems.empty());
    EXPECT_NE(outcome->problems[0].find("not written on the page"), std::string::npos) << outcome->problems[0];
    const auto requests = fake->Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_FALSE(requests[0].at("listsProblems").as_bool());
    EXPECT_TRUE(requests[1].at("listsProblems").as_bool());
}

TEST_P(StepTest, AFailedAnswerFollowedByAGoodOneIsSaved) {
    auto fake = Fake("names,ok");
    auto outcome = MakeStep(*fake)->Run(Doc(0.95));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->accepted);
    EXPECT_EQ(outcome->calls, 2);
}

TEST_P(StepTest, AnswersBreakingTheSchemaOrCutOffEndInReview) {
    for (const std::string scenario : {"schema", "malformed"}) {
        auto fake = Fake(scenario);
        auto outcome = MakeStep(*fake)->Run(Doc(0.95, scenario));
        ASSERT_TRUE(outcome) << outcome.error().message;
        EXPECT_FALSE(outcome->accepted) << scenario;
        EXPECT_EQ(outcome->calls, 2) << scenario;
        EXPECT_TRUE(outcome->answers_json.empty()) << scenario;
        ASSERT_FALSE(outcome->problems.empty());
        EXPECT_NE(outcome->problems[0].find(scenario == "schema" ? "op must be" : "could not be read"),
                  std::string::npos)
            << outcome->problems[0];
    }
}

TEST_P(StepTest, ALowDraftIsExtractedWhole) {
    auto fake = Fake("ok");
    auto outcome = MakeStep(*fake)->Run(Doc(0.85));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->accepted);
    EXPECT_EQ(outcome->mode, "extract");
    const json::value saved = json::parse(outcome->timetable_json);
    EXPECT_EQ(saved.at("timeblocks").as_array()[2].at("name"), "English");
    EXPECT_EQ(saved.at("metadata").at("class"), "2EJ");
    EXPECT_EQ(fake->Requests()[0].at("mode"), "extract");
    EXPECT_TRUE(fake->Requests()[0].at("wellFormed").as_bool());
}

TEST_P(StepTest, AVerifyFindingManyErrorsGoesOnToExtract) {
    auto fake = Fake("many,ok");
    auto outcome = MakeStep(*fake)->Run(Doc(0.95));
    ASSERT_TRUE(outcome) << outcome.error().message;
    EXPECT_TRUE(outcome->accepted);
    EXPECT_EQ(outcome->mode, "extract");
    EXPECT_EQ(outcome->calls, 2);
    const auto requests = fake->Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].at("mode"), "verify");
    EXPECT_EQ(requests[1].at("mode"), "extract");
}

TEST_P(StepTest, AProviderThatStaysOverloadedIsAnErrorAndNothingIsCached) {
    auto fake = Fake(GetParam() == "anthropic" ? "529" : "429");
    auto step = MakeStep(*fake);
    auto outcome = step->Run(Doc(0.95));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(fake->Requests().size(), 3u);  // three attempts
    EXPECT_FALSE(step->Run(Doc(0.95)));
    EXPECT_EQ(fake->Requests().size(), 6u);  // not cached: asked again
}

TEST_P(StepTest, ServerErrorsAndTimeoutsAreProviderErrors) {
    {
        auto fake = Fake("500");
        auto outcome = MakeStep(*fake)->Run(Doc(0.95));
        ASSERT_FALSE(outcome);
        EXPECT_EQ(outcome.error().code, ErrorCode::kIo);
    }
    auto fake = Fake("slow", {"--delay", "3"});
    Settings settings;
    settings.timeout = std::chrono::seconds(1);
    auto outcome = MakeStep(*fake, settings)->Run(Doc(0.95));
    ASSERT_FALSE(outcome);
    EXPECT_EQ(outcome.error().code, ErrorCode::kIo);
    EXPECT_NE(outcome.error().message.find("no answer within 1 s"), std::string::npos) << outcome.error().message;
}

TEST_P(StepTest, ASpentBudgetSendsDocumentsToReview) {
    auto fake = Fake("ok");
    Settings settings;
    settings.monthly_budget_usd = 0.000001;
    auto step = MakeStep(*fake, settings);
    ASSERT_TRUE(step->Run(Doc(0.95, "first")));  // the budget was not spent before this call
    EXPECT_GT(step->spent_this_month_usd(), settings.monthly_budget_usd);
    auto refused = step->Run(Doc(0.95, "second"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
    EXPECT_NE(refused.error().message.find("budget"), std::string::npos);
    EXPECT_EQ(fake->Requests().size(), 1u);
    EXPECT_TRUE(step->Run(Doc(0.95, "first")));  // a cached answer costs nothing: still served
}

INSTANTIATE_TEST_SUITE_P(Providers, StepTest, ::testing::Values("anthropic", "openai"));

TEST(Step, RefusesWrongSettings) {
    storage::MemoryCache cache(4);
    EXPECT_EQ(Step::Create({.provider = "gemini"}, cache).error().code, ErrorCode::kInvalidArgument);
    auto no_key = Step::Create({.provider = "anthropic"}, cache);
    ASSERT_FALSE(no_key);
    EXPECT_NE(no_key.error().message.find("LY_LLM_API_KEY"), std::string::npos);
    EXPECT_TRUE(Step::Create({.provider = "openai", .base_url = "http://localhost:11434/v1"}, cache));
}

TEST(PromptVersion, NamesEachPromptsVersion) {
    EXPECT_EQ(PromptVersion("verify"), "system-1+verify-1");
    EXPECT_EQ(PromptVersion("extract"), "system-1+extract-1");
}

}  // namespace
}  // namespace ly::llm
