// The web app (a built single-page app, web/dist) served from a folder by `ly serve`: content types, cache
// headers, ETags with 304, the fallback to index.html for the app's own paths; paths that leave the folder are refused.
#pragma once

#include <filesystem>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::transport {

// The policy of every file of the web app: its own scripts, styles and workers only, nothing inline. Sent on
// every static answer, not only on HTML: a service worker (sw.js) runs under the policy of its own response.
inline constexpr std::string_view kWebAppContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'";

class StaticFiles {
  public:
    // `root` must be a directory; kNotFound otherwise (naming it).
    static Result<StaticFiles> Open(const std::filesystem::path& root);

    // GET or HEAD of any path the API does not serve. Paths under /api/, /ws, /metrics, /healthz and /readyz are
    // the API's: 404 problem, as without a web app. A file that exists is served (read per request, so a rebuilt
    // app shows without a restart); a path whose last segment has no extension is the app's own route and gets
    // index.html; anything else 404. `..`, `.` or hidden segments, backslashes and control characters (after
    // percent-decoding) are 400, and a path that resolves (symlinks too) outside the root is 404.
    // Files under /assets/ (hashed names) are immutable for a year; everything else is revalidated (no-cache)
    // with its ETag (size and modification time).
    Response Serve(const Request& request) const;

    const std::filesystem::path& root() const { return root_; }

  private:
    explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

    std::filesystem::path root_;  // canonical
};

}  // namespace ly::transport
