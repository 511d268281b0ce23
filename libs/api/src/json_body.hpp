// Request bodies as JSON objects, with errors that name the field (RFC 9457 "field"),
// and the small helpers handlers share to answer JSON.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::api {

// An error about one input field: the message for the teacher, the field for the problem's "field".
struct FieldError {
    Error error;
    std::string field;
};

// The body as a JSON object; a FieldError naming "body" when it is not one.
std::optional<FieldError> ParseJsonObject(std::string_view body, boost::json::object& out);

// A required string field; a FieldError naming it when missing, not a string, or empty.
std::optional<FieldError> RequireString(const boost::json::object& object, std::string_view field, std::string& out);

// The problem answer for a FieldError (400 for kInvalidArgument).
transport::Response FieldErrorResponse(const FieldError& error);

// `object` serialised as a JSON answer with `status`.
transport::Response JsonObjectResponse(int status, const boost::json::object& object);

// Unix milliseconds as RFC 3339 UTC, e.g. "2026-11-28T18:04:05.123Z".
std::string Rfc3339(std::int64_t unix_ms);

}  // namespace ly::api
