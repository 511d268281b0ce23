#include "ly/api/sql_refresh_token_store.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace ly::api {
namespace {

std::int64_t ToMillis(auth::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

auth::TimePoint FromMillis(std::int64_t millis) { return auth::TimePoint(std::chrono::milliseconds(millis)); }

}  // namespace

SqlRefreshTokenStore::SqlRefreshTokenStore(storage::Database& database, const auth::Clock& clock)
    : database_(database), clock_(clock), tokens_(database, [&clock] { return ToMillis(clock.Now()); }) {}

Status SqlRefreshTokenStore::Insert(const auth::RefreshTokenRecord& record) {
    storage::RefreshToken token;
    token.user_id = record.user_id;
    token.token_hash = record.token_hash;
    token.family_id = record.family_id;
    token.expires_at_ms = ToMillis(record.expires_at);
    if (record.revoked) token.revoked_at_ms = ToMillis(clock_.Now());
    if (record.replaced_by) {
        // Storage links a token to its successor by id.
        auto successor = tokens_.FindByHash(*record.replaced_by);
        if (!successor) return successor.error();
        token.replaced_by = successor->id;
        token.revoked_at_ms = ToMillis(clock_.Now());
    }
    auto inserted = tokens_.Insert(std::move(token));
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kInvalidArgument) {
            return MakeError(ErrorCode::kInvalidArgument, "a refresh token must belong to an existing user");
        }
        return inserted.error();
    }
    return Ok{};
}

Result<auth::RefreshTokenRecord> SqlRefreshTokenStore::FindByHash(std::string_view token_hash) {
    auto token = tokens_.FindByHash(token_hash);
    if (!token) return token.error();
    auth::RefreshTokenRecord record;
    record.token_hash = token->token_hash;
    record.family_id = token->family_id;
    record.user_id = token->user_id;
    // Storage stamps creation with the same clock that issued the token.
    record.issued_at = FromMillis(token->created_at_ms);
    record.expires_at = FromMillis(token->expires_at_ms);
    record.revoked = token->revoked_at_ms.has_value();
    if (token->replaced_by) {
        // Only a rotated token pays for this lookup: the reuse path, not the usual one.
        auto successor = database_.QueryOne("SELECT token_hash FROM refresh_tokens WHERE id = ?", {*token->replaced_by},
                                            "the successor refresh token is not stored");
        if (!successor) return successor.error();
        record.replaced_by = successor->Text(0);
    }
    return record;
}

Result<bool> SqlRefreshTokenStore::MarkReplaced(std::string_view token_hash, std::string_view new_hash) {
    auto token = tokens_.FindByHash(token_hash);
    if (!token) return token.error();
    if (token->revoked_at_ms) return false;
    auto successor = tokens_.FindByHash(new_hash);
    if (!successor) {
        if (successor.error().code == ErrorCode::kNotFound) {
            return MakeError(ErrorCode::kNotFound, "the successor refresh token must be stored before the rotation");
        }
        return successor.error();
    }
    // The repository's update is the compare-and-set: of two racing rotations, one changes the row and the
    // other gets kConflict, which TokenService reads as reuse.
    auto marked = tokens_.MarkReplaced(token->id, successor->id);
    if (!marked) {
        if (marked.error().code == ErrorCode::kConflict) return false;
        return marked.error();
    }
    return true;
}

Status SqlRefreshTokenStore::RevokeFamily(std::string_view family_id) {
    auto revoked = tokens_.RevokeFamily(family_id);
    if (!revoked) return revoked.error();
    return Ok{};
}

Status SqlRefreshTokenStore::RevokeForUser(std::string_view user_id) {
    auto revoked = tokens_.RevokeAllForUser(user_id);
    if (!revoked) return revoked.error();
    return Ok{};
}

}  // namespace ly::api
