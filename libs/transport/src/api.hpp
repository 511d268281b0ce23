// The service's HTTP API: its routes and their pure handlers. Each handler
// takes a Request and returns a Response; none touches a socket.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ly/extract/extractor.hpp"
#include "ly/transport/http.hpp"
#include "ly/transport/router.hpp"

namespace ly::transport {

// Room for multipart boundaries and part headers on top of the file itself.
inline constexpr std::size_t kMultipartOverheadBytes = 64 * 1024;

// GET /healthz → 200 {"status":"ok"}.
Response HandleHealthz(const Request& request);

// POST /api/v1/extract: the document as the raw body (name from X-Filename or
// ?filename=) or as the multipart/form-data field "file"; answers timetable/v1.
Response HandleExtract(const Request& request, const extract::ExtractOptions& options);

// A file name safe to echo and log: its last path component, without control
// characters, at most 255 bytes; "upload" when nothing is left.
std::string CleanFilename(std::string_view raw);

Router MakeApiRouter(const extract::ExtractOptions& options);

}  // namespace ly::transport
