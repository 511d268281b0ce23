// For tests: a Python test server (an SMTP sink, a webhook receiver…) run as a child process. The script takes
// `--port-file F --log L`, listens on a free loopback port, writes the port to F and one JSON object per thing
// it received to L; the process is stopped by its pid.
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

class ScriptServer {
  public:
    // `script`: relative to the source tree; `args`: its own options.
    ScriptServer(const std::string& script, std::vector<std::string> args, const std::string& what) {
        port_file_ = folder_.path() / "port";
        log_file_ = folder_.path() / "log.jsonl";
        args.insert(args.begin(), {"/usr/bin/python3", std::string(LY_SOURCE_DIR) + "/" + script});
        args.insert(args.end(), {"--port-file", port_file_.string(), "--log", log_file_.string()});
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
        EXPECT_GT(port_, 0) << what << " did not start";
    }
    ~ScriptServer() { Stop(); }
    ScriptServer(const ScriptServer&) = delete;
    ScriptServer& operator=(const ScriptServer&) = delete;

    void Stop() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            ::waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
    }

    int port() const { return port_; }

    // Every line of the log so far.
    std::vector<boost::json::object> Logged() const {
        std::vector<boost::json::object> lines;
        std::ifstream file(log_file_);
        for (std::string line; std::getline(file, line);) lines.push_back(boost::json::parse(line).as_object());
        return lines;
    }

  private:
    TempFolder folder_;
    std::filesystem::path port_file_, log_file_;
    pid_t pid_ = -1;
    int port_ = 0;
};

}  // namespace ly::testing
