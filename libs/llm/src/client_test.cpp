// Calls over real HTTP to the local fake provider (libs/llm/testdata/fake_provider.py): retries with backoff on
// 429 (honouring Retry-After), 529 and 500, the timeout, refused keys, and the concurrency limit.
#include "ly/llm/client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <mutex>
#include <optional>
#include <thread>

#include "ly/testing/fake_llm.hpp"

namespace ly::llm {
namespace {

using ::ly::testing::FakeLlm;
using std::chrono::milliseconds;

Prompt VerifyPrompt() {
    Prompt prompt;
    prompt.system = "You read timetables.";
    prompt.text = "Our reading:\n[]\n";
    prompt.schema_name = "submit_edits";
    prompt.schema_description = "edits";
    prompt.schema_json = R"({"type":"object","properties":{"edits":{"type":"array"}}})";
    return prompt;
}

// Records the waits instead of sleeping them.
struct Waits {
    std::mutex mutex;
    std::vector<milliseconds> seen;
    std::function<void(milliseconds)> Recorder() {
        return [this](milliseconds delay) {
            std::lock_guard lock(mutex);
            seen.push_back(delay);
        };
    }
};

ClientSettings FastSettings(Waits& waits) {
    ClientSettings settings;
    settings.timeout = milliseconds(5000);
    settings.retry.sleep = waits.Recorder();
    return settings;
}

class ClientTest : public ::testing::TestWithParam<std::string> {
  protected:
    std::unique_ptr<Provider> ProviderFor(const FakeLlm& fake) const {
        const bool anthropic = GetParam() == "anthropic";
        return std::move(MakeProvider({GetParam(), anthropic ? fake.anthropic_url() : fake.openai_url(), "model-1",
                                       FakeLlm::kApiKey}))
            .value();
    }
    // One call through a fresh client; its waits are recorded in waits_.
    Result<Answer> Ask(const FakeLlm& fake, CallReport& report, std::optional<ClientSettings> settings = {}) {
        auto provider = ProviderFor(fake);
        Client client(*provider, *transport_, settings ? *settings : FastSettings(waits_));
        return client.Call(VerifyPrompt(), report);
    }

    std::unique_ptr<Transport> transport_ = MakeCurlTransport();
    Waits waits_;
};

TEST_P(ClientTest, AWellFormedRequestIsAnswered) {
    FakeLlm fake("ok");
    CallReport report;
    auto answer = Ask(fake, report);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->json, R"({"edits":[]})");
    EXPECT_GT(answer->usage.input_tokens, 0);
    EXPECT_GT(answer->usage.output_tokens, 0);
    ASSERT_EQ(fake.Requests().size(), 1u);
    EXPECT_TRUE(fake.Requests()[0].at("wellFormed").as_bool()) << boost::json::serialize(fake.Requests()[0]);
    EXPECT_EQ(fake.Requests()[0].at("provider").as_string(), GetParam());
    EXPECT_TRUE(waits_.seen.empty());
}

TEST_P(ClientTest, RateLimitsAreRetriedAfterTheirRetryAfter) {
    FakeLlm fake("429,429,ok", {"--retry-after", "7"});
    CallReport report;
    auto answer = Ask(fake, report);
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(report.attempts, 3);
    ASSERT_EQ(waits_.seen.size(), 2u);
    for (const milliseconds wait : waits_.seen) EXPECT_EQ(wait, milliseconds(7000));  // longer than the backoff
}

TEST_P(ClientTest, OverloadAndServerErrorsBackOffThenGiveUpAfterThreeAttempts) {
    for (const std::string scenario : {"529", "500"}) {
        FakeLlm fake(scenario);
        waits_.seen.clear();
        CallReport report;
        auto answer = Ask(fake, report);
        ASSERT_FALSE(answer);
        EXPECT_EQ(answer.error().code, scenario == "529" ? ErrorCode::kRateLimited : ErrorCode::kIo);
        EXPECT_EQ(report.attempts, 3);
        EXPECT_EQ(fake.Requests().size(), 3u);
        ASSERT_EQ(waits_.seen.size(), 2u);
        // Exponential from 2 s with jitter in the upper half: 1–2 s, then 2–4 s.
        EXPECT_GE(waits_.seen[0], milliseconds(1000));
        EXPECT_LE(waits_.seen[0], milliseconds(2000));
        EXPECT_GE(waits_.seen[1], milliseconds(2000));
        EXPECT_LE(waits_.seen[1], milliseconds(4000));
    }
}

TEST_P(ClientTest, ARetryAfterTooLongToWaitHereIsLeftToTheStateMachine) {
    FakeLlm fake("429", {"--retry-after", "120"});
    CallReport report;
    auto answer = Ask(fake, report);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kRateLimited);
    EXPECT_EQ(report.attempts, 1);
    EXPECT_TRUE(waits_.seen.empty());
}

TEST_P(ClientTest, ASlowAnswerPastTheTimeoutIsRetriedThenFails) {
    FakeLlm fake("slow", {"--delay", "2"});
    ClientSettings settings = FastSettings(waits_);
    settings.timeout = milliseconds(300);
    settings.retry.attempts = 2;
    CallReport report;
    const auto started = std::chrono::steady_clock::now();
    auto answer = Ask(fake, report, settings);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kIo);
    EXPECT_NE(answer.error().message.find("no answer within"), std::string::npos) << answer.error().message;
    EXPECT_EQ(report.attempts, 2);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST_P(ClientTest, AWrongKeyIsNotRetried) {
    FakeLlm fake("ok", {"--api-key", "another-key"});
    CallReport report;
    auto answer = Ask(fake, report);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(report.attempts, 1);
}

TEST_P(ClientTest, AMalformedAnswerIsAnErrorOfItsOwn) {
    FakeLlm fake("malformed");
    CallReport report;
    auto answer = Ask(fake, report);
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, ErrorCode::kInternal);
    EXPECT_EQ(report.attempts, 1);
}

INSTANTIATE_TEST_SUITE_P(Providers, ClientTest, ::testing::Values("anthropic", "openai"));

// A transport that counts requests in flight, to see the limit hold.
class CountingTransport final : public Transport {
  public:
    HttpReply Post(const HttpRequest&, milliseconds) override {
        const int now = ++in_flight_;
        int seen = most_.load();
        while (now > seen && !most_.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(milliseconds(30));
        --in_flight_;
        return HttpReply{200, false, "", R"({"content":[{"type":"tool_use","input":{"edits":[]}}]})", ""};
    }
    std::atomic<int> in_flight_{0};
    std::atomic<int> most_{0};
};

TEST(Client, HoldsTheConcurrencyLimit) {
    auto provider = MakeAnthropic({"anthropic", "", "", "k"});
    CountingTransport transport;
    ClientSettings settings;
    settings.max_concurrency = 2;
    Client client(*provider, transport, settings);
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            CallReport report;
            EXPECT_TRUE(client.Call(VerifyPrompt(), report));
        });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(transport.most_.load(), 2);
}

TEST(ParseRetryAfter, ReadsSecondsAndDates) {
    EXPECT_EQ(ParseRetryAfter("7"), milliseconds(7000));
    EXPECT_EQ(ParseRetryAfter("0.5"), milliseconds(500));
    EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), milliseconds(0));  // in the past
    EXPECT_FALSE(ParseRetryAfter(""));
    EXPECT_FALSE(ParseRetryAfter("soon"));
}

}  // namespace
}  // namespace ly::llm
