// For tests: a real SMTP server to send to — libs/mail/testdata/smtp_sink.py (Debian's python3-aiosmtpd) on a
// free loopback port, started for one test or suite; the messages it accepted, parsed.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ly/testing/script_server.hpp"

namespace ly::testing {

class SmtpSink {
  public:
    // `extra_args`: the script's options, e.g. {"--fail-first", "1"} or {"--username", "u", "--password", "p"}.
    explicit SmtpSink(std::vector<std::string> extra_args = {})
        : server_("libs/mail/testdata/smtp_sink.py", std::move(extra_args),
                  "the SMTP sink (is python3-aiosmtpd installed?)") {}

    void Stop() { server_.Stop(); }

    int port() const { return server_.port(); }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(server_.port()); }

    // Every message accepted so far: {"mailFrom", "rcptTos", "raw", "headers": [[name, value]…], "body", "login"}.
    std::vector<boost::json::object> Messages() const { return server_.Logged(); }

    // Messages once there are at least `count` (or after `timeout`, whatever arrived).
    std::vector<boost::json::object> WaitForMessages(
        std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        auto messages = Messages();
        while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            messages = Messages();
        }
        return messages;
    }

    // The decoded value of a message's header, "" when absent.
    static std::string Header(const boost::json::object& message, std::string_view name) {
        for (const auto& pair : message.at("headers").as_array()) {
            if (pair.as_array()[0].as_string() == name) return std::string(pair.as_array()[1].as_string());
        }
        return {};
    }

  private:
    ScriptServer server_;
};

}  // namespace ly::testing
