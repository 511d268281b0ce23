#include "ly/auth/token_service.hpp"

#include "ly/auth/crypto.hpp"
#include "ly/base/sha256.hpp"

namespace ly::auth {
namespace {

constexpr std::size_t kRefreshTokenBytes = 32;
constexpr std::size_t kRefreshTokenChars = 43;  // base64url of 32 bytes, unpadded

std::string NewRefreshToken() { return Base64UrlEncode(RandomBytes(kRefreshTokenBytes)); }

Error Unauthenticated(std::string reason) { return MakeError(ErrorCode::kUnauthenticated, std::move(reason)); }

}  // namespace

std::string HashRefreshToken(std::string_view refresh_token) { return Sha256Hex(refresh_token); }

Result<TokenPair> TokenService::IssueForLogin(std::string_view user_id) {
    if (user_id.empty()) return MakeError(ErrorCode::kInvalidArgument, "a login needs a user id");
    auto refresh_token = StoreNewRefreshToken(user_id, Base64UrlEncode(RandomBytes(16)));
    if (!refresh_token) return refresh_token.error();
    return PairWith(user_id, std::move(refresh_token).value());
}

Result<TokenPair> TokenService::Refresh(std::string_view refresh_token) {
    // Only what we could have issued is looked up; the rest costs no storage query.
    if (refresh_token.size() != kRefreshTokenChars || !Base64UrlDecode(refresh_token)) {
        return Unauthenticated("refresh token is not recognised");
    }
    const std::string old_hash = HashRefreshToken(refresh_token);
    auto found = store_.FindByHash(old_hash);
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) return Unauthenticated("refresh token is not recognised");
        return found.error();
    }
    const RefreshTokenRecord& old_record = found.value();
    const auto reuse_detected = [&]() -> Error {
        // A spent token presented again means two parties hold it: end them all.
        if (auto revoked = store_.RevokeFamily(old_record.family_id); !revoked) return revoked.error();
        return Unauthenticated("refresh token was already used or revoked; this login's sessions are now revoked");
    };
    if (old_record.Spent()) return reuse_detected();
    if (clock_.Now() >= old_record.expires_at) return Unauthenticated("refresh token has expired");

    // The successor is stored before the old token is marked spent: a family
    // revocation triggered by anyone who sees the old token spent then reaches the
    // successor too (stored the other way round, it could slip in after the revocation).
    auto new_token = StoreNewRefreshToken(old_record.user_id, old_record.family_id);
    if (!new_token) return new_token.error();
    auto marked = store_.MarkReplaced(old_hash, HashRefreshToken(*new_token));
    if (!marked) return marked.error();
    if (!marked.value()) return reuse_detected();  // a concurrent refresh spent it first
    return PairWith(old_record.user_id, std::move(new_token).value());
}

Status TokenService::Logout(std::string_view refresh_token) {
    if (refresh_token.size() != kRefreshTokenChars) return Ok{};
    auto found = store_.FindByHash(HashRefreshToken(refresh_token));
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) return Ok{};
        return found.error();
    }
    return store_.RevokeFamily(found->family_id);
}

Status TokenService::LogoutEverywhere(std::string_view user_id) { return store_.RevokeForUser(user_id); }

Result<std::string> TokenService::StoreNewRefreshToken(std::string_view user_id, std::string_view family_id) {
    std::string refresh_token = NewRefreshToken();
    const TimePoint now = clock_.Now();
    RefreshTokenRecord record;
    record.token_hash = HashRefreshToken(refresh_token);
    record.family_id = std::string(family_id);
    record.user_id = std::string(user_id);
    record.issued_at = now;
    record.expires_at = now + refresh_lifetime_;
    if (auto inserted = store_.Insert(record); !inserted) return inserted.error();
    return refresh_token;
}

Result<TokenPair> TokenService::PairWith(std::string_view user_id, std::string refresh_token) {
    auto access = access_tokens_.Issue(user_id);
    if (!access) return access.error();
    return TokenPair{std::move(access->token), std::move(refresh_token), access_tokens_.lifetime().count()};
}

}  // namespace ly::auth
