// The session flows: a token pair on login, rotation on refresh (with reuse
// detection over the token's family), and logout. HTTP handlers call these.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "ly/auth/access_token.hpp"
#include "ly/auth/clock.hpp"
#include "ly/auth/refresh_token_store.hpp"
#include "ly/base/result.hpp"

namespace ly::auth {

// What login and refresh answer: {accessToken, refreshToken, expiresIn}.
struct TokenPair {
    std::string access_token;
    std::string refresh_token;  // opaque: 32 random bytes, base64url
    long long expires_in = 0;   // seconds until the access token expires
};

// The lower-case hex SHA-256 under which a refresh token is stored.
std::string HashRefreshToken(std::string_view refresh_token);

class TokenService {
  public:
    // All three must outlive the service.
    TokenService(const AccessTokens& access_tokens, RefreshTokenStore& store, const Clock& clock,
                 std::chrono::seconds refresh_lifetime = std::chrono::hours(24 * 30))
        : access_tokens_(access_tokens), store_(store), clock_(clock), refresh_lifetime_(refresh_lifetime) {}

    // After a successful password check: a new pair in a new family.
    Result<TokenPair> IssueForLogin(std::string_view user_id);

    // Rotates `refresh_token`: it is spent and a new pair in the same family comes
    // back. A token already rotated or revoked revokes its whole family (someone
    // holds a stolen copy) and fails. Errors are kUnauthenticated with a reason.
    Result<TokenPair> Refresh(std::string_view refresh_token);

    // Revokes the family of `refresh_token`. Idempotent: an unknown or already
    // revoked token is fine, so a repeated logout does not fail.
    Status Logout(std::string_view refresh_token);

    // Revokes every refresh token of the user.
    Status LogoutEverywhere(std::string_view user_id);

  private:
    // Stores a new refresh token of the family and answers the token itself.
    Result<std::string> StoreNewRefreshToken(std::string_view user_id, std::string_view family_id);
    Result<TokenPair> PairWith(std::string_view user_id, std::string refresh_token);

    const AccessTokens& access_tokens_;
    RefreshTokenStore& store_;
    const Clock& clock_;
    std::chrono::seconds refresh_lifetime_;
};

}  // namespace ly::auth
