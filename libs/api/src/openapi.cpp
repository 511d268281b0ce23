#include "ly/api/openapi.hpp"

#include <string>

#include "ly/base/sha256.hpp"

namespace ly::api {

transport::Response HandleOpenApi(const transport::Request& request) {
    // The document never changes while the process runs: hash it once.
    static const std::string etag = "\"" + Sha256Hex(OpenApiJson()) + "\"";
    transport::Response response;
    // Revalidate each time (cheap: a 304) so a new build's document is never served stale from a cache.
    response.headers.Set("Cache-Control", "no-cache");
    response.headers.Set("ETag", etag);
    if (request.headers.Get("If-None-Match") == etag) {
        response.status = 304;
        return response;
    }
    response.status = 200;
    response.headers.Set("Content-Type", "application/json");
    response.body = std::string(OpenApiJson());
    return response;
}

}  // namespace ly::api
