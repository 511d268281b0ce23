// What every answer carries whatever the handler said — security headers —
// and the CORS allow-list: preflights answered, other answers marked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::transport {

// Browsers may call the API from these origins and no others.
class CorsPolicy {
  public:
    CorsPolicy() = default;  // no origin allowed

    // Origins as browsers send them ("https://timetables.example.org",
    // "http://localhost:5173"); a trailing slash is dropped, case ignored.
    // "*", "null" and anything with a path are refused: it is an allow-list.
    static Result<CorsPolicy> Make(const std::vector<std::string>& allowed_origins);

    bool Allows(std::string_view origin) const;

    // A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
    static bool IsPreflight(std::string_view method, const Headers& headers);

    // The 204 answer to a preflight for a path served with `methods`. An
    // origin not on the list gets no CORS headers, so the browser refuses.
    Response Preflight(const Headers& request_headers, const std::vector<std::string>& methods) const;

    // Every other answer: Vary: Origin, and for an allowed origin the headers
    // that let the page read it.
    void Decorate(std::string_view origin, Headers& response_headers) const;

  private:
    std::vector<std::string> origins_;  // lower case
};

// nosniff, no framing, no referrer, and — unless the handler chose its own —
// a Content-Security-Policy that allows nothing and Cache-Control: no-store.
void AddSecurityHeaders(Headers& headers);

}  // namespace ly::transport
