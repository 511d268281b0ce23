// The Cache port (string values with a time to live, as Redis keeps them) and its in-memory LRU adapter.
// A cache may forget anything at any time: callers treat a miss as "ask the source", never as an error.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ly::storage {

class Cache {
  public:
    virtual ~Cache() = default;

    virtual std::optional<std::string> Get(std::string_view key) = 0;
    // Stores the value for `ttl`; a ttl of zero or less stores nothing (the value would be stale at once).
    virtual void Put(std::string_view key, std::string value, std::chrono::milliseconds ttl) = 0;
    virtual void Erase(std::string_view key) = 0;
};

using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;

// Least recently used entries go first when `capacity` entries are held; expired entries are dropped when met.
// Thread-safe (one mutex: every operation is a few pointer moves).
class MemoryCache final : public Cache {
  public:
    explicit MemoryCache(
        std::size_t capacity, SteadyClock clock = [] { return std::chrono::steady_clock::now(); });

    std::optional<std::string> Get(std::string_view key) override;
    void Put(std::string_view key, std::string value, std::chrono::milliseconds ttl) override;
    void Erase(std::string_view key) override;

    std::size_t size() const;  // entries held, expired ones included until met

  private:
    struct Entry {
        std::string key;
        std::string value;
        std::chrono::steady_clock::time_point expires_at;
    };
    using Order = std::list<Entry>;  // most recently used first

    const std::size_t capacity_;
    const SteadyClock clock_;
    mutable std::mutex mutex_;
    Order order_;
    std::unordered_map<std::string_view, Order::iterator> index_;  // views into the entries' own keys
};

}  // namespace ly::storage
