// For tests: a real HTTP server to post webhooks to — libs/events/testdata/webhook_server.py on a free loopback
// port, which checks each POST's HMAC-SHA256 signature with Python's own hmac; the requests it received, with
// whether their signature verified.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "ly/testing/script_server.hpp"

namespace ly::testing {

class WebhookReceiver {
  public:
    // `statuses`: what it answers, in turn ("500,503,200": two failures, then success; the last one repeats).
    // `delay_seconds`: how long it waits before each answer.
    explicit WebhookReceiver(const std::string& secret, const std::string& statuses = "200", double delay_seconds = 0)
        : server_("libs/events/testdata/webhook_server.py",
                  {"--secret", secret, "--statuses", statuses, "--delay", std::to_string(delay_seconds)},
                  "the test webhook server") {}

    // The receiver's URL with `path_and_query` ("/hook?token=t0ken").
    std::string url(const std::string& path_and_query = "/hook") const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + path_and_query;
    }

    // Every request so far, as webhook_server.py logged it (its body, headers and "signatureOk").
    std::vector<boost::json::object> Requests() const { return server_.Logged(); }

  private:
    ScriptServer server_;
};

}  // namespace ly::testing
