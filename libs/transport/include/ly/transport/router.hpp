// Routes (method, path) to pure handlers, answers 404 and 405 itself, and
// tells the session where a handler runs and how large a body it accepts.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/transport/http.hpp"
#include "ly/transport/rate_limit.hpp"

namespace ly::transport {

using Handler = std::function<Response(const Request&)>;

// Where the session runs a handler: cheap ones on the I/O thread, CPU-heavy
// ones (extraction) on the worker pool so I/O threads never block.
enum class Execution { kInline, kWorkerPool };

inline constexpr std::size_t kDefaultMaxBodyBytes = 1u << 20;

struct RouteOptions {
    Execution execution = Execution::kInline;
    // Bodies over this are refused with 413 before they are read in full.
    std::size_t max_body_bytes = kDefaultMaxBodyBytes;
    // Checked before the body is read, keyed by Request::client_ip (null: no
    // limit). Routes limited per user call CheckRateLimit in their handler
    // instead, once they know the user.
    std::shared_ptr<RateLimiter> limit_by_client_ip;
};

struct Route {
    std::string method;
    std::string pattern;  // "/api/v1/documents/{id}"
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
};

struct RouteMatch {
    const Route* route = nullptr;  // null: `problem` is the 404 or 405 answer
    Params path_params;
    Response problem;
    // When no route matched but the path is served: its pattern and methods
    // (for 405's Allow, CORS preflights and metrics).
    std::string pattern;
    std::vector<std::string> allowed_methods;
};

class Router {
  public:
    // `pattern` is a path whose segments are literal ("timetables"), "{name}" (any non-empty segment), or
    // "{name}.ext" — a parameter followed by a literal suffix: "{id}.ics" matches "abc.ics" with id=abc
    // (the parameter must not be empty; the suffix is any text without braces).
    //
    // When several patterns match a path, the most specific one wins, compared segment by segment from the
    // left: a literal beats "{name}.ext" (a longer suffix beats a shorter one), which beats "{name}". So with
    // "/t/{id}" and "/t/{id}.ics", "/t/abc.ics" goes to the second and "/t/abc" to the first; with
    // "/d/upload" and "/d/{id}", "/d/upload" is the literal whatever the order they were added in. Only the
    // winning pattern's routes answer the path: its other methods give 405, never a less specific pattern's
    // route. Among routes of equally specific patterns, the first added wins.
    Router& Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

    // Answers GET and HEAD for every path no route matches (paths a route serves with other methods still get
    // 405): the web app's files (static_files.hpp). Not one of routes(): it serves files, not API operations, so
    // the API's documentation (openapi.json, checked against routes()) leaves it out by construction.
    Router& SetFallback(Handler handler, RouteOptions options = {});
    // The pattern the fallback is counted under in metrics and the access log.
    static constexpr std::string_view kFallbackPattern = "/*";

    // HEAD falls back to the GET route of the same path, and any GET or HEAD no route matches to the fallback.
    RouteMatch Find(std::string_view method, std::string_view path) const;

    // Runs the route's handler; an exception becomes a 500 that leaks nothing.
    static Response Invoke(const Route& route, const Request& request);

    // The route's client-IP limit: nothing when the request may go on, else the 429.
    static std::optional<Response> CheckClientLimit(const Route& route, const Request& request);

    // Find, CheckClientLimit, then Invoke: the whole answer to a request, without a socket.
    Response Handle(Request request) const;

    // Every route in the order added: what the API's documentation is checked against.
    const std::vector<Route>& routes() const { return routes_; }

  private:
    std::vector<Route> routes_;
    std::optional<Route> fallback_;
};

}  // namespace ly::transport
