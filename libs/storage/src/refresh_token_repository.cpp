#include "ly/storage/refresh_token_repository.hpp"

#include "ly/storage/ids.hpp"

namespace ly::storage {
namespace {

RefreshToken ToToken(const Row& row) {
    return RefreshToken{row.Text(0), row.Text(1),        row.Text(2),         row.Text(3),
                        row.Int(4),  row.OptionalInt(5), row.OptionalText(6), row.Int(7)};
}

Value OptionalValue(const std::optional<std::int64_t>& value) {
    if (value) return *value;
    return nullptr;
}

Value OptionalValue(const std::optional<std::string>& value) {
    if (value) return *value;
    return nullptr;
}

}  // namespace

Result<RefreshToken> RefreshTokenRepository::Insert(RefreshToken token) {
    if (token.id.empty()) {
        auto id = NewId();
        if (!id) return id.error();
        token.id = std::move(*id);
    }
    if (token.family_id.empty()) token.family_id = token.id;
    token.created_at_ms = clock_();
    auto inserted = database_.Execute(
        "INSERT INTO refresh_tokens (id, user_id, token_hash, family_id, expires_at, revoked_at, replaced_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {token.id, token.user_id, token.token_hash, token.family_id, token.expires_at_ms,
         OptionalValue(token.revoked_at_ms), OptionalValue(token.replaced_by), token.created_at_ms});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kConflict) {
            return MakeError(ErrorCode::kConflict, "refresh token exists already");
        }
        return inserted.error();
    }
    return token;
}

Result<RefreshToken> RefreshTokenRepository::FindByHash(std::string_view token_hash) {
    auto row = database_.QueryOne(
        "SELECT id, user_id, token_hash, family_id, expires_at, revoked_at, replaced_by, created_at "
        "FROM refresh_tokens WHERE token_hash = ?",
        {std::string(token_hash)}, "refresh token not found");
    if (!row) return row.error();
    return ToToken(*row);
}

Status RefreshTokenRepository::MarkReplaced(std::string_view id, std::string_view replaced_by) {
    // One statement: two requests rotating the same token cannot both win.
    auto changed = database_.Execute(
        "UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ? WHERE id = ? AND revoked_at IS NULL",
        {clock_(), std::string(replaced_by), std::string(id)});
    if (!changed) return changed.error();
    if (*changed == 0) return MakeError(ErrorCode::kConflict, "refresh token was already used or revoked");
    return Ok{};
}

Status RefreshTokenRepository::Revoke(std::string_view id) {
    auto changed = database_.Execute("UPDATE refresh_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                                     {clock_(), std::string(id)});
    if (!changed) return changed.error();
    if (*changed == 0) return MakeError(ErrorCode::kNotFound, "refresh token not found");
    return Ok{};
}

Result<std::int64_t> RefreshTokenRepository::RevokeFamily(std::string_view family_id) {
    return database_.Execute("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                             {clock_(), std::string(family_id)});
}

Result<std::int64_t> RefreshTokenRepository::RevokeAllForUser(std::string_view user_id) {
    return database_.Execute("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                             {clock_(), std::string(user_id)});
}

}  // namespace ly::storage
