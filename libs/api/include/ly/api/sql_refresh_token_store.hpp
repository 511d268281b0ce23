// The SQL adapter of auth's RefreshTokenStore port, over storage's RefreshTokenRepository:
// refresh tokens (hashes only) survive restarts and are shared by every process on the database.
#pragma once

#include <string_view>

#include "ly/auth/clock.hpp"
#include "ly/auth/refresh_token_store.hpp"
#include "ly/storage/database.hpp"
#include "ly/storage/refresh_token_repository.hpp"

namespace ly::api {

// How the two models meet: storage marks a rotated token revoked and records its
// successor's id; auth's record carries the successor's hash. So a rotated token reads
// back with `revoked` set as well as `replaced_by` (both mean Spent()), and
// MarkReplaced needs the successor stored first, as TokenService does.
class SqlRefreshTokenStore final : public auth::RefreshTokenStore {
  public:
    // `database` and `clock` must outlive the store; the clock stamps revocations.
    SqlRefreshTokenStore(storage::Database& database, const auth::Clock& clock);

    // kConflict for a hash stored already; kInvalidArgument for an unknown user.
    Status Insert(const auth::RefreshTokenRecord& record) override;
    Result<auth::RefreshTokenRecord> FindByHash(std::string_view token_hash) override;
    // False when the token was already rotated or revoked (storage's kConflict).
    // kNotFound when either hash is unknown.
    Result<bool> MarkReplaced(std::string_view token_hash, std::string_view new_hash) override;
    Status RevokeFamily(std::string_view family_id) override;
    Status RevokeForUser(std::string_view user_id) override;

  private:
    storage::Database& database_;
    const auth::Clock& clock_;
    storage::RefreshTokenRepository tokens_;
};

}  // namespace ly::api
