#include "ly/llm/client.hpp"

#include <charconv>
#include <ctime>
#include <thread>

#include "ly/events/retry.hpp"

namespace ly::llm {
namespace {

enum class Kind { kAnswered, kRetryableRateLimit, kRetryableServer, kRefusedKey, kRefused };

Kind Classify(const HttpReply& reply) {
    if (reply.status == 200) return Kind::kAnswered;
    if (reply.status == 429 || reply.status == 529) return Kind::kRetryableRateLimit;  // 529: Anthropic overloaded
    if (reply.status == 0 || reply.status >= 500 || reply.status == 408) return Kind::kRetryableServer;
    if (reply.status == 401 || reply.status == 403) return Kind::kRefusedKey;
    return Kind::kRefused;
}

std::string Describe(const HttpReply& reply, std::chrono::milliseconds timeout) {
    if (reply.timed_out) return "no answer within " + std::to_string(timeout.count() / 1000) + " s";
    if (reply.status == 0) return reply.failure;
    std::string text = "HTTP " + std::to_string(reply.status);
    if (!reply.body.empty()) text += ": " + reply.body.substr(0, 200);
    return text;
}

// Holds one of the provider's request slots for its lifetime.
class Slot {
  public:
    Slot(std::mutex& mutex, std::condition_variable& free, int& in_flight, int limit)
        : mutex_(mutex), free_(free), in_flight_(in_flight) {
        std::unique_lock lock(mutex_);
        free_.wait(lock, [&] { return in_flight_ < limit; });
        ++in_flight_;
    }
    ~Slot() {
        {
            std::lock_guard lock(mutex_);
            --in_flight_;
        }
        free_.notify_one();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

  private:
    std::mutex& mutex_;
    std::condition_variable& free_;
    int& in_flight_;
};

}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value) {
    if (value.empty()) return std::nullopt;
    double seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc() && end == value.data() + value.size() && seconds >= 0) {
        return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    }
    // An HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"): the wait is until then.
    std::tm tm{};
    const std::string text(value);
    if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(at - std::chrono::system_clock::now());
    return wait.count() > 0 ? wait : std::chrono::milliseconds(0);
}

Client::Client(const Provider& provider, Transport& transport, ClientSettings settings)
    : provider_(provider), transport_(transport), settings_(std::move(settings)) {
    if (settings_.max_concurrency < 1) settings_.max_concurrency = 1;
    if (settings_.retry.attempts < 1) settings_.retry.attempts = 1;
}

Result<Answer> Client::Call(const Prompt& prompt, CallReport& report) {
    const HttpRequest request = provider_.Build(prompt);
    const RetryPolicy& retry = settings_.retry;
    HttpReply reply;
    Kind kind = Kind::kRefused;
    for (int attempt = 1; attempt <= retry.attempts; ++attempt) {
        {
            // The slot is held for the request only, never during a backoff wait.
            Slot slot(mutex_, slot_free_, in_flight_, settings_.max_concurrency);
            reply = transport_.Post(request, settings_.timeout);
        }
        ++report.attempts;
        kind = Classify(reply);
        if (kind == Kind::kAnswered) return provider_.Parse(reply.body);
        report.failures.push_back(Describe(reply, settings_.timeout));
        if (kind == Kind::kRefusedKey) {
            return MakeError(ErrorCode::kUnauthenticated,
                             std::string(provider_.name()) + " refused the API key (" + Describe(reply, settings_.timeout) +
                                 "): check LY_LLM_API_KEY");
        }
        if (kind == Kind::kRefused) {
            return MakeError(ErrorCode::kInvalidArgument, std::string(provider_.name()) + " refused the request (" +
                                                              Describe(reply, settings_.timeout) + ")");
        }
        if (attempt == retry.attempts) break;
        auto delay = events::BackoffDelay(retry.base_delay, retry.max_delay, attempt);
        if (const auto asked = ParseRetryAfter(reply.retry_after)) {
            // The provider said when: too long to hold a worker thread, the state machine waits instead.
            if (*asked > retry.longest_retry_after) break;
            delay = std::max(delay, *asked);
        }
        if (retry.sleep) {
            retry.sleep(delay);
        } else {
            std::this_thread::sleep_for(delay);
        }
    }
    const std::string message = std::string(provider_.name()) + " did not answer after " +
                                std::to_string(report.attempts) + " attempts (last: " +
                                Describe(reply, settings_.timeout) + ")";
    return MakeError(kind == Kind::kRetryableRateLimit ? ErrorCode::kRateLimited : ErrorCode::kIo, message);
}

}  // namespace ly::llm
