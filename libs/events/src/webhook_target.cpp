#include "ly/events/webhook_target.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <mutex>

#include "log_line.hpp"

namespace ly::events {
namespace {

struct Answer {
    long status = 0;      // the HTTP status, or 0 when no answer came
    std::string failure;  // curl's description when no answer came
};

std::size_t DiscardBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

void InitialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// libcurl asks this about once a second and on every transfer step: non-zero aborts the request.
int AbortWhenCancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<CancellableWait*>(user)->cancelled() ? 1 : 0;
}

Answer PostOnce(const WebhookOptions& options, const std::string& body, const std::string& event_id,
                CancellableWait& cancel) {
    Answer answer;
    CURL* curl = curl_easy_init();
    if (curl == nullptr) {
        answer.failure = "libcurl could not start a request";
        return answer;
    }
    const std::string timestamp = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    curl_slist* headers = nullptr;
    for (const std::string& header :
         {std::string("Content-Type: application/json"), "X-Ly-Signature: " + WebhookSignature(options.secret, body),
          "X-Ly-Timestamp: " + timestamp, "X-Ly-Event-Id: " + event_id, std::string("Expect:")}) {
        headers = curl_slist_append(headers, header.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, options.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "ly-events/1");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);        // we run on worker threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would re-send the signed body elsewhere
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, DiscardBody);
    // A stopping bus abandons a request in progress instead of waiting out its timeout.
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, AbortWhenCancelled);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &cancel);
    const CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer.status);
    } else {
        answer.failure = curl_easy_strerror(code);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return answer;
}

bool Retryable(const Answer& answer) {
    return answer.status == 0 || answer.status >= 500 || answer.status == 408 || answer.status == 429;
}

std::string Describe(const Answer& answer) {
    return answer.status != 0 ? "HTTP " + std::to_string(answer.status) : answer.failure;
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string signature = "sha256=";
    for (unsigned int i = 0; i < length; ++i) {
        signature += kHex[digest[i] >> 4];
        signature += kHex[digest[i] & 0x0f];
    }
    return signature;
}

Result<std::shared_ptr<WebhookTarget>> WebhookTarget::Create(WebhookOptions options) {
    auto invalid = [&](const std::string& message) {
        return MakeError(ErrorCode::kInvalidArgument, "webhook \"" + options.name + "\": " + message);
    };
    if (options.name.empty()) return MakeError(ErrorCode::kInvalidArgument, "a webhook needs a name (for logs)");
    if (!options.url.starts_with("http://") && !options.url.starts_with("https://")) {
        return invalid("the URL must start with http:// or https://");
    }
    if (options.secret.empty()) return invalid("the signing secret is empty");
    if (options.max_attempts < 1 || options.max_attempts > 100) return invalid("max_attempts must be 1 to 100");
    if (options.base_delay.count() < 1 || options.max_delay < options.base_delay) {
        return invalid("base_delay must be positive and max_delay at least base_delay");
    }
    if (options.timeout.count() < 1) return invalid("the timeout must be positive");
    InitialiseCurlOnce();
    return std::shared_ptr<WebhookTarget>(new WebhookTarget(std::move(options)));
}

Status WebhookTarget::Deliver(const Event& event) {
    const std::string body = SerializeEvent(event);
    Answer answer;
    for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
        answer = PostOnce(options_, body, event.id, backoff_);
        if (answer.status >= 200 && answer.status < 300) return Ok{};
        if (backoff_.cancelled()) {
            return MakeError(ErrorCode::kIo, name() + " abandoned event " + event.id + ": the bus is stopping");
        }
        if (!Retryable(answer)) {
            const std::string message = name() + " refused event " + event.id + " (" + Describe(answer) +
                                        "): not retried, as the request itself was refused";
            internal::LogLine("error", "webhook.refused", {{"target", name()}, {"eventId", event.id}}, message);
            return MakeError(ErrorCode::kInvalidArgument, message);
        }
        if (attempt == options_.max_attempts) break;
        const auto delay = BackoffDelay(options_.base_delay, options_.max_delay, attempt);
        internal::LogLine("warning", "webhook.retry",
                          {{"target", name()}, {"eventId", event.id}, {"attempt", std::to_string(attempt)}},
                          Describe(answer) + "; retrying in " + std::to_string(delay.count()) + " ms");
        if (!backoff_.Wait(delay)) {
            return MakeError(ErrorCode::kIo, name() + " stopped retrying event " + event.id + ": the bus is stopping");
        }
    }
    const std::string message = name() + " gave up on event " + event.id + " after " +
                                std::to_string(options_.max_attempts) + " attempts (last: " + Describe(answer) + ")";
    internal::LogLine("error", "webhook.gave_up", {{"target", name()}, {"eventId", event.id}}, message);
    return MakeError(ErrorCode::kIo, message);
}

}  // namespace ly::events
