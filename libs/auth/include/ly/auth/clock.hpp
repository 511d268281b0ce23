// The time source of auth decisions (token expiry, URL expiry): injectable so tests
// can move time forward instead of sleeping.
#pragma once

#include <chrono>
#include <mutex>

namespace ly::auth {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual TimePoint Now() const = 0;
};

// The wall clock.
class SystemClock final : public Clock {
  public:
    TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until told to move: for tests and for replaying decisions.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(TimePoint start) : now_(start) {}
    TimePoint Now() const override {
        std::lock_guard lock(mutex_);
        return now_;
    }
    void Advance(std::chrono::seconds by) {
        std::lock_guard lock(mutex_);
        now_ += by;
    }

  private:
    mutable std::mutex mutex_;
    TimePoint now_;
};

// Whole seconds since the Unix epoch, as JWT and signed URLs carry time.
inline long long UnixSeconds(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

}  // namespace ly::auth
