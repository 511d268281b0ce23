// The /api/v1/auth handlers and /api/v1/me: JSON in, JSON out, errors as problems naming the field.
#include <boost/json/object.hpp>

#include "event_log.hpp"
#include "json_body.hpp"
#include "ly/api/bearer.hpp"
#include "ly/api/service.hpp"
#include "ly/transport/problem.hpp"

namespace ly::api {
namespace {

using transport::ErrorResponse;
using transport::Request;
using transport::Response;

constexpr std::size_t kMaxNameBytes = 200;

// One message for an unknown address and a wrong password: an answer must not tell which accounts exist.
constexpr std::string_view kBadCredentials = "the e-mail address or the password is wrong";

// A display name: trimmed, 1 to 200 bytes, no control characters.
Result<std::string> CleanName(std::string_view name) {
    while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "name: must not be blank");
    if (name.size() > kMaxNameBytes) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "name: must be at most " + std::to_string(kMaxNameBytes) + " bytes long");
    }
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            return MakeError(ErrorCode::kInvalidArgument, "name: must not contain control characters");
        }
    }
    return std::string(name);
}

// What login and refresh answer. Tokens must not be cached by anything on the way (RFC 6749 §5.1).
Response TokenPairResponse(const auth::TokenPair& pair) {
    boost::json::object body;
    body["accessToken"] = pair.access_token;
    body["refreshToken"] = pair.refresh_token;
    body["expiresIn"] = pair.expires_in;
    Response response = JsonObjectResponse(200, body);
    response.headers.Set("Cache-Control", "no-store");
    return response;
}

Response UserResponse(int status, const storage::User& user) {
    boost::json::object body;
    body["id"] = user.id;
    body["email"] = user.email;
    body["name"] = user.name;
    return JsonObjectResponse(status, body);
}

}  // namespace

Response Service::Register(const Request& request) {
    boost::json::object body;
    if (auto invalid = ParseJsonObject(request.body, body)) return FieldErrorResponse(*invalid);
    std::string email;
    std::string password;
    std::string name;
    if (auto invalid = RequireString(body, "email", email)) return FieldErrorResponse(*invalid);
    if (auto invalid = RequireString(body, "password", password)) return FieldErrorResponse(*invalid);
    if (auto invalid = RequireString(body, "name", name)) return FieldErrorResponse(*invalid);

    auto normalized = auth::NormalizeEmail(email);
    if (!normalized) return ErrorResponse(normalized.error(), "email");
    if (auto policy = auth::CheckPasswordPolicy(password); !policy) return ErrorResponse(policy.error(), "password");
    auto clean_name = CleanName(name);
    if (!clean_name) return ErrorResponse(clean_name.error(), "name");

    // Checked before hashing so a taken address costs no hash; Create still catches a concurrent twin.
    auto existing = users_.FindByEmail(*normalized);
    if (existing) {
        return ErrorResponse(
            MakeError(ErrorCode::kConflict, "email: an account with this e-mail address already exists"), "email");
    }
    if (existing.error().code != ErrorCode::kNotFound) return ErrorResponse(existing.error());

    auto hash = hasher_.Hash(password);
    if (!hash) return ErrorResponse(hash.error());
    auto user = users_.Create(*normalized, *hash, *clean_name);
    if (!user) {
        if (user.error().code == ErrorCode::kConflict) {
            return ErrorResponse(
                MakeError(ErrorCode::kConflict, "email: an account with this e-mail address already exists"), "email");
        }
        return ErrorResponse(user.error());
    }
    return UserResponse(201, *user);
}

Response Service::Login(const Request& request) {
    boost::json::object body;
    if (auto invalid = ParseJsonObject(request.body, body)) return FieldErrorResponse(*invalid);
    std::string email;
    std::string password;
    if (auto invalid = RequireString(body, "email", email)) return FieldErrorResponse(*invalid);
    if (auto invalid = RequireString(body, "password", password)) return FieldErrorResponse(*invalid);

    const Error bad_credentials = MakeError(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    std::optional<storage::User> user;
    if (auto normalized = auth::NormalizeEmail(email)) {
        auto found = users_.FindByEmail(*normalized);
        if (found) {
            user = std::move(found).value();
        } else if (found.error().code != ErrorCode::kNotFound) {
            return ErrorResponse(found.error());
        }
    }
    if (!user) {
        // As long as a wrong password takes, so the answer's timing does not tell which addresses have accounts.
        (void)hasher_.Verify(password, DecoyHash());
        return ErrorResponse(bad_credentials);
    }
    if (!hasher_.Verify(password, user->password_hash)) return ErrorResponse(bad_credentials);
    // The one moment the password is known: a hash made with weaker settings than today's is made again.
    // A failure here costs only the upgrade (logged; tried again at the next login), so the login goes on.
    if (hasher_.NeedsRehash(user->password_hash)) {
        auto stronger = hasher_.Hash(password);
        Status stored = stronger ? users_.UpdatePasswordHash(user->id, *stronger) : Status(stronger.error());
        if (!stored)
            LogEvent("warn", "rehash", "userId", user->id,
                     "cannot upgrade the password hash: " + stored.error().message);
    }

    auto pair = token_service_.IssueForLogin(user->id);
    if (!pair) return ErrorResponse(pair.error());
    return TokenPairResponse(*pair);
}

Response Service::Refresh(const Request& request) {
    boost::json::object body;
    if (auto invalid = ParseJsonObject(request.body, body)) return FieldErrorResponse(*invalid);
    std::string refresh_token;
    if (auto invalid = RequireString(body, "refreshToken", refresh_token)) return FieldErrorResponse(*invalid);
    auto pair = token_service_.Refresh(refresh_token);
    if (!pair) return ErrorResponse(pair.error(), "refreshToken");
    return TokenPairResponse(*pair);
}

Response Service::Logout(const Request& request) {
    boost::json::object body;
    if (auto invalid = ParseJsonObject(request.body, body)) return FieldErrorResponse(*invalid);
    std::string refresh_token;
    if (auto invalid = RequireString(body, "refreshToken", refresh_token)) return FieldErrorResponse(*invalid);
    if (auto done = token_service_.Logout(refresh_token); !done) return ErrorResponse(done.error());
    Response response;
    response.status = 204;
    return response;
}

Response Service::Me(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto user = users_.FindById(caller.user_id);
    if (!user) {
        if (user.error().code == ErrorCode::kNotFound) {
            return UnauthenticatedResponse(
                MakeError(ErrorCode::kUnauthenticated, "the account of this access token no longer exists"), true);
        }
        return ErrorResponse(user.error());
    }
    return UserResponse(200, *user);
}

}  // namespace ly::api
