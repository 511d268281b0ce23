// JWT access tokens (HS256): issued after login or refresh, checked on every
// authenticated request. Verification failures never echo the token.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "ly/auth/clock.hpp"
#include "ly/base/result.hpp"

namespace ly::auth {

struct AccessTokenConfig {
    std::string signing_key;  // at least 32 bytes; see secret.hpp
    std::string issuer;       // "iss", checked on verification
    std::string audience;     // "aud", checked on verification
    std::chrono::seconds lifetime{900};
    std::chrono::seconds leeway{30};  // tolerated clock skew between issuer and verifier
};

struct IssuedAccessToken {
    std::string token;
    TimePoint expires_at;
    std::string token_id;  // "jti"
};

// What a valid token says.
struct AccessClaims {
    std::string user_id;   // "sub"
    std::string token_id;  // "jti"
    TimePoint issued_at;
    TimePoint expires_at;
};

class AccessTokens {
  public:
    // `clock` must outlive this object. Create checks the key and names.
    static Result<AccessTokens> Create(AccessTokenConfig config, const Clock& clock);

    // A signed token for `user_id` (non-empty), valid for the configured lifetime.
    Result<IssuedAccessToken> Issue(std::string_view user_id) const;

    // The claims of a token we signed that is still valid. Errors are
    // kUnauthenticated with a short reason: malformed, algorithm not accepted,
    // signature mismatch, wrong issuer or audience, expired.
    // A token verified once is remembered (by a digest of it, never the token
    // itself) until it expires: the same client sends the same token with every
    // request, and parsing and signing it again each time is most of the cost
    // of an authenticated read. Expiry is still checked on every call.
    Result<AccessClaims> Verify(std::string_view token) const;

    std::chrono::seconds lifetime() const { return config_.lifetime; }

  private:
    // Tokens that passed every check, by BLAKE2b digest; bounded, expired ones dropped when it fills.
    struct VerifiedTokens {
        static constexpr std::size_t kCapacity = 16384;
        std::mutex mutex;
        std::unordered_map<std::string, AccessClaims> by_digest;  // guarded by mutex
    };

    AccessTokens(AccessTokenConfig config, const Clock& clock)
        : config_(std::move(config)), clock_(&clock), verified_(std::make_shared<VerifiedTokens>()) {}

    Result<AccessClaims> VerifyUncached(std::string_view token) const;
    // The time checks, made on every call, cached or not.
    Result<AccessClaims> CheckTimes(AccessClaims claims) const;

    AccessTokenConfig config_;
    const Clock* clock_;
    std::shared_ptr<VerifiedTokens> verified_;
};

}  // namespace ly::auth
