// Retrying a delivery over the network (webhooks, e-mail): the wait before the next attempt — exponential backoff
// with jitter — and a wait the bus can cut short when it stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace ly::events {

// base·2^(attempt−1), capped at max_delay, then a random point in its upper half, so many retries do not arrive
// together yet each waits at least half the nominal delay. `attempt` counts from 1 (the attempt that failed).
std::chrono::milliseconds BackoffDelay(std::chrono::milliseconds base_delay, std::chrono::milliseconds max_delay,
                                       int attempt);

// A sleep that Cancel() ends early, for good: once cancelled, every later Wait returns false at once.
class CancellableWait {
  public:
    // True after the full delay; false when cancelled (before or during).
    bool Wait(std::chrono::milliseconds delay);
    void Cancel();
    bool cancelled();  // true once Cancel() was called

  private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool cancelled_ = false;
};

}  // namespace ly::events
