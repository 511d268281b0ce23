// Token-bucket rate limits keyed by a string (a client's IP, a user id), and
// the 429 answer with Retry-After for a request over its limit.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "ly/transport/http.hpp"

namespace ly::transport {

// A bucket of `burst` requests that refills at `per_minute`. A rate of 0
// turns the limit off; a burst below 1 counts as 1.
struct RateLimit {
    double per_minute = 0;
    double burst = 0;
};

struct RateDecision {
    bool allowed = true;
    std::chrono::seconds retry_after{0};  // when refused: whole seconds until one request fits, at least 1
};

// Thread-safe. A key's bucket is forgotten once it has refilled (a full bucket
// is the same as a new one), and the number of keys tracked stays at most
// `max_keys` (at least 16): when that many are busy, the longest idle go.
class RateLimiter {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    // Injectable so tests move time instead of sleeping.
    using Clock = std::function<TimePoint()>;

    static constexpr std::size_t kDefaultMaxKeys = 100'000;

    explicit RateLimiter(RateLimit limit, std::size_t max_keys = kDefaultMaxKeys, Clock clock = {});
    ~RateLimiter();
    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    // Takes one request from `key`'s bucket, or says how long to wait.
    RateDecision Take(std::string_view key);

    // Forgets the buckets that have refilled. Take does this on its own about
    // once per refill period; public for tests.
    void ForgetIdle();

    std::size_t TrackedKeys() const;
    bool enabled() const { return per_second_ > 0; }
    const RateLimit& limit() const { return limit_; }

  private:
    struct Shard;
    Shard& ShardFor(std::string_view key);
    void ForgetRefilled(Shard& shard, TimePoint now) const;  // the shard's lock held

    RateLimit limit_;
    double per_second_;
    double burst_;
    std::chrono::duration<double> refill_time_;  // from empty to full
    std::size_t max_keys_per_shard_;
    Clock clock_;
    std::unique_ptr<Shard[]> shards_;
};

// One limiter per route class, shared by the routes of that class: `auth`
// is keyed by client IP (Request::client_ip), `api` by user id where a user
// is known (the handler calls CheckRateLimit after authenticating) and by
// client IP on routes without a user.
struct RateLimiters {
    std::shared_ptr<RateLimiter> auth;
    std::shared_ptr<RateLimiter> api;
};

struct RateLimitSettings {
    RateLimit auth{20, 10};   // per client IP: sign-in attempts
    RateLimit api{600, 100};  // per user (or client IP): everything else
};

RateLimiters MakeRateLimiters(const RateLimitSettings& settings);

// The 429 problem answer with Retry-After.
Response TooManyRequests(std::chrono::seconds retry_after);

// Takes a request from `key`'s bucket: nothing when allowed, else the 429 to send.
std::optional<Response> CheckRateLimit(RateLimiter& limiter, std::string_view key);

}  // namespace ly::transport
