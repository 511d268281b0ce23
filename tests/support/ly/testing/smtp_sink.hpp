// For tests: a real SMTP server to send to — libs/mail/testdata/smtp_sink.py (Debian's python3-aiosmtpd) on a
// free loopback port, started for one test or suite and stopped by its pid; the messages it accepted, parsed.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ly/testing/temp_folder.hpp"

namespace ly::testing {

class SmtpSink {
  public:
    // `extra_args`: the script's options, e.g. {"--fail-first", "1"} or {"--username", "u", "--password", "p"}.
    explicit SmtpSink(std::vector<std::string> extra_args = {}) {
        port_file_ = folder_.path() / "port";
        log_file_ = folder_.path() / "messages.jsonl";
        std::vector<std::string> args = {"/usr/bin/python3",
                                         std::string(LY_SOURCE_DIR) + "/libs/mail/testdata/smtp_sink.py",
                                         "--port-file",
                                         port_file_.string(),
                                         "--log",
                                         log_file_.string()};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        for (int i = 0; i < 400 && !std::filesystem::exists(port_file_); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        std::ifstream(port_file_) >> port_;
        EXPECT_GT(port_, 0) << "the SMTP sink did not start (is python3-aiosmtpd installed?)";
    }
    ~SmtpSink() { Stop(); }
    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    void Stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

    int port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

    // Every message accepted so far: {"mailFrom", "rcptTos", "raw", "headers": [[name, value]…], "body", "login"}.
    std::vector<boost::json::object> Messages() const {
        std::vector<boost::json::object> messages;
        std::ifstream file(log_file_);
        for (std::string line; std::getline(file, line);) messages.push_back(boost::json::parse(line).as_object());
        return messages;
    }

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
    TempFolder folder_;
    std::filesystem::path port_file_, log_file_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace ly::testing
