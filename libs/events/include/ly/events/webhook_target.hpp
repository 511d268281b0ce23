// A target that POSTs the event's envelope JSON to an HTTP(S) URL, signed with HMAC-SHA256 of the body
// (header X-Ly-Signature: sha256=<hex>, plus X-Ly-Timestamp and X-Ly-Event-Id), retried with backoff (libcurl).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "ly/events/retry.hpp"
#include "ly/events/target.hpp"

namespace ly::events {

struct WebhookOptions {
    std::string name;                             // for logs: "webhook:<name>"
    std::string url;                              // http:// or https:// only; never logged (it may hold a token)
    std::string secret;                           // the HMAC key the receiver shares; never logged
    int max_attempts = 5;                         // 1 = no retry
    std::chrono::milliseconds base_delay{500};    // before the 2nd attempt; doubles each time …
    std::chrono::milliseconds max_delay{30'000};  // … up to this
    std::chrono::milliseconds timeout{10'000};    // one attempt, connection included
};

// Delivery semantics: at least once. A 2xx answer is success. A 5xx, 408, 429 or a network failure is retried
// after base_delay·2^(attempt−1) (capped at max_delay), jittered to a random point in its upper half so many
// retries do not arrive together; after max_attempts the target gives up with a logged error (the event stays in
// the log: `ly events replay` re-delivers it). Other 4xx answers are not retried (the request itself is wrong).
// Receivers deduplicate by X-Ly-Event-Id, which is the same on every attempt and on replays.
class WebhookTarget : public Target {
  public:
    // kInvalidArgument for a URL that is not http(s), an empty secret, or attempts/delays out of range.
    static Result<std::shared_ptr<WebhookTarget>> Create(WebhookOptions options);

    Status Deliver(const Event& event) override;
    std::string name() const override { return "webhook:" + options_.name; }
    bool asynchronous() const override { return true; }
    void Cancel() override { backoff_.Cancel(); }

  private:
    explicit WebhookTarget(WebhookOptions options) : options_(std::move(options)) {}

    WebhookOptions options_;
    CancellableWait backoff_;
};

// "sha256=" + lower-case hex HMAC-SHA256 of `body` keyed with `secret`: what X-Ly-Signature carries.
// Receivers compute it over the raw body and compare in constant time.
std::string WebhookSignature(std::string_view secret, std::string_view body);

}  // namespace ly::events
