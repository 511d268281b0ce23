// Calling a provider the way the seed sets it: a per-provider limit of requests at once, the request timeout,
// and 3 attempts with exponential backoff (2–10 s, jitter) on 429, 529, 5xx and timeouts, honouring Retry-After.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "ly/base/result.hpp"
#include "ly/llm/provider.hpp"

namespace ly::llm {

// Sends one request. The libcurl adapter is MakeCurlTransport(); tests and benchmarks may pass their own.
class Transport {
  public:
    virtual ~Transport() = default;
    virtual HttpReply Post(const HttpRequest& request, std::chrono::milliseconds timeout) = 0;
};
std::unique_ptr<Transport> MakeCurlTransport();

struct RetryPolicy {
    int attempts = 3;
    std::chrono::milliseconds base_delay{2000};
    std::chrono::milliseconds max_delay{10000};
    // A Retry-After longer than this is not waited for here: the call fails with kRateLimited and the state
    // machine's Retry owns the long wait.
    std::chrono::milliseconds longest_retry_after{30000};
    // How a wait is spent; injectable so tests see the delays without waiting them out. Null: sleep.
    std::function<void(std::chrono::milliseconds)> sleep{};
};

struct ClientSettings {
    std::chrono::milliseconds timeout{std::chrono::seconds(120)};
    int max_concurrency = 4;
    RetryPolicy retry{};
};

// What one Call did, answer or not (for metrics and the execution history).
struct CallReport {
    int attempts = 0;
    std::vector<std::string> failures;  // one line per failed attempt: "HTTP 529", "timed out after 120 s"
};

class Client {
  public:
    Client(const Provider& provider, Transport& transport, ClientSettings settings);

    // The structured answer. Errors: kRateLimited (429/529 after the attempts, or a Retry-After too long to wait
    // here), kIo (5xx, timeouts, no connection after the attempts), kUnauthenticated (401/403: the key),
    // kInvalidArgument (another 4xx: the request itself was refused), kInternal (a 200 whose body is unusable:
    // the caller may ask again).
    Result<Answer> Call(const Prompt& prompt, CallReport& report);

    const Provider& provider() const { return provider_; }

  private:
    const Provider& provider_;
    Transport& transport_;
    ClientSettings settings_;
    std::mutex mutex_;
    std::condition_variable slot_free_;
    int in_flight_ = 0;  // guarded by mutex_
};

// Retry-After as seconds ("7") or an HTTP date; nothing when absent or unreadable.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value);

}  // namespace ly::llm
