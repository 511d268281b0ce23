// The HTTP service (Boost.Beast, kept out of this header): for now GET /healthz
// and POST /api/v1/extract. Handlers are pure functions; sessions do only I/O.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include "ly/extract/extractor.hpp"
#include "ly/transport/router.hpp"

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
    // Adds the routes of layers above transport (the composition root passes libs/api's).
    std::function<void(Router&)> add_routes;
};

// Serves until SIGINT or SIGTERM, then stops accepting, finishes in-flight
// requests and returns 0. Returns 1 when it cannot start (data_dir, address).
int RunServer(const ServerOptions& options);

}  // namespace ly::transport
