// For tests: a stand-in for the paid LLM APIs — libs/llm/testdata/fake_provider.py on a free loopback port,
// speaking the Anthropic Messages and OpenAI chat-completions wire formats, checking every request against its
// format, and answering by scenario ("ok", "429", "529", "500", "malformed", "schema", "names", "many", "slow").
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "ly/testing/script_server.hpp"

namespace ly::testing {

class FakeLlm {
  public:
    // `scenarios`: what it answers, in turn ("429,ok": rate limited once, then an answer; the last repeats).
    explicit FakeLlm(const std::string& scenarios = "ok", std::vector<std::string> extra_args = {})
        : server_("libs/llm/testdata/fake_provider.py", WithScenarios(scenarios, std::move(extra_args)),
                  "the fake LLM provider") {}

    // The base URL of each provider's API on this server.
    std::string anthropic_url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }
    std::string openai_url() const { return "http://127.0.0.1:" + std::to_string(server_.port()) + "/v1"; }
    static constexpr const char* kApiKey = "test-key";

    // Every request so far, as fake_provider.py logged it ("provider", "mode", "wellFormed", "problems", …).
    std::vector<boost::json::object> Requests() const { return server_.Logged(); }

  private:
    static std::vector<std::string> WithScenarios(const std::string& scenarios, std::vector<std::string> args) {
        args.insert(args.begin(), {"--scenarios", scenarios});
        return args;
    }
    ScriptServer server_;
};

}  // namespace ly::testing
