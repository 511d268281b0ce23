// The service's HTTP API: its routes and their pure handlers. Each handler
// takes a Request and returns a Response; none touches a socket.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/extractor.hpp"
#include "ly/transport/http.hpp"
#include "ly/transport/metrics.hpp"
#include "ly/transport/rate_limit.hpp"
#include "ly/transport/router.hpp"

namespace ly::transport {

// Room for multipart boundaries and part headers on top of the file itself.
inline constexpr std::size_t kMultipartOverheadBytes = 64 * 1024;

// Whether the service takes traffic: not before it is initialised, not once
// it drains for shutdown. Thread-safe.
class Readiness {
  public:
    void MarkReady() { state_.store(State::kReady); }
    void MarkDraining() { state_.store(State::kDraining); }
    bool IsReady() const { return state_.load() == State::kReady; }
    bool IsDraining() const { return state_.load() == State::kDraining; }

  private:
    enum class State { kStarting, kReady, kDraining };
    std::atomic<State> state_{State::kStarting};
};

// What the routes share with the rest of the service; all outlive the router.
struct ApiServices {
    const Readiness& readiness;
    MetricsRegistry& metrics;
    RateLimiters limits;
};

// GET /healthz → 200 {"status":"ok"}: the process answers (liveness).
Response HandleHealthz(const Request& request);

// GET /readyz → 200 {"status":"ready"}, or 503 while starting or draining.
Response HandleReadyz(const Request& request, const Readiness& readiness);

// GET /metrics → the registry in Prometheus text format.
Response HandleMetrics(const Request& request, const MetricsRegistry& metrics);

// POST /api/v1/extract: the document as the raw body (name from X-Filename or
// ?filename=) or as the multipart/form-data field "file"; answers timetable/v1.
// `durations` (label "outcome": the route validated|llm|review, or the error
// name) gets the extraction's time when given.
Response HandleExtract(const Request& request, const extract::ExtractOptions& options,
                       HistogramFamily* durations = nullptr);

// Registers the extraction histogram, hence a Result.
Result<Router> MakeApiRouter(const extract::ExtractOptions& options, const ApiServices& services);

}  // namespace ly::transport
