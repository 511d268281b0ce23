#include "ly/api/openapi.hpp"

#include <string>

#include "ly/base/sha256.hpp"

namespace ly::api {

std::string FixedJsonETag(std::string_view json) { return "\"" + Sha256Hex(json) + "\""; }

transport::Response FixedJsonResponse(const transport::Request& request, std::string_view json,
                                      const std::string& etag) {
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
    response.body = std::string(json);
    return response;
}

transport::Response HandleOpenApi(const transport::Request& request) {
    // The document never changes while the process runs: hash it once.
    static const std::string etag = FixedJsonETag(OpenApiJson());
    return FixedJsonResponse(request, OpenApiJson(), etag);
}

}  // namespace ly::api
