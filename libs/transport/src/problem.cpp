#include "ly/transport/problem.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

namespace ly::transport {

namespace {

std::string_view TitleFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "Invalid request";
        case ErrorCode::kNotFound:
            return "Not found";
        case ErrorCode::kEmpty:
            return "Empty upload";
        case ErrorCode::kUnsupportedType:
            return "Unsupported document type";
        case ErrorCode::kCorruptDocument:
            return "Unreadable document";
        case ErrorCode::kEncrypted:
            return "Encrypted document";
        case ErrorCode::kTooLarge:
            return "Upload too large";
        case ErrorCode::kUnauthenticated:
            return "Not signed in";
        case ErrorCode::kConflict:
            return "Conflict";
        case ErrorCode::kRateLimited:
            return "Too many requests";
        case ErrorCode::kUnavailable:
            return "Service unavailable";
        case ErrorCode::kIo:
        case ErrorCode::kInternal:
            return "Internal error";
    }
    return "Internal error";
}

}  // namespace

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kEmpty:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kTooLarge:
            return 413;
        case ErrorCode::kUnsupportedType:
            return 415;
        case ErrorCode::kCorruptDocument:
            return 422;
        case ErrorCode::kEncrypted:
            return 422;
        case ErrorCode::kUnauthenticated:
            return 401;
        case ErrorCode::kConflict:
            return 409;
        case ErrorCode::kRateLimited:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kIo:
            return 500;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response ProblemResponse(int status, std::string_view type_name, std::string_view title, std::string_view detail,
                         std::string_view field) {
    boost::json::object problem;
    problem["type"] = "urn:ly:problem:" + std::string(type_name);
    problem["title"] = title;
    problem["status"] = status;
    problem["detail"] = detail;
    if (!field.empty()) problem["field"] = field;
    Response response;
    response.status = status;
    response.headers.Set("Content-Type", std::string(kProblemContentType));
    response.body = boost::json::serialize(problem);
    return response;
}

Response ErrorResponse(const Error& error, std::string_view field) {
    const int status = HttpStatus(error.code);
    if (status >= 500) {
        Response response = ProblemResponse(status, "internal", TitleFor(error.code),
                                            "the server failed to answer this request; quote its X-Request-Id "
                                            "when reporting it");
        response.internal_error = std::string(ErrorCodeName(error.code)) + ": " + error.message;
        return response;
    }
    return ProblemResponse(status, ErrorCodeName(error.code), TitleFor(error.code), error.message, field);
}

}  // namespace ly::transport
