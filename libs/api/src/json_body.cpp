#include "json_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

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
    // Every listed document carries two of these, so no snprintf or gmtime: C++20's civil calendar and
    // digits written in place ("2026-11-28T18:48:10.123Z").
    using namespace std::chrono;
    const sys_time<milliseconds> time{milliseconds(unix_ms)};
    const sys_days day = floor<days>(time);
    const year_month_day date(day);
    const hh_mm_ss clock(time - day);
    const int year = static_cast<int>(date.year());
    if (year < 0 || year > 9999) return std::to_string(unix_ms);  // no such timestamps in our data; still no crash
    std::string text = "0000-00-00T00:00:00.000Z";
    auto put = [&text](std::size_t at, unsigned value, int digits) {
        for (int i = digits - 1; i >= 0; --i, value /= 10)
            text[at + static_cast<std::size_t>(i)] = char('0' + value % 10);
    };
    put(0, static_cast<unsigned>(year), 4);
    put(5, static_cast<unsigned>(date.month()), 2);
    put(8, static_cast<unsigned>(date.day()), 2);
    put(11, static_cast<unsigned>(clock.hours().count()), 2);
    put(14, static_cast<unsigned>(clock.minutes().count()), 2);
    put(17, static_cast<unsigned>(clock.seconds().count()), 2);
    put(20, static_cast<unsigned>(clock.subseconds().count()), 3);
    return text;
}

}  // namespace ly::api
