// `ly serve`: the composition of the HTTP server — data directory, threads,
// signals and graceful shutdown. Requests themselves are http_server.cpp's.
#include "ly/transport/server.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "api.hpp"
#include "http_server.hpp"
#include "log_line.hpp"
#include "ly/transport/static_files.hpp"
#include "websocket_session.hpp"

namespace ly::transport {

namespace {

int ThreadCount(int requested) {
    if (requested > 0) return requested;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

Status EnsureDirectory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return MakeError(ErrorCode::kIo, "cannot create the data directory " + dir.string() + ": " + ec.message());
    if (!std::filesystem::is_directory(dir, ec)) {
        return MakeError(ErrorCode::kIo, "the data directory " + dir.string() + " exists but is not a directory");
    }
    return Ok{};
}

// Runs the io_context until it has no work left; a handler that throws is
// logged and the loop goes on.
void RunLoop(boost::asio::io_context& io_context) {
    for (;;) {
        try {
            io_context.run();
            return;
        } catch (const std::exception& e) {
            WriteLogLine(EventLogLine("error", std::string("uncaught exception in the I/O loop: ") + e.what()));
        }
    }
}

std::string Url(const std::string& address, unsigned short port) {
    const bool ipv6 = address.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

// Whole numbers as integers: Boost.JSON writes the double 600 as 6E2.
boost::json::value LogNumber(double value) {
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 1e15) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

// Transport's own routes, then those of the layers above (options.add_routes).
Result<Router> MakeServerRouter(const ServerOptions& options, const ApiServices& services) {
    auto router = MakeApiRouter(options.extract, services);
    if (!router.ok()) return router.error();
    if (options.add_routes) options.add_routes(*router, services.limits);
    if (!options.web_root.empty()) {
        auto files = StaticFiles::Open(options.web_root);
        if (!files.ok()) return files.error();
        // Files are read from disk per request (a rebuilt app shows without a restart): off the I/O threads, where
        // a cold read would hold up every connection of that thread.
        router->SetFallback([files = std::move(*files)](const Request& request) { return files.Serve(request); },
                            RouteOptions{.execution = Execution::kWorkerPool,
                                         .max_body_bytes = kDefaultMaxBodyBytes,
                                         .limit_by_client_ip = nullptr});
    }
    return router;
}

}  // namespace

Result<std::vector<ServedRoute>> ServedRoutes(const ServerOptions& options) {
    // The handlers refer to these, but none runs: they only have to outlive the router, which ends here.
    MetricsRegistry metrics;
    const Readiness readiness;
    auto router = MakeServerRouter(options, ApiServices{readiness, metrics, MakeRateLimiters(options.rate_limits)});
    if (!router.ok()) return router.error();
    std::vector<ServedRoute> served;
    for (const Route& route : router->routes()) served.push_back(ServedRoute{route.method, route.pattern});
    return served;
}

int RunServer(const ServerOptions& options) {
    const auto cannot_start = [](const Error& error) {
        WriteLogLine(EventLogLine("error", "ly serve: " + error.message));
        return 1;
    };
    if (auto made = EnsureDirectory(options.data_dir); !made.ok()) return cannot_start(made.error());
    const int io_threads = ThreadCount(options.io_threads);
    const int worker_threads = ThreadCount(options.worker_threads);

    auto cors = CorsPolicy::Make(options.cors_origins);
    if (!cors.ok()) return cannot_start(cors.error());
    if (auto checked = CheckWebSocketOptions(options.websocket); !checked.ok()) return cannot_start(checked.error());
    // The caller's registry when it gives one: layers above keep pointers into it (add_metrics) and may still
    // update them after the server has stopped, while they shut down.
    MetricsRegistry local_metrics;
    MetricsRegistry& metrics = options.metrics ? *options.metrics : local_metrics;
    auto http_metrics = HttpMetrics::Register(metrics);
    if (!http_metrics.ok()) return cannot_start(http_metrics.error());
    Readiness readiness;  // ready once listening, draining from the first signal
    const RateLimiters limits = MakeRateLimiters(options.rate_limits);
    auto router = MakeServerRouter(options, ApiServices{readiness, metrics, limits});
    if (!router.ok()) return cannot_start(router.error());

    // One event loop per I/O thread (see HttpServerState::io_contexts); each is kept running by a work guard
    // until the stop, then ends when its last connection has.
    std::vector<std::unique_ptr<boost::asio::io_context>> io_contexts;
    std::vector<boost::asio::io_context*> loops;
    std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> keep_running;
    for (int i = 0; i < io_threads; ++i) {
        io_contexts.push_back(std::make_unique<boost::asio::io_context>(1));
        loops.push_back(io_contexts.back().get());
        keep_running.push_back(boost::asio::make_work_guard(*io_contexts.back()));
    }
    boost::asio::io_context& io_context = *io_contexts.front();  // also accepts and hears signals
    boost::asio::thread_pool workers(static_cast<std::size_t>(worker_threads));
    HttpSettings settings;
    settings.header_timeout = options.header_timeout;
    settings.body_timeout = options.body_timeout;
    settings.cors = std::move(*cors);
    settings.websocket = options.websocket;
    if (options.add_metrics) {
        if (auto added = options.add_metrics(metrics); !added.ok()) return cannot_start(added.error());
    }
    HttpServer server(loops, workers, std::move(*router), std::move(settings), *http_metrics);

    const auto port = server.Listen(options.address, options.port);
    if (!port.ok()) {
        WriteLogLine(EventLogLine("error", "ly serve: " + port.error().message));
        workers.join();
        return 1;
    }
    readiness.MarkReady();

    // The first SIGINT/SIGTERM starts a graceful stop; a watchdog drops what
    // is still open after shutdown_timeout.
    std::mutex mutex;
    std::condition_variable changed;
    bool stop_requested = false;
    bool finished = false;
    bool dropped = false;
    boost::asio::signal_set signals(io_context, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
        if (ec) return;
        WriteLogLine(EventLogLine("info", "stopping: finishing requests in flight",
                                  {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"},
                                   {"open_connections", server.OpenConnections()}}));
        readiness.MarkDraining();
        server.Shutdown();
        for (auto& guard : keep_running) guard.reset();
        {
            const std::lock_guard lock(mutex);
            stop_requested = true;
        }
        changed.notify_all();
    });
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop_requested || finished; });
        if (finished || changed.wait_for(lock, options.shutdown_timeout, [&] { return finished; })) return;
        dropped = true;
        WriteLogLine(EventLogLine(
            "warn", "shutdown timeout: dropping open connections",
            {{"open_connections", server.OpenConnections()}, {"timeout_s", options.shutdown_timeout.count()}}));
        for (auto& loop : io_contexts) loop->stop();
    });

    WriteLogLine(EventLogLine("info", "listening on " + Url(options.address, *port),
                              {{"address", options.address},
                               {"port", *port},
                               {"io_threads", io_threads},
                               {"worker_threads", worker_threads},
                               {"data_dir", options.data_dir.string()},
                               {"cors_origins", options.cors_origins.size()},
                               {"web_root", options.web_root.string()},
                               {"websocket", static_cast<bool>(options.websocket.authenticate)},
                               {"auth_rate_per_min", LogNumber(options.rate_limits.auth.per_minute)},
                               {"api_rate_per_min", LogNumber(options.rate_limits.api.per_minute)}}));

    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(io_threads - 1));
    for (int i = 1; i < io_threads; ++i) {
        threads.emplace_back([loop = loops[static_cast<std::size_t>(i)]] { RunLoop(*loop); });
    }
    RunLoop(io_context);
    for (auto& thread : threads) thread.join();

    {
        const std::lock_guard lock(mutex);
        finished = true;
    }
    changed.notify_all();
    watchdog.join();
    if (dropped) workers.stop();  // queued extractions have no one left to answer
    workers.join();
    WriteLogLine(EventLogLine("info", "stopped"));
    return 0;
}

}  // namespace ly::transport
