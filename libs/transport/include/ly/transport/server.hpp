// The HTTP service (Boost.Beast): for now GET /healthz and
// POST /api/v1/extract. Handlers are pure functions; sessions do only I/O.
#pragma once

#include <filesystem>
#include <string>

#include "ly/extract/extractor.hpp"

namespace ly::transport {

struct ServerOptions {
    std::string address = "0.0.0.0";
    unsigned short port = 8080;
    std::filesystem::path data_dir = "data";
    int io_threads = 0;      // 0: one per core
    int worker_threads = 0;  // extraction pool; 0: one per core
    extract::ExtractOptions extract;
};

// Serves until SIGINT or SIGTERM, then finishes in-flight requests.
// Returns a process exit code.
int RunServer(const ServerOptions& options);

}  // namespace ly::transport
