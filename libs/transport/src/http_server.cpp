#include "http_server.hpp"

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <utility>

#include "log_line.hpp"
#include "ly/transport/problem.hpp"
#include "websocket_session.hpp"

namespace ly::transport {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

class HttpSession;
class HttpListener;

struct HttpServerState {
    HttpServerState(std::vector<net::io_context*> io_contexts_in, net::thread_pool& workers_in, Router router_in,
                    HttpSettings settings_in, HttpMetrics metrics_in)
        : io_contexts(std::move(io_contexts_in)),
          workers(workers_in),
          router(std::move(router_in)),
          settings(std::move(settings_in)),
          metrics(metrics_in),
          websocket(settings.websocket.authenticate ? std::make_shared<const WebSocketServices>(WebSocketServices{
                                                          settings.websocket, workers, metrics.websocket_connections})
                                                    : nullptr) {}

    // The I/O threads' event loops, one per thread: a connection lives on one of them for its whole life, so
    // its handlers never need a strand and no two threads contend for one queue. The first also accepts.
    const std::vector<net::io_context*> io_contexts;
    std::atomic<std::size_t> next_io_context{0};
    net::thread_pool& workers;

    // Where the next connection goes: round robin.
    net::io_context& NextIoContext() {
        return *io_contexts[next_io_context.fetch_add(1, std::memory_order_relaxed) % io_contexts.size()];
    }
    const Router router;
    const HttpSettings settings;
    const HttpMetrics metrics;
    const std::shared_ptr<const WebSocketServices> websocket;  // null when /ws is not served
    std::atomic<bool> stopping{false};
    std::shared_ptr<HttpListener> listener;

    mutable std::mutex mutex;
    std::unordered_map<const HttpSession*, std::weak_ptr<HttpSession>> sessions;  // guarded by mutex
};

namespace {

using Clock = std::chrono::steady_clock;

// After an answer sent before its request's body was read, how long and how
// much of that body the session reads and drops, so that closing the socket
// does not reset the connection before the client has read the answer.
constexpr auto kLingerTimeout = std::chrono::seconds(5);
constexpr std::size_t kLingerMaxBytes = 64u << 20;
constexpr std::size_t kLingerChunkBytes = 64 * 1024;

std::string MegabytesText(std::uint64_t bytes) {
    return std::to_string(std::llround(static_cast<double>(bytes) / (1 << 20))) + " MB";
}

bool IsHttpParseError(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_target).category() &&
           ec != http::error::end_of_stream && ec != http::error::partial_message;
}

// The metrics label of a request no route served: raw paths would make a
// series per URL anyone cares to try.
constexpr std::string_view kUnmatchedRoute = "unmatched";

// Methods are the client's text: only the ones we know become a label.
std::string_view MethodLabel(std::string_view method) {
    for (const std::string_view known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
        if (method == known) return known;
    }
    return "other";
}

// Counts a request in the in-flight gauge for as long as it lives, however
// it ends (answered, or the client gone mid-body).
class InFlight {
  public:
    explicit InFlight(Gauge& gauge) : gauge_(gauge) { gauge_.Add(1); }
    ~InFlight() { gauge_.Add(-1); }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

  private:
    Gauge& gauge_;
};

// One answered request in the metrics and the access log. `route` is a pattern, never the raw target: no ids,
// names or tokens (GET /ws?token=… is logged as "/ws").
void RecordAnswer(const HttpServerState& server, std::string_view route, std::string_view method, int status,
                  Clock::duration elapsed, const AccessLogEntry& entry_in) {
    const std::string status_text = std::to_string(status);
    const std::string_view method_label = MethodLabel(method);
    server.metrics.requests->With({route, method_label, status_text}).Increment();
    server.metrics.duration->With({route, method_label, status_text})
        .Observe(std::chrono::duration<double>(elapsed).count());
    AccessLogEntry entry = entry_in;
    entry.method = method.empty() ? std::string_view("-") : method;
    entry.route = route;
    entry.status = status;
    entry.duration_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    WriteLogLine(AccessLogLine(entry));
}

// Whether `origin` ("https://host:port") names the server the request was sent to (its Host field).
bool IsSameOrigin(std::string_view origin, std::string_view host) {
    const auto scheme_end = origin.find("://");
    return scheme_end != std::string_view::npos && !host.empty() &&
           EqualsIgnoreCase(origin.substr(scheme_end + 3), host);
}

}  // namespace

class HttpSession : public std::enable_shared_from_this<HttpSession> {
  public:
    HttpSession(tcp::socket&& socket, std::shared_ptr<HttpServerState> server)
        : stream_(std::move(socket)), executor_(stream_.get_executor()), server_(std::move(server)) {
        beast::error_code ec;
        const auto endpoint = stream_.socket().remote_endpoint(ec);
        if (!ec) remote_ = endpoint.address().to_string();
    }

    ~HttpSession() {
        const std::lock_guard lock(server_->mutex);
        server_->sessions.erase(this);
    }

    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void Start() {
        {
            const std::lock_guard lock(server_->mutex);
            server_->sessions.emplace(this, weak_from_this());
        }
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::ReadHeader, shared_from_this()));
    }

    // The server is stopping: a connection waiting for its next request closes
    // now; one in the middle of a request finishes it first.
    void Stop() {
        // executor_, not stream_'s: the stream may have been handed to a WebSocket session meanwhile.
        net::dispatch(executor_, beast::bind_front_handler(&HttpSession::OnStop, shared_from_this()));
    }

  private:
    enum class Phase { kIdle, kBusy, kClosing };

    void OnStop() {
        if (handed_over_) return;
        if (phase_ == Phase::kIdle && buffer_.size() == 0) stream_.cancel();
    }

    void ReadHeader() {
        phase_ = Phase::kIdle;
        if (server_->stopping && buffer_.size() == 0) return Close();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(server_->settings.header_limit));
        // The route decides the body limit once the header is in; until then
        // Beast must not judge Content-Length against its 1 MB default.
        parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        stream_.expires_after(server_->settings.header_timeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                beast::bind_front_handler(&HttpSession::OnHeader, shared_from_this()));
    }

    void OnHeader(beast::error_code ec, std::size_t) {
        if (ec) {
            if (ec == http::error::header_limit) {
                return RespondEarly(ProblemResponse(431, "header_too_large", "Request header fields too large",
                                                    "the request line and header fields exceed " +
                                                        std::to_string(server_->settings.header_limit) + " bytes"));
            }
            if (IsHttpParseError(ec)) {
                return RespondEarly(
                    ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "malformed HTTP request: " + ec.message())));
            }
            return Close();  // the client left, timed out while idle, or the server stops
        }
        phase_ = Phase::kBusy;
        started_ = Clock::now();
        in_flight_.emplace(*server_->metrics.in_flight);
        const auto& header = parser_->get();
        version_ = header.version();
        keep_alive_ = header.keep_alive();
        is_head_ = header.method() == http::verb::head;
        method_ = std::string(header.method_string());
        const std::string_view target = header.target();
        const std::string_view client_id = header["X-Request-Id"];
        request_id_ = IsUsableRequestId(client_id) ? std::string(client_id) : NewRequestId();
        origin_ = std::string(header[http::field::origin]);

        Headers headers;
        for (const auto& field : header) headers.Add(std::string(field.name_string()), std::string(field.value()));
        auto request = MakeRequest(method_, std::string(target), std::move(headers));
        if (!request.ok()) return RespondEarly(ErrorResponse(request.error()));
        if (server_->websocket && request->path == kWebSocketPath) return Upgrade(*request);
        RouteMatch match = server_->router.Find(request->method, request->path);
        if (match.route == nullptr) {
            if (!match.pattern.empty()) route_label_ = match.pattern;
            if (!match.allowed_methods.empty() && CorsPolicy::IsPreflight(request->method, request->headers)) {
                return RespondEarly(server_->settings.cors.Preflight(request->headers, match.allowed_methods));
            }
            return RespondEarly(std::move(match.problem));
        }

        route_ = match.route;
        route_label_ = route_->pattern;
        request_ = std::move(*request);
        request_.path_params = std::move(match.path_params);
        request_.request_id = request_id_;
        request_.client_ip = remote_;
        // Before the body: a client over its limit costs no upload.
        if (auto refused = Router::CheckClientLimit(*route_, request_)) return RespondEarly(std::move(*refused));

        const std::size_t limit = route_->options.max_body_bytes;
        if (const auto length = parser_->content_length(); length && *length > limit) {
            return RespondEarly(
                ErrorResponse(MakeError(ErrorCode::kTooLarge, "the request body is " + MegabytesText(*length) +
                                                                  ", over the limit of " + MegabytesText(limit))));
        }
        parser_->body_limit(limit);
        if (EqualsIgnoreCase(header[http::field::expect], "100-continue") && !parser_->is_done()) {
            continue_.emplace(http::status::continue_, version_);
            stream_.expires_after(server_->settings.body_timeout);
            return http::async_write(stream_, *continue_,
                                     beast::bind_front_handler(&HttpSession::OnContinue, shared_from_this()));
        }
        ReadBody();
    }

    void OnContinue(beast::error_code ec, std::size_t) {
        if (ec) return Close();
        ReadBody();
    }

    void ReadBody() {
        stream_.expires_after(server_->settings.body_timeout);
        http::async_read(stream_, buffer_, *parser_,
                         beast::bind_front_handler(&HttpSession::OnBody, shared_from_this()));
    }

    void OnBody(beast::error_code ec, std::size_t) {
        if (ec == http::error::body_limit) {
            return RespondEarly(
                ErrorResponse(MakeError(ErrorCode::kTooLarge, "the request body is over the limit of " +
                                                                  MegabytesText(route_->options.max_body_bytes))));
        }
        if (ec == beast::error::timeout) {
            return RespondEarly(ProblemResponse(408, "timeout", "Request timeout",
                                                "the request body did not arrive within " +
                                                    std::to_string(server_->settings.body_timeout.count()) + " s"));
        }
        if (IsHttpParseError(ec)) {
            return RespondEarly(
                ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "malformed HTTP request: " + ec.message())));
        }
        if (ec) return Close();

        request_.body = std::move(parser_->get().body());
        bytes_in_ = request_.body.size();
        if (route_->options.execution == Execution::kInline) return Respond(Router::Invoke(*route_, request_));

        // CPU-heavy: run on the worker pool; the tracked executor keeps the
        // connection's io_context running until the answer is back on its thread.
        auto home = net::prefer(stream_.get_executor(), net::execution::outstanding_work.tracked);
        net::post(server_->workers,
                  [self = shared_from_this(), home, route = route_, request = std::move(request_)]() mutable {
                      Response response = Router::Invoke(*route, request);
                      request = Request{};  // free the upload before waiting for the connection's thread
                      net::post(home, [self = std::move(self), response = std::move(response)]() mutable {
                          self->Respond(std::move(response));
                      });
                  });
    }

    // GET /ws: checked and authenticated here, so that a refusal is a plain HTTP answer; then the connection
    // becomes a WebSocket session and this HTTP session ends.
    void Upgrade(const Request& request) {
        route_label_ = std::string(kWebSocketPath);
        const WebSocketOptions& options = server_->websocket->options;
        if (request.method != "GET") {
            Response refused = ProblemResponse(405, "method_not_allowed", "Method not allowed",
                                               "/ws answers GET with a WebSocket upgrade");
            refused.headers.Set("Allow", "GET");
            return RespondEarly(std::move(refused));
        }
        if (!websocket::is_upgrade(parser_->get()) || !parser_->is_done()) {
            return RespondEarly(ProblemResponse(400, "invalid_argument", "Bad request",
                                                "GET /ws expects a WebSocket upgrade (Connection: Upgrade, "
                                                "Upgrade: websocket, no body)"));
        }
        // Browsers always send Origin on a WebSocket and do not apply CORS to it: without this check any page
        // could connect with a token it holds. Allowed: the CORS list, and the page's own server (its Origin
        // names the Host it connects to). Clients that are not browsers send none.
        if (!origin_.empty() && !server_->settings.cors.Allows(origin_) &&
            !IsSameOrigin(origin_, request.headers.Get("Host"))) {
            return RespondEarly(ProblemResponse(403, "forbidden_origin", "Origin not allowed",
                                                "this origin may not open a WebSocket to this server"));
        }
        const auto token = request.QueryParam("token");
        if (!token || token->empty()) {
            return RespondEarly(ErrorResponse(MakeError(
                ErrorCode::kUnauthenticated, "the access token is missing: connect to /ws?token=<access token>")));
        }
        auto user_id = options.authenticate(*token);
        if (!user_id.ok()) return RespondEarly(ErrorResponse(user_id.error()));
        if (server_->stopping) {
            return RespondEarly(ProblemResponse(503, "unavailable", "Service unavailable", "the server is stopping"));
        }
        if (options.hub->Count(*user_id) >= options.max_connections_per_user) {
            return RespondEarly(ErrorResponse(MakeError(
                ErrorCode::kRateLimited, "this user already has " + std::to_string(options.max_connections_per_user) +
                                             " WebSocket connections open")));
        }

        handed_over_ = true;
        in_flight_.reset();
        {
            const std::lock_guard lock(server_->mutex);
            server_->sessions.erase(this);
        }
        // The access log line and metrics once the handshake's answer is out; the target (with its token) is
        // never logged.
        auto answered = [server = server_, method = method_, request_id = request_id_, remote = remote_,
                         started = started_.value_or(Clock::now())](int status) {
            AccessLogEntry entry;
            entry.request_id = request_id;
            entry.remote = remote;
            RecordAnswer(*server, kWebSocketPath, method, status, Clock::now() - started, entry);
        };
        StartWebSocketSession(std::move(stream_), parser_->release(), std::move(*user_id), request_id_,
                              server_->websocket, std::move(answered));
    }

    // Answers before the body was read: the connection cannot carry another
    // request unless the request had no body.
    void RespondEarly(Response response) {
        if (!started_) started_ = Clock::now();
        if (!in_flight_) in_flight_.emplace(*server_->metrics.in_flight);
        phase_ = Phase::kBusy;
        if (!parser_ || !parser_->is_done()) {
            keep_alive_ = false;  // the rest of this request is still on the wire
            linger_ = true;
        }
        Respond(std::move(response));
    }

    void Respond(Response response) {
        const bool close = !keep_alive_ || server_->stopping;
        server_->settings.cors.Decorate(origin_, response.headers);
        AddSecurityHeaders(response.headers);
        response_ = {};
        response_.version(version_);
        response_.result(static_cast<unsigned>(response.status));
        for (const auto& [name, value] : response.headers.fields()) response_.insert(name, value);
        response_.set(http::field::server, "ly");
        if (request_id_.empty()) request_id_ = NewRequestId();
        response_.set("X-Request-Id", request_id_);
        response_.keep_alive(!close);
        if (is_head_) {
            response_.content_length(response.body.size());
        } else {
            response_.body() = std::move(response.body);
            response_.prepare_payload();
        }
        status_ = response.status;
        internal_error_ = std::move(response.internal_error);
        stream_.expires_after(server_->settings.body_timeout);
        http::async_write(stream_, response_,
                          beast::bind_front_handler(&HttpSession::OnWrite, shared_from_this(), close));
    }

    void OnWrite(bool close, beast::error_code ec, std::size_t bytes_out) {
        LogRequest(bytes_out);
        if (ec) return Close();
        if (close) return linger_ ? Linger() : Close();
        ResetRequest();
        ReadHeader();
    }

    void LogRequest(std::size_t bytes_out) {
        const auto elapsed = Clock::now() - started_.value_or(Clock::now());
        const std::string_view route = route_label_.empty() ? kUnmatchedRoute : std::string_view(route_label_);
        in_flight_.reset();
        AccessLogEntry entry;
        entry.request_id = request_id_;
        entry.bytes_in = bytes_in_;
        entry.bytes_out = bytes_out;
        entry.remote = remote_;
        entry.error = internal_error_;
        RecordAnswer(*server_, route, method_, status_, elapsed, entry);
    }

    void ResetRequest() {
        parser_.reset();
        continue_.reset();
        response_ = {};
        request_ = {};
        route_ = nullptr;
        started_.reset();
        in_flight_.reset();
        method_.clear();
        origin_.clear();
        route_label_.clear();
        request_id_.clear();
        internal_error_.clear();
        bytes_in_ = 0;
        is_head_ = false;
    }

    // Sends FIN, then reads and drops what the client still sends, for a while.
    void Linger() {
        phase_ = Phase::kClosing;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        buffer_.consume(buffer_.size());
        stream_.expires_after(kLingerTimeout);
        ReadAndDrop();
    }

    void ReadAndDrop() {
        stream_.async_read_some(buffer_.prepare(kLingerChunkBytes),
                                beast::bind_front_handler(&HttpSession::OnDropped, shared_from_this()));
    }

    void OnDropped(beast::error_code ec, std::size_t bytes) {
        lingered_ += bytes;
        if (ec || lingered_ > kLingerMaxBytes) return stream_.close();
        ReadAndDrop();
    }

    void Close() {
        phase_ = Phase::kClosing;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        // The socket closes when the last handler holding the session is gone.
    }

    beast::tcp_stream stream_;
    const net::any_io_executor executor_;  // the connection's I/O thread
    beast::flat_buffer buffer_;
    std::shared_ptr<HttpServerState> server_;
    Phase phase_ = Phase::kIdle;
    bool handed_over_ = false;  // the stream is a WebSocket session's now

    // The request in progress.
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::empty_body>> continue_;
    http::response<http::string_body> response_;
    Request request_;
    const Route* route_ = nullptr;
    std::optional<Clock::time_point> started_;
    std::optional<InFlight> in_flight_;
    unsigned version_ = 11;
    bool keep_alive_ = false;
    bool is_head_ = false;
    bool linger_ = false;
    std::size_t lingered_ = 0;
    std::string method_;
    std::string route_label_;  // the route's pattern, never the raw path (ids, names)
    std::string origin_;
    std::string request_id_;
    std::string remote_;
    int status_ = 0;
    std::size_t bytes_in_ = 0;
    std::string internal_error_;
};

class HttpListener : public std::enable_shared_from_this<HttpListener> {
  public:
    explicit HttpListener(std::shared_ptr<HttpServerState> server)
        : server_(std::move(server)),
          acceptor_(*server_->io_contexts.front()),
          retry_timer_(acceptor_.get_executor()) {}

    Result<unsigned short> Listen(const std::string& address, unsigned short port) {
        beast::error_code ec;
        tcp::resolver resolver(*server_->io_contexts.front());
        const auto endpoints = resolver.resolve(address, std::to_string(port),
                                                tcp::resolver::passive | tcp::resolver::numeric_service, ec);
        if (ec || endpoints.empty()) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "cannot resolve the address " + address + ": " + ec.message());
        }
        const tcp::endpoint endpoint = endpoints.begin()->endpoint();
        const std::string where = address + ":" + std::to_string(port);
        if (acceptor_.open(endpoint.protocol(), ec); ec) return Failed("open a socket for " + where, ec);
        if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec) {
            return Failed("set SO_REUSEADDR for " + where, ec);
        }
        if (acceptor_.bind(endpoint, ec); ec) return Failed("listen on " + where, ec);
        if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec) return Failed("listen on " + where, ec);
        const auto local = acceptor_.local_endpoint(ec);
        if (ec) return Failed("read the port of " + where, ec);
        return local.port();
    }

    void Start() {
        net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&HttpListener::Accept, shared_from_this()));
    }

    void Stop() {
        net::dispatch(acceptor_.get_executor(), beast::bind_front_handler(&HttpListener::OnStop, shared_from_this()));
    }

  private:
    static Error Failed(const std::string& what, const beast::error_code& ec) {
        return MakeError(ErrorCode::kIo, "cannot " + what + ": " + ec.message());
    }

    void Accept() {
        if (!acceptor_.is_open()) return;
        acceptor_.async_accept(net::any_io_executor(server_->NextIoContext().get_executor()),
                               beast::bind_front_handler(&HttpListener::OnAccept, shared_from_this()));
    }

    void OnAccept(beast::error_code ec, tcp::socket socket) {
        if (server_->stopping || !acceptor_.is_open()) return;
        if (ec) {
            // Out of file descriptors and the like: wait a little, not spin.
            WriteLogLine(EventLogLine("warn", "accept failed: " + ec.message()));
            retry_timer_.expires_after(std::chrono::milliseconds(100));
            retry_timer_.async_wait(beast::bind_front_handler(&HttpListener::OnRetry, shared_from_this()));
            return;
        }
        std::make_shared<HttpSession>(std::move(socket), server_)->Start();
        Accept();
    }

    void OnRetry(beast::error_code ec) {
        if (!ec) Accept();
    }

    void OnStop() {
        beast::error_code ignored;
        acceptor_.close(ignored);
        retry_timer_.cancel();
    }

    std::shared_ptr<HttpServerState> server_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
};

Result<HttpMetrics> HttpMetrics::Register(MetricsRegistry& registry) {
    const std::vector<std::string> labels = {"route", "method", "status"};
    auto requests = registry.AddCounter("ly_http_requests_total", "HTTP requests answered", labels);
    if (!requests.ok()) return requests.error();
    auto duration =
        registry.AddHistogram("ly_http_request_duration_seconds", "Time from a request's header to its answer written",
                              LatencyBuckets(), labels);
    if (!duration.ok()) return duration.error();
    auto in_flight = registry.AddGauge("ly_http_requests_in_flight", "HTTP requests being read, handled or answered");
    if (!in_flight.ok()) return in_flight.error();
    auto websockets = registry.AddGauge("ly_websocket_connections", "Open WebSocket connections on /ws");
    if (!websockets.ok()) return websockets.error();
    return HttpMetrics{*requests, *duration, &(*in_flight)->Get(), &(*websockets)->Get()};
}

HttpServer::HttpServer(std::vector<net::io_context*> io_contexts, net::thread_pool& workers, Router router,
                       HttpSettings settings, HttpMetrics metrics)
    : state_(std::make_shared<HttpServerState>(std::move(io_contexts), workers, std::move(router), std::move(settings),
                                               metrics)) {}

HttpServer::~HttpServer() {
    state_->listener.reset();  // the listener holds the state too
}

Result<unsigned short> HttpServer::Listen(const std::string& address, unsigned short port) {
    auto listener = std::make_shared<HttpListener>(state_);
    auto bound = listener->Listen(address, port);
    if (!bound.ok()) return bound;
    state_->listener = listener;
    listener->Start();
    return bound;
}

void HttpServer::Shutdown() {
    if (state_->stopping.exchange(true)) return;
    if (state_->listener) state_->listener->Stop();
    std::vector<std::shared_ptr<HttpSession>> sessions;
    {
        const std::lock_guard lock(state_->mutex);
        for (const auto& [key, weak] : state_->sessions) {
            if (auto session = weak.lock()) sessions.push_back(std::move(session));
        }
    }
    for (const auto& session : sessions) session->Stop();
    if (state_->websocket) state_->websocket->options.hub->CloseAll();
}

std::size_t HttpServer::OpenConnections() const {
    const std::lock_guard lock(state_->mutex);
    return state_->sessions.size();
}

}  // namespace ly::transport
