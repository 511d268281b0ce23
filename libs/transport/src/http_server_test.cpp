// The server over real HTTP on loopback: a Beast client talks to HttpServer
// serving the API router, as `ly serve` composes them.
#include "http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <map>
#include <sstream>
#include <thread>

#include "api.hpp"
#include "ly/transport/problem.hpp"

namespace ly::transport {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

using HttpResponse = http::response<http::string_body>;

constexpr std::string_view kTimetableText = "Monday\t09:00-10:00 Maths\nTuesday\t09:00-10:00 English\n";
constexpr std::string_view kAppOrigin = "https://app.example.org";

// The API on an ephemeral loopback port, its I/O on a thread of its own.
class LiveServer {
  public:
    explicit LiveServer(RateLimitSettings limits = {}, std::vector<std::string> origins = {})
        : http_metrics_(HttpMetrics::Register(metrics_).value()) {
        auto router = MakeApiRouter({}, ApiServices{readiness_, metrics_, MakeRateLimiters(limits)});
        EXPECT_TRUE(router.ok());
        HttpSettings settings;
        settings.cors = CorsPolicy::Make(origins).value();
        server_.emplace(std::vector<net::io_context*>{&io_context_}, workers_, std::move(router).value(),
                        std::move(settings), http_metrics_);
        auto port = server_->Listen("127.0.0.1", 0);
        EXPECT_TRUE(port.ok());
        port_ = port.ok() ? *port : 0;
        readiness_.MarkReady();
        io_thread_ = std::thread([this] { io_context_.run(); });
    }

    ~LiveServer() {
        server_->Shutdown();
        io_thread_.join();
        workers_.join();
    }

    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;

    unsigned short port() const { return port_; }
    Readiness& readiness() { return readiness_; }

  private:
    MetricsRegistry metrics_;
    Readiness readiness_;
    HttpMetrics http_metrics_;
    net::io_context io_context_{1};
    net::thread_pool workers_{2};
    std::optional<HttpServer> server_;
    unsigned short port_ = 0;
    std::thread io_thread_;
};

// One keep-alive connection to the server.
class Client {
  public:
    explicit Client(unsigned short port) : stream_(io_context_) {
        stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }

    HttpResponse Send(http::verb method, std::string target, std::map<std::string, std::string> headers = {},
                      std::string body = {}) {
        http::request<http::string_body> request{method, target, 11};
        request.set(http::field::host, "127.0.0.1");
        for (const auto& [name, value] : headers) request.set(name, value);
        if (!body.empty() || method == http::verb::post) {
            request.body() = std::move(body);
            request.prepare_payload();
        }
        http::write(stream_, request);
        HttpResponse response;
        http::read(stream_, buffer_, response);
        return response;
    }

  private:
    net::io_context io_context_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

HttpResponse Fetch(unsigned short port, http::verb method, std::string target,
                   std::map<std::string, std::string> headers = {}, std::string body = {}) {
    return Client(port).Send(method, std::move(target), std::move(headers), std::move(body));
}

std::string Header(const HttpResponse& response, std::string_view name) {
    return std::string(response[beast::string_view(name.data(), name.size())]);
}

// Prometheus text → {"name{labels}": value}; fails the test on a line that is
// neither a comment nor `series value`.
std::map<std::string, double> ParseMetrics(const std::string& text) {
    std::map<std::string, double> samples;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
        const auto space = line.rfind(' ');
        EXPECT_NE(space, std::string::npos) << line;
        if (space == std::string::npos) continue;
        const std::string value = line.substr(space + 1);
        double number = 0;
        if (value == "+Inf") {
            number = INFINITY;
        } else {
            std::size_t used = 0;
            number = std::stod(value, &used);
            EXPECT_EQ(used, value.size()) << line;
        }
        const std::string series = line.substr(0, space);
        EXPECT_TRUE(samples.emplace(series, number).second) << "duplicate series " << series;
    }
    return samples;
}

TEST(HttpServer, AnswersCarrySecurityHeadersAndRequestId) {
    LiveServer server;
    for (const auto& target : {"/healthz", "/nope"}) {
        const HttpResponse response = Fetch(server.port(), http::verb::get, target);
        EXPECT_EQ(Header(response, "X-Content-Type-Options"), "nosniff") << target;
        EXPECT_EQ(Header(response, "X-Frame-Options"), "DENY") << target;
        EXPECT_EQ(Header(response, "Referrer-Policy"), "no-referrer") << target;
        EXPECT_EQ(Header(response, "Cache-Control"), "no-store") << target;
        EXPECT_NE(Header(response, "Content-Security-Policy").find("default-src 'none'"), std::string::npos);
        EXPECT_EQ(Header(response, "X-Request-Id").size(), 16u) << target;
    }
}

TEST(HttpServer, KeepsAWellFormedRequestIdAndReplacesOthers) {
    LiveServer server;
    Client client(server.port());  // one connection: ids are per request, not per connection
    EXPECT_EQ(Header(client.Send(http::verb::get, "/healthz", {{"X-Request-Id", "trace-7f3a.1"}}), "X-Request-Id"),
              "trace-7f3a.1");
    const std::string replaced =
        Header(client.Send(http::verb::get, "/healthz", {{"X-Request-Id", "bad id\"<script>"}}), "X-Request-Id");
    EXPECT_EQ(replaced.size(), 16u);
    EXPECT_EQ(replaced.find_first_not_of("0123456789abcdef"), std::string::npos);
    const std::string fresh = Header(client.Send(http::verb::get, "/healthz"), "X-Request-Id");
    EXPECT_EQ(fresh.size(), 16u);
    EXPECT_NE(fresh, replaced);
}

TEST(HttpServer, RefusesABurstOverTheLimitWith429AndRetryAfter) {
    RateLimitSettings limits;
    limits.api = {1, 2};  // two at once, then one a minute
    LiveServer server(limits);
    for (int i = 0; i < 2; ++i) {
        const HttpResponse response =
            Fetch(server.port(), http::verb::post, "/api/v1/extract", {}, std::string(kTimetableText));
        EXPECT_EQ(response.result_int(), 200) << response.body();
    }
    const HttpResponse refused =
        Fetch(server.port(), http::verb::post, "/api/v1/extract", {}, std::string(kTimetableText));
    EXPECT_EQ(refused.result_int(), 429);
    const int retry_after = std::stoi(Header(refused, "Retry-After"));  // a minute less the time spent
    EXPECT_GE(retry_after, 55);
    EXPECT_LE(retry_after, 60);
    EXPECT_EQ(Header(refused, "Content-Type"), kProblemContentType);
    EXPECT_NE(refused.body().find("\"type\":\"urn:ly:problem:rate_limited\""), std::string::npos);
    EXPECT_EQ(Header(refused, "X-Frame-Options"), "DENY");
    // Other routes have no limit.
    EXPECT_EQ(Fetch(server.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST(HttpServer, AnswersAnAllowedPreflight) {
    LiveServer server({}, {std::string(kAppOrigin)});
    const HttpResponse response = Fetch(server.port(), http::verb::options, "/api/v1/extract",
                                        {{"Origin", std::string(kAppOrigin)},
                                         {"Access-Control-Request-Method", "POST"},
                                         {"Access-Control-Request-Headers", "authorization,content-type"}});
    EXPECT_EQ(response.result_int(), 204);
    EXPECT_EQ(Header(response, "Access-Control-Allow-Origin"), kAppOrigin);
    EXPECT_EQ(Header(response, "Access-Control-Allow-Methods"), "POST");
    EXPECT_NE(Header(response, "Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
    EXPECT_EQ(Header(response, "Access-Control-Max-Age"), "600");
    EXPECT_NE(Header(response, "Vary").find("Origin"), std::string::npos);
    EXPECT_EQ(Header(response, "X-Content-Type-Options"), "nosniff");
}

TEST(HttpServer, GivesADeniedPreflightNoCorsHeaders) {
    LiveServer server({}, {std::string(kAppOrigin)});
    const HttpResponse response = Fetch(server.port(), http::verb::options, "/api/v1/extract",
                                        {{"Origin", "https://evil.test"}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(response.result_int(), 204);
    for (const auto& field : response) {
        EXPECT_FALSE(std::string(field.name_string()).starts_with("Access-Control-")) << field.name_string();
    }
    // A preflight for a path nobody serves is still a 404.
    EXPECT_EQ(Fetch(server.port(), http::verb::options, "/api/v1/nothing",
                    {{"Origin", std::string(kAppOrigin)}, {"Access-Control-Request-Method", "GET"}})
                  .result_int(),
              404);
}

TEST(HttpServer, MarksAnswersForAllowedOriginsOnly) {
    LiveServer server({}, {std::string(kAppOrigin)});
    const HttpResponse allowed =
        Fetch(server.port(), http::verb::get, "/healthz", {{"Origin", std::string(kAppOrigin)}});
    EXPECT_EQ(Header(allowed, "Access-Control-Allow-Origin"), kAppOrigin);
    EXPECT_NE(Header(allowed, "Access-Control-Expose-Headers").find("X-Request-Id"), std::string::npos);
    EXPECT_EQ(Header(allowed, "Vary"), "Origin");
    const HttpResponse denied = Fetch(server.port(), http::verb::get, "/healthz", {{"Origin", "https://evil.test"}});
    EXPECT_EQ(Header(denied, "Access-Control-Allow-Origin"), "");
    EXPECT_EQ(Header(denied, "Vary"), "Origin");
}

TEST(HttpServer, NoOriginIsAllowedByDefault) {
    LiveServer server;
    const HttpResponse response =
        Fetch(server.port(), http::verb::options, "/api/v1/extract",
              {{"Origin", std::string(kAppOrigin)}, {"Access-Control-Request-Method", "POST"}});
    EXPECT_EQ(response.result_int(), 204);
    EXPECT_EQ(Header(response, "Access-Control-Allow-Origin"), "");
}

TEST(HttpServer, MetricsCountRequestsByRoutePatternAndStatus) {
    LiveServer server;
    Client client(server.port());
    EXPECT_EQ(client.Send(http::verb::get, "/healthz").result_int(), 200);
    EXPECT_EQ(client.Send(http::verb::get, "/healthz").result_int(), 200);
    EXPECT_EQ(client.Send(http::verb::get, "/secret-path-42").result_int(), 404);
    EXPECT_EQ(client.Send(http::verb::post, "/api/v1/extract", {}, std::string(kTimetableText)).result_int(), 200);

    const HttpResponse response = client.Send(http::verb::get, "/metrics");
    ASSERT_EQ(response.result_int(), 200);
    EXPECT_EQ(Header(response, "Content-Type"), kPrometheusContentType);
    const auto samples = ParseMetrics(response.body());
    const auto value = [&](const std::string& series) {
        const auto found = samples.find(series);
        EXPECT_NE(found, samples.end()) << series << " missing in\n" << response.body();
        return found == samples.end() ? -1.0 : found->second;
    };
    EXPECT_EQ(value(R"(ly_http_requests_total{route="/healthz",method="GET",status="200"})"), 2);
    EXPECT_EQ(value(R"(ly_http_requests_total{route="unmatched",method="GET",status="404"})"), 1);
    EXPECT_EQ(value(R"(ly_http_requests_total{route="/api/v1/extract",method="POST",status="200"})"), 1);
    EXPECT_EQ(value(R"(ly_http_request_duration_seconds_count{route="/healthz",method="GET",status="200"})"), 2);
    EXPECT_EQ(value(R"(ly_http_request_duration_seconds_bucket{route="/healthz",method="GET",status="200",le="+Inf"})"),
              2);
    EXPECT_EQ(value("ly_http_requests_in_flight"), 1);  // this scrape
    EXPECT_EQ(response.body().find("secret-path-42"), std::string::npos);

    double extractions = 0;
    for (const auto& [series, count] : samples) {
        if (series.starts_with("ly_extraction_duration_seconds_count{outcome=")) extractions += count;
    }
    EXPECT_EQ(extractions, 1);

    // The scrape itself is counted by the next one.
    const auto again = ParseMetrics(client.Send(http::verb::get, "/metrics").body());
    EXPECT_EQ(again.at(R"(ly_http_requests_total{route="/metrics",method="GET",status="200"})"), 1);
}

TEST(HttpServer, ReadyzFollowsTheServicesState) {
    LiveServer server;
    const HttpResponse ready = Fetch(server.port(), http::verb::get, "/readyz");
    EXPECT_EQ(ready.result_int(), 200);
    EXPECT_EQ(ready.body(), R"({"status":"ready"})");
    server.readiness().MarkDraining();
    const HttpResponse draining = Fetch(server.port(), http::verb::get, "/readyz");
    EXPECT_EQ(draining.result_int(), 503);
    EXPECT_EQ(Header(draining, "Content-Type"), kProblemContentType);
    EXPECT_NE(draining.body().find("shutting down"), std::string::npos);
    // Liveness is another question.
    EXPECT_EQ(Fetch(server.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST(HttpServer, KeepAliveCarriesManyRequests) {
    LiveServer server;
    Client client(server.port());
    for (int i = 0; i < 20; ++i) {
        const HttpResponse response = client.Send(http::verb::get, i % 2 == 0 ? "/healthz" : "/readyz");
        ASSERT_EQ(response.result_int(), 200) << i;
        EXPECT_TRUE(response.keep_alive()) << i;
    }
}

TEST(Readiness, StartsNotReady) {
    Readiness readiness;
    EXPECT_EQ(HandleReadyz(Request{}, readiness).status, 503);
    EXPECT_NE(HandleReadyz(Request{}, readiness).body.find("starting"), std::string::npos);
    readiness.MarkReady();
    EXPECT_EQ(HandleReadyz(Request{}, readiness).status, 200);
}

}  // namespace
}  // namespace ly::transport
