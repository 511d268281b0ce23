// Sending e-mail through an SMTP server (libcurl): a plain-text message written as RFC 5322 with headers that
// user-supplied text (names, filenames) cannot break out of, and a sender configured once, used from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::mail {

// STARTTLS on an smtp:// server: kRequire refuses to send without it; kTry uses it when offered; kOff never
// (a relay on this machine). smtps:// is TLS from the first byte whatever this says.
enum class StartTls { kOff, kTry, kRequire };

struct SmtpOptions {
    std::string url{};        // smtp://host[:port] or smtps://host[:port]; no user or password in it
    std::string from{};       // the sender's address, for the envelope and From:
    std::string from_name{};  // optional display name in From:
    std::string username{};   // optional; given with a password
    std::string password{};   // never logged nor put in an error message
    StartTls starttls = StartTls::kRequire;
    std::chrono::milliseconds timeout{30'000};  // one message, connection included
};

struct Message {
    std::string to{};          // one address
    std::string to_name{};     // optional display name (e.g. the user's name as they typed it)
    std::string subject{};     // may carry user text (a filename): CR, LF and other controls become spaces
    std::string text{};        // the body, UTF-8; any line ending
    std::string message_id{};  // "<id@domain>", or empty for a random one at the sender's domain
};

// True for a plain ASCII address "local@domain" without spaces, controls or the characters that delimit
// addresses in a header (<>()[],;:\"), at most 254 characters.
bool IsMailAddress(std::string_view address);

// The message as RFC 5322 text with CRLF line ends: Date, From, To, Subject, Message-ID, MIME-Version,
// Content-Type text/plain; charset=utf-8, quoted-printable body, Auto-Submitted: auto-generated (RFC 3834: no
// out-of-office answers). Display names and subjects outside printable ASCII are RFC 2047 encoded-words.
// kInvalidArgument for an address (from, to) that IsMailAddress refuses or a malformed message_id.
Result<std::string> FormatMessage(const Message& message, std::string_view from, std::string_view from_name,
                                  std::int64_t unix_seconds);

// Sends messages one connection each (notifications are rare; no pool to keep alive).
// Failures: kUnavailable when retrying later may help (no connection, a timeout, a 4xx answer such as "451 try
// again"); kInvalidArgument when the server refused the message or its recipient (5xx) or STARTTLS is required
// but not offered; kUnauthenticated when it refused the username and password. Messages name the server
// (scheme://host:port) and curl's reason, never the password.
class SmtpSender {
  public:
    // kInvalidArgument naming the option: a URL that is not smtp:// or smtps:// or holds credentials, a `from`
    // that is no address, a username without a password (or the reverse), credentials that would cross the
    // network unencrypted (STARTTLS off on an smtp:// server that is not this machine), a timeout below 1 ms.
    static Result<SmtpSender> Create(SmtpOptions options);

    // `cancelled`, when given, is asked while the message is on its way; true abandons it (kUnavailable), so a
    // stopping service does not wait out a slow server's timeout.
    Status Send(const Message& message, const std::function<bool()>& cancelled = {}) const;

    // "smtp://host:port", for logs.
    const std::string& server() const { return server_; }
    // The sender's address (options' `from`).
    const std::string& from() const { return options_.from; }

  private:
    SmtpSender(SmtpOptions options, std::string server) : options_(std::move(options)), server_(std::move(server)) {}

    SmtpOptions options_;
    std::string server_{};
};

}  // namespace ly::mail
