// Refresh tokens in the Database, stored only as hashes: insert, find by hash, rotate (mark replaced), revoke one,
// a family (on reuse of a rotated token) or all of a user's (logout everywhere).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

struct RefreshToken {
    std::string id{};
    std::string user_id{};
    std::string token_hash{};  // a hash of the opaque token (the token itself is never stored)
    std::string family_id{};   // every token rotated from one login shares it
    std::int64_t expires_at_ms = 0;
    std::optional<std::int64_t> revoked_at_ms{};
    std::optional<std::string> replaced_by{};  // the id of the token it was rotated into
    std::int64_t created_at_ms = 0;

    bool active(std::int64_t now_ms) const { return !revoked_at_ms && now_ms < expires_at_ms; }
};

class RefreshTokenRepository {
  public:
    RefreshTokenRepository(Database& database, UnixMillisClock clock) : database_(database), clock_(std::move(clock)) {}

    // Stores a new token. An empty `id` gets a new one, an empty `family_id` starts a family (its own id),
    // created_at is now. kConflict when the hash exists already.
    Result<RefreshToken> Insert(RefreshToken token);
    // Looked up by the hash's equality in the unique index: the hash of a 256-bit random token gives an
    // attacker nothing to learn from timing. kNotFound.
    Result<RefreshToken> FindByHash(std::string_view token_hash);
    // Rotation: revokes `id` and records its successor, only if it is still unrevoked. kConflict when it was
    // revoked already — the caller treats that as reuse and revokes the family.
    Status MarkReplaced(std::string_view id, std::string_view replaced_by);
    // Revokes one token (logout). Revoking a revoked token is fine; an unknown id is kNotFound.
    Status Revoke(std::string_view id);
    // Revoke every unrevoked token; answer how many were revoked.
    Result<std::int64_t> RevokeFamily(std::string_view family_id);
    Result<std::int64_t> RevokeAllForUser(std::string_view user_id);

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
