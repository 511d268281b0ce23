// Where refresh tokens live: only their SHA-256 is kept. The port the SQL adapter
// implements, and an in-memory adapter for tests and single-process use.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ly/auth/clock.hpp"
#include "ly/base/result.hpp"

namespace ly::auth {

struct RefreshTokenRecord {
    std::string token_hash;  // lower-case hex SHA-256 of the token; the token itself is never stored
    std::string family_id;   // every token rotated from one login shares it
    std::string user_id;
    TimePoint issued_at;
    TimePoint expires_at;
    std::optional<std::string> replaced_by;  // hash of the token it was rotated into
    bool revoked = false;

    // Spent: a second use of it is a reuse.
    bool Spent() const { return revoked || replaced_by.has_value(); }
};

class RefreshTokenStore {
  public:
    virtual ~RefreshTokenStore() = default;

    // kConflict when a record with this hash exists.
    virtual Status Insert(const RefreshTokenRecord& record) = 0;
    // kNotFound when no record has this hash.
    virtual Result<RefreshTokenRecord> FindByHash(std::string_view token_hash) = 0;
    // Marks the token rotated into `new_hash`, only if it is neither replaced nor
    // revoked yet (compare-and-set: of two concurrent refreshes one wins). Answers
    // whether this call marked it; kNotFound when the hash is unknown.
    virtual Result<bool> MarkReplaced(std::string_view token_hash, std::string_view new_hash) = 0;
    // Revokes every token of the family (reuse detected, or logout).
    virtual Status RevokeFamily(std::string_view family_id) = 0;
    // Revokes every token of the user (logout everywhere, password change).
    virtual Status RevokeForUser(std::string_view user_id) = 0;
};

class InMemoryRefreshTokenStore final : public RefreshTokenStore {
  public:
    Status Insert(const RefreshTokenRecord& record) override;
    Result<RefreshTokenRecord> FindByHash(std::string_view token_hash) override;
    Result<bool> MarkReplaced(std::string_view token_hash, std::string_view new_hash) override;
    Status RevokeFamily(std::string_view family_id) override;
    Status RevokeForUser(std::string_view user_id) override;

  private:
    std::mutex mutex_;
    std::map<std::string, RefreshTokenRecord, std::less<>> by_hash_;
};

}  // namespace ly::auth
