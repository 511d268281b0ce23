// /ws over real sockets: HttpServer with WebSocket options on loopback, Beast WebSocket clients talking to it.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "api.hpp"
#include "http_server.hpp"
#include "ly/transport/websocket_hub.hpp"
#include "websocket_session.hpp"

namespace ly::transport {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr std::string_view kAppOrigin = "https://app.example.org";
// Distinctive, so that a log line holding one is easy to spot.
constexpr std::string_view kAliceToken = "alice-secret-token-7f3a";
constexpr std::string_view kBobToken = "bob-secret-token-91c2";

Result<std::string> TestAuthenticate(std::string_view token) {
    if (token == kAliceToken) return std::string("alice");
    if (token == kBobToken) return std::string("bob");
    return MakeError(ErrorCode::kUnauthenticated, "the access token is not valid");
}

std::string Target(std::string_view token) { return "/ws?token=" + std::string(token); }

// What the connection hooks saw: "connect alice <id>", "disconnect alice <id>".
class HookLog {
  public:
    void Add(std::string_view what, const WebSocketClient& client) {
        const std::lock_guard lock(mutex_);
        events_.push_back(std::string(what) + " " + client.user_id + " " + client.connection_id);
    }
    std::vector<std::string> events() const {
        const std::lock_guard lock(mutex_);
        return events_;
    }

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> events_;
};

// The server with /ws on an ephemeral loopback port, its I/O on a thread of its own.
class WsServer {
  public:
    explicit WsServer(WebSocketOptions options = {}, std::vector<std::string> origins = {})
        : http_metrics_(HttpMetrics::Register(metrics_).value()) {
        options.hub = hub_;
        if (!options.authenticate) options.authenticate = TestAuthenticate;
        EXPECT_TRUE(CheckWebSocketOptions(options).ok());
        auto router = MakeApiRouter({}, ApiServices{readiness_, metrics_, MakeRateLimiters({})});
        EXPECT_TRUE(router.ok());
        HttpSettings settings;
        settings.cors = CorsPolicy::Make(origins).value();
        settings.websocket = std::move(options);
        server_.emplace(std::vector<net::io_context*>{&io_context_}, workers_, std::move(router).value(),
                        std::move(settings), http_metrics_);
        auto port = server_->Listen("127.0.0.1", 0);
        EXPECT_TRUE(port.ok());
        port_ = port.ok() ? *port : 0;
        io_thread_ = std::thread([this] {
            io_context_.run();
            stopped_.set_value();
        });
    }

    ~WsServer() {
        server_->Shutdown();
        io_thread_.join();
        workers_.join();
    }

    WsServer(const WsServer&) = delete;
    WsServer& operator=(const WsServer&) = delete;

    unsigned short port() const { return port_; }
    WebSocketHub& hub() { return *hub_; }
    double GaugeValue() const { return http_metrics_.websocket_connections->Value(); }
    void Shutdown() { server_->Shutdown(); }
    // Whether the I/O loop ran out of work — every connection closed — within `limit`.
    bool StoppedWithin(std::chrono::milliseconds limit) {
        return stopped_future_.wait_for(limit) == std::future_status::ready;
    }

  private:
    std::shared_ptr<WebSocketHub> hub_ = std::make_shared<WebSocketHub>();
    MetricsRegistry metrics_;
    Readiness readiness_;
    HttpMetrics http_metrics_;
    net::io_context io_context_{1};
    net::thread_pool workers_{2};
    std::optional<HttpServer> server_;
    unsigned short port_ = 0;
    std::promise<void> stopped_;
    std::future<void> stopped_future_ = stopped_.get_future();
    std::thread io_thread_;
};

// Polls `condition` every 10 ms for at most `limit`.
template <typename Condition>
bool Eventually(Condition condition, std::chrono::milliseconds limit = 3000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

struct Received {
    beast::error_code ec;  // websocket::error::closed when the server closed
    std::string text;
    bool timed_out = false;
};

// A browser-like client: connects, upgrades (the HTTP answer is kept when refused), reads with a time limit.
class WsClient {
  public:
    WsClient(unsigned short port, const std::string& target, std::string origin = {}) : ws_(io_context_) {
        beast::get_lowest_layer(ws_).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        if (!origin.empty()) {
            ws_.set_option(websocket::stream_base::decorator(
                [origin](websocket::request_type& request) { request.set(http::field::origin, origin); }));
        }
        ws_.handshake(response_, "127.0.0.1", target, handshake_error_);
    }

    bool upgraded() const { return !handshake_error_; }
    const websocket::response_type& response() const { return response_; }

    // The next message, or the error that ended the connection, waiting at most `limit`; while it waits,
    // Beast answers the server's pings. After a timeout the client is unusable.
    Received Read(std::chrono::milliseconds limit = 3000ms) {
        std::optional<Received> received;
        ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
            received.emplace();
            received->ec = ec;
            received->text = beast::buffers_to_string(buffer_.data());
            buffer_.consume(buffer_.size());
        });
        io_context_.restart();
        io_context_.run_for(limit);
        if (received) return *received;
        beast::get_lowest_layer(ws_).close();
        io_context_.restart();
        io_context_.run();
        return Received{{}, {}, true};
    }

    void Write(const std::string& text) { ws_.write(net::buffer(text)); }
    void WriteBinary(const std::string& bytes) {
        ws_.binary(true);
        ws_.write(net::buffer(bytes));
    }

    // Why the server closed the connection (after Read returned websocket::error::closed).
    unsigned short close_code() const { return static_cast<unsigned short>(ws_.reason().code); }

  private:
    net::io_context io_context_;
    websocket::stream<beast::tcp_stream> ws_;
    websocket::response_type response_;
    beast::error_code handshake_error_;
    beast::flat_buffer buffer_;
};

http::response<http::string_body> FetchHttp(unsigned short port, http::verb method, const std::string& target,
                                            std::map<std::string, std::string> headers = {}) {
    net::io_context io_context;
    beast::tcp_stream stream(io_context);
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.prepare_payload();
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    return response;
}

std::string ProblemType(const std::string& body) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(body, ec);
    if (ec || !value.is_object() || !value.as_object().contains("type")) return "not a problem: " + body;
    return std::string(value.at("type").as_string());
}

TEST(WebSocket, ConnectsWithAValidTokenAndReceivesPushes) {
    HookLog hooks;
    WebSocketOptions options;
    options.on_connect = [&](const WebSocketClient& client) { hooks.Add("connect", client); };
    options.on_disconnect = [&](const WebSocketClient& client) { hooks.Add("disconnect", client); };
    WsServer server(options);
    std::string connection_id;
    {
        WsClient client(server.port(), Target(kAliceToken));
        ASSERT_TRUE(client.upgraded());
        EXPECT_EQ(client.response().result_int(), 101);
        EXPECT_EQ(client.response()["X-Request-Id"].size(), 16u);
        ASSERT_TRUE(Eventually([&] { return server.hub().Count("alice") == 1; }));
        EXPECT_EQ(server.hub().Count(), 1u);

        const std::string event =
            R"({"type":"document.uploaded","documentId":"d1","stage":"uploaded","at":"2026-11-28T20:00:00Z"})";
        EXPECT_EQ(server.hub().Push("alice", event), 1u);
        const Received received = client.Read();
        EXPECT_FALSE(received.ec) << received.ec.message();
        EXPECT_EQ(received.text, event);
        EXPECT_EQ(server.GaugeValue(), 1);  // counted once open, before the first write

        const auto events = hooks.events();
        ASSERT_EQ(events.size(), 1u);
        EXPECT_TRUE(events[0].starts_with("connect alice ")) << events[0];
        connection_id = events[0].substr(std::string("connect alice ").size());
        EXPECT_EQ(connection_id.size(), 16u);
    }
    // The client went away: the hub forgets it, and on_disconnect names the same connection.
    ASSERT_TRUE(Eventually([&] { return server.hub().Count() == 0; }));
    ASSERT_TRUE(Eventually([&] { return hooks.events().size() == 2; }));
    EXPECT_EQ(hooks.events()[1], "disconnect alice " + connection_id);
    EXPECT_EQ(server.GaugeValue(), 0);
    EXPECT_EQ(server.hub().Push("alice", "{}"), 0u);
}

TEST(WebSocket, PushesReachEveryConnectionOfTheUserAndNoOneElse) {
    WsServer server;
    WsClient alice_laptop(server.port(), Target(kAliceToken));
    WsClient alice_phone(server.port(), Target(kAliceToken));
    WsClient bob(server.port(), Target(kBobToken));
    ASSERT_TRUE(alice_laptop.upgraded() && alice_phone.upgraded() && bob.upgraded());
    ASSERT_TRUE(Eventually([&] { return server.hub().Count() == 3; }));

    EXPECT_EQ(server.hub().Push("alice", R"({"type":"job.completed","documentId":"a"})"), 2u);
    EXPECT_EQ(server.hub().Push("bob", R"({"type":"job.failed","documentId":"b"})"), 1u);
    EXPECT_EQ(alice_laptop.Read().text, R"({"type":"job.completed","documentId":"a"})");
    EXPECT_EQ(alice_phone.Read().text, R"({"type":"job.completed","documentId":"a"})");
    // Bob's first message is his own: alice's was never queued on his connection.
    EXPECT_EQ(bob.Read().text, R"({"type":"job.failed","documentId":"b"})");
    EXPECT_EQ(server.hub().Push("carol", "{}"), 0u);
}

TEST(WebSocket, RefusesAMissingOrWrongTokenWith401BeforeUpgrading) {
    HookLog hooks;
    WebSocketOptions options;
    options.on_connect = [&](const WebSocketClient& client) { hooks.Add("connect", client); };
    WsServer server(options);
    for (const std::string target : {"/ws", "/ws?token=", "/ws?token=forged", "/ws?other=1"}) {
        WsClient client(server.port(), target);
        EXPECT_FALSE(client.upgraded()) << target;
        EXPECT_EQ(client.response().result_int(), 401) << target;
        EXPECT_EQ(ProblemType(client.response().body()), "urn:ly:problem:unauthenticated") << target;
    }
    WsClient missing(server.port(), "/ws");
    EXPECT_NE(missing.response().body().find("?token="), std::string::npos);  // says how to connect
    EXPECT_EQ(server.hub().Count(), 0u);
    EXPECT_TRUE(hooks.events().empty());
}

TEST(WebSocket, AnswersAPlainGetWith400AndOtherMethodsWith405) {
    WsServer server;
    const auto plain = FetchHttp(server.port(), http::verb::get, Target(kAliceToken));
    EXPECT_EQ(plain.result_int(), 400);
    EXPECT_NE(plain.body().find("WebSocket upgrade"), std::string::npos);
    const auto post = FetchHttp(server.port(), http::verb::post, "/ws");
    EXPECT_EQ(post.result_int(), 405);
    EXPECT_EQ(post["Allow"], "GET");
    // The rest of HTTP is unchanged.
    EXPECT_EQ(FetchHttp(server.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST(WebSocket, ChecksTheOriginAgainstTheCorsAllowList) {
    WsServer server({}, {std::string(kAppOrigin)});
    WsClient evil(server.port(), Target(kAliceToken), "https://evil.test");
    EXPECT_FALSE(evil.upgraded());
    EXPECT_EQ(evil.response().result_int(), 403);
    EXPECT_EQ(ProblemType(evil.response().body()), "urn:ly:problem:forbidden_origin");
    WsClient app(server.port(), Target(kAliceToken), std::string(kAppOrigin));
    EXPECT_TRUE(app.upgraded());
    WsClient no_origin(server.port(), Target(kAliceToken));  // not a browser
    EXPECT_TRUE(no_origin.upgraded());
}

TEST(WebSocket, AllowsAPageOfTheServerItselfWithoutACorsList) {
    WsServer server;  // no CORS origins
    // The client sends Host: 127.0.0.1.
    WsClient same(server.port(), Target(kAliceToken), "http://127.0.0.1");
    EXPECT_TRUE(same.upgraded()) << same.response().body();
    WsClient other(server.port(), Target(kAliceToken), "http://127.0.0.1.evil.test");
    EXPECT_EQ(other.response().result_int(), 403);
    WsClient evil(server.port(), Target(kAliceToken), "https://evil.test");
    EXPECT_EQ(evil.response().result_int(), 403);
}

TEST(WebSocket, RefusesConnectionsOverTheUsersLimitWith429) {
    WebSocketOptions options;
    options.max_connections_per_user = 2;
    WsServer server(options);
    WsClient first(server.port(), Target(kAliceToken));
    WsClient second(server.port(), Target(kAliceToken));
    ASSERT_TRUE(first.upgraded() && second.upgraded());
    ASSERT_TRUE(Eventually([&] { return server.hub().Count("alice") == 2; }));
    WsClient third(server.port(), Target(kAliceToken));
    EXPECT_FALSE(third.upgraded());
    EXPECT_EQ(third.response().result_int(), 429);
    WsClient bob(server.port(), Target(kBobToken));  // the limit is per user
    EXPECT_TRUE(bob.upgraded());
}

TEST(WebSocket, PingsKeepALiveClientWhileASilentOneIsDropped) {
    HookLog hooks;
    WebSocketOptions options;
    options.idle_timeout = 400ms;  // a ping after 200 ms of silence, dropped 200 ms later without a pong
    options.on_disconnect = [&](const WebSocketClient& client) { hooks.Add("disconnect", client); };
    WsServer server(options);
    WsClient alive(server.port(), Target(kAliceToken));
    WsClient silent(server.port(), Target(kBobToken));  // never reads, so never answers a ping
    ASSERT_TRUE(alive.upgraded() && silent.upgraded());
    ASSERT_TRUE(Eventually([&] { return server.hub().Count() == 2; }));

    // The live client reads (and so answers pings) for well over the idle timeout.
    auto read = std::async(std::launch::async, [&] { return alive.Read(5000ms); });
    const auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(Eventually([&] { return server.hub().Count("bob") == 0; }, 3000ms));
    EXPECT_GE(std::chrono::steady_clock::now() - started, 300ms);
    std::this_thread::sleep_for(1200ms);  // three idle timeouts in all
    EXPECT_EQ(server.hub().Count("alice"), 1u);
    EXPECT_EQ(server.hub().Push("alice", R"({"type":"still-there"})"), 1u);
    const Received received = read.get();
    EXPECT_FALSE(received.timed_out);
    EXPECT_FALSE(received.ec) << received.ec.message();
    EXPECT_EQ(received.text, R"({"type":"still-there"})");
    const auto events = hooks.events();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_TRUE(events[0].starts_with("disconnect bob ")) << events[0];
}

TEST(WebSocket, ClosesOnAnOversizedMessageWith1009) {
    WebSocketOptions options;
    options.max_message_bytes = 64;
    WsServer server(options);
    WsClient client(server.port(), Target(kAliceToken));
    ASSERT_TRUE(client.upgraded());
    client.Write(R"({"type":"resume","since":")" + std::string(200, 'x') + R"("})");
    const Received received = client.Read();
    EXPECT_EQ(received.ec, websocket::error::closed) << received.ec.message();
    EXPECT_EQ(client.close_code(), 1009);
    EXPECT_TRUE(Eventually([&] { return server.hub().Count() == 0; }));
}

TEST(WebSocket, ClosesOnAMalformedMessageWith1008AndOnBinaryWith1003) {
    std::atomic<int> handled{0};
    WebSocketOptions options;
    options.on_message = [&](const WebSocketClient&, std::string_view) -> std::optional<std::string> {
        ++handled;
        return std::nullopt;
    };
    WsServer server(options);
    for (const std::string text : {"not json", "[1,2]", R"({"since":"e1"})", R"({"type":7})"}) {
        WsClient client(server.port(), Target(kAliceToken));
        ASSERT_TRUE(client.upgraded());
        client.Write(text);
        const Received received = client.Read();
        EXPECT_EQ(received.ec, websocket::error::closed) << text;
        EXPECT_EQ(client.close_code(), 1008) << text;
    }
    WsClient binary(server.port(), Target(kAliceToken));
    ASSERT_TRUE(binary.upgraded());
    binary.WriteBinary(R"({"type":"resume"})");
    EXPECT_EQ(binary.Read().ec, websocket::error::closed);
    EXPECT_EQ(binary.close_code(), 1003);
    EXPECT_EQ(handled, 0);
}

TEST(WebSocket, RepliesToAClientMessageOnThatConnectionOnly) {
    WebSocketOptions options;
    options.on_message = [](const WebSocketClient& client, std::string_view text) -> std::optional<std::string> {
        const auto message = boost::json::parse(boost::json::string_view(text.data(), text.size())).as_object();
        if (message.at("type").as_string() != "resume") return std::nullopt;
        return R"({"type":"resumed","user":")" + client.user_id + R"(","since":)" +
               boost::json::serialize(message.at("since")) + "}";
    };
    WsServer server(options);
    WsClient asking(server.port(), Target(kAliceToken));
    WsClient other(server.port(), Target(kAliceToken));
    ASSERT_TRUE(asking.upgraded() && other.upgraded());
    ASSERT_TRUE(Eventually([&] { return server.hub().Count("alice") == 2; }));

    asking.Write(R"({"type":"resume","since":"evt-41"})");
    EXPECT_EQ(asking.Read().text, R"({"type":"resumed","user":"alice","since":"evt-41"})");
    asking.Write(R"({"type":"hello"})");  // no reply for this one
    EXPECT_EQ(server.hub().Push("alice", R"({"type":"marker"})"), 2u);
    EXPECT_EQ(asking.Read().text, R"({"type":"marker"})");
    EXPECT_EQ(other.Read().text, R"({"type":"marker"})");  // the reply did not come here
}

TEST(WebSocket, ShutdownClosesWithGoingAwayPromptly) {
    HookLog hooks;
    WebSocketOptions options;
    options.on_disconnect = [&](const WebSocketClient& client) { hooks.Add("disconnect", client); };
    auto server = std::make_unique<WsServer>(options);
    WsClient first(server->port(), Target(kAliceToken));
    WsClient second(server->port(), Target(kBobToken));
    ASSERT_TRUE(first.upgraded() && second.upgraded());
    ASSERT_TRUE(Eventually([&] { return server->hub().Count() == 2; }));

    const auto started = std::chrono::steady_clock::now();
    server->Shutdown();
    for (WsClient* client : {&first, &second}) {
        const Received received = client->Read();
        EXPECT_EQ(received.ec, websocket::error::closed) << received.ec.message();
        EXPECT_EQ(client->close_code(), 1001);
    }
    // Every connection ended, so the I/O loop ran out of work: the stop does not hang.
    EXPECT_TRUE(server->StoppedWithin(2000ms));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2000ms);
    EXPECT_EQ(hooks.events().size(), 2u);
    EXPECT_EQ(server->hub().Count(), 0u);
    // After the stop, no new connection joins the hub.
    EXPECT_EQ(server->hub().Push("alice", "{}"), 0u);
}

TEST(WebSocket, DisconnectsAClientThatDoesNotReadRatherThanQueueForever) {
    WebSocketOptions options;
    options.max_queued_messages = 4;
    WsServer server(options);
    WsClient stuck(server.port(), Target(kAliceToken));  // never reads
    ASSERT_TRUE(stuck.upgraded());
    ASSERT_TRUE(Eventually([&] { return server.hub().Count() == 1; }));
    const std::string big = R"({"type":"bulk","pad":")" + std::string(64 * 1024, 'x') + R"("})";
    for (int i = 0; i < 400 && server.hub().Count() == 1; ++i) server.hub().Push("alice", big);
    EXPECT_TRUE(Eventually([&] { return server.hub().Count() == 0; }));
}

TEST(WebSocket, HubCloseEndsTheUsersConnections) {
    WsServer server;
    WsClient alice(server.port(), Target(kAliceToken));
    WsClient bob(server.port(), Target(kBobToken));
    ASSERT_TRUE(Eventually([&] { return server.hub().Count() == 2; }));
    EXPECT_EQ(server.hub().Close("alice"), 1u);
    EXPECT_EQ(alice.Read().ec, websocket::error::closed);
    EXPECT_EQ(alice.close_code(), 1008);
    EXPECT_TRUE(Eventually([&] { return server.hub().Count() == 1; }));
    EXPECT_EQ(server.hub().Count("bob"), 1u);
}

TEST(WebSocket, TheAccessLogShowsTheRouteButNeverTheToken) {
    WsServer server;
    testing::internal::CaptureStderr();
    {
        WsClient refused(server.port(), "/ws?token=forged-token-5e6d");
        EXPECT_EQ(refused.response().result_int(), 401);
        WsClient client(server.port(), Target(kAliceToken));
        ASSERT_TRUE(client.upgraded());
        // Once a push arrives the handshake's answer has been logged (it is logged before any write).
        server.hub().Push("alice", R"({"type":"x"})");
        EXPECT_EQ(client.Read().text, R"({"type":"x"})");
    }
    const std::string log = testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find(R"("route":"/ws","status":101)"), std::string::npos) << log;
    EXPECT_NE(log.find(R"("route":"/ws","status":401)"), std::string::npos) << log;
    EXPECT_EQ(log.find(kAliceToken), std::string::npos) << log;
    EXPECT_EQ(log.find("forged-token-5e6d"), std::string::npos) << log;
    EXPECT_EQ(log.find("token="), std::string::npos) << log;
}

TEST(WebSocketOptions, AreCheckedBeforeServing) {
    WebSocketOptions options;
    EXPECT_TRUE(CheckWebSocketOptions(options).ok());  // /ws off
    options.authenticate = TestAuthenticate;
    EXPECT_NE(CheckWebSocketOptions(options).error().message.find("hub"), std::string::npos);
    options.hub = std::make_shared<WebSocketHub>();
    EXPECT_TRUE(CheckWebSocketOptions(options).ok());
    options.idle_timeout = 0ms;
    EXPECT_NE(CheckWebSocketOptions(options).error().message.find("idle timeout"), std::string::npos);
}

}  // namespace
}  // namespace ly::transport
