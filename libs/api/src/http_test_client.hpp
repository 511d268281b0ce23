// For tests: `ly serve` started as a child process on a free loopback port with its own
// data folder, and a small blocking HTTP client (Boost.Beast) to talk to it.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "ly/testing/temp_folder.hpp"

namespace ly::api::testing {

struct HttpAnswer {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;

    std::string Header(const std::string& lower_name) const;
    // The body as JSON (null when it is not JSON), and one string member of it ("" when absent).
    boost::json::value Json() const;
    std::string Field(std::string_view name) const;
};

class ServerProcess {
  public:
    // Starts the binary named by the LY_BINARY environment variable; `extra_args` go after the usual ones.
    ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args = {});
    ~ServerProcess();  // SIGKILL if still running
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Empty when the server started; otherwise why not (with the end of its log).
    const std::string& start_error() const { return start_error_; }
    unsigned short port() const { return port_; }

    // SIGTERM and wait: the exit code (-1 when killed by a signal).
    int Stop();

    // One request on a fresh connection. `headers` are added as given.
    HttpAnswer Call(const std::string& method, const std::string& target, const std::string& body = {},
                    const std::map<std::string, std::string>& headers = {}) const;
    HttpAnswer PostJson(const std::string& target, const std::string& json,
                        const std::map<std::string, std::string>& headers = {}) const;
    HttpAnswer GetWithToken(const std::string& target, const std::string& access_token) const;

    std::string Log() const;

  private:
    std::filesystem::path log_path_;
    int pid_ = -1;
    unsigned short port_ = 0;
    std::string start_error_;
};

// A test suite sharing one server: started before its first test (in a fresh data folder), stopped after its
// last, which must end it cleanly (exit 0). Suites with other flags override SetUpTestSuite with StartServer.
class SharedServerTest : public ::testing::Test {
  protected:
    struct Account {
        std::string id;
        std::string access_token;
    };

    static void StartServer(std::vector<std::string> extra_args = {});
    static void SetUpTestSuite() { StartServer(); }
    static void TearDownTestSuite();
    void SetUp() override { ASSERT_EQ(server_->start_error(), "") << server_->start_error(); }

    // A new account (a fresh address per call, so tests do not depend on each other), signed in.
    static Account NewAccount();
    // The document's status once it is no longer pending or processing (fails the test after a minute).
    static std::string WaitUntilProcessed(const Account& account, const std::string& id);
    // An object's bytes as the server stored them in its data folder.
    static std::string ReadObject(const std::string& key);
    // A problem answer (RFC 9457) with this status, naming `field` when given.
    static void ExpectProblem(const HttpAnswer& answer, int status, const std::string& field = {});

    static inline ::ly::testing::TempFolder* folder_ = nullptr;
    static inline ServerProcess* server_ = nullptr;
};

}  // namespace ly::api::testing
