#include "ly/auth/access_token.hpp"

#include <jwt.h>
#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

constexpr std::size_t kMinKeyBytes = 32;
// Far above any token we issue; bounds the work an attacker's header can cause.
constexpr std::size_t kMaxTokenBytes = 4096;

struct JwtFree {
    void operator()(jwt_t* jwt) const { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

Error Unauthenticated(std::string reason) { return MakeError(ErrorCode::kUnauthenticated, std::move(reason)); }

std::optional<boost::json::object> DecodeJsonObject(std::string_view base64url) {
    const auto bytes = Base64UrlDecode(base64url);
    if (!bytes) return std::nullopt;
    boost::json::error_code error;
    boost::json::value value = boost::json::parse(*bytes, error);
    if (error || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

std::optional<std::string_view> StringClaim(const boost::json::object& claims, std::string_view name) {
    const auto* value = claims.if_contains(name);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->as_string());
}

std::optional<long long> IntegerClaim(const boost::json::object& claims, std::string_view name) {
    const auto* value = claims.if_contains(name);
    if (value == nullptr) return std::nullopt;
    if (value->is_int64()) return value->as_int64();
    if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
        return static_cast<long long>(value->as_uint64());
    }
    return std::nullopt;
}

}  // namespace

Result<AccessTokens> AccessTokens::Create(AccessTokenConfig config, const Clock& clock) {
    if (auto init = InitCrypto(); !init) return init.error();
    if (config.signing_key.size() < kMinKeyBytes) {
        return MakeError(ErrorCode::kInvalidArgument, "the JWT signing key must be at least 32 bytes");
    }
    if (config.issuer.empty() || config.audience.empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "the JWT issuer and audience must not be empty");
    }
    if (config.lifetime <= std::chrono::seconds(0) || config.leeway < std::chrono::seconds(0)) {
        return MakeError(ErrorCode::kInvalidArgument, "the access token lifetime must be positive");
    }
    return AccessTokens(std::move(config), clock);
}

Result<IssuedAccessToken> AccessTokens::Issue(std::string_view user_id) const {
    if (user_id.empty()) return MakeError(ErrorCode::kInvalidArgument, "an access token needs a user id");
    const TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(clock_->Now());
    const TimePoint expires_at = now + config_.lifetime;
    const std::string token_id = Base64UrlEncode(RandomBytes(16));
    const std::string subject(user_id);

    jwt_t* raw = nullptr;
    if (jwt_new(&raw) != 0) return MakeError(ErrorCode::kInternal, "cannot create a JWT (out of memory?)");
    const JwtPtr jwt(raw);
    const bool built =
        jwt_set_alg(jwt.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(config_.signing_key.data()),
                    static_cast<int>(config_.signing_key.size())) == 0 &&
        jwt_add_grant(jwt.get(), "sub", subject.c_str()) == 0 &&
        jwt_add_grant(jwt.get(), "iss", config_.issuer.c_str()) == 0 &&
        jwt_add_grant(jwt.get(), "aud", config_.audience.c_str()) == 0 &&
        jwt_add_grant_int(jwt.get(), "iat", UnixSeconds(now)) == 0 &&
        jwt_add_grant_int(jwt.get(), "exp", UnixSeconds(expires_at)) == 0 &&
        jwt_add_grant(jwt.get(), "jti", token_id.c_str()) == 0;
    if (!built) return MakeError(ErrorCode::kInternal, "cannot build the JWT claims");
    char* encoded = jwt_encode_str(jwt.get());
    if (encoded == nullptr) return MakeError(ErrorCode::kInternal, "cannot sign the JWT");
    std::string token(encoded);
    std::free(encoded);  // libjwt 1.10 allocates with malloc and has no jwt_free_str
    return IssuedAccessToken{std::move(token), expires_at, token_id};
}

Result<AccessClaims> AccessTokens::Verify(std::string_view token) const {
    if (token.empty() || token.size() > kMaxTokenBytes) return VerifyUncached(token);
    // A digest, not the token, is the key: nothing in memory could be replayed, and looking a token up
    // compares digests of attacker-chosen strings, not the strings themselves.
    std::string digest(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(digest.data()), digest.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    {
        std::lock_guard lock(verified_->mutex);
        if (const auto found = verified_->by_digest.find(digest); found != verified_->by_digest.end()) {
            return CheckTimes(found->second);
        }
    }
    auto claims = VerifyUncached(token);
    if (!claims) return claims;
    std::lock_guard lock(verified_->mutex);
    auto& cache = verified_->by_digest;
    if (cache.size() >= VerifiedTokens::kCapacity) {
        const TimePoint now = clock_->Now();
        std::erase_if(cache, [&](const auto& entry) { return entry.second.expires_at + config_.leeway <= now; });
        if (cache.size() >= VerifiedTokens::kCapacity) cache.clear();  // that many live tokens: start afresh
    }
    cache.emplace(std::move(digest), *claims);
    return claims;
}

Result<AccessClaims> AccessTokens::CheckTimes(AccessClaims claims) const {
    const long long now = UnixSeconds(clock_->Now());
    const long long leeway = config_.leeway.count();
    if (now - leeway >= UnixSeconds(claims.expires_at)) return Unauthenticated("access token has expired");
    if (UnixSeconds(claims.issued_at) > now + leeway) return Unauthenticated("access token is issued in the future");
    return claims;
}

Result<AccessClaims> AccessTokens::VerifyUncached(std::string_view token) const {
    if (token.empty()) return Unauthenticated("access token is missing");
    if (token.size() > kMaxTokenBytes) return Unauthenticated("access token is malformed");
    const std::size_t first_dot = token.find('.');
    const std::size_t second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
    if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
        return Unauthenticated("access token is malformed");
    }
    const std::string_view header_part = token.substr(0, first_dot);
    const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
    const std::string_view signature_part = token.substr(second_dot + 1);

    // The header decides nothing: we accept exactly HS256, so a token that asks for
    // "none" or another algorithm (the classic confusion attacks) is refused here.
    const auto header = DecodeJsonObject(header_part);
    if (!header) return Unauthenticated("access token is malformed");
    const auto alg = StringClaim(*header, "alg");
    if (!alg || *alg != "HS256") return Unauthenticated("access token algorithm is not accepted");

    // Our own constant-time check of the signature, before any claim is read;
    // libjwt below checks it again while parsing.
    const auto signature = Base64UrlDecode(signature_part);
    if (!signature) return Unauthenticated("access token is malformed");
    const std::string signing_input(token.substr(0, second_dot));
    if (!ConstantTimeEquals(*signature, HmacSha256(config_.signing_key, signing_input))) {
        return Unauthenticated("access token signature does not match");
    }
    const std::string terminated(token);
    jwt_t* raw = nullptr;
    if (jwt_decode(&raw, terminated.c_str(), reinterpret_cast<const unsigned char*>(config_.signing_key.data()),
                   static_cast<int>(config_.signing_key.size())) != 0) {
        return Unauthenticated("access token is malformed");
    }
    const JwtPtr jwt(raw);
    if (jwt_get_alg(jwt.get()) != JWT_ALG_HS256) return Unauthenticated("access token algorithm is not accepted");

    // Claims are read with strict types (libjwt 1.10 reads a string "exp" as 0).
    const auto claims = DecodeJsonObject(payload_part);
    if (!claims) return Unauthenticated("access token is malformed");
    const auto subject = StringClaim(*claims, "sub");
    const auto issuer = StringClaim(*claims, "iss");
    const auto audience = StringClaim(*claims, "aud");
    const auto token_id = StringClaim(*claims, "jti");
    const auto issued_at = IntegerClaim(*claims, "iat");
    const auto expires_at = IntegerClaim(*claims, "exp");
    if (!subject || subject->empty() || !token_id || !issued_at || !expires_at) {
        return Unauthenticated("access token lacks required claims");
    }
    if (!issuer || *issuer != config_.issuer) return Unauthenticated("access token issuer is not accepted");
    if (!audience || *audience != config_.audience) return Unauthenticated("access token audience is not accepted");
    return CheckTimes(AccessClaims{std::string(*subject), std::string(*token_id),
                                   TimePoint(std::chrono::seconds(*issued_at)),
                                   TimePoint(std::chrono::seconds(*expires_at))});
}

}  // namespace ly::auth
