#include "http_test_client.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

namespace ly::api::testing {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;

std::string HttpAnswer::Header(const std::string& lower_name) const {
    const auto found = headers.find(lower_name);
    return found == headers.end() ? std::string() : found->second;
}

boost::json::value HttpAnswer::Json() const {
    boost::system::error_code ec;
    auto value = boost::json::parse(body, ec);
    if (ec) return nullptr;
    return value;
}

std::string HttpAnswer::Field(std::string_view name) const {
    const auto json = Json();
    if (!json.is_object()) return {};
    const auto* value = json.as_object().if_contains(name);
    if (value == nullptr || !value->is_string()) return {};
    return std::string(value->as_string());
}

ServerProcess::ServerProcess(std::filesystem::path data_dir, std::vector<std::string> extra_args) {
    const char* binary = std::getenv("LY_BINARY");
    if (binary == nullptr) {
        start_error_ = "LY_BINARY is not set (ctest sets it to the ly binary)";
        return;
    }
    std::filesystem::create_directories(data_dir.parent_path());
    log_path_ = data_dir.parent_path() / (data_dir.filename().string() + "-server.log");

    std::vector<std::string> args = {
        binary, "serve", "--address", "127.0.0.1", "--port", "0", "--data-dir", data_dir.string(), "--io-threads", "2",
        "--worker-threads", "2",
        // Many sign-ins from one address: the per-IP limit is tested in tests/serve_test.sh.
        "--auth-rate-per-min", "0"};
    // Tests poll a document until it is processed, which on a slow machine outruns the per-user limit; the
    // tests of that limit set it themselves.
    if (std::find(extra_args.begin(), extra_args.end(), "--api-rate-per-min") == extra_args.end()) {
        args.insert(args.end(), {"--api-rate-per-min", "0"});
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(log_fd, STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(log_fd);

    // The startup line says which port --port 0 chose.
    const std::regex listening(R"re("msg":"listening on http://127\.0\.0\.1:(\d+)")re");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const std::string log = Log();
        if (std::regex_search(log, match, listening)) {
            port_ = static_cast<unsigned short>(std::stoi(match[1]));
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            start_error_ = "the server exited at startup: " + log;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    start_error_ = "the server did not say where it listens within 30 s: " + Log();
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

int ServerProcess::Stop() {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ServerProcess::Log() const {
    std::ifstream in(log_path_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

HttpAnswer ServerProcess::Call(const std::string& method, const std::string& target, const std::string& body,
                               const std::map<std::string, std::string>& headers) const {
    boost::asio::io_context io_context;
    tcp::socket socket(io_context);
    boost::system::error_code ec;
    socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_), ec);
    if (ec) return HttpAnswer{0, {}, "connect: " + ec.message()};

    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    // A server refusing a large body answers before reading it and may close while we still write: the
    // answer is then waiting to be read all the same.
    boost::system::error_code write_ec;
    http::write(socket, request, write_ec);

    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    // A HEAD answer's Content-Length tells the size of the GET's body, which does not follow.
    parser.skip(method == "HEAD");
    http::read(socket, buffer, parser, ec);
    http::response<http::string_body> response = parser.release();
    if (ec) return HttpAnswer{0, {}, "write: " + write_ec.message() + "; read: " + ec.message()};
    HttpAnswer answer;
    answer.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        std::string name(field.name_string());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        answer.headers[name] = std::string(field.value());
    }
    answer.body = std::move(response.body());
    socket.shutdown(tcp::socket::shutdown_both, ec);
    return answer;
}

HttpAnswer ServerProcess::PostJson(const std::string& target, const std::string& json,
                                   const std::map<std::string, std::string>& headers) const {
    auto all = headers;
    all.emplace("Content-Type", "application/json");
    return Call("POST", target, json, all);
}

HttpAnswer ServerProcess::GetWithToken(const std::string& target, const std::string& access_token) const {
    return Call("GET", target, {}, {{"Authorization", "Bearer " + access_token}});
}

void SharedServerTest::StartServer(std::vector<std::string> extra_args) {
    folder_ = new ::ly::testing::TempFolder();
    server_ = new ServerProcess(folder_->path() / "data", std::move(extra_args));
}

void SharedServerTest::TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << server_->Log();
    delete server_;
    delete folder_;
    server_ = nullptr;
    folder_ = nullptr;
}

SharedServerTest::Account SharedServerTest::NewAccount() {
    static std::atomic<int> counter{0};
    const std::string email = "owner" + std::to_string(counter++) + "@school.org";
    const HttpAnswer registered = server_->PostJson(
        "/api/v1/auth/register", R"({"email":")" + email + R"(","password":"correct horse","name":"Owner"})");
    EXPECT_EQ(registered.status, 201) << registered.body;
    const HttpAnswer login =
        server_->PostJson("/api/v1/auth/login", R"({"email":")" + email + R"(","password":"correct horse"})");
    EXPECT_EQ(login.status, 200) << login.body;
    return Account{registered.Field("id"), login.Field("accessToken")};
}

std::string SharedServerTest::WaitUntilProcessed(const Account& account, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
        const std::string status =
            server_->GetWithToken("/api/v1/documents/" + id, account.access_token).Field("status");
        if ((status != "pending" && status != "processing") || std::chrono::steady_clock::now() > deadline) {
            EXPECT_NE(status, "pending");
            EXPECT_NE(status, "processing");
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

std::string SharedServerTest::ReadObject(const std::string& key) {
    std::ifstream in(folder_->path() / "data" / "objects" / key, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void SharedServerTest::ExpectProblem(const HttpAnswer& answer, int status, const std::string& field) {
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/problem+json") << answer.body;
    if (!field.empty()) {
        EXPECT_EQ(answer.Field("field"), field) << answer.body;
    }
}

}  // namespace ly::api::testing
