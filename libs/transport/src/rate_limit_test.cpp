#include "ly/transport/rate_limit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <thread>
#include <vector>

#include "ly/transport/problem.hpp"

namespace ly::transport {
namespace {

using namespace std::chrono_literals;

// A steady clock that moves only when told.
class ManualClock {
  public:
    RateLimiter::Clock AsClock() {
        return [this] { return RateLimiter::TimePoint(std::chrono::nanoseconds(now_ns_.load())); };
    }
    void Advance(std::chrono::nanoseconds by) { now_ns_ += by.count(); }

  private:
    std::atomic<long long> now_ns_{std::chrono::nanoseconds(1h).count()};
};

TEST(RateLimiter, AllowsTheBurstThenRefusesWithRetryAfter) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{60, 3}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("203.0.113.7").allowed) << i;
    const RateDecision refused = limiter.Take("203.0.113.7");
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 1s);

    clock.Advance(1s);  // one token back at 60 per minute
    EXPECT_TRUE(limiter.Take("203.0.113.7").allowed);
    EXPECT_FALSE(limiter.Take("203.0.113.7").allowed);
}

TEST(RateLimiter, RetryAfterIsTheWaitForOneToken) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{6, 2}, RateLimiter::kDefaultMaxKeys, clock.AsClock());  // one per 10 s
    EXPECT_TRUE(limiter.Take("user-1").allowed);
    EXPECT_TRUE(limiter.Take("user-1").allowed);
    EXPECT_EQ(limiter.Take("user-1").retry_after, 10s);
    clock.Advance(4s);
    EXPECT_EQ(limiter.Take("user-1").retry_after, 6s);
    clock.Advance(5500ms);
    EXPECT_EQ(limiter.Take("user-1").retry_after, 1s);  // 0.5 s rounds up, never 0
    clock.Advance(500ms);
    EXPECT_TRUE(limiter.Take("user-1").allowed);
}

TEST(RateLimiter, RefusedRequestsDoNotDelayTheRefill) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{60, 1}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    EXPECT_TRUE(limiter.Take("k").allowed);
    for (int i = 0; i < 5; ++i) {
        clock.Advance(100ms);
        EXPECT_FALSE(limiter.Take("k").allowed);
    }
    clock.Advance(500ms);
    EXPECT_TRUE(limiter.Take("k").allowed);
}

TEST(RateLimiter, KeysHaveTheirOwnBuckets) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{1, 1}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    EXPECT_TRUE(limiter.Take("user-a").allowed);
    EXPECT_FALSE(limiter.Take("user-a").allowed);
    EXPECT_TRUE(limiter.Take("user-b").allowed);
    EXPECT_TRUE(limiter.Take("").allowed);  // an unknown peer is one more key
}

TEST(RateLimiter, ARateOfZeroIsNoLimit) {
    RateLimiter limiter(RateLimit{0, 0});
    EXPECT_FALSE(limiter.enabled());
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Take("k").allowed);
    EXPECT_EQ(limiter.TrackedKeys(), 0u);
}

TEST(RateLimiter, ABurstBelowOneCountsAsOne) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{60, 0}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    EXPECT_TRUE(limiter.Take("k").allowed);
    EXPECT_FALSE(limiter.Take("k").allowed);
}

TEST(RateLimiter, ForgetsBucketsOnceRefilled) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{60, 10}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    for (int i = 0; i < 500; ++i) {
        for (int j = 0; j < 10; ++j) (void)limiter.Take("client-" + std::to_string(i));  // empty: full after 10 s
    }
    EXPECT_EQ(limiter.TrackedKeys(), 500u);
    clock.Advance(5s);
    limiter.ForgetIdle();
    EXPECT_EQ(limiter.TrackedKeys(), 500u);  // half full: still remembered
    clock.Advance(5s);
    limiter.ForgetIdle();
    EXPECT_EQ(limiter.TrackedKeys(), 0u);
}

TEST(RateLimiter, TakeSweepsIdleBucketsOnItsOwn) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{60, 2}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    for (int i = 0; i < 1000; ++i) (void)limiter.Take("client-" + std::to_string(i));
    clock.Advance(3s);
    // Every shard sweeps on its next use once a refill period has passed.
    for (int i = 0; i < 200; ++i) (void)limiter.Take("later-" + std::to_string(i));
    EXPECT_LE(limiter.TrackedKeys(), 200u);
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyBusyKeys) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{1, 5}, 256, clock.AsClock());  // refills slowly: nothing is idle
    for (int i = 0; i < 20000; ++i) {
        ASSERT_TRUE(limiter.Take("198.51.100." + std::to_string(i)).allowed);
        clock.Advance(1ms);
    }
    EXPECT_LE(limiter.TrackedKeys(), 256u);
    EXPECT_GT(limiter.TrackedKeys(), 100u);
    // The most recent keys are the ones kept.
    EXPECT_TRUE(limiter.Take("198.51.100.19999").allowed);
    for (int i = 0; i < 4; ++i) (void)limiter.Take("198.51.100.19999");
    EXPECT_FALSE(limiter.Take("198.51.100.19999").allowed);
}

TEST(RateLimiter, ThreadsShareOneBucketExactly) {
    ManualClock clock;  // frozen: no refill while the threads run
    RateLimiter limiter(RateLimit{60, 100}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 1000; ++i) {
                if (limiter.Take("shared").allowed) ++allowed;
                (void)limiter.Take("own-" + std::to_string(i));
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(allowed.load(), 100);
}

TEST(TooManyRequests, IsAProblemWithRetryAfter) {
    const Response response = TooManyRequests(7s);
    EXPECT_EQ(response.status, 429);
    EXPECT_EQ(response.headers.Get("Retry-After"), "7");
    EXPECT_EQ(response.headers.Get("Content-Type"), kProblemContentType);
    const auto problem = boost::json::parse(response.body).as_object();
    EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:rate_limited");
    EXPECT_EQ(problem.at("status").as_int64(), 429);
    EXPECT_NE(std::string(problem.at("detail").as_string()).find("7 s"), std::string::npos);
}

TEST(CheckRateLimit, GivesTheAnswerOnlyWhenRefused) {
    ManualClock clock;
    RateLimiter limiter(RateLimit{30, 1}, RateLimiter::kDefaultMaxKeys, clock.AsClock());
    EXPECT_FALSE(CheckRateLimit(limiter, "user-9").has_value());
    const auto refused = CheckRateLimit(limiter, "user-9");
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->status, 429);
    EXPECT_EQ(refused->headers.Get("Retry-After"), "2");
}

TEST(MakeRateLimiters, OneLimiterPerRouteClass) {
    RateLimitSettings settings;
    settings.auth = {5, 2};
    settings.api = {0, 0};
    const RateLimiters limits = MakeRateLimiters(settings);
    ASSERT_TRUE(limits.auth && limits.api);
    EXPECT_TRUE(limits.auth->enabled());
    EXPECT_FALSE(limits.api->enabled());
    EXPECT_EQ(limits.auth->limit().burst, 2);
}

}  // namespace
}  // namespace ly::transport
