#include <gtest/gtest.h>

#include <thread>

#include "ly/storage/cache.hpp"

namespace ly::storage {
namespace {

using std::chrono::milliseconds;

// A clock the test moves by hand.
struct ManualClock {
    std::chrono::steady_clock::time_point now{};
    SteadyClock Function() {
        return [this] { return now; };
    }
};

TEST(MemoryCache, GetsWhatWasPutUntilItExpires) {
    ManualClock clock;
    MemoryCache cache(10, clock.Function());
    EXPECT_FALSE(cache.Get("a").has_value());
    cache.Put("a", "1", milliseconds(100));
    EXPECT_EQ(cache.Get("a"), "1");
    clock.now += milliseconds(99);
    EXPECT_EQ(cache.Get("a"), "1");
    clock.now += milliseconds(1);
    EXPECT_FALSE(cache.Get("a").has_value());
    EXPECT_EQ(cache.size(), 0u);  // dropped when met

    cache.Put("b", "1", milliseconds(100));
    cache.Put("b", "2", milliseconds(500));  // replaces value and expiry
    clock.now += milliseconds(200);
    EXPECT_EQ(cache.Get("b"), "2");
    cache.Erase("b");
    EXPECT_FALSE(cache.Get("b").has_value());
    cache.Erase("never there");

    cache.Put("c", "1", milliseconds(100));
    cache.Put("c", "2", milliseconds(0));  // a zero ttl stores nothing and forgets the old value
    EXPECT_FALSE(cache.Get("c").has_value());
}

TEST(MemoryCache, EvictsTheLeastRecentlyUsed) {
    ManualClock clock;
    MemoryCache cache(3, clock.Function());
    cache.Put("a", "1", milliseconds(1000));
    cache.Put("b", "2", milliseconds(1000));
    cache.Put("c", "3", milliseconds(1000));
    EXPECT_TRUE(cache.Get("a").has_value());  // a is now the most recent; b the least
    cache.Put("d", "4", milliseconds(1000));
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_FALSE(cache.Get("b").has_value());
    EXPECT_EQ(cache.Get("a"), "1");
    EXPECT_EQ(cache.Get("c"), "3");
    EXPECT_EQ(cache.Get("d"), "4");
    cache.Put("c", "33", milliseconds(1000));  // an update makes it recent too
    cache.Put("e", "5", milliseconds(1000));
    EXPECT_FALSE(cache.Get("a").has_value());
    EXPECT_EQ(cache.Get("c"), "33");

    MemoryCache none(0, clock.Function());
    none.Put("a", "1", milliseconds(1000));
    EXPECT_FALSE(none.Get("a").has_value());
}

TEST(MemoryCache, IsSafeFromSeveralThreads) {
    MemoryCache cache(64);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&cache, t] {
            for (int i = 0; i < 20000; ++i) {
                const std::string key = "k" + std::to_string((i * 7 + t) % 100);
                if (i % 3 == 0) {
                    cache.Put(key, key, milliseconds(1000));
                } else if (i % 11 == 0) {
                    cache.Erase(key);
                } else if (auto value = cache.Get(key)) {
                    EXPECT_EQ(*value, key);
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_LE(cache.size(), 64u);
}

}  // namespace
}  // namespace ly::storage
