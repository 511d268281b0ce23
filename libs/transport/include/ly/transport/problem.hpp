// The one place errors become HTTP: ErrorCode → status, and RFC 9457
// problem JSON (application/problem+json) for every error answer.
#pragma once

#include <string_view>

#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::transport {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// The HTTP status for an error code: the single mapping of the service.
int HttpStatus(ErrorCode code);

// A problem answer: {"type","title","status","detail"[,"field"]}. `type` is
// "urn:ly:problem:<type_name>"; `field` names the input a validation error is about.
Response ProblemResponse(int status, std::string_view type_name, std::string_view title, std::string_view detail,
                         std::string_view field = {});

// The problem answer for an error value. Server errors (5xx) say only that
// something failed; the message goes to Response::internal_error for the log.
Response ErrorResponse(const Error& error, std::string_view field = {});

}  // namespace ly::transport
