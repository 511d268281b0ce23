// The HTTP service (Boost.Beast, kept out of this header): for now /healthz,
// /readyz, /metrics and POST /api/v1/extract, with its protection settings, and the WebSocket endpoint /ws.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/extract/extractor.hpp"
#include "ly/transport/metrics.hpp"
#include "ly/transport/rate_limit.hpp"
#include "ly/transport/router.hpp"
#include "ly/transport/websocket_hub.hpp"

namespace ly::transport {

struct ServerOptions {
    std::string address = "0.0.0.0";
    unsigned short port = 8080;  // 0: any free port (the startup line says which)
    std::filesystem::path data_dir = "data";
    int io_threads = 0;      // 0: one per core
    int worker_threads = 0;  // extraction pool; 0: one per core
    extract::ExtractOptions extract;
    // Waiting for a request's header, including between keep-alive requests.
    std::chrono::seconds header_timeout{30};
    // Reading a request's body, and writing a response.
    std::chrono::seconds body_timeout{120};
    // After SIGINT/SIGTERM, how long in-flight requests may take before the
    // remaining connections are dropped.
    std::chrono::seconds shutdown_timeout{30};
    // Browser origins allowed to call the API (CORS); none by default.
    std::vector<std::string> cors_origins;
    RateLimitSettings rate_limits;
    // Adds the routes of layers above transport (the composition root passes
    // libs/api's), with the rate limiters they key by client IP or by user.
    std::function<void(Router&, const RateLimiters&)> add_routes;
    // Registers the metrics of layers above transport in the registry /metrics renders (the registry
    // outlives the server); an error stops the start.
    std::function<Status(MetricsRegistry&)> add_metrics;
    // The registry /metrics renders; give one that outlives whatever add_metrics registered into (null: the
    // server's own, gone when RunServer returns).
    std::shared_ptr<MetricsRegistry> metrics;
    // The web app's folder (a Vite build, web/dist): GET and HEAD of any path no route serves answer its files
    // (static_files.hpp). Empty: no web app, such paths get 404. Not a directory: the server does not start.
    std::filesystem::path web_root;
    // /ws, served when websocket.authenticate is set (then websocket.hub is required). The Origin of a
    // WebSocket upgrade is checked against cors_origins.
    WebSocketOptions websocket;
};

// A route `ly serve` answers: its method and its Router pattern ("/api/v1/documents/{id}"). The web app's files
// (ServerOptions::web_root) are the router's fallback, not routes, so they are not among these.
struct ServedRoute {
    std::string method;
    std::string pattern;
};

// The routes RunServer would serve with these options — transport's own, then options.add_routes' — built the
// way RunServer builds them, without listening: for checking the API's documentation against what is served.
// options.add_routes runs on a router that is dropped afterwards. Fails as RunServer would when the router
// cannot be made.
Result<std::vector<ServedRoute>> ServedRoutes(const ServerOptions& options);

// Serves until SIGINT or SIGTERM, then stops accepting, finishes in-flight
// requests and returns 0. Returns 1 when it cannot start (data_dir, address,
// a CORS origin that is not one).
int RunServer(const ServerOptions& options);

}  // namespace ly::transport
