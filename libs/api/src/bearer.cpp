#include "ly/api/bearer.hpp"

#include "ly/transport/problem.hpp"

namespace ly::api {
namespace {

constexpr std::string_view kScheme = "Bearer";

std::string_view TrimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

Result<std::string> BearerUserId(const transport::Request& request, const auth::AccessTokens& tokens) {
    const std::string_view header = TrimSpaces(request.headers.Get("Authorization"));
    if (header.empty()) {
        return MakeError(ErrorCode::kUnauthenticated,
                         "this needs signing in: send the access token from /api/v1/auth/login as "
                         "\"Authorization: Bearer <accessToken>\"");
    }
    // The scheme is case-insensitive (RFC 9110 §11.1); one or more spaces follow it.
    const auto space = header.find(' ');
    if (space == std::string_view::npos || !transport::EqualsIgnoreCase(header.substr(0, space), kScheme)) {
        return MakeError(ErrorCode::kUnauthenticated, "the Authorization header must use the Bearer scheme");
    }
    const std::string_view token = TrimSpaces(header.substr(space + 1));
    auto claims = tokens.Verify(token);
    if (!claims) return claims.error();
    return std::move(claims->user_id);
}

transport::Response UnauthenticatedResponse(const Error& error, bool token_was_sent) {
    transport::Response response = transport::ErrorResponse(error);
    response.headers.Set("WWW-Authenticate",
                         token_was_sent ? R"(Bearer realm="ly", error="invalid_token")" : R"(Bearer realm="ly")");
    return response;
}

Caller AuthenticateCaller(const transport::Request& request, const auth::AccessTokens& tokens) {
    auto user_id = BearerUserId(request, tokens);
    if (user_id) return Caller{std::move(user_id).value(), std::nullopt};
    return Caller{{}, UnauthenticatedResponse(user_id.error(), request.headers.Has("Authorization"))};
}

}  // namespace ly::api
