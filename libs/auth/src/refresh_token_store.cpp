#include "ly/auth/refresh_token_store.hpp"

namespace ly::auth {

Status InMemoryRefreshTokenStore::Insert(const RefreshTokenRecord& record) {
    std::lock_guard lock(mutex_);
    if (!by_hash_.emplace(record.token_hash, record).second) {
        return MakeError(ErrorCode::kConflict, "a refresh token with this hash is already stored");
    }
    return Ok{};
}

Result<RefreshTokenRecord> InMemoryRefreshTokenStore::FindByHash(std::string_view token_hash) {
    std::lock_guard lock(mutex_);
    const auto found = by_hash_.find(token_hash);
    if (found == by_hash_.end()) return MakeError(ErrorCode::kNotFound, "refresh token not found");
    return found->second;
}

Result<bool> InMemoryRefreshTokenStore::MarkReplaced(std::string_view token_hash, std::string_view new_hash) {
    std::lock_guard lock(mutex_);
    const auto found = by_hash_.find(token_hash);
    if (found == by_hash_.end()) return MakeError(ErrorCode::kNotFound, "refresh token not found");
    if (found->second.Spent()) return false;
    found->second.replaced_by = std::string(new_hash);
    return true;
}

Status InMemoryRefreshTokenStore::RevokeFamily(std::string_view family_id) {
    std::lock_guard lock(mutex_);
    for (auto& [hash, record] : by_hash_) {
        if (record.family_id == family_id) record.revoked = true;
    }
    return Ok{};
}

Status InMemoryRefreshTokenStore::RevokeForUser(std::string_view user_id) {
    std::lock_guard lock(mutex_);
    for (auto& [hash, record] : by_hash_) {
        if (record.user_id == user_id) record.revoked = true;
    }
    return Ok{};
}

}  // namespace ly::auth
