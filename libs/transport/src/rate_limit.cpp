#include "ly/transport/rate_limit.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "ly/transport/problem.hpp"

namespace ly::transport {

namespace {

// Shards keep threads asking for different keys off one another's lock.
constexpr std::size_t kShardCount = 16;
// Floating-point slack, so a bucket refilled for exactly one period holds one token.
constexpr double kEpsilon = 1e-9;

}  // namespace

struct RateLimiter::Shard {
    struct Bucket {
        double tokens = 0;
        TimePoint updated;
    };
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const noexcept { return std::hash<std::string_view>{}(key); }
    };

    std::mutex mutex;
    std::unordered_map<std::string, Bucket, KeyHash, std::equal_to<>> buckets;  // guarded by mutex
    TimePoint last_sweep{};                                                     // guarded by mutex
};

namespace {

double Seconds(std::chrono::steady_clock::duration duration) {
    return std::max(0.0, std::chrono::duration<double>(duration).count());
}

}  // namespace

RateLimiter::RateLimiter(RateLimit limit, std::size_t max_keys, Clock clock)
    : limit_(limit),
      per_second_(std::max(0.0, limit.per_minute) / 60.0),
      burst_(std::max(1.0, limit.burst)),
      refill_time_(per_second_ > 0 ? burst_ / per_second_ : 0.0),
      max_keys_per_shard_(std::max<std::size_t>(1, max_keys / kShardCount)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); })),
      shards_(std::make_unique<Shard[]>(kShardCount)) {}

RateLimiter::~RateLimiter() = default;

RateLimiter::Shard& RateLimiter::ShardFor(std::string_view key) {
    return shards_[std::hash<std::string_view>{}(key) % kShardCount];
}

RateDecision RateLimiter::Take(std::string_view key) {
    if (!enabled()) return {};
    const TimePoint now = clock_();
    Shard& shard = ShardFor(key);
    const std::lock_guard lock(shard.mutex);

    if (now - shard.last_sweep >= refill_time_) ForgetRefilled(shard, now);

    auto found = shard.buckets.find(key);
    if (found == shard.buckets.end()) {
        if (shard.buckets.size() >= max_keys_per_shard_) {
            ForgetRefilled(shard, now);
            if (shard.buckets.size() >= max_keys_per_shard_) {
                // All busy: drop the longest idle eighth at once, so the next
                // new keys find room without another scan.
                std::vector<TimePoint> updated;
                updated.reserve(shard.buckets.size());
                for (const auto& entry : shard.buckets) updated.push_back(entry.second.updated);
                const std::size_t drop = std::max<std::size_t>(1, updated.size() / 8);
                std::nth_element(updated.begin(), updated.begin() + static_cast<std::ptrdiff_t>(drop - 1),
                                 updated.end());
                const TimePoint cutoff = updated[drop - 1];
                std::erase_if(shard.buckets, [&](const auto& entry) { return entry.second.updated <= cutoff; });
            }
        }
        shard.buckets.emplace(std::string(key), Shard::Bucket{burst_ - 1, now});
        return {};
    }

    Shard::Bucket& bucket = found->second;
    bucket.tokens = std::min(burst_, bucket.tokens + Seconds(now - bucket.updated) * per_second_);
    bucket.updated = std::max(bucket.updated, now);
    if (bucket.tokens >= 1 - kEpsilon) {
        bucket.tokens = std::max(0.0, bucket.tokens - 1);
        return {};
    }
    const double wait = (1 - bucket.tokens) / per_second_;
    return {false, std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))))};
}

void RateLimiter::ForgetIdle() {
    if (!enabled()) return;
    const TimePoint now = clock_();
    for (std::size_t i = 0; i < kShardCount; ++i) {
        Shard& shard = shards_[i];
        const std::lock_guard lock(shard.mutex);
        ForgetRefilled(shard, now);
    }
}

void RateLimiter::ForgetRefilled(Shard& shard, TimePoint now) const {
    std::erase_if(shard.buckets, [&](const auto& entry) {
        const double tokens = entry.second.tokens + Seconds(now - entry.second.updated) * per_second_;
        return tokens >= burst_ - kEpsilon;
    });
    shard.last_sweep = now;
}

std::size_t RateLimiter::TrackedKeys() const {
    std::size_t keys = 0;
    for (std::size_t i = 0; i < kShardCount; ++i) {
        const std::lock_guard lock(shards_[i].mutex);
        keys += shards_[i].buckets.size();
    }
    return keys;
}

RateLimiters MakeRateLimiters(const RateLimitSettings& settings) {
    return RateLimiters{std::make_shared<RateLimiter>(settings.auth), std::make_shared<RateLimiter>(settings.api)};
}

Response TooManyRequests(std::chrono::seconds retry_after) {
    const auto seconds = std::to_string(std::max<long long>(1, retry_after.count()));
    Response response =
        ErrorResponse(MakeError(ErrorCode::kRateLimited, "too many requests; try again in " + seconds + " s"));
    response.headers.Set("Retry-After", seconds);
    return response;
}

std::optional<Response> CheckRateLimit(RateLimiter& limiter, std::string_view key) {
    const RateDecision decision = limiter.Take(key);
    if (decision.allowed) return std::nullopt;
    return TooManyRequests(decision.retry_after);
}

}  // namespace ly::transport
