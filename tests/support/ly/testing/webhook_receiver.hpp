// For tests: a real HTTP server to post webhooks to — libs/events/testdata/webhook_server.py on a free loopback
// port, which checks each POST's HMAC-SHA256 signature with Python's own hmac, started for one test or suite and
// stopped by its pid; the requests it received, with whether their signature verified.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ly/testing/temp_folder.hpp"

namespace ly::testing {

class WebhookReceiver {
  public:
    // `statuses`: what it answers, in turn ("500,503,200": two failures, then success; the last one repeats).
    // `delay_seconds`: how long it waits before each answer.
    explicit WebhookReceiver(const std::string& secret, const std::string& statuses = "200", double delay_seconds = 0) {
        port_file_ = folder_.path() / "port";
        log_file_ = folder_.path() / "requests.jsonl";
        const std::string script = std::string(LY_SOURCE_DIR) + "/libs/events/testdata/webhook_server.py";
        const std::string delay = std::to_string(delay_seconds);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execl("/usr/bin/python3", "python3", script.c_str(), "--secret", secret.c_str(), "--statuses",
                    statuses.c_str(), "--delay", delay.c_str(), "--port-file", port_file_.c_str(), "--log",
                    log_file_.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 400 && !std::filesystem::exists(port_file_); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        std::ifstream(port_file_) >> port_;
        EXPECT_GT(port_, 0) << "the test webhook server did not start";
    }
    ~WebhookReceiver() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    // The receiver's URL with `path_and_query` ("/hook?token=t0ken").
    std::string url(const std::string& path_and_query = "/hook") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path_and_query;
    }

    // Every request so far, as webhook_server.py logged it (its body, headers and "verified").
    std::vector<boost::json::object> Requests() const {
        std::vector<boost::json::object> requests;
        std::ifstream file(log_file_);
        for (std::string line; std::getline(file, line);) requests.push_back(boost::json::parse(line).as_object());
        return requests;
    }

  private:
    TempFolder folder_;
    std::filesystem::path port_file_, log_file_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace ly::testing
