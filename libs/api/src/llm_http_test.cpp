// The LLM step end to end over HTTP: `ly serve` started with a provider pointed at the local fake provider
// (libs/llm/testdata/fake_provider.py, speaking the Anthropic or OpenAI wire format), Example 1.1 uploaded. Its
// draft lands in the LLM band, is verified, and is saved with route "llm"; an answer failing the checks twice
// sends it to review holding both drafts; without a provider it goes to review as before.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <filesystem>

#include "http_test_client.hpp"
#include "ly/testing/fake_llm.hpp"
#include "ly/testing/files.hpp"

namespace ly::api {
namespace {

using ::ly::testing::FakeLlm;
using testing::HttpAnswer;

namespace json = boost::json;

const std::filesystem::path kExample = std::filesystem::path(LY_SAMPLES_DIR) / "Teacher Timetable Example 1.1.png";
constexpr std::string_view kBoundary = "ly-llm-test-boundary";

// A suite's server with an LLM provider at a fake provider answering `scenarios`.
class LlmHttpTest : public testing::SharedServerTest {
  protected:
    static void StartWithProvider(const std::string& provider, const std::string& scenarios) {
        fake_ = new FakeLlm(scenarios);
        ::setenv("LY_LLM_API_KEY", FakeLlm::kApiKey, 1);
        StartServer({"--llm-provider", provider, "--llm-base-url",
                     provider == "anthropic" ? fake_->anthropic_url() : fake_->openai_url()});
        ::unsetenv("LY_LLM_API_KEY");
    }
    static void TearDownTestSuite() {
        SharedServerTest::TearDownTestSuite();
        delete fake_;
        fake_ = nullptr;
    }

    static std::string UploadExample(const Account& account) {
        std::string body = "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + kExample.filename().string() + "\"\r\n";
        body += "Content-Type: image/png\r\n\r\n" + ::ly::testing::ReadFile(kExample);
        body += "\r\n--" + std::string(kBoundary) + "--\r\n";
        const HttpAnswer uploaded =
            server_->Call("POST", "/api/v1/documents", body,
                          {{"Authorization", "Bearer " + account.access_token},
                           {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
        EXPECT_EQ(uploaded.status, 201) << uploaded.body;
        return uploaded.Field("documentId");
    }

    // The "Process with LLM" state of the document's execution.
    static json::object LlmState(const Account& account, const std::string& id) {
        const HttpAnswer execution = server_->GetWithToken("/api/v1/documents/" + id + "/execution", account.access_token);
        EXPECT_EQ(execution.status, 200) << execution.body;
        const json::value described = execution.Json();  // kept: the loop refers into it
        for (const json::value& state : described.at("states").as_array()) {
            if (state.at("name") == "Process with LLM") return state.as_object();
        }
        ADD_FAILURE() << "no LLM step in " << execution.body;
        return {};
    }

    static inline FakeLlm* fake_ = nullptr;
};

class LlmVerifyHttpTest : public LlmHttpTest {
  protected:
    static void SetUpTestSuite() { StartWithProvider("anthropic", "ok"); }
};

TEST_F(LlmVerifyHttpTest, Example11IsVerifiedAndSavedWithRouteLlmAndItsBlocksIntact) {
    if (!std::filesystem::exists(kExample)) GTEST_SKIP() << "no sample " << kExample;
    const Account ann = NewAccount();
    const std::string id = UploadExample(ann);
    ASSERT_EQ(WaitUntilProcessed(ann, id), "completed");

    const auto requests = fake_->Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_TRUE(requests[0].at("wellFormed").as_bool()) << json::serialize(requests[0]);
    EXPECT_EQ(requests[0].at("provider"), "anthropic");
    EXPECT_EQ(requests[0].at("mode"), "verify");
    EXPECT_LE(std::max(requests[0].at("imageWidth").as_int64(), requests[0].at("imageHeight").as_int64()), 1568);
    EXPECT_EQ(requests[0].at("schemaProperties"), json::array({"edits"}));

    const json::object state = LlmState(ann, id);
    ASSERT_TRUE(state.contains("llm")) << json::serialize(state);
    const json::object& llm = state.at("llm").as_object();
    EXPECT_EQ(llm.at("mode"), "verify");
    EXPECT_EQ(llm.at("accepted"), true);
    EXPECT_EQ(llm.at("cached"), false);
    EXPECT_GT(llm.at("inputTokens").as_int64(), 1000);  // the page alone is over a thousand
    EXPECT_GT(llm.at("outputTokens").as_int64(), 0);
    EXPECT_GT(llm.at("costUsd").to_number<double>(), 0.0);

    const HttpAnswer timetable = server_->GetWithToken("/api/v1/documents/" + id + "/timetable", ann.access_token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    EXPECT_EQ(timetable.Field("route"), "llm");
    const json::value saved = timetable.Json();
    // No edits came back: the engine's reading, every block of it (59 for Example 1.1), is what is saved.
    EXPECT_EQ(saved.at("timeblocks").as_array().size(), 59u) << timetable.body;
    bool registration = false;
    for (const json::value& block : saved.at("timeblocks").as_array()) {
        registration |= block.at("day") == "monday" && block.at("start") == "08:35" &&
                        block.at("name") == "Registration and Early Morning work";
    }
    EXPECT_TRUE(registration) << timetable.body;

    // The same file again: answered from the cache, not paid for twice.
    const std::string again = UploadExample(ann);
    ASSERT_EQ(WaitUntilProcessed(ann, again), "completed");
    EXPECT_EQ(fake_->Requests().size(), 1u);
    EXPECT_EQ(LlmState(ann, again).at("llm").at("cached"), true);
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + again + "/timetable", ann.access_token).Field("route"),
              "llm");

    const std::string metrics = server_->Call("GET", "/metrics").body;
    EXPECT_NE(metrics.find("ly_llm_calls_total{provider=\"anthropic\",mode=\"verify\"} 1"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("ly_llm_cache_hits_total{provider=\"anthropic\",mode=\"verify\"} 1"), std::string::npos);
    EXPECT_NE(metrics.find("ly_llm_tokens_total{provider=\"anthropic\",mode=\"verify\",kind=\"input\"}"),
              std::string::npos);
    EXPECT_NE(metrics.find("ly_llm_cost_usd_total{provider=\"anthropic\",mode=\"verify\"}"), std::string::npos);
}

class LlmRejectedHttpTest : public LlmHttpTest {
  protected:
    static void SetUpTestSuite() { StartWithProvider("openai", "names"); }
};

TEST_F(LlmRejectedHttpTest, AnAnswerFailingTheChecksTwiceGoesToReviewHoldingBothDrafts) {
    if (!std::filesystem::exists(kExample)) GTEST_SKIP() << "no sample " << kExample;
    const Account ann = NewAccount();
    const std::string id = UploadExample(ann);
    ASSERT_EQ(WaitUntilProcessed(ann, id), "needs_review");

    const auto requests = fake_->Requests();
    ASSERT_EQ(requests.size(), 2u);  // the answer, then one retry with its problems listed
    EXPECT_TRUE(requests[0].at("wellFormed").as_bool()) << json::serialize(requests[0]);
    EXPECT_EQ(requests[0].at("provider"), "openai");
    EXPECT_FALSE(requests[0].at("listsProblems").as_bool());
    EXPECT_TRUE(requests[1].at("listsProblems").as_bool());

    const HttpAnswer reviews = server_->GetWithToken("/api/v1/reviews", ann.access_token);
    ASSERT_EQ(reviews.status, 200) << reviews.body;
    const json::value listed = reviews.Json();
    ASSERT_EQ(listed.at("reviews").as_array().size(), 1u) << reviews.body;
    const json::object& draft = listed.at("reviews").as_array()[0].at("draft").as_object();
    // The engine's draft to correct, and the LLM's two answers beside it, each with the name it invented.
    EXPECT_EQ(draft.at("timeblocks").as_array().size(), 59u);
    EXPECT_EQ(draft.at("route"), "review");
    const json::object& llm = draft.at("llm").as_object();
    EXPECT_EQ(llm.at("accepted"), false);
    ASSERT_EQ(llm.at("answers").as_array().size(), 2u) << reviews.body;
    for (const json::value& answer : llm.at("answers").as_array()) {
        EXPECT_NE(json::serialize(answer).find("Underwater Basket Weaving"), std::string::npos);
    }
    EXPECT_NE(json::serialize(llm.at("problems")).find("not written on the page"), std::string::npos);
    EXPECT_EQ(LlmState(ann, id).at("llm").at("calls"), 2);
}

class NoLlmHttpTest : public LlmHttpTest {
  protected:
    static void SetUpTestSuite() { StartServer(); }
};

TEST_F(NoLlmHttpTest, WithoutAProviderExample11GoesToReviewAsBefore) {
    if (!std::filesystem::exists(kExample)) GTEST_SKIP() << "no sample " << kExample;
    const Account ann = NewAccount();
    const std::string id = UploadExample(ann);
    ASSERT_EQ(WaitUntilProcessed(ann, id), "needs_review");
    const HttpAnswer execution = server_->GetWithToken("/api/v1/documents/" + id + "/execution", ann.access_token);
    const json::value described = execution.Json();
    bool asked = false;
    for (const json::value& state : described.at("states").as_array()) {
        if (state.at("name") != "Process with LLM") continue;
        asked = true;
        EXPECT_EQ(state.at("error"), "LLM.Unavailable") << execution.body;
        EXPECT_EQ(state.at("status"), "caught") << execution.body;
    }
    EXPECT_TRUE(asked) << execution.body;
    EXPECT_EQ(server_->Call("GET", "/metrics").body.find("ly_llm_"), std::string::npos);
}

}  // namespace
}  // namespace ly::api
