#include "json_body.hpp"

#include <time.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

#include "ly/transport/problem.hpp"

namespace ly::api {

std::optional<FieldError> ParseJsonObject(std::string_view body, boost::json::object& out) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(body, ec);
    if (ec) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, "the body is not valid JSON: " + ec.message()),
                          "body"};
    }
    if (!value.is_object()) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, "the body must be a JSON object"), "body"};
    }
    out = std::move(value.as_object());
    return std::nullopt;
}

std::optional<FieldError> RequireString(const boost::json::object& object, std::string_view field, std::string& out) {
    const boost::json::value* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, std::string(field) + ": is required"),
                          std::string(field)};
    }
    if (!value->is_string()) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, std::string(field) + ": must be a string"),
                          std::string(field)};
    }
    out = std::string(value->as_string());
    if (out.empty()) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, std::string(field) + ": must not be empty"),
                          std::string(field)};
    }
    return std::nullopt;
}

transport::Response FieldErrorResponse(const FieldError& error) {
    return transport::ErrorResponse(error.error, error.field);
}

transport::Response JsonObjectResponse(int status, const boost::json::object& object) {
    return transport::JsonResponse(status, boost::json::serialize(object));
}

// Unix milliseconds as RFC 3339 UTC, e.g. "2026-11-28T18:04:05.123Z".
std::string Rfc3339(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[96];  // room for any int the compiler imagines; a real date takes 24
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(unix_ms % 1000));
    return text;
}

}  // namespace ly::api
