#include "ly/storage/cache.hpp"

namespace ly::storage {

MemoryCache::MemoryCache(std::size_t capacity, SteadyClock clock) : capacity_(capacity), clock_(std::move(clock)) {}

std::optional<std::string> MemoryCache::Get(std::string_view key) {
    const auto now = clock_();
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return std::nullopt;
    const Order::iterator entry = found->second;
    if (entry->expires_at <= now) {
        index_.erase(found);
        order_.erase(entry);
        return std::nullopt;
    }
    order_.splice(order_.begin(), order_, entry);  // now the most recently used
    return entry->value;
}

void MemoryCache::Put(std::string_view key, std::string value, std::chrono::milliseconds ttl) {
    if (capacity_ == 0 || ttl <= std::chrono::milliseconds::zero()) {
        Erase(key);  // a stale older value must not outlive this Put
        return;
    }
    const auto expires_at = clock_() + ttl;
    std::lock_guard lock(mutex_);
    if (const auto found = index_.find(key); found != index_.end()) {
        found->second->value = std::move(value);
        found->second->expires_at = expires_at;
        order_.splice(order_.begin(), order_, found->second);
        return;
    }
    if (order_.size() >= capacity_) {
        index_.erase(order_.back().key);
        order_.pop_back();
    }
    order_.push_front(Entry{std::string(key), std::move(value), expires_at});
    index_.emplace(order_.front().key, order_.begin());
}

void MemoryCache::Erase(std::string_view key) {
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    if (found == index_.end()) return;
    const Order::iterator entry = found->second;
    index_.erase(found);
    order_.erase(entry);
}

std::size_t MemoryCache::size() const {
    std::lock_guard lock(mutex_);
    return order_.size();
}

}  // namespace ly::storage
