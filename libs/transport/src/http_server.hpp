// The Boost.Beast HTTP/1.1 server: a listener and one session per connection.
// Sessions only read (with timeouts and body limits), hand the request to the
// router — on the I/O thread or the worker pool, as the route says — and write;
// every answer gets the security and CORS headers, a log line and metrics.
// A GET /ws upgrade is checked here and handed to a WebSocket session.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/transport/metrics.hpp"
#include "ly/transport/router.hpp"
#include "ly/transport/websocket_hub.hpp"
#include "response_policy.hpp"

namespace boost::asio {
class io_context;
class thread_pool;
}  // namespace boost::asio

namespace ly::transport {

struct HttpSettings {
    std::chrono::seconds header_timeout{30};  // waiting for a request's header, idle keep-alive included
    std::chrono::seconds body_timeout{120};   // reading a body; writing a response
    std::size_t header_limit = 16 * 1024;     // bytes of request line and header fields
    CorsPolicy cors;                          // none allowed by default; also checks a WebSocket's Origin
    WebSocketOptions websocket;               // /ws is served when websocket.authenticate is set
};

// What the server counts about every request, by route pattern (never the raw
// path), method and status. Make it with Register: the server needs every one.
struct HttpMetrics {
    CounterFamily* requests = nullptr;    // ly_http_requests_total
    HistogramFamily* duration = nullptr;  // ly_http_request_duration_seconds
    Gauge* in_flight = nullptr;           // ly_http_requests_in_flight
    Gauge* websocket_connections = nullptr;  // ly_websocket_connections

    static Result<HttpMetrics> Register(MetricsRegistry& registry);
};

struct HttpServerState;

class HttpServer {
  public:
    // One io_context per I/O thread (at least one; the first also accepts); they and the pool must outlive the
    // server.
    HttpServer(std::vector<boost::asio::io_context*> io_contexts, boost::asio::thread_pool& workers, Router router,
               HttpSettings settings, HttpMetrics metrics);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts accepting on the io_context's threads; returns the port
    // it listens on (the chosen one when `port` is 0).
    Result<unsigned short> Listen(const std::string& address, unsigned short port);

    // Stops accepting and closes idle connections; requests in flight finish
    // and are answered with Connection: close; WebSockets are closed with 1001
    // (going away). Safe from any thread.
    void Shutdown();

    // HTTP connections; WebSockets are counted by their hub.
    std::size_t OpenConnections() const;

  private:
    std::shared_ptr<HttpServerState> state_;
};

}  // namespace ly::transport
