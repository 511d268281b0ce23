#include "ly/events/email_target.hpp"

#include "log_line.hpp"

namespace ly::events {

Result<std::shared_ptr<EmailTarget>> EmailTarget::Create(std::string name, mail::SmtpSender sender, Compose compose,
                                                         EmailRetryOptions retry) {
    if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "an e-mail target needs a name (for logs)");
    if (!compose) return MakeError(ErrorCode::kInvalidArgument, "e-mail target \"" + name + "\" has no composer");
    if (retry.max_attempts < 1 || retry.max_attempts > 100 || retry.base_delay.count() < 1 ||
        retry.max_delay < retry.base_delay) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "e-mail target \"" + name +
                             "\": max_attempts must be 1 to 100, base_delay positive, max_delay at least base_delay");
    }
    return std::shared_ptr<EmailTarget>(new EmailTarget(std::move(name), std::move(sender), std::move(compose), retry));
}

Status EmailTarget::Deliver(const Event& event) {
    auto composed = compose_(event);
    if (!composed) {
        return MakeError(composed.error().code,
                         name() + " cannot write the e-mail for event " + event.id + ": " + composed.error().message);
    }
    if (!composed->has_value()) return Ok{};
    mail::Message message = std::move(**composed);
    if (message.message_id.empty()) {
        const std::string& from = sender_.from();
        message.message_id = "<" + event.id + from.substr(from.find('@')) + ">";
    }
    Status sent = Ok{};
    for (int attempt = 1; attempt <= retry_.max_attempts; ++attempt) {
        sent = sender_.Send(message, [this] { return backoff_.cancelled(); });
        if (sent.ok()) return Ok{};
        if (backoff_.cancelled()) {
            return MakeError(ErrorCode::kIo, name() + " stopped sending event " + event.id + ": the bus is stopping");
        }
        if (sent.error().code != ErrorCode::kUnavailable) {
            return MakeError(sent.error().code,
                             name() + " could not send event " + event.id + " (not retried): " + sent.error().message);
        }
        if (attempt == retry_.max_attempts) break;
        const auto delay = BackoffDelay(retry_.base_delay, retry_.max_delay, attempt);
        internal::LogLine("warning", "email.retry",
                          {{"target", name()}, {"eventId", event.id}, {"attempt", std::to_string(attempt)}},
                          sent.error().message + "; retrying in " + std::to_string(delay.count()) + " ms");
        if (!backoff_.Wait(delay)) {
            return MakeError(ErrorCode::kIo, name() + " stopped retrying event " + event.id + ": the bus is stopping");
        }
    }
    return MakeError(ErrorCode::kIo, name() + " gave up on event " + event.id + " after " +
                                         std::to_string(retry_.max_attempts) +
                                         " attempts (last: " + sent.error().message + ")");
}

}  // namespace ly::events
