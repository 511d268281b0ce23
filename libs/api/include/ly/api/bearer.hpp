// The check every authenticated route starts with: `Authorization: Bearer <access token>`
// becomes the caller's user id, or the 401 problem to answer (RFC 6750's WWW-Authenticate).
#pragma once

#include <optional>
#include <string>

#include "ly/auth/access_token.hpp"
#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::api {

// The user id (the token's subject) of a request with a valid access token. Errors are
// kUnauthenticated: no Authorization header, another scheme, or the token's own reason
// (malformed, signature, issuer, audience, expired). Messages never hold the token.
Result<std::string> BearerUserId(const transport::Request& request, const auth::AccessTokens& tokens);

// The 401 problem for an authentication error, with `WWW-Authenticate: Bearer` naming
// the realm, and error="invalid_token" when a token was sent but refused.
transport::Response UnauthenticatedResponse(const Error& error, bool token_was_sent);

// BearerUserId's result as what a handler needs: the user id, or the answer to send.
struct Caller {
    std::string user_id;
    std::optional<transport::Response> refusal;  // set when the request is not authenticated
};
Caller AuthenticateCaller(const transport::Request& request, const auth::AccessTokens& tokens);

}  // namespace ly::api
