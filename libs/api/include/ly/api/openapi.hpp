// The HTTP API's OpenAPI 3.1 document (libs/api/openapi/openapi.json, embedded at build time) and the
// handler that serves it at GET /api/v1/openapi.json.
#pragma once

#include <string_view>

#include "ly/transport/http.hpp"

namespace ly::api {

// The document's JSON text, as checked in.
std::string_view OpenApiJson();

// GET /api/v1/openapi.json: the document as application/json, with an ETag (its SHA-256) so a client may
// revalidate with If-None-Match and get 304.
transport::Response HandleOpenApi(const transport::Request& request);

}  // namespace ly::api
