#include "ly/events/retry.hpp"

#include <algorithm>
#include <cstdint>
#include <random>

namespace ly::events {

std::chrono::milliseconds BackoffDelay(std::chrono::milliseconds base_delay, std::chrono::milliseconds max_delay,
                                       int attempt) {
    double delay = static_cast<double>(base_delay.count());
    for (int i = 1; i < attempt && delay < static_cast<double>(max_delay.count()); ++i) delay *= 2;
    delay = std::min(delay, static_cast<double>(max_delay.count()));
    thread_local std::mt19937_64 random{std::random_device{}()};
    std::uniform_real_distribution<double> upper_half(delay / 2, delay);
    return std::chrono::milliseconds(static_cast<std::int64_t>(upper_half(random)));
}

bool CancellableWait::Wait(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return cancelled_; });
}

void CancellableWait::Cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    wake_.notify_all();
}

bool CancellableWait::cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

}  // namespace ly::events
