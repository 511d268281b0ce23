// A target that sends an e-mail for an event through SMTP (libs/mail), retried with backoff: the caller says what to
// send for an event (recipient, subject, text) with a function; this sends it and retries what may pass later.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ly/events/retry.hpp"
#include "ly/events/target.hpp"
#include "ly/mail/smtp.hpp"

namespace ly::events {

struct EmailRetryOptions {
    int max_attempts = 5;                         // 1 = no retry
    std::chrono::milliseconds base_delay{2'000};  // before the 2nd attempt; doubles each time …
    std::chrono::milliseconds max_delay{60'000};  // … up to this
};

// Delivery semantics: at least once, like webhooks. The message's Message-ID is "<event id@sender's domain>" unless
// the composer sets one, the same on every attempt and replay, so mail programs can fold duplicates. A send that
// failed with kUnavailable (no connection, timeout, 4xx) is retried after BackoffDelay; a refusal (5xx, bad login,
// no STARTTLS) or a composer error is not. After the last attempt the target gives up with an error the bus logs
// (the event stays in the log: `ly events replay --rule …` sends it again). Errors never hold the password.
// Cancel() (the bus stopping) ends a backoff and abandons a send in progress, so a slow server does not hold up
// the service's shutdown for its whole timeout.
class EmailTarget : public Target {
  public:
    // The message for an event; nullopt when there is nothing to send (e.g. the document was deleted since).
    using Compose = std::function<Result<std::optional<mail::Message>>(const Event&)>;

    // kInvalidArgument for an empty name, a null composer or retry settings out of range.
    static Result<std::shared_ptr<EmailTarget>> Create(std::string name, mail::SmtpSender sender, Compose compose,
                                                       EmailRetryOptions retry = {});

    Status Deliver(const Event& event) override;
    std::string name() const override { return "email:" + name_; }
    bool asynchronous() const override { return true; }
    void Cancel() override { backoff_.Cancel(); }

  private:
    EmailTarget(std::string name, mail::SmtpSender sender, Compose compose, EmailRetryOptions retry)
        : name_(std::move(name)), sender_(std::move(sender)), compose_(std::move(compose)), retry_(retry) {}

    std::string name_;
    mail::SmtpSender sender_;
    Compose compose_;
    EmailRetryOptions retry_;
    CancellableWait backoff_;
};

}  // namespace ly::events
