// The HTTP API's OpenAPI 3.1 document (libs/api/openapi/openapi.json, embedded at build time) and the
// handler that serves it at GET /api/v1/openapi.json.
#pragma once

#include <string>
#include <string_view>

#include "ly/transport/http.hpp"

namespace ly::api {

// The document's JSON text, as checked in.
std::string_view OpenApiJson();

// A JSON document compiled into the binary as application/json, with its ETag (FixedJsonETag: the quoted SHA-256,
// computed once by the caller) so a client may revalidate with If-None-Match and get 304.
std::string FixedJsonETag(std::string_view json);
transport::Response FixedJsonResponse(const transport::Request& request, std::string_view json,
                                      const std::string& etag);

// GET /api/v1/openapi.json: the document as application/json, with an ETag (its SHA-256) so a client may
// revalidate with If-None-Match and get 304.
transport::Response HandleOpenApi(const transport::Request& request);

}  // namespace ly::api
